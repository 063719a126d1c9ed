"""Loading the shipped reference data: divisions (GB/T 2260 family) and industries (GB/T 4754-2017).
Idempotent: adds new codes, updates names, never deletes (history points at old codes)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"


def _read_csv(name: str) -> list[dict]:
    with open(DATA / name, encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def division_rows() -> list[tuple[str, str, int, str | None]]:
    """(code, name, level, parent_code), parents before children."""
    rows = [(r["code"], r["name"], 1, None) for r in _read_csv("provinces.csv")]
    rows += [(r["code"], r["name"], 2, r["provinceCode"]) for r in _read_csv("cities.csv")]
    rows += [(r["code"], r["name"], 3, r["cityCode"]) for r in _read_csv("areas.csv")]
    streets = json.loads((DATA / "streets_anqing_3408.json").read_text(encoding="utf-8"))
    rows += [(r["code"], r["name"], 4, r["areaCode"]) for r in streets]
    return rows


def industry_rows() -> list[tuple[str, str, int, str | None, str]]:
    """(code, name, level, parent_code, section), parents before children. The transcription lacks a few
    中类, so a code whose parent is missing hangs from its nearest ancestor that is present."""
    raw = _read_csv("gbt4754_2017_consensus.csv")
    codes = {r["code"] for r in raw}
    rows = []
    for r in raw:
        parent = r["parent_code"] or None
        while parent and parent not in codes:
            parent = parent[:-1] if len(parent) > 2 else r["section"]
        rows.append((r["code"], r["name"], int(r["level"]), parent, r["section"]))
    return sorted(rows, key=lambda row: row[2])


def load_reference_data(Division, Industry) -> tuple[int, int]:
    """Takes the model classes so a migration can pass its historical models."""
    created = 0
    existing = {code: name for code, name in Division.objects.values_list("code", "name")}
    new = [Division(code=c, name=n, level=lvl, parent_id=p) for c, n, lvl, p in division_rows() if c not in existing]
    Division.objects.bulk_create(new, batch_size=1000)
    created += len(new)
    for code, name, _level, _parent in division_rows():
        if code in existing and existing[code] != name:
            Division.objects.filter(code=code).update(name=name)
    existing = {code: name for code, name in Industry.objects.values_list("code", "name")}
    new = [Industry(code=c, name=n, level=lvl, parent_id=p, section=s)
           for c, n, lvl, p, s in industry_rows() if c not in existing]
    Industry.objects.bulk_create(new, batch_size=1000)
    for code, name, *_ in industry_rows():
        if code in existing and existing[code] != name:
            Industry.objects.filter(code=code).update(name=name)
    return created, len(new)
