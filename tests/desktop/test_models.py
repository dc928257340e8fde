"""The item models: they pass Qt's model checks, page lazily and keep facet choices."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QModelIndex, Qt

from desktop.models import (
    CountRole,
    HitRole,
    NameRole,
    OutletFacetModel,
    OutletSortFilterModel,
    ResultsModel,
    SnippetRole,
)
from indexer.model import Facets, Hit, SearchResult


def hits(start: int, count: int) -> tuple[Hit, ...]:
    return tuple(Hit(f"id{n}", f"Title {n}", "TASS" if n % 2 else None, dt.date(2020, 2, 1 + n % 28), None, 1.0,
                     f"the <mark>word</mark> {n}") for n in range(start, start + count))


def result(total: int, page: tuple[Hit, ...]) -> SearchResult:
    return SearchResult("word", total, 1.0, page, Facets())


def test_results_model_passes_the_model_tester(qtmodeltester) -> None:
    model = ResultsModel()
    model.show_result(result(120, hits(0, 50)))
    qtmodeltester.check(model, force_py=True)


def test_results_page_in_as_the_view_asks(qtbot) -> None:
    model = ResultsModel()
    generation = model.show_result(result(120, hits(0, 50)))
    assert model.rowCount() == 50
    assert model.canFetchMore(QModelIndex())
    with qtbot.waitSignal(model.moreWanted) as asked:
        model.fetchMore(QModelIndex())
    assert asked.args == [generation, 50]
    assert not model.canFetchMore(QModelIndex()), "one page at a time"
    model.append_page(generation, 50, hits(50, 50))
    model.append_page(generation, 100, hits(100, 20))  # not asked for yet at this offset: still fine
    assert model.rowCount() == 120
    assert not model.canFetchMore(QModelIndex())
    index = model.index(119)
    assert index.data(HitRole).id == "id119"
    assert "<mark>word</mark>" in index.data(SnippetRole)
    assert index.data(Qt.ItemDataRole.DisplayRole) == "Title 119"


def test_a_page_for_an_older_search_is_dropped() -> None:
    model = ResultsModel()
    old = model.show_result(result(120, hits(0, 50)))
    model.fetchMore(QModelIndex())
    model.show_result(result(3, hits(0, 3)))
    model.append_page(old, 50, hits(50, 50))
    assert model.rowCount() == 3


def test_outlet_facet_model_passes_the_model_tester(qtmodeltester) -> None:
    model = OutletFacetModel()
    model.set_counts({"TASS": 4, "Daily Sabah": 2, "AFP": 2})
    qtmodeltester.check(model, force_py=True)
    proxy = OutletSortFilterModel()
    proxy.setSourceModel(model)
    qtmodeltester.check(proxy, force_py=True)


def test_outlets_sort_by_count_or_name_and_filter_by_typing() -> None:
    model = OutletFacetModel()
    model.set_counts({"TASS": 4, "Daily Sabah": 2, "AFP": 2, "Anadolu": 9})
    proxy = OutletSortFilterModel()
    proxy.setSourceModel(model)
    names = lambda: [proxy.index(r, 0).data(NameRole) for r in range(proxy.rowCount())]  # noqa: E731
    assert names() == ["Anadolu", "TASS", "AFP", "Daily Sabah"]
    proxy.sort_by_count(False)
    assert names() == ["AFP", "Anadolu", "Daily Sabah", "TASS"]
    proxy.setFilterFixedString("a")
    assert "TASS" in names() and "AFP" in names()
    proxy.setFilterFixedString("sab")
    assert names() == ["Daily Sabah"]
    assert proxy.index(0, 0).data(CountRole) == 2


def test_checking_outlets_reports_them_and_keeps_them_listed(qtbot) -> None:
    model = OutletFacetModel()
    model.set_counts({"TASS": 4, "AFP": 2})
    with qtbot.waitSignal(model.checkedChanged) as checked:
        model.setData(model.index(1), Qt.CheckState.Checked, Qt.ItemDataRole.CheckStateRole)
    assert checked.args == [("AFP",)]
    model.set_counts({"TASS": 1})  # the query no longer matches AFP pages
    names = [model.index(r).data(NameRole) for r in range(model.rowCount())]
    assert "AFP" in names
    assert model.index(names.index("AFP")).data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked


def test_tooltips_show_page_titles_as_text_not_markup() -> None:
    model = ResultsModel()
    hostile = Hit("x", '<img src="file:///etc/hostname">Title', None, None, None, 1.0, "")
    model.show_result(result(1, (hostile,)))
    tip = model.index(0).data(Qt.ItemDataRole.ToolTipRole)
    assert "<img" not in tip and "&lt;img" in tip
