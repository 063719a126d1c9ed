"""Import of the project ledgers counties keep in Excel today (招商项目台账), and export in the same layout.

reader  → finds each sheet's header row and reads its rows (openpyxl, read-only)
columns → which header names (and synonyms) mean which field, and the amount unit a header states
values  → cell values: amounts in 万元/亿元, dates written as 2025.3, 2025年3月, 2025-03-15 or Excel serials
resolve → names in the file matched to units, parks, people… in the importing user's scope
plan    → one validated plan for the whole file: rows ready to sign, and every problem found
services→ the write: all rows or none, or only the valid rows with the rejects handed back
"""
