"""Exporting what a search found: CSV or JSON Lines with metadata, or one readable .txt per hit.

The ".txt per hit" form is the "give me clean text of these pages" use: file names carry the date,
outlet and title so a folder of exports sorts and reads well, and never collide.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from indexer.model import Document, SearchRequest

if TYPE_CHECKING:
    from indexer.archive import Archive

ExportFormat = Literal["csv", "jsonl", "txt"]
FORMATS: tuple[str, ...] = ("csv", "jsonl", "txt")
# date_source says where the date came from ("json-ld", "text:published-line", "user"…): a
# researcher citing a date needs its provenance.
CSV_COLUMNS = ("id", "title", "outlet", "date", "date_source", "author", "url", "language", "tags", "source_path",
               "imported_at")
PAGE = 500


def matching_ids(archive: Archive, request: SearchRequest) -> Iterator[str]:
    """Every id the request matches, in its order, fetched a page at a time."""
    offset = 0
    while True:
        result = archive.search(replace(request, offset=offset, limit=PAGE, snippets=False))
        for hit in result.hits:
            yield hit.id
        offset += PAGE
        if offset >= result.total or not result.hits:
            return


def _row(doc: Document) -> dict:
    return {
        "id": doc.id,
        "title": doc.title,
        "outlet": doc.outlet,
        "date": doc.value("date"),
        "date_source": doc.metadata["date"].source if "date" in doc.metadata else None,
        "author": doc.value("author"),
        "url": doc.url,
        "language": doc.value("language"),
        "tags": ";".join(doc.tags),
        "source_path": doc.source_path,
        "imported_at": doc.imported_at,
    }


def txt_name(doc: Document) -> str:
    """date_outlet_title_id.txt, safe on every file system."""
    parts = [doc.value("date") or "undated", doc.outlet or "", doc.title[:60], doc.id[:8]]
    slug = "_".join(re.sub(r"[^\w]+", "-", p, flags=re.UNICODE).strip("-") for p in parts if p)
    return slug[:150] + ".txt"


def export(
    archive: Archive,
    ids: list[str],
    fmt: ExportFormat,
    out: Path,
    progress: Callable[[int, int], None] = lambda done, total: None,
    cancelled: Callable[[], bool] = lambda: False,
) -> int:
    """Write the given documents to out (a file for csv/jsonl, a folder for txt); returns how many."""
    if fmt not in FORMATS:
        raise ValueError(f"Unknown export format “{fmt}”: choose {', '.join(FORMATS)}.")
    total = len(ids)
    done = 0
    out = Path(out)
    if fmt == "txt":
        out.mkdir(parents=True, exist_ok=True)
        for start in range(0, total, PAGE):
            for doc in archive.get_many(ids[start:start + PAGE]):
                if cancelled():
                    return done
                (out / txt_name(doc)).write_text(doc.readable_text + "\n", encoding="utf-8")
                done += 1
            progress(done, total)
        return done
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=CSV_COLUMNS) if fmt == "csv" else None
        if writer:
            writer.writeheader()
        for start in range(0, total, PAGE):
            for doc in archive.get_many(ids[start:start + PAGE]):
                if cancelled():
                    return done
                if writer:
                    writer.writerow(_row(doc))
                else:
                    date = doc.metadata.get("date")
                    record = _row(doc) | {"tags": list(doc.tags), "text": doc.readable_text,
                                          "sources": {k: v.source for k, v in doc.metadata.items()},
                                          "date_confidence": date.confidence if date else None,
                                          "other_dates": [{"value": v.value, "source": v.source} for v in doc.other_dates]}
                    handle.write(json.dumps(record, ensure_ascii=False) + "\n")
                done += 1
            progress(done, total)
    return done
