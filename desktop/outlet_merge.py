"""Merging outlets from the window: one dialog to choose the names that are one outlet and the name
to keep, the merge itself on the write worker, a right-click entry on the outlet facet, and the
rules merges leave behind, listed so that a merge can be undone.

The rule the merge records (an alias per merged name) is the core's: pages already imported are
renamed at once and future imports naming any merged outlet land under the kept name. Nothing
here decides what a merge means; it collects the user's choice and hands it to
`Archive.merge_outlets`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QPoint, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListView,
    QMenu,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.models import CheckableNameCountModel, NameRole, OutletSortFilterModel, plain_tooltip
from desktop.worker import Task, TaskState
from indexer.archive import Archive, ArchiveBusy

if TYPE_CHECKING:
    from desktop.main_window import MainWindow


@dataclass(frozen=True, slots=True)
class MergeOutcome:
    """What a merge did: the names merged (the kept one among them when it was an outlet already),
    the name kept, and the pages the kept outlet has now."""

    names: tuple[str, ...]
    into: str
    pages: int

    def message(self) -> str:
        pages = f"{self.pages:,} {'page' if self.pages == 1 else 'pages'}"
        count = len({name.casefold() for name in self.names})
        if count == 1 and self.names[0].casefold() != self.into.casefold():
            return f"Renamed {self.names[0]} to {self.into}: {pages}"
        return f"Merged {count:,} outlets into {self.into}: {pages}"


def merge_in_archive(archive: Archive, names: Sequence[str], into: str, wait: float = 2.0) -> MergeOutcome:
    """The merge as the write worker runs it, with the count the status bar reports."""
    archive.merge_outlets(names, into, wait=wait)
    _, outlets = archive.outlet_counts()
    kept = archive.canonical_outlets([into])[0]
    return MergeOutcome(tuple(names), kept, outlets.get(kept, 0))


class OutletChoiceModel(CheckableNameCountModel):
    """Every outlet of the archive with its pages; the user checks those to merge.

    Signals:
        checkedChanged(object): the tuple of checked names, in the order they were checked.
    """

    def set_outlets(self, counts: Mapping[str, int], checked: Iterable[str] = ()) -> None:
        self.beginResetModel()
        self._rows = list(counts.items())
        known = {name.casefold(): name for name in counts}
        self._checked = list(dict.fromkeys(known[n.casefold()] for n in checked if n.casefold() in known))
        self.endResetModel()
        self.checkedChanged.emit(self.checked())

    def count_of(self, name: str) -> int:
        return next((count for known, count in self._rows if known == name), 0)

    def spelled(self, text: str) -> str | None:
        """The archive's spelling of an outlet name typed in any case, or None when it has none."""
        folded = text.strip().casefold()
        return next((name for name, _ in self._rows if name.casefold() == folded), None)

    def tooltip(self, name: str, count: int) -> str:
        return plain_tooltip(f"{count:,} pages in the archive name {name} as their outlet")


class _CheckList(QListView):
    """A list whose Enter (like Space) checks the current outlet and goes no further: in a dialog
    an Enter the list let through would press the default button, merging half-chosen outlets.

    Signals: those of QListView (`activated` is emitted on Enter as before).
    """

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.activated.emit(self.currentIndex())
            event.accept()
            return
        super().keyPressEvent(event)


def _check_list(parent: QWidget, object_name: str, model: object, on_activated: object) -> _CheckList:
    view = _CheckList(parent)
    view.setObjectName(object_name)
    view.setModel(model)
    view.setUniformItemSizes(True)
    view.setEditTriggers(QListView.EditTrigger.NoEditTriggers)
    view.activated.connect(on_activated)
    return view


def _action_buttons(dialog: QDialog, dismiss: QDialogButtonBox.StandardButton, text: str, object_name: str,
                    on_accept: object) -> tuple[QDialogButtonBox, QPushButton]:
    """A dialog's buttons: one that acts (disabled until the user has chosen) and one that dismisses."""
    buttons = QDialogButtonBox(dismiss, dialog)
    action = QPushButton(text, dialog)
    action.setObjectName(object_name)
    action.setEnabled(False)
    buttons.addButton(action, QDialogButtonBox.ButtonRole.AcceptRole)
    buttons.accepted.connect(on_accept)
    buttons.rejected.connect(dialog.reject)
    return buttons, action


class MergeOutletsDialog(QDialog):
    """Check the outlets that are one, pick or type the name to keep, and merge.

    Signals:
        mergeRequested(object, str): the names to merge (a tuple) and the name to keep.
    """

    mergeRequested = Signal(object, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Merge Outlets")
        self.setObjectName("mergeOutletsDialog")
        self._typed = False  # once the user types a name, checking more outlets leaves it alone
        self.outlets = OutletChoiceModel(self)
        self.shown = OutletSortFilterModel(self)
        self.shown.setSourceModel(self.outlets)

        intro = QLabel("Check the outlets that are one outlet and choose the name to keep. Their pages are "
                       "renamed now, and pages imported later under any of these names get the kept name.", self)
        intro.setWordWrap(True)
        self.filter = QLineEdit(self)
        self.filter.setObjectName("mergeFilter")
        self.filter.setPlaceholderText("Filter outlets…")
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self.shown.setFilterFixedString)
        self.view = _check_list(self, "mergeOutletList", self.shown, self._toggle)
        self.keep = QComboBox(self)
        self.keep.setObjectName("mergeKeep")
        self.keep.setEditable(True)
        self.keep.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.keep.lineEdit().setPlaceholderText("the name to keep")
        self.keep.lineEdit().textEdited.connect(self._keep_typed)
        self.keep.currentTextChanged.connect(lambda _text: self._update())
        self.summary = QLabel(self)
        self.summary.setObjectName("mergeSummary")
        self.summary.setWordWrap(True)
        self.buttons, self.merge_button = _action_buttons(self, QDialogButtonBox.StandardButton.Cancel, "Merge",
                                                          "mergeButton", self._merge)
        self.merge_button.setDefault(True)
        keep_row = QFormLayout()
        keep_row.addRow("Name to keep:", self.keep)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.filter)
        layout.addWidget(self.view, 1)
        layout.addLayout(keep_row)
        layout.addWidget(self.summary)
        layout.addWidget(self.buttons)
        self.outlets.checkedChanged.connect(self._checked_changed)
        self.resize(440, 520)
        self.summary.setText("Reading the archive's outlets…")
        self.merge_button.setEnabled(False)

    def set_outlets(self, counts: Mapping[str, int], checked: Iterable[str] = ()) -> None:
        """Fill the list (every outlet with its pages) and check the outlets given."""
        self.outlets.set_outlets(counts, checked)
        self.filter.setVisible(len(counts) > 8)

    def _toggle(self, index: QModelIndex) -> None:
        source = self.shown.mapToSource(index)
        on = self.outlets.data(source, Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
        self.outlets.setData(source, Qt.CheckState.Unchecked if on else Qt.CheckState.Checked,
                             Qt.ItemDataRole.CheckStateRole)

    def _keep_typed(self, _text: str) -> None:
        self._typed = True

    def _checked_changed(self, checked: tuple[str, ...]) -> None:
        by_pages = sorted(checked, key=lambda name: -self.outlets.count_of(name))
        typed = self.keep.currentText()
        self.keep.blockSignals(True)
        self.keep.clear()
        self.keep.addItems(by_pages)
        # The outlet with the most pages is the likeliest name to keep, until the user says otherwise.
        self.keep.setEditText(typed if self._typed else (by_pages[0] if by_pages else ""))
        self.keep.blockSignals(False)
        self._update()

    def chosen(self) -> tuple[tuple[str, ...], str]:
        """The names to merge (the kept one among them when the archive has it) and the name to keep."""
        typed = " ".join(self.keep.currentText().split())
        names = list(self.outlets.checked())
        existing = self.outlets.spelled(typed)
        if existing is not None and existing not in names:
            names.append(existing)
        # A name the archive has, typed in another case, keeps the archive's spelling: one outlet, one name.
        return tuple(names), existing or typed

    def _update(self) -> None:
        names, into = self.chosen()
        distinct = {name.casefold() for name in names} | ({into.casefold()} if into else set())
        pages = sum(self.outlets.count_of(name) for name in names)
        ready = bool(into) and bool(names) and len(distinct) >= 2
        self.merge_button.setEnabled(ready)
        if not names:
            self.summary.setText("Check two or more outlets (or one, and type a new name for it).")
        elif not into:
            self.summary.setText("Type or choose the name to keep.")
        elif not ready:
            self.summary.setText("Check another outlet, or type a new name, to merge.")
        else:
            others = [name for name in names if name.casefold() != into.casefold()]
            self.summary.setText(f"{', '.join(others)} {'becomes' if len(others) == 1 else 'become'} “{into}”: "
                                 f"{pages:,} {'page' if pages == 1 else 'pages'} under one name.")
        self.merge_button.setText(f"Merge into “{into}”" if ready else "Merge")

    def _merge(self) -> None:
        names, into = self.chosen()
        if self.merge_button.isEnabled():
            self.mergeRequested.emit(names, into)
            self.accept()


class OutletRuleModel(CheckableNameCountModel):
    """The archive's outlet rules, "name → outlet", with the pages now filed under each outlet; the
    user checks rules to remove. A row's name (`NameRole`) is the rule's case-folded alias.

    Signals:
        checkedChanged(object): the tuple of checked aliases.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._into: dict[str, str] = {}

    def set_rules(self, rules: Mapping[str, str], pages: Mapping[str, int]) -> None:
        self.beginResetModel()
        self._into = dict(rules)
        self._rows = [(alias, pages.get(name, 0)) for alias, name in rules.items()]
        self._checked = [alias for alias in self._checked if alias in rules]
        self.endResetModel()
        self.checkedChanged.emit(self.checked())

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if role == Qt.ItemDataRole.DisplayRole and index.isValid() and index.row() < len(self._rows):
            alias = self._rows[index.row()][0]
            return f"{alias} → {self._into[alias]}"
        return super().data(index, role)

    def tooltip(self, name: str, count: int) -> str:
        into = self._into.get(name, "")
        return plain_tooltip(f"Pages naming “{name}” are filed under {into} ({count:,} pages there now)",
                             "Removing the rule puts them back under the name they give")


class OutletRulesDialog(QDialog):
    """The rules merges (and re-cleaning) left: check some and remove them to undo a merge.

    Signals:
        removeRequested(object): the aliases (a tuple) whose rules to remove.
    """

    removeRequested = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Outlet Rules")
        self.setObjectName("outletRulesDialog")
        self.rules = OutletRuleModel(self)
        intro = QLabel("Pages that name an outlet on the left are filed under the outlet on the right, now "
                       "and when imported later. Merges make these rules, and so does re-cleaning (a site's "
                       "domain filed under the name its pages give). Remove a rule to undo it: its pages go "
                       "back to the name they give.", self)
        intro.setWordWrap(True)
        self.view = _check_list(self, "outletRuleList", self.rules, self._toggle)
        self.summary = QLabel("Reading the archive's rules…", self)
        self.summary.setWordWrap(True)
        self.buttons, self.remove_button = _action_buttons(self, QDialogButtonBox.StandardButton.Close,
                                                           "Remove Rules", "removeRulesButton", self._remove)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.summary)
        layout.addWidget(self.buttons)
        self.rules.checkedChanged.connect(self._checked_changed)
        self.resize(460, 420)

    def set_rules(self, rules: Mapping[str, str], pages: Mapping[str, int]) -> None:
        self.rules.set_rules(rules, pages)
        if not rules:
            self.summary.setText("No rules yet: Archive ▸ Merge Outlets… makes one.")

    def _toggle(self, index: QModelIndex) -> None:
        on = self.rules.data(index, Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
        self.rules.setData(index, Qt.CheckState.Unchecked if on else Qt.CheckState.Checked,
                           Qt.ItemDataRole.CheckStateRole)

    def _checked_changed(self, checked: tuple[str, ...]) -> None:
        self.remove_button.setEnabled(bool(checked))
        self.remove_button.setText(f"Remove {len(checked)} Rule{'s' if len(checked) != 1 else ''}" if checked
                                   else "Remove Rules")
        if checked:
            self.summary.setText("Pages naming " + ", ".join(f"“{a}”" for a in checked)
                                 + " go back to the name they give.")
        elif self.rules.rowCount():
            self.summary.setText("Check the rules to remove.")

    def _remove(self) -> None:
        if self.rules.checked():
            self.removeRequested.emit(self.rules.checked())
            self.accept()


@dataclass(frozen=True, slots=True)
class UnmergeOutcome:
    """What removing rules did: how many rules, and how many pages went back to their own names."""

    rules: int
    pages: int

    def message(self) -> str:
        rules = f"{self.rules:,} outlet {'rule' if self.rules == 1 else 'rules'}"
        back = "1 page back under its own name" if self.pages == 1 else f"{self.pages:,} pages back under their own names"
        return f"Removed {rules}: {back}"


class OutletMerging:
    """The window's merge command: opens the dialog, runs the merge on the write worker, refreshes.

    Success and failure are told through the window's `Operations` signals, as every other write
    is: a status-bar line, the search run again, a busy archive offered a retry.
    """

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.dialog: MergeOutletsDialog | None = None
        self.rules_dialog: OutletRulesDialog | None = None

    def open_dialog(self, checked: Iterable[str] = ()) -> MergeOutletsDialog:
        """Show the dialog with the given outlets checked; the list is read off the GUI thread."""
        window = self.window
        if self.dialog is not None:
            self.dialog.close()
            self.dialog.deleteLater()
        dialog = MergeOutletsDialog(window)
        dialog.mergeRequested.connect(self.merge)
        self.dialog = dialog
        wanted = tuple(checked)
        archive = window.archive

        def run(state: TaskState) -> dict[str, int]:
            return archive.outlet_counts()[1]  # not stats(): no scan of every page's size

        task = window.workers.start(run)
        task.finished.connect(lambda counts: dialog.set_outlets(counts, wanted))
        task.failed.connect(lambda error: dialog.summary.setText(f"The outlets cannot be read: {error}"))
        dialog.show()
        return dialog

    def open_rules(self) -> OutletRulesDialog:
        """Show the archive's outlet rules (read off the GUI thread) for the user to remove some."""
        window = self.window
        if self.rules_dialog is not None:
            self.rules_dialog.close()
            self.rules_dialog.deleteLater()
        dialog = OutletRulesDialog(window)
        dialog.removeRequested.connect(self.remove_rules)
        self.rules_dialog = dialog
        archive = window.archive

        def run(state: TaskState) -> tuple[dict[str, str], dict[str, int]]:
            return archive.outlet_rules(), archive.outlet_counts()[1]

        task = window.workers.start(run)
        task.finished.connect(lambda found: dialog.set_rules(*found))
        task.failed.connect(lambda error: dialog.summary.setText(f"The rules cannot be read: {error}"))
        dialog.show()
        return dialog

    def remove_rules(self, aliases: Sequence[str]) -> Task:
        window = self.window
        archive = window.archive
        aliases = tuple(aliases)

        def run(state: TaskState) -> UnmergeOutcome:
            return UnmergeOutcome(len(aliases), archive.remove_outlet_rules(aliases, wait=2.0))

        task = window.workers.start(run, write=True)
        task.finished.connect(self._unmerged)
        task.failed.connect(lambda error: self._remove_failed(error, aliases))
        window.statusBar().showMessage(f"Removing {len(aliases):,} outlet rules…")
        return task

    def _remove_failed(self, error: object, aliases: tuple[str, ...]) -> None:
        self.window.statusBar().clearMessage()
        if isinstance(error, ArchiveBusy):
            self.window.operations.problem.emit(str(error), lambda: self.remove_rules(aliases))
        else:
            self.window.operations.problem.emit(f"Removing the outlet rules failed: {error}", None)

    def _unmerged(self, outcome: UnmergeOutcome) -> None:
        window = self.window
        window.operations.message.emit(outcome.message())
        window.operations.archiveChanged.emit()
        window.operations.count()

    def merge(self, names: Sequence[str], into: str) -> Task:
        window = self.window
        archive = window.archive
        names = tuple(names)

        def run(state: TaskState) -> MergeOutcome:
            return merge_in_archive(archive, names, into)

        task = window.workers.start(run, write=True)
        task.finished.connect(self._merged)
        task.failed.connect(lambda error: self._failed(error, names, into))
        window.statusBar().showMessage(f"Merging {len(names):,} outlets into {into}…")
        return task

    def _failed(self, error: object, names: tuple[str, ...], into: str) -> None:
        self.window.statusBar().clearMessage()
        if isinstance(error, ArchiveBusy):
            self.window.operations.problem.emit(str(error), lambda: self.merge(names, into))
        else:
            self.window.operations.problem.emit(f"Merging the outlets failed: {error}", None)

    def _merged(self, outcome: MergeOutcome) -> None:
        window = self.window
        window.operations.message.emit(outcome.message())
        merged = {name.casefold() for name in outcome.names}
        checked = window.search.filters.outlets
        if any(name.casefold() in merged for name in checked):
            # A filter on a merged-away name would show a chip for an outlet that is gone.
            renamed = [outcome.into if name.casefold() in merged else name for name in checked]
            window.search.set_outlets(dict.fromkeys(renamed))  # searches again
        else:
            window.operations.archiveChanged.emit()
        window.operations.count()  # the reader's outlet suggestions lose the merged names


def facet_menu(window: MainWindow, merging: OutletMerging, point: QPoint) -> QMenu:
    """The outlet facet's right-click menu: merge the outlet under the pointer with those checked."""
    view = window.facets.outlet_view
    menu = QMenu(view)
    index = view.indexAt(point)
    checked = list(window.facets.outlets.checked())
    name = index.data(NameRole) if index.isValid() else None
    if name and name not in checked:
        checked.append(name)
    action = menu.addAction("Merge Outlets…" if len(checked) < 2 else f"Merge These {len(checked)} Outlets…",
                            lambda: merging.open_dialog(checked))
    action.setObjectName("mergeOutlets")
    action.setStatusTip("Make several outlet names one, now and for future imports")
    return menu


def install(window: MainWindow) -> OutletMerging:
    """Give the window its merge command and the facet's right-click menu."""
    merging = OutletMerging(window)
    view = window.facets.outlet_view
    view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
    view.customContextMenuRequested.connect(
        lambda point: facet_menu(window, merging, point).popup(view.viewport().mapToGlobal(point)))
    return merging


__all__ = ["MergeOutcome", "MergeOutletsDialog", "OutletChoiceModel", "OutletMerging", "OutletRuleModel",
           "OutletRulesDialog", "UnmergeOutcome", "facet_menu", "install", "merge_in_archive"]
