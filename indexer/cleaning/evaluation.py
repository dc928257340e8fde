"""Scoring a cleaner against human-written gold text, as the extraction benchmark does.

Tokens are runs of word characters; each text becomes the multiset of its 4-token shingles;
per page TP/FP/FN count shingles, precision and recall are averaged over pages and F1 is the
harmonic mean of those averages (see the dev set's README). Used by
`benchmarks/extraction.py` and by the regression gate in the tests.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

_TOKEN = re.compile(r"\w+")


def shingles(text: str, size: int = 4) -> Counter[tuple[str, ...]]:
    """The multiset of overlapping 4-token shingles; a short text gives one shorter shingle."""
    tokens = [t.lower() for t in _TOKEN.findall(text)]
    if not tokens:
        return Counter()
    if len(tokens) < size:
        return Counter([tuple(tokens)])
    return Counter(tuple(tokens[i : i + size]) for i in range(len(tokens) - size + 1))


@dataclass(frozen=True, slots=True)
class PageScore:
    page_id: str
    precision: float | None  # None when the output has no shingle
    recall: float | None  # None when the gold has no shingle
    f1: float


def score_page(page_id: str, output: str, gold: str) -> PageScore:
    out, ref = shingles(output), shingles(gold)
    tp = sum((out & ref).values())
    fp = sum(out.values()) - tp
    fn = sum(ref.values()) - tp
    precision = tp / (tp + fp) if out else None
    recall = tp / (tp + fn) if ref else None
    p, r = precision or 0.0, recall or 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return PageScore(page_id, precision, recall, f1)


@dataclass(frozen=True, slots=True)
class Summary:
    precision: float
    recall: float
    f1: float
    f1_macro: float
    share_f1_09: float
    pages: int

    def line(self) -> str:
        return (
            f"P {self.precision:.3f}  R {self.recall:.3f}  F1 {self.f1:.3f}  "
            f"F1 macro {self.f1_macro:.3f}  F1>=0.9 {self.share_f1_09:.3f}  ({self.pages} pages)"
        )


def summarise(scores: list[PageScore]) -> Summary:
    precisions = [s.precision for s in scores if s.precision is not None]
    recalls = [s.recall for s in scores if s.recall is not None]
    p = sum(precisions) / len(precisions) if precisions else 0.0
    r = sum(recalls) / len(recalls) if recalls else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    macro = sum(s.f1 for s in scores) / len(scores) if scores else 0.0
    share = sum(s.f1 >= 0.9 for s in scores) / len(scores) if scores else 0.0
    return Summary(p, r, f1, macro, share, len(scores))
