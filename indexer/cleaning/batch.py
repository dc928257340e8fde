"""Batch cleaning for `broadsheet clean PATH… --out DIR`: many pages in one process, one `.txt` each.

A librarian turns a folder of scraped pages into clean text for text mining with it. Every
input becomes `DIR/<its path relative to the argument>.txt` (a single file argument gives
just its name); a page that cannot be read or cleaned is reported with its reason and the
others go on.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from indexer import readers
from indexer.cleaning.pipeline import clean


@dataclass(slots=True)
class CleanReport:
    """What a batch clean did: how many files were written, and which failed and why."""

    written: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)  # (path, reason)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (path, reason): not a page at all
    cancelled: bool = False


def _no_progress(done: int, total: int) -> None:
    return None


def _never() -> bool:
    return False


def output_path(out_dir: Path, relative: Path) -> Path:
    """`a/b.html` -> `out_dir/a/b.txt` (the suffix replaced, the folders kept).

    Never outside `out_dir`: a root, a drive or a `..` in `relative` is dropped, whoever made it.
    """
    parts = relative.parts[1:] if relative.anchor else relative.parts
    safe = [part for part in parts if part not in ("..", ".")]
    if not safe:
        safe = [relative.name or "page"]
    return out_dir.joinpath(*safe).with_suffix(".txt")


def clean_tree(
    paths: Sequence[Path],
    out_dir: Path,
    *,
    progress: Callable[[int, int], None] = _no_progress,
    cancelled: Callable[[], bool] = _never,
) -> CleanReport:
    """Clean every page under `paths` (folders recursively) into readable `.txt` files in `out_dir`.

    `progress(done, total)` is called after each page; when `cancelled()` turns true the
    batch stops after the current page and the report says so.
    """
    report = CleanReport()
    found: list[readers.Found] = []
    for item in readers.discover(Path(p) for p in paths):
        if isinstance(item, readers.Found):
            found.append(item)
        elif item.failed:
            report.failed.append((str(item.path), item.reason))
        else:
            report.skipped.append((str(item.path), item.reason))
    total = len(found)
    for done, item in enumerate(found, start=1):
        if cancelled():
            report.cancelled = True
            break
        try:
            article = clean(readers.read_page(item.path))
            target = output_path(Path(out_dir), item.relative)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(article.text + "\n", encoding="utf-8")
            report.written += 1
        except readers.UnreadableFile as error:
            report.failed.append((str(item.path), str(error)))
        except OSError as error:
            report.failed.append((str(item.path), f"could not write the clean text: {error.strerror or error}"))
        except Exception as error:  # a cleaner bug on one page must not stop the batch
            report.failed.append((str(item.path), f"cleaning failed: {type(error).__name__}: {error}"))
        progress(done, total)
    return report
