"""Writes on half-year appraisals. Every function is keyword-only, atomic, raises DomainError naming the field
and reason, and writes its audit row in the same transaction."""

from .exports import results_export_docx, results_export_xlsx
from .scoring import score_record, scoring_close
from .setup import (
    CriterionRow,
    appraisal_appraisers_set,
    appraisal_create,
    appraisal_criteria_set,
    appraisal_open_scoring,
    appraisal_pick,
    appraisal_pick_by_rule,
    appraisal_reorder,
    appraisal_rule_set,
    appraisal_unpick,
    default_title,
)

__all__ = [
    "CriterionRow", "appraisal_appraisers_set", "appraisal_create", "appraisal_criteria_set", "appraisal_open_scoring",
    "appraisal_pick", "appraisal_pick_by_rule", "appraisal_reorder", "appraisal_rule_set", "appraisal_unpick",
    "default_title", "results_export_docx", "results_export_xlsx", "score_record", "scoring_close",
]
