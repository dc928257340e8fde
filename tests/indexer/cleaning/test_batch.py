"""`clean_tree`: a folder of scraped pages becomes a folder of readable text files."""

from __future__ import annotations

from pathlib import Path

from indexer.cleaning.batch import clean_tree
from resources import SAMPLE_ARCHIVE

HTML_PAGE = """<html><head><title>Harbour reopens after storm - Coast Times</title></head><body>
<nav><a href="/">Home</a> <a href="/news">News</a></nav>
<h1>Harbour reopens after storm</h1>
<p>The harbour reopened on Monday after a week of repairs, and the first fishing boats left before dawn.</p>
<p>Harbour master Ellen Row said that the damage had been worse than anyone expected, but the crews worked day and night.</p>
<footer>Copyright 2024 Coast Times. All rights reserved.</footer>
</body></html>"""


def test_folder_is_cleaned_recursively_with_relative_paths(tmp_path: Path) -> None:
    source = tmp_path / "in"
    (source / "a").mkdir(parents=True)
    (source / "a" / "b.html").write_text(HTML_PAGE, encoding="utf-8")
    seed = next(SAMPLE_ARCHIVE.glob("003_*.txt"))
    (source / "seed.txt").write_bytes(seed.read_bytes())
    (source / "notes.pdf").write_bytes(b"%PDF-1.4 not a page")
    out = tmp_path / "out"
    seen: list[tuple[int, int]] = []

    report = clean_tree([source], out, progress=lambda done, total: seen.append((done, total)))

    assert report.written == 2
    assert not report.failed
    html_text = (out / "a" / "b.txt").read_text(encoding="utf-8")
    assert html_text.startswith("Harbour reopens after storm\n\n")
    assert "first fishing boats" in html_text and "Copyright" not in html_text
    seed_text = (out / "seed.txt").read_text(encoding="utf-8")
    assert seed_text.startswith("Putin & Erdogan to ‘intensify contacts’")
    assert seen[-1] == (2, 2)


def test_single_file_goes_to_its_name_and_failures_do_not_stop_the_rest(tmp_path: Path) -> None:
    good = tmp_path / "story.htm"
    good.write_text(HTML_PAGE, encoding="utf-8")
    missing = tmp_path / "gone.html"
    out = tmp_path / "out"

    report = clean_tree([missing, good], out)

    assert report.written == 1
    assert (out / "story.txt").exists()
    assert [path for path, _ in report.failed] == [str(missing)]
    assert report.failed[0][1]


def test_cancel_stops_the_batch(tmp_path: Path) -> None:
    for name in ("one.txt", "two.txt"):
        (tmp_path / name).write_text("A headline\n\nA paragraph that says something, at length, about nothing.\n")
    report = clean_tree([tmp_path], tmp_path / "out", cancelled=lambda: True)
    assert report.cancelled and report.written == 0


def test_output_paths_stay_inside_the_output_folder(tmp_path: Path) -> None:
    from indexer.cleaning.batch import output_path

    out = tmp_path / "clean"
    assert output_path(out, Path("a/b.html")) == out / "a" / "b.txt"
    for hostile in ("../../escaped.html", "/tmp/absolute.html", "a/../../escaped.html"):
        assert output_path(out, Path(hostile)).resolve().is_relative_to(out.resolve())
