"""Extract targets from speeches (讲话目标提取): the first step from speech to ledger.

Pure Python, no Django: :func:`extract` reads a speech and returns :class:`Candidate`
records for a supervisor to review; :mod:`tracker.extraction.scoring` measures the
extractor against hand-made gold annotations. The management commands
``extract_targets`` and ``score_extraction`` are thin wrappers around both.
"""

from .extractor import ACHIEVEMENT, MILESTONE, TARGET, Candidate, extract
from .dating import document_date, infer_document_date
from .text import StatedDate, detect_document_date

__all__ = [
    "ACHIEVEMENT", "MILESTONE", "TARGET", "Candidate", "StatedDate", "detect_document_date", "document_date", "extract",
    "infer_document_date",
]
