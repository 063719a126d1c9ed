"""The duplicate-signing check of `project_sign` (projects.services.duplicates.find_duplicates) for thousands
of signings at once. Signing one by one compares each new project with every project of its county signed
within 24 months — 10,000 rows would make 50 million comparisons. Here each investor name is indexed by its
characters, and only pairs that share enough characters to pass the same similarity test are compared,
with the same test, so the flags are the ones signing row by row would set."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date
from difflib import SequenceMatcher
from functools import reduce
from operator import or_

from django.db.models import Q

from ..models import Project
from ..services.duplicates import INVESTOR_SIMILAR, NAME_SIMILAR, WINDOW_MONTHS, months_after, months_before
from ..services.duplicates import normalise, place_names


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
        self.investors: list[_Text] = []
        self.names: list[_Text] = []
        self.postings: dict[tuple[str, int], list[int]] = defaultdict(list)  # every token of an investor
        self.by_text: dict[str, list[int]] = defaultdict(list)  # the normalised investor name itself
        self.lengths: list[int] = []  # of each normalised investor name
        self.longest = 0
        self.by_investor: dict[int, list[int]] = defaultdict(list)


@dataclass(frozen=True)
class _Text:
    """A name as `similar` compares it (normalised), with its characters as a multiset of tokens."""

    text: str
    tokens: frozenset

    @classmethod
    def of(cls, raw: str, places: tuple[str, ...]) -> _Text:
        text = normalise(raw, places)
        return cls(text, frozenset(_tokens(text)))

    def similar(self, other: _Text, threshold: float) -> bool:
        """services.duplicates.similar on names normalised once: equal, one (4+ characters) containing the
        other, or difflib's ratio at the threshold — after difflib's cheap upper bounds (real_quick_ratio,
        quick_ratio, same arithmetic) have ruled out what cannot reach it."""
        a, b = self.text, other.text
        if not a or not b:
            return False
        if a == b or (min(len(a), len(b)) >= 4 and (a in b or b in a)):
            return True
        total = len(a) + len(b)
        if 2.0 * min(len(a), len(b)) / total < threshold:
            return False
        if 2.0 * len(self.tokens & other.tokens) / total < threshold:
            return False
        return SequenceMatcher(None, a, b).ratio() >= threshold


class DuplicateFinder:
    """Why the pruning loses nothing. `similar` says yes when the normalised names are equal, when one
    (4+ characters) contains the other, or when difflib's ratio reaches the threshold t (0.8 for
    investors). ratio ≤ quick_ratio = 2m/(a+b), m the multiset overlap of characters.

    - ratio: m ≥ t(a+b)/2 and m ≤ b give b ≥ ta/(2−t) and m ≥ ta/(2−t) (2a/3 at 0.8). With the query's
      tokens sorted rarest first, a name sharing that many shares one of the first p = a − ⌊ta/(2−t)⌋ + 1
      (prefix filtering); counting how many of those p it shares, c, bounds the overlap by c + a − p, and
      a name whose bound cannot reach t(a+b)/2 is dropped before any comparison.
    - the query contains the name (x ⊃ y): y is one of the query's substrings, looked up exactly.
    - the name contains the query: it has all p prefix tokens (c = p), which the bound keeps.
    A name kept is compared as `similar` compares (tests/test_import_bulk.py holds the two to the same
    answers), on names normalised once instead of at every comparison."""

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

    def _add(self, county_code: str, signing: Signing, investor: _Text | None = None, name: _Text | None = None):
        county = self.counties[county_code]
        index = len(county.signings)
        county.signings.append(signing)
        investor = investor or _Text.of(signing.investor_name, county.places)
        county.investors.append(investor)
        county.names.append(name or _Text.of(signing.name, county.places))
        for token in investor.tokens:
            county.postings[token].append(index)
        county.by_text[investor.text].append(index)
        county.lengths.append(len(investor.text))
        county.longest = max(county.longest, len(investor.text))
        if signing.investor_id is not None:
            county.by_investor[signing.investor_id].append(index)

    def _candidates(self, county: _County, investor: _Text, investor_id: int | None) -> set[int]:
        found: set[int] = set(county.by_investor.get(investor_id, ())) if investor_id else set()
        text, size = investor.text, len(investor.text)
        if not size:
            return found
        tokens = sorted(investor.tokens, key=lambda token: (self.frequency[token], token))
        bound = INVESTOR_SIMILAR * size / (2 - INVESTOR_SIMILAR)
        prefix = size - int(bound) + 1
        shared: Counter = Counter()
        for token in tokens[:prefix]:
            shared.update(county.postings.get(token, ()))
        # The fewest shared prefix tokens a name of each length needs to reach the threshold.
        rest, lengths = size - prefix, county.lengths
        need = [next((c for c in range(prefix + 1)
                      if 2.0 * min(c + rest, other, size) / (size + other) >= INVESTOR_SIMILAR), prefix)
                for other in range(county.longest + 1)]
        found.update(index for index, count in shared.items() if count >= need[lengths[index]])
        for length in range(4, size):
            for begin in range(size - length + 1):
                found.update(county.by_text.get(text[begin:begin + length], ()))
        return found

    def find(self, county_code: str, signing: Signing) -> list[Signing]:
        """What find_duplicates would return for `signing` signed now, best match first; then remember
        it, as the next row is signed after it."""
        county = self.counties[county_code]
        investor, name = _Text.of(signing.investor_name, county.places), _Text.of(signing.name, county.places)
        start = months_before(signing.signed_on, WINDOW_MONTHS)
        end = months_after(signing.signed_on, WINDOW_MONTHS)
        matches = []
        for index in self._candidates(county, investor, signing.investor_id):
            other = county.signings[index]
            if not start <= other.signed_on <= end:
                continue
            same_investor = (signing.investor_id is not None and signing.investor_id == other.investor_id) or (
                investor.similar(county.investors[index], INVESTOR_SIMILAR))
            if same_investor and name.similar(county.names[index], NAME_SIMILAR):
                matches.append(other)
        self._add(county_code, signing, investor, name)
        return sorted(matches, key=lambda match: match.order(signing.signed_on))
