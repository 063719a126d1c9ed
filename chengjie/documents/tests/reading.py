"""Read back what Word would apply to a paragraph: a run's own properties, else its paragraph style's,
else the style's bases', else the document defaults."""

from __future__ import annotations

from io import BytesIO

import docx
from docx.oxml.ns import qn
from docx.shared import Length

EMU_PER_MM = 36000


def open_document(content: bytes):
    return docx.Document(BytesIO(content))


def mm(length: Length | int) -> float:
    return round(length / EMU_PER_MM, 1)


def _style_chain(paragraph):
    style = paragraph.style
    while style is not None:
        yield style.element
        style = style.base_style


def _run_property(document, paragraph, tag: str):
    """The first `w:<tag>` found from the paragraph's first run up to the document defaults."""
    elements = [paragraph.runs[0]._r] if paragraph.runs else []
    elements += list(_style_chain(paragraph))
    for element in elements:
        rPr = element.find(qn("w:rPr"))
        if rPr is not None and rPr.find(qn(f"w:{tag}")) is not None:
            return rPr.find(qn(f"w:{tag}"))
    defaults = document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    return defaults.find(qn(f"w:{tag}"))


def east_asian_font(document, paragraph) -> str:
    return _run_property(document, paragraph, "rFonts").get(qn("w:eastAsia"))


def size_pt(document, paragraph) -> float:
    return int(_run_property(document, paragraph, "sz").get(qn("w:val"))) / 2


def colour(document, paragraph) -> str:
    return _run_property(document, paragraph, "color").get(qn("w:val"))


def character_spacing_twentieths(document, paragraph) -> int:
    element = _run_property(document, paragraph, "spacing")
    return 0 if element is None else int(element.get(qn("w:val")))


def paragraph_property(paragraph, name: str):
    """A ParagraphFormat property from the paragraph itself or the nearest style that sets it."""
    value = getattr(paragraph.paragraph_format, name)
    style = paragraph.style
    while value is None and style is not None:
        value = getattr(style.paragraph_format, name)
        style = style.base_style
    return value


def find(document, text: str):
    """The one body paragraph whose text is `text`."""
    matches = [paragraph for paragraph in document.paragraphs if paragraph.text == text]
    assert len(matches) == 1, f"{len(matches)} paragraphs read “{text}”"
    return matches[0]


def position(document, paragraph) -> int:
    """Index of a paragraph among the body's paragraphs (python-docx hands out a new proxy each time)."""
    return [candidate._p for candidate in document.paragraphs].index(paragraph._p)
