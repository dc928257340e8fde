"""The window's menus and shortcuts, and the small dialogs they open (file choosers, export, About).

Shortcuts use the platform's standard keys where Qt knows one (Ctrl on Linux and Windows, Cmd on
macOS): Find focuses the search field, Open imports, Esc clears the search, F1 shows the syntax,
Ctrl+Shift+D compares the two selected results.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import TYPE_CHECKING

import PySide6
from PySide6.QtCore import QStandardPaths, Qt, qVersion
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox


if TYPE_CHECKING:
    from desktop.main_window import MainWindow

EXPORT_FORMATS = (
    ("csv", "CSV spreadsheet (metadata)…", "CSV files (*.csv)"),
    ("jsonl", "JSON Lines (metadata and text)…", "JSON Lines (*.jsonl)"),
    ("txt", "Readable text files (one per document)…", ""),
)


def _action(window: MainWindow, text: str, slot, shortcut=None, tip: str = "") -> QAction:  # noqa: ANN001
    action = QAction(text, window)
    if shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
    if tip:
        action.setStatusTip(tip)
        action.setToolTip(tip)
    action.triggered.connect(lambda *_: slot())
    return action


def build(window: MainWindow) -> dict[str, QAction]:
    """Create the menu bar; returns the actions by name (tests and toolbars use them)."""
    a: dict[str, QAction] = {}
    bar = window.menuBar()

    file_menu = bar.addMenu("&File")
    a["import_files"] = _action(window, "&Import Files…", lambda: choose_files(window), QKeySequence.StandardKey.Open,
                                "Import scraped pages (text, HTML, WARC)")
    a["import_folder"] = _action(window, "Import &Folder…", lambda: choose_folder(window), "Ctrl+Shift+O",
                                 "Import every page in a folder and its subfolders")
    file_menu.addAction(a["import_files"])
    file_menu.addAction(a["import_folder"])
    file_menu.addSeparator()
    export_all = file_menu.addMenu("&Export All Hits")
    export_selected = file_menu.addMenu("Export &Selected Results")
    for fmt, label, _ in EXPORT_FORMATS:
        a[f"export_all_{fmt}"] = _action(window, label, lambda fmt=fmt: export(window, fmt, selected=False))
        a[f"export_selected_{fmt}"] = _action(window, label, lambda fmt=fmt: export(window, fmt, selected=True))
        export_all.addAction(a[f"export_all_{fmt}"])
        export_selected.addAction(a[f"export_selected_{fmt}"])
    file_menu.addSeparator()
    a["quit"] = _action(window, "&Quit", window.close, QKeySequence.StandardKey.Quit)
    a["quit"].setMenuRole(QAction.MenuRole.QuitRole)
    file_menu.addAction(a["quit"])

    edit_menu = bar.addMenu("&Edit")
    a["find"] = _action(window, "&Find", lambda: _focus_search(window), QKeySequence.StandardKey.Find,
                        "Go to the search field")
    a["clear_search"] = _action(window, "&Clear Search", lambda: _clear_search(window), "Esc")
    a["clear_filters"] = _action(window, "Clear &Filters", window.search.clear_filters, "Ctrl+Shift+Backspace")
    for name in ("find", "clear_search", "clear_filters"):
        edit_menu.addAction(a[name])

    view_menu = bar.addMenu("&View")
    a["toggle_original"] = _action(window, "Readable / &Original", window.reader.toggle_mode, "Ctrl+R",
                                   "Switch between the cleaned article and the page as imported")
    a["next_hit"] = _action(window, "&Next Hit", lambda: window.reader.step_hit(1))
    a["previous_hit"] = _action(window, "&Previous Hit", lambda: window.reader.step_hit(-1))
    a["compare"] = _action(window, "&Compare Selected", window.comparing.compare_selected, "Ctrl+Shift+D",
                           "Show the two selected results side by side with what they share marked")
    for name in ("toggle_original", "next_hit", "previous_hit", "compare"):
        view_menu.addAction(a[name])
    a["next_hit"].setText("&Next Hit\tF3")
    a["previous_hit"].setText("&Previous Hit\tShift+F3")

    archive_menu = bar.addMenu("&Archive")
    a["reclean"] = _action(window, "Re-&clean Archive…", window.operations.reclean,
                           tip="Learn each outlet's boilerplate from the archive and clean every page again")
    a["reindex"] = _action(window, "&Rebuild Search Index…", lambda: window.operations.reindex())
    a["tantivy"] = _action(window, "Switch to the &tantivy Engine…", lambda: window.operations.reindex("tantivy"),
                           tip="A faster engine for large archives; rebuilds the index once")
    a["samples"] = _action(window, "Import the &Sample Pages", window.open_samples)
    a["merge_outlets"] = _action(window, "&Merge Outlets…",
                                 lambda: window.outlet_merging.open_dialog(window.facets.outlets.checked()),
                                 tip="Make several outlet names one, now and for future imports")
    a["outlet_rules"] = _action(window, "Outlet &Rules…", window.outlet_merging.open_rules,
                                tip="See the rules merges made, and remove one to undo a merge")
    archive_menu.addAction(a["merge_outlets"])
    archive_menu.addAction(a["outlet_rules"])
    archive_menu.addSeparator()
    for name in ("reclean", "reindex", "tantivy"):
        archive_menu.addAction(a[name])
    archive_menu.addSeparator()
    archive_menu.addAction(a["samples"])

    help_menu = bar.addMenu("&Help")
    a["syntax"] = _action(window, "Search &Syntax", window.show_syntax_help, QKeySequence.StandardKey.HelpContents)
    a["about"] = _action(window, "&About Broadsheet", lambda: about(window))
    a["about"].setMenuRole(QAction.MenuRole.AboutRole)
    help_menu.addAction(a["syntax"])
    help_menu.addAction(a["about"])
    for action in a.values():
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
    install_results_menu(window)
    return a


def results_menu(window: MainWindow) -> QMenu:
    """The right-click menu of the results list: copy what identifies a hit, tag, compare or export the selection."""
    menu = QMenu(window.results_view)
    hit = window.results.hit(window.results_view.currentIndex().row())
    clipboard = QGuiApplication.clipboard()
    copy_title = menu.addAction("Copy Title", lambda: clipboard.setText(hit.title if hit else ""))
    copy_id = menu.addAction("Copy Document ID", lambda: clipboard.setText(hit.id if hit else ""))
    copy_title.setObjectName("copyTitle")
    copy_id.setObjectName("copyId")
    for action in (copy_title, copy_id):
        action.setEnabled(hit is not None)
    menu.addSeparator()
    add_tag = menu.addAction("Add Tag to Selected…", lambda: window.tagging.add_to_selected(selected_ids(window)))
    remove_tag = menu.addAction("Remove Tag from Selected…",
                                lambda: window.tagging.remove_from_selected(selected_ids(window)))
    add_tag.setObjectName("addTag")
    remove_tag.setObjectName("removeTag")
    for action in (add_tag, remove_tag):
        action.setEnabled(bool(window.results_view.selectionModel().selectedRows()))
    menu.addSeparator()
    # The shortcut is only shown here: the View menu's action owns it (two would be ambiguous).
    compare = menu.addAction("Compare Selected\tCtrl+Shift+D", window.comparing.compare_selected)
    compare.setObjectName("compareSelected")
    compare.setEnabled(len(window.results_view.selectionModel().selectedRows()) == 2)
    compare.setStatusTip("Show the two selected results side by side with what they share marked")
    menu.addSeparator()
    export_menu = menu.addMenu("Export Selected Results")
    for fmt, label, _ in EXPORT_FORMATS:
        export_menu.addAction(label, lambda fmt=fmt: export(window, fmt, selected=True))
    return menu


def selected_ids(window: MainWindow) -> list[str]:
    """The ids of the selected results, in the order listed."""
    rows = sorted(index.row() for index in window.results_view.selectionModel().selectedRows())
    return [hit.id for hit in (window.results.hit(r) for r in rows) if hit is not None]


def install_results_menu(window: MainWindow) -> None:
    view = window.results_view
    view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
    view.customContextMenuRequested.connect(
        lambda point: results_menu(window).popup(view.viewport().mapToGlobal(point)))


def _focus_search(window: MainWindow) -> None:
    window.search_bar.field.setFocus(Qt.FocusReason.ShortcutFocusReason)
    window.search_bar.field.selectAll()


def _clear_search(window: MainWindow) -> None:
    window.search_bar.set_text("")
    window.search_bar.clear_message()
    window.search.set_query("", at_once=True)
    _focus_search(window)


def _start_folder() -> str:
    return QStandardPaths.writableLocation(QStandardPaths.StandardLocation.HomeLocation)


def choose_files(window: MainWindow) -> None:
    files, _ = QFileDialog.getOpenFileNames(window, "Import pages", _start_folder(),
                                            "Pages (*.txt *.html *.htm *.xhtml *.warc *.warc.gz);;All files (*)")
    if files:
        window.import_paths([Path(f) for f in files])


def choose_folder(window: MainWindow) -> None:
    folder = QFileDialog.getExistingDirectory(window, "Import a folder of pages", _start_folder())
    if folder:
        window.import_paths([Path(folder)])


def export(window: MainWindow, fmt: str, *, selected: bool) -> None:
    """Ask where, then export the selected results or every hit of the current search."""
    ids = None
    if selected:
        ids = selected_ids(window)
        if not ids:
            window.statusBar().showMessage("Select some results first (Ctrl+A selects those loaded).", 8000)
            return
    label = next(lbl for key, lbl, _ in EXPORT_FORMATS if key == fmt)
    if fmt == "txt":
        out = QFileDialog.getExistingDirectory(window, f"Export: {label.rstrip('…')} — choose a folder", _start_folder())
    else:
        pattern = next(p for key, _, p in EXPORT_FORMATS if key == fmt)
        out, _ = QFileDialog.getSaveFileName(window, f"Export: {label.rstrip('…')}",
                                             str(Path(_start_folder()) / f"broadsheet-export.{fmt}"), pattern)
    if out:
        window.operations.export(window.search.request(), ids, fmt, Path(out))


def versions() -> dict[str, str]:
    import importlib.metadata  # only the About box needs it; it costs the window's start 20 ms

    def version(name: str) -> str:
        try:
            return importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            return "not installed"

    return {
        "Broadsheet": version("broadsheet"),
        "Qt": qVersion(),
        "PySide6": PySide6.__version__,
        "Whoosh": version("whoosh-reloaded"),
        "tantivy": version("tantivy"),
    }


def about(window: MainWindow) -> None:
    rows = "".join(f"<tr><td>{name}</td><td>{value}</td></tr>" for name, value in versions().items())
    QMessageBox.about(window, "About Broadsheet",
                      "<h3>Broadsheet</h3><p>An offline archive of news pages: import, clean, search, read.</p>"
                      f"<table cellspacing='4'>{rows}"
                      f"<tr><td>Engine in use</td><td>{window.archive.engine_name}</td></tr></table>"
                      f"<p>Archive folder:<br>{html.escape(str(window.archive.home))}</p>")


__all__ = ["build", "choose_files", "choose_folder", "export", "about", "versions", "results_menu", "selected_ids"]
