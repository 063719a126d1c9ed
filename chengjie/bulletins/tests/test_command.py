"""`chengjie bulletin build`: the published files when there are some, a preview otherwise."""

from datetime import date
from io import BytesIO, StringIO
from pathlib import Path

import docx
import openpyxl
import pytest
from django.core.management import CommandError, call_command

from chengjie.bulletins.services import bulletin_publish
from chengjie.bulletins.testing import pipeline, targets


@pytest.fixture
def project(cast, today):
    targets(cast, {(cast.unit_a.pk, "completed_investment"): 12000})
    return pipeline(cast, unit=cast.unit_a, signed_on=date(2026, 2, 10), start_plan=date(2026, 5, 1),
                    production_plan=date(2027, 3, 1), figures={"2026-03": (0, 0, 1000), "2026-10": (0, 0, 2000)})


def build(tmp_path, *extra):
    out, err = StringIO(), StringIO()
    call_command("bulletin", "build", "--period", "2026-10", "--out", str(tmp_path), *extra, stdout=out, stderr=err)
    return [Path(line) for line in out.getvalue().split()], err.getvalue()


def test_build_writes_a_preview_then_the_published_files(cast, project, tmp_path):
    paths, state = build(tmp_path / "preview")
    assert [p.name for p in paths] == ["潜山市2026年10月招商引资通报（预览稿）.docx", "潜山市2026年10月招商引资通报（预览稿）附表.xlsx"]
    assert "预览稿" in state
    text = "\n".join(p.text for p in docx.Document(paths[0]).paragraphs)
    assert "1-10月累计完成投资3,000万元，占年度计划的25.0%，落后序时进度58.3个百分点。" in text
    assert openpyxl.load_workbook(paths[1]).sheetnames[3] == "表4完成固定资产投资完成情况"

    bulletin = bulletin_publish(acting_user=cast.bureau, period=date(2026, 10, 1))
    paths, state = build(tmp_path / "published", "--division", "340882")
    assert [p.name for p in paths] == ["潜山市2026年10月招商引资通报第1版.docx", "潜山市2026年10月招商引资通报第1版附表.xlsx"]
    assert "潜招〔2026〕1号" in state
    with bulletin.document.open("rb") as handle:
        assert paths[0].read_bytes() == handle.read()
    assert "潜招〔2026〕1号" in "\n".join(p.text for p in docx.Document(BytesIO(paths[0].read_bytes())).paragraphs)


def test_build_refuses_what_it_cannot_read(cast, project, tmp_path):
    with pytest.raises(CommandError, match="YYYY-MM"):
        call_command("bulletin", "build", "--period", "2026-13", "--out", str(tmp_path))
    with pytest.raises(CommandError, match="不是县、市或省"):
        call_command("bulletin", "build", "--period", "2026-10", "--out", str(tmp_path), "--division", "340882400")
