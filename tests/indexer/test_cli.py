"""The command line's contract: what scripts can rely on (JSON shapes, exit status)."""

import json

import pytest

from indexer.archive import Archive
from indexer.cli import main


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def imported(capsys, seeds):
    code, out, _ = run(capsys, "import", *map(str, seeds), "--json")
    assert code == 0
    return json.loads(out)


def test_import_json_contract(imported, capsys, seeds, tmp_path):
    assert imported["added"] == 5 and imported["duplicates"] == 0
    assert set(imported) == {"added", "duplicates", "skipped", "failed", "plain_text", "pages", "files", "took_ms"}
    (tmp_path / "bad.txt").write_bytes(b"")
    (tmp_path / "x.doc").write_bytes(b"x")
    code, out, _ = run(capsys, "import", str(seeds[0]), str(tmp_path), "--json")
    report = json.loads(out)
    assert code == 1
    assert report["duplicates"] == 1 and report["added"] == 0
    assert report["failed"] == [{"path": str(tmp_path / "bad.txt"), "reason": "empty file"}]
    assert report["skipped"][0]["path"] == str(tmp_path / "x.doc")


def test_search_json_contract(imported, capsys):
    code, out, _ = run(capsys, "search", "erdogan", "putin", "--json", "--limit", "2")
    assert code == 0
    data = json.loads(out)
    assert set(data) == {"query", "total", "took_ms", "hits", "facets", "suggestion"}
    assert data["query"] == "erdogan putin" and data["total"] == 5 and len(data["hits"]) == 2
    hit = data["hits"][0]
    assert set(hit) == {"id", "title", "outlet", "date", "url", "score", "snippet"}
    assert "<mark>" in hit["snippet"]
    assert set(data["facets"]) == {"outlet", "year", "month", "undated", "tag"}
    assert data["facets"]["tag"] == {}, "no page is tagged yet"
    assert sum(data["facets"]["year"].values()) + data["facets"]["undated"] == data["total"]
    assert isinstance(data["took_ms"], float) and data["suggestion"] is None


def test_bad_query_exits_2_with_a_message(imported, capsys):
    code, out, err = run(capsys, "search", "(idlib")
    assert code == 2 and out == ""
    assert "Unclosed parenthesis" in err and "Traceback" not in err


def test_bad_usage_exits_2(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["search", "--sort", "sideways", "x"])
    assert exit_.value.code == 2


def test_stats_json(imported, capsys):
    code, out, _ = run(capsys, "stats", "--json")
    stats = json.loads(out)
    assert code == 0 and stats["documents"] == 5 and stats["bytes"] == sum(
        p.stat().st_size for p in __import__("resources").sample_pages())
    assert isinstance(stats["outlets"], dict) and isinstance(stats["undated"], int)


def test_show_original_is_byte_for_byte(imported, seeds, monkeypatch):
    import hashlib
    import io
    import sys

    buffer = io.BytesIO()
    monkeypatch.setattr(sys, "stdout", io.TextIOWrapper(buffer))
    doc_id = hashlib.sha256(seeds[1].read_bytes()).hexdigest()
    assert main(["show", doc_id[:12], "--original"]) == 0
    assert buffer.getvalue() == seeds[1].read_bytes()


def test_set_then_search_by_corrected_fields(imported, capsys, seeds):
    import hashlib

    doc_id = hashlib.sha256(seeds[1].read_bytes()).hexdigest()
    code, out, _ = run(capsys, "set", doc_id[:12], "--outlet", "Pakistan Observer", "--date", "2020-02-21")
    assert code == 0
    code, out, _ = run(capsys, "search", "date:2020-02", "--outlet", "pakistan observer", "--json")
    assert [h["id"] for h in json.loads(out)["hits"]] == [doc_id]
    code, out, _ = run(capsys, "reindex")
    code, out, _ = run(capsys, "search", "outlet:observer", "--json")
    assert [h["id"] for h in json.loads(out)["hits"]] == [doc_id]


def test_clean_prints_readable_text_without_importing(capsys, seeds):
    code, out, _ = run(capsys, "clean", str(seeds[3]))
    assert code == 0 and "Putin" in out and "icon bookmark" not in out
    code, out, _ = run(capsys, "stats", "--json")
    assert json.loads(out)["documents"] == 0


def test_export_writes_files(imported, capsys, tmp_path):
    code, out, _ = run(capsys, "export", "idlib", "--format", "txt", "--out", str(tmp_path / "clean"))
    assert code == 0
    assert len(list((tmp_path / "clean").glob("*.txt"))) == 5


def test_check_reports_health_and_damage(imported, capsys, tmp_path):
    import os

    code, out, _ = run(capsys, "check")
    assert code == 0 and "healthy" in out
    home = os.environ["BROADSHEET_HOME"]
    victim = next(p for p in (__import__("pathlib").Path(home) / "originals").rglob("*") if p.is_file())
    os.chmod(victim, 0o644)
    victim.write_bytes(b"tampered")
    code, out, _ = run(capsys, "check")
    assert code == 1 and "altered" in out


@pytest.mark.parametrize("before_command", [True, False])
def test_home_and_engine_work_before_or_after_the_command(capsys, seeds, tmp_path, before_command):
    home = tmp_path / "elsewhere"
    options = ["--home", str(home), "--engine", "tantivy"]
    args = [*options, "import", str(seeds[0])] if before_command else ["import", str(seeds[0]), *options]
    assert run(capsys, *args)[0] == 0
    code, out, _ = run(capsys, "--home", str(home), "stats", "--json") if before_command else run(
        capsys, "stats", "--json", "--home", str(home))
    assert code == 0 and json.loads(out)["documents"] == 1
    with Archive.open(home) as archive:
        assert archive.engine_name == "tantivy"
    # the default archive (BROADSHEET_HOME, set by the tests) was not touched
    assert json.loads(run(capsys, "stats", "--json")[1])["documents"] == 0


def test_show_offers_the_other_days_a_page_gives_and_set_takes_one(capsys, tmp_path):
    page = tmp_path / "quay.txt"
    page.write_text("Quay to close next spring\n\nPublished 3 May 2020\nBy Ann Lee, 2 May 2020\n\n"
                    + "The council met on Tuesday to discuss the harbour budget. " * 12, encoding="utf-8")
    assert run(capsys, "import", str(page))[0] == 0
    doc_id = json.loads(run(capsys, "search", "quay", "--json")[1])["hits"][0]["id"]
    code, out, _ = run(capsys, "show", doc_id)
    assert code == 0 and "Date: 2020-05-03" in out
    command = next(line for line in out.splitlines() if "Or date: 2020-05-02" in line).split("to use it: ")[1].rstrip(")")
    assert run(capsys, *command.split()[1:])[0] == 0
    shown = json.loads(run(capsys, "show", doc_id, "--json")[1])
    assert shown["metadata"]["date"]["value"] == "2020-05-02"
    assert shown["other_dates"] == [{"value": "2020-05-03", "source": "text:published-line"}]


def test_outlet_rules_list_and_undo_a_merge(capsys, tmp_path):
    page = tmp_path / "quay.txt"
    page.write_text("Quay to close next spring\n\n" + "The council met to discuss the quay. " * 12, encoding="utf-8")
    assert run(capsys, "import", str(page), "--outlet", "gazette.example")[0] == 0
    assert run(capsys, "merge-outlets", "gazette.example", "--into", "The Gazette")[0] == 0
    code, out, _ = run(capsys, "outlet-rules", "--json")
    assert code == 0 and json.loads(out) == {"gazette.example": "The Gazette"}
    code, _, err = run(capsys, "outlet-rules", "--remove", "nothing.example")
    assert code == 2 and "no outlet rule" in err
    code, out, _ = run(capsys, "outlet-rules", "--remove", "Gazette.example")
    assert code == 0 and "1 document(s) went back" in out
    assert json.loads(run(capsys, "stats", "--json")[1])["outlets"] == {"gazette.example": 1}
    assert "No outlet rules" in run(capsys, "outlet-rules")[1]


def test_reclean_json_contract(imported, capsys):
    code, out, _ = run(capsys, "reclean", "--json")
    report = json.loads(out)
    assert code == 0 and set(report) == {"pages", "cleaned", "total", "cancelled", "kept"}
    assert report["total"] == 5 and report["cleaned"] == 5 and report["kept"] == [] and not report["cancelled"]
