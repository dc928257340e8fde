"""The per-page work of an import — decode, clean, describe — as plain functions a process pool can run.

The archive reads and hashes files itself (to skip duplicates cheaply) and hands the rest here,
in this process for small imports and in worker processes for large ones, so cleaning and
metadata extraction run in parallel with indexing.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from concurrent.futures import Executor, ProcessPoolExecutor
from dataclasses import dataclass, field, replace

from indexer.catalog import NewDocument
from indexer.cleaning import CLEANER_VERSION, clean
from indexer.documents import effective_values, metadata_values, outlet_and_day
from indexer.metadata import METADATA_VERSION, extract, guess_outlet
from indexer.metadata.fingerprints import Fingerprint
from indexer.model import Page, Value
from indexer.readers import UnreadableFile, page_from_bytes
from indexer.warc import parse_source

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


@dataclass(frozen=True, slots=True)
class Learned:
    """What the archive has learned, handed to every process that cleans its pages."""

    boilerplate: Mapping[str, frozenset[str]] = field(default_factory=dict)  # outlet → normalised lines
    aliases: Mapping[str, str] = field(default_factory=dict)  # casefolded alias → outlet
    fingerprints: Mapping[str, Fingerprint] = field(default_factory=dict)  # outlet → its recurring lines


_learned = Learned()


def set_context(learned: Learned) -> None:
    global _learned
    _learned = learned


def describe_page(page: Page, doc_id: str, size: int, outlet_option: str | None = None) -> NewDocument:
    """Clean and describe one decoded page, using what the archive learned about its outlet."""
    article = clean(page)
    record = parse_source(page.path)
    if record is None:
        extracted = metadata_values(extract(page, article), outlet_option)
    else:
        # Metadata sees a WARC page's URL as the name it was saved under (site, dates in the path),
        # and never the rest of its source string: the crawl date there is no publication date.
        extracted = metadata_values(extract(replace(page, path=record.url), article), outlet_option)
        if record.url:
            extracted["url"] = Value(record.url, "warc", 1.0)  # where the crawler fetched it: no guess
    if "outlet" not in extracted and _learned.fingerprints:
        guessed = guess_outlet(page.text, _learned.fingerprints)
        if guessed is not None:
            extracted["outlet"] = guessed
    values, _ = effective_values(extracted, {}, _learned.aliases)
    outlet, day = outlet_and_day(values)
    boilerplate = _learned.boilerplate.get(outlet) if outlet else None
    if boilerplate:
        article = clean(page, boilerplate=boilerplate)
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
        page = page_from_bytes(job.data, job.path)  # not Path(): a WARC record's URL keeps its "//"
        described = describe_page(page, job.doc_id, len(job.data), job.outlet_option)
        if page.kind == "html" and not described.body and _too_deep_for_the_parser(page.text):
            # lxml drops everything nested deeper than 255 elements: read the words as a dump instead.
            flat = Page(_without_markup(page.text), "text", page.path, page.encoding)
            described = replace(describe_page(flat, job.doc_id, len(job.data), job.outlet_option), kind="html")
        return described
    except UnreadableFile as error:
        return Failure(job.path, str(error), job.doc_id)
    except RecursionError:
        return Failure(job.path, "the page is nested too deeply to be read", job.doc_id)
    except MemoryError:
        return Failure(job.path, "the page is too large to be processed", job.doc_id)
    except Exception as error:  # a bug in cleaning or metadata must not stop the import
        return Failure(job.path, f"could not be processed ({type(error).__name__}: {error})", job.doc_id)


def _too_deep_for_the_parser(markup: str) -> bool:
    from lxml import etree

    parser = etree.HTMLParser(recover=True)
    try:
        etree.fromstring(markup.encode("utf-8", "replace"), parser)
    except (etree.LxmlError, ValueError):
        pass
    return any(entry.type_name == "ERR_RESOURCE_LIMIT" for entry in parser.error_log)


def _without_markup(markup: str) -> str:
    import html
    import re

    markup = re.sub(r"(?is)<(script|style|template|noscript)\b.*?</\1\s*>|<!--.*?-->", " ", markup)
    lines = (" ".join(html.unescape(part).split()) for part in re.split(r"<[^>]*>", markup))
    return "\n\n".join(line for line in lines if line)


def default_workers() -> int:
    return max(1, min(4, (os.cpu_count() or 1)))


def make_pool(workers: int, learned: Learned) -> Executor:
    return ProcessPoolExecutor(max_workers=workers, initializer=set_context, initargs=(learned,))
