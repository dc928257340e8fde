"""Reading dropped files: which files are pages, and decoding them right whatever their encoding."""

import os

import pytest

from indexer.readers import Found, Passed, UnreadableFile, decode, discover, read_page

TEXT = "Café society: the naïve “reporter” met the Élysée spokesman – déjà vu. " * 4


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1252"])
def test_text_in_common_encodings_comes_out_right(encoding):
    text, used = decode(TEXT.encode(encoding))
    assert text == TEXT
    assert used


def test_latin1_bytes_come_out_right():
    plain = "Größere Straße, schöne Äpfel in München, sagte der Bürgermeister. " * 3
    assert decode(plain.encode("latin-1"))[0] == plain


def test_utf16_without_bom_is_recognised():
    assert decode(TEXT.encode("utf-16-le"))[0] == TEXT


def test_declared_charset_is_only_a_hint():
    page = ('<html><head><meta charset="utf-8"></head><body><p>Привет, мир. Это новости о политике и экономике.</p>'
            "</body></html>").encode("cp1251")
    text, used = decode(page, "html")
    assert "Привет, мир" in text
    assert used == "cp1251"


def test_declared_legacy_charset_is_used_when_bytes_agree():
    page = '<html><head><meta charset="windows-1251"></head><body>Москва</body></html>'.encode("cp1251")
    assert "Москва" in decode(page, "html")[0]


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty"),
        (b"   \n\n  ", "empty"),
        (b"%PDF-1.7 binary", "PDF"),
        (b"\x89PNG\r\n\x1a\n" + bytes(100), "PNG"),
        (bytes(range(256)) * 20, "binary"),
    ],
)
def test_files_that_are_not_pages_are_refused_with_a_reason(data, reason):
    with pytest.raises(UnreadableFile, match=reason):
        decode(data)


def test_a_few_stray_nul_bytes_do_not_lose_the_page():
    text, _ = decode(("A perfectly ordinary news paragraph. " * 20).encode() + b"\x00" + b" The end.")
    assert "The end." in text and "\x00" not in text


def test_discovery_walks_folders_and_explains_skips(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "one.txt").write_text("x")
    (tmp_path / "a" / "two.HTML").write_text("<p>x</p>")
    (tmp_path / "a" / "photo.jpg").write_bytes(b"\xff\xd8\xff")
    (tmp_path / "b.htm").write_text("<p>x</p>")
    (tmp_path / "c.xhtml").write_text("<p>x</p>")  # the file dialog offers it: saved by browsers as XHTML
    os.symlink(tmp_path / "missing.txt", tmp_path / "a" / "dangling.txt")
    os.symlink(tmp_path, tmp_path / "a" / "loop")
    items = list(discover([tmp_path]))
    found = sorted(str(i.relative) for i in items if isinstance(i, Found))
    assert found == ["a/one.txt", "a/two.HTML", "b.htm", "c.xhtml"]
    reasons = {i.path.name: i for i in items if isinstance(i, Passed)}
    assert reasons["photo.jpg"].failed is False and ".jpg" in reasons["photo.jpg"].reason
    assert reasons["dangling.txt"].failed and "broken symbolic link" in reasons["dangling.txt"].reason


def test_html_saved_as_txt_is_read_as_html(tmp_path):
    path = tmp_path / "page.txt"
    path.write_text("<!DOCTYPE html><html><body><p>Hello</p></body></html>")
    assert read_page(path).kind == "html"


def test_oversized_file_is_refused_before_reading(tmp_path):
    path = tmp_path / "huge.txt"
    with open(path, "wb") as handle:
        handle.truncate(5 * 1024 * 1024)
    with pytest.raises(UnreadableFile, match="over the 1.0 MB limit"):
        read_page(path, max_bytes=1024 * 1024)
