"""The per-page work of an import — decode, clean, describe — as plain functions a process pool can run.

The archive reads and hashes files itself (to skip duplicates cheaply) and hands the rest here,
in this process for small imports and in worker processes for large ones, so cleaning and
metadata extraction run in parallel with indexing.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from concurrent.futures import Executor, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from indexer.catalog import NewDocument
from indexer.cleaning import CLEANER_VERSION, clean
from indexer.documents import effective_values, metadata_values, outlet_and_day
from indexer.metadata import METADATA_VERSION, extract
from indexer.model import Page
from indexer.readers import UnreadableFile, page_from_bytes

POOL_THRESHOLD = 64  # below this many pages, starting worker processes costs more than it saves


@dataclass(frozen=True, slots=True)
class Job:
    doc_id: str
    path: str
    data: bytes
    outlet_option: str | None


@dataclass(frozen=True, slots=True)
class Failure:
    path: str
    reason: str
    doc_id: str = ""


_context: dict = {"boilerplate": {}, "aliases": {}}


def set_context(boilerplate: Mapping[str, frozenset[str]], aliases: Mapping[str, str]) -> None:
    """What the archive has learned (per-outlet boilerplate, outlet aliases), for this process."""
    _context["boilerplate"] = dict(boilerplate)
    _context["aliases"] = dict(aliases)


def describe_page(page: Page, doc_id: str, size: int, outlet_option: str | None = None) -> NewDocument:
    """Clean and describe one decoded page, using what the archive learned about its outlet."""
    article = clean(page)
    extracted = metadata_values(extract(page, article), outlet_option)
    values, _ = effective_values(extracted, {}, _context["aliases"])
    outlet, day = outlet_and_day(values)
    learned = _context["boilerplate"].get(outlet) if outlet else None
    if learned:
        article = clean(page, boilerplate=learned)
    return NewDocument(
        id=doc_id,
        kind=page.kind,
        source_path=page.path or "",
        size=size,
        encoding=page.encoding,
        title=article.title,
        body=article.body,
        removed=article.removed,
        extracted=extracted,
        cleaner_version=CLEANER_VERSION,
        metadata_version=METADATA_VERSION,
        outlet=outlet,
        day=day,
    )


def run_job(job: Job) -> NewDocument | Failure:
    """One page from bytes to a catalog row; any failure becomes a reason, never an exception."""
    try:
        page = page_from_bytes(job.data, Path(job.path))
        return describe_page(page, job.doc_id, len(job.data), job.outlet_option)
    except UnreadableFile as error:
        return Failure(job.path, str(error), job.doc_id)
    except RecursionError:
        return Failure(job.path, "the page is nested too deeply to be read", job.doc_id)
    except MemoryError:
        return Failure(job.path, "the page is too large to be processed", job.doc_id)
    except Exception as error:  # a bug in cleaning or metadata must not stop the import
        return Failure(job.path, f"could not be processed ({type(error).__name__}: {error})", job.doc_id)


def default_workers() -> int:
    return max(1, min(4, (os.cpu_count() or 1)))


def make_pool(workers: int, boilerplate: Mapping[str, frozenset[str]], aliases: Mapping[str, str]) -> Executor:
    return ProcessPoolExecutor(max_workers=workers, initializer=set_context, initargs=(dict(boilerplate), dict(aliases)))
