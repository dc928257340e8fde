"""The archive work the window starts: each a plain function over the core, run on the write worker.

`Operations` starts them (one writer at a time, in order), follows each with a progress dialog
when it is long, and says when the archive changed so the search can run again. Nothing here
draws: the dialogs are `ProgressDialog`s, and the window decides what to refresh.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from desktop.import_dialog import SHOWN_PER_LIST, ProgressDialog, format_report, summary
from desktop.worker import Task, TaskState, Workers
from indexer import exporting
from indexer.archive import Archive, ArchiveBusy
from indexer.model import Document, ImportReport, RecleanReport, SearchRequest

log = logging.getLogger(__name__)

TANTIVY = "tantivy"


def comfort_limit() -> int:
    """Documents past which the Whoosh engine gets slow and tantivy is worth suggesting."""
    from indexer import index

    return int(getattr(index, "WHOOSH_COMFORT_LIMIT", 50_000))


class Operations(QObject):
    """Imports, edits, re-cleaning, reindexing, exporting and counting, off the GUI thread.

    Signals:
        archiveChanged(): documents were added or changed: run the search again.
        imported(object): an import's ImportReport (also after a cancelled one).
        edited(object): the Document after a user's correction was saved.
        counted(int, str): documents in the archive and the engine's name.
        outletsKnown(object): every outlet name in the archive, most documents first.
        message(str): a short line for the status bar.
        problem(str, object): what went wrong, for the user to read, and a callable that tries the
            same work again when trying again can help (the archive was busy), else None.
    """

    archiveChanged = Signal()
    imported = Signal(object)
    edited = Signal(object)
    counted = Signal(int, str)
    outletsKnown = Signal(object)
    message = Signal(str)
    problem = Signal(str, object)

    def __init__(self, archive: Archive, workers: Workers, parent_widget: QWidget | None = None) -> None:
        super().__init__(parent_widget)
        self.archive = archive
        self.workers = workers
        self.parent_widget = parent_widget
        self.dialog: ProgressDialog | None = None

    def _write(self, function: Callable[[TaskState], Any]) -> Task:
        return self.workers.start(function, write=True)

    def _follow(self, title: str, noun: str, task: Task, describe: Callable[[object], str],
                retry: Callable[[], object], count: Callable[[object], str] | None = None) -> ProgressDialog:
        previous = self.dialog
        if previous is not None and not (previous.task is not None and previous.task.running):
            # A finished report makes way; one still running stays open to report at its end.
            previous.close()
            previous.deleteLater()
        dialog = ProgressDialog(title, noun, self.parent_widget)
        dialog.setObjectName(f"progress_{noun}")
        dialog.follow(task, describe, count)
        dialog.retryRequested.connect(lambda: (dialog.close(), retry()))
        dialog.show()
        self.dialog = dialog
        return dialog

    # -- importing -----------------------------------------------------------------------------

    def import_paths(self, paths: Sequence[Path], *, show_dialog: bool = True, quiet_success: bool = False) -> Task:
        """Import files and folders; the window stays usable meanwhile.

        With quiet_success the progress window closes by itself when every page went in (the
        status bar says so); any skipped or failed page keeps the report open.
        """
        archive = self.archive
        paths = [Path(p) for p in paths]

        def run(state: TaskState) -> ImportReport:
            return archive.import_paths(paths, on_progress=lambda p: state.set_progress(p.done, p.total, p),
                                        cancelled=state.is_cancelled, on_file=state.set_current)

        task = self._write(run)
        task.finished.connect(self._imported)
        task.failed.connect(lambda error: self._failed("Import", error, lambda: self.import_paths(paths)))
        if show_dialog:
            dialog = self._follow("Importing", "pages", task, lambda r: format_report(r),  # type: ignore[arg-type]
                                  lambda: self.import_paths(paths),
                                  count=lambda p: p.text())  # type: ignore[attr-defined]
            if quiet_success:
                task.finished.connect(lambda report: dialog.accept() if not (
                    report.failed or report.skipped or report.plain_text or report.cancelled) else None)
        return task

    def _imported(self, report: ImportReport) -> None:
        self.message.emit(summary(report))
        self.imported.emit(report)
        if report.added:
            self.archiveChanged.emit()
            self.count()

    # -- corrections ---------------------------------------------------------------------------

    def set_fields(self, doc_id: str, values: dict[str, str]) -> Task:
        archive = self.archive

        def run(state: TaskState) -> Document:
            return archive.set_fields(doc_id, wait=2.0, **values)

        task = self._write(run)
        task.finished.connect(self._edited)
        task.failed.connect(lambda error: self._failed("Saving the correction", error,
                                                       lambda: self.set_fields(doc_id, values)))
        return task

    def _edited(self, document: Document) -> None:
        self.message.emit("Correction saved.")
        self.edited.emit(document)
        self.archiveChanged.emit()
        self.count()  # a new outlet name joins the suggestions

    # -- derived data --------------------------------------------------------------------------

    def reclean(self) -> Task:
        archive = self.archive

        def run(state: TaskState) -> RecleanReport:
            return archive.reclean(progress=state.set_progress, cancelled=state.is_cancelled)

        task = self._write(run)
        task.finished.connect(lambda report: (self.message.emit(_reclean_status(report)), self.archiveChanged.emit()))
        task.failed.connect(lambda error: self._failed("Re-cleaning", error))
        self._follow("Re-cleaning the archive", "documents", task, _reclean_report, self.reclean)
        return task

    def reindex(self, engine: str | None = None) -> Task:
        archive = self.archive

        def run(state: TaskState) -> int:
            return archive.reindex(engine=engine, progress=state.set_progress, cancelled=state.is_cancelled)

        task = self._write(run)
        task.finished.connect(lambda done: (self.message.emit(f"Search index rebuilt ({done:,} documents)."),
                                            self.archiveChanged.emit(), self.count()))
        task.failed.connect(lambda error: self._failed("Rebuilding the index", error))
        title = f"Switching to the {engine} engine" if engine else "Rebuilding the search index"
        self._follow(title, "documents", task, lambda done: f"Indexed {done:,} documents.",
                     lambda: self.reindex(engine))
        return task

    def ensure_index(self) -> Task:
        """Build or complete the index at start-up, with progress."""
        archive = self.archive

        def run(state: TaskState) -> int:
            archive.ensure_index(progress=state.set_progress, cancelled=state.is_cancelled, wait=1.0)
            return archive.stats().documents

        task = self._write(run)
        task.finished.connect(lambda _: self.archiveChanged.emit())
        task.failed.connect(lambda error: self._failed("Preparing the search index", error))
        self._follow("Preparing the search index", "documents", task,
                     lambda count: f"The index is ready ({count:,} documents).", self.ensure_index)
        return task

    def export(self, request: SearchRequest | None, ids: Sequence[str] | None, fmt: str, out: Path) -> Task:
        """Export the selected documents (ids) or every hit of request (a read: no writer lock)."""
        archive = self.archive

        def run(state: TaskState) -> int:
            chosen = list(ids) if ids is not None else list(exporting.matching_ids(archive, request))  # type: ignore[arg-type]
            return exporting.export(archive, chosen, fmt, out,  # type: ignore[arg-type]
                                    progress=state.set_progress, cancelled=state.is_cancelled)

        task = self.workers.start(run)
        task.finished.connect(lambda done: self.message.emit(f"Exported {done:,} documents to {out}."))
        task.failed.connect(lambda error: self._failed("Export", error))
        self._follow("Exporting", "documents", task, lambda done: f"Exported {done:,} documents to {out}.",
                     lambda: self.export(request, ids, fmt, out))
        return task

    def count(self) -> Task:
        archive = self.archive

        def run(state: TaskState) -> tuple[int, str, list[str]]:
            documents, outlets = archive.outlet_counts()
            return documents, archive.engine_name, sorted(outlets, key=lambda name: -outlets[name])

        task = self.workers.start(run)
        task.finished.connect(lambda answer: (self.counted.emit(answer[0], answer[1]),
                                              self.outletsKnown.emit(answer[2])))
        return task

    def _failed(self, what: str, error: object, retry: Callable[[], object] | None = None) -> None:
        if isinstance(error, ArchiveBusy):
            self.problem.emit(str(error), retry)
        else:
            log.warning("%s failed: %r", what, error)
            self.problem.emit(f"{what} failed: {error}", None)



def _reclean_status(report: RecleanReport) -> str:
    """One line for the status bar: "Re-cleaned 5 documents; 1 left as it was."."""
    kept = f"; {len(report.kept):,} left as {'it was' if len(report.kept) == 1 else 'they were'}" if report.kept else ""
    return f"Re-cleaned {report.cleaned:,} documents{kept}."


def _reclean_report(report: RecleanReport) -> str:
    """The re-cleaning report: how many pages were cleaned again, and each one left as it was, and why."""
    lines = [report.summary()]
    if report.kept:
        lines += ["", "Left as they were (their previous cleaning kept):"]
        lines += [f"  {path}: {reason}" for path, reason in report.kept[:SHOWN_PER_LIST]]
        if len(report.kept) > SHOWN_PER_LIST:
            lines.append(f"  … and {len(report.kept) - SHOWN_PER_LIST:,} more")
    return "\n".join(lines)


__all__ = ["Operations", "comfort_limit", "TANTIVY"]
