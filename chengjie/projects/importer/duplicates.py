"""The duplicate-signing check of `project_sign` (projects.services.duplicates.find_duplicates) for thousands
of signings at once. Signing one by one compares each new project with every project of its county signed
within 24 months — 10,000 rows would make 50 million comparisons. Here each investor name is indexed by its
characters, and only pairs that share enough characters to pass the same similarity test are compared,
with the same test, so the flags are the ones signing row by row would set."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date
from functools import reduce
from operator import or_

from django.db.models import Q

from ..models import Project
from ..services.duplicates import INVESTOR_SIMILAR, NAME_SIMILAR, WINDOW_MONTHS, months_after, months_before
from ..services.duplicates import normalise, place_names, similar


@dataclass(frozen=True)
class Signing:
    """A project as the check sees it: existing (pk set) or a row of the file (position set)."""

    name: str
    investor_name: str
    investor_id: int | None
    signed_on: date
    pk: int | None = None
    position: int | None = None

    def order(self, signed_on: date) -> tuple:
        # find_duplicates: closest signing date first, then the earlier project; a row of the file is
        # created after every existing project, in file order.
        days = abs((self.signed_on - signed_on).days)
        return (days, 0, self.pk) if self.pk is not None else (days, 1, self.position)


def _tokens(text: str) -> list[tuple[str, int]]:
    """Characters as a multiset: the k-th "科" is its own token, so set overlap is multiset overlap."""
    seen: Counter = Counter()
    tokens = []
    for char in text:
        tokens.append((char, seen[char]))
        seen[char] += 1
    return tokens


class _County:
    def __init__(self, county: str):
        self.places = place_names(county)
        self.signings: list[Signing] = []
        self.normalised: list[str] = []
        self.postings: dict[tuple[str, int], list[int]] = defaultdict(list)  # every token of a name
        self.rarest: dict[tuple[str, int], list[int]] = defaultdict(list)  # the rarest token of a name
        self.by_investor: dict[int, list[int]] = defaultdict(list)


class DuplicateFinder:
    """Why the pruning loses nothing. `similar` passes when the normalised names are equal, when one
    (4+ characters) contains the other, or when difflib's ratio ≥ 0.8. ratio ≤ quick_ratio = 2m/(a+b),
    m the multiset overlap, so ratio ≥ 0.8 needs m ≥ 0.4(a+b); as m ≤ b this gives b ≥ 2a/3 and
    m ≥ 2a/3. With a name's tokens sorted rarest first, a name sharing ≥ 2a/3 of them shares one of its
    first a − ⌊2a/3⌋ + 1 (prefix filtering). A name containing the other contains that one's rarest
    token; a name contained in the other has its rarest token there too: both are looked up."""

    def __init__(self, *, counties: set[str], first: date, last: date, investor_names: list[str]):
        self.counties = {county: _County(county) for county in counties}
        texts = list(investor_names)
        start, end = months_before(first, WINDOW_MONTHS), months_after(last, WINDOW_MONTHS)
        existing = (Project.objects.filter(reduce(or_, (Q(division__code__startswith=c) for c in counties)),
                                           signed_on__range=(start, end))
                    .exclude(duplicate_state=Project.DuplicateState.MERGED)
                    .values_list("pk", "division_id", "name", "investor_name", "investor_id", "signed_on")
                    .order_by("pk"))
        rows = list(existing)
        texts.extend(row[3] for row in rows)
        # Any fixed order of tokens keeps the pruning exact; rarest first keeps the candidate lists short.
        self.frequency: Counter = Counter()
        for text in texts:
            self.frequency.update(set(_tokens(normalise(text))))
        for pk, division_id, name, investor_name, investor_id, signed_on in rows:
            self._add(division_id[:6], Signing(name, investor_name, investor_id, signed_on, pk=pk))

    def _sorted_tokens(self, text: str) -> list[tuple[str, int]]:
        return sorted(_tokens(text), key=lambda token: (self.frequency[token], token))

    def _add(self, county_code: str, signing: Signing) -> None:
        county = self.counties[county_code]
        index = len(county.signings)
        county.signings.append(signing)
        text = normalise(signing.investor_name, county.places)
        county.normalised.append(text)
        tokens = self._sorted_tokens(text)
        for token in set(tokens):
            county.postings[token].append(index)
        if tokens:
            county.rarest[tokens[0]].append(index)
        if signing.investor_id is not None:
            county.by_investor[signing.investor_id].append(index)

    def find(self, county_code: str, signing: Signing) -> list[Signing]:
        """What find_duplicates would return for `signing` signed now, best match first; then remember
        it, as the next row is signed after it."""
        county = self.counties[county_code]
        text = normalise(signing.investor_name, county.places)
        tokens = self._sorted_tokens(text)
        candidates: set[int] = set(county.by_investor.get(signing.investor_id, ())) if signing.investor_id else set()
        if tokens:
            for token in tokens[: len(tokens) - (2 * len(tokens)) // 3 + 1]:
                candidates.update(county.postings.get(token, ()))
            for token in tokens:
                candidates.update(county.rarest.get(token, ()))
        start = months_before(signing.signed_on, WINDOW_MONTHS)
        end = months_after(signing.signed_on, WINDOW_MONTHS)
        matches = []
        for index in candidates:
            other = county.signings[index]
            if not start <= other.signed_on <= end:
                continue
            same_investor = (signing.investor_id is not None and signing.investor_id == other.investor_id) or similar(
                signing.investor_name, other.investor_name, INVESTOR_SIMILAR, county.places)
            if same_investor and similar(signing.name, other.name, NAME_SIMILAR, county.places):
                matches.append(other)
        self._add(county_code, signing)
        return sorted(matches, key=lambda match: match.order(signing.signed_on))
