"""Reading what a crawler saved: finding the pages in dropped files and folders, and decoding them.

Decoding trusts evidence over declarations: a byte-order mark first, then strict UTF-8, then (for
HTML) the declared charset only when the bytes agree with it, then charset detection. A file that
is not a text page is refused with a reason a librarian can act on; nothing here raises anything
but `UnreadableFile` for a bad file.
"""

from __future__ import annotations

import codecs
import errno
import os
import re
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from indexer.model import Page, PageKind
from indexer.warc import WARC_SUFFIXES, is_warc, parse_source

SUPPORTED_SUFFIXES: dict[str, PageKind] = {".txt": "text", ".text": "text", ".html": "html", ".htm": "html", ".xhtml": "html"}
DEFAULT_MAX_BYTES = 32 * 1024 * 1024
MAX_FOLDER_DEPTH = 200

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"PK\x03\x04", "a ZIP archive or office document"),
    (b"\x1f\x8b", "a gzip-compressed file"),
    (b"\x7fELF", "a program"),
    (b"MZ", "a Windows program"),
    (b"SQLite format 3", "an SQLite database"),
)
_DECLARED_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_HTML_START = re.compile(rb"^\s*(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body)\b", re.IGNORECASE | re.DOTALL)
# WHATWG: these labels mean windows-1252 on the web, whatever they say.
_WEB_ALIASES = {"iso-8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252", "us-ascii": "cp1252", "ascii": "cp1252"}


class UnreadableFile(Exception):
    """A file that cannot be imported; the message is the reason, for the import report."""


@dataclass(frozen=True, slots=True)
class Found:
    """A file that looks like a page, to be read."""

    path: Path
    relative: Path  # under the dropped folder, or just its name


@dataclass(frozen=True, slots=True)
class Passed:
    """A file or folder that will not be imported, and why."""

    path: Path
    reason: str
    failed: bool  # True: something is wrong (report as failure); False: not a page (skipped)


def discover(paths: Iterable[Path]) -> Iterator[Found | Passed]:
    """Every candidate page under the given files and folders (recursively), in a stable order.

    Symbolic links are followed, but a folder is visited once however many links lead to it,
    so link loops end.
    """
    seen_dirs: set[tuple[int, int]] = set()
    for root in paths:
        root = Path(root)
        if root.is_symlink() and not root.exists():
            yield Passed(root, _dangling_reason(root), failed=True)
        elif root.is_dir():
            yield from _walk(root, root, seen_dirs)
        elif root.exists():
            yield _classify(root, Path(root.name))
        else:
            yield Passed(root, "no such file or folder", failed=True)


def _walk(root: Path, folder: Path, seen: set[tuple[int, int]], depth: int = 0) -> Iterator[Found | Passed]:
    if depth > MAX_FOLDER_DEPTH:  # each level is a generator frame: stop well before Python's recursion limit
        yield Passed(folder, f"folders nested more than {MAX_FOLDER_DEPTH} levels deep: not searched further",
                     failed=True)
        return
    try:
        info = folder.stat()
    except OSError as error:
        yield Passed(folder, _os_reason(error), failed=True)
        return
    key = (info.st_dev, info.st_ino)
    if key in seen:
        if folder != root:
            yield Passed(folder, "folder already visited through another link (a link loop?)", failed=False)
        return
    seen.add(key)
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as error:
        yield Passed(folder, _os_reason(error), failed=True)
        return
    for entry in entries:
        path = Path(entry.path)
        try:
            if entry.is_symlink() and not path.exists():
                yield Passed(path, _dangling_reason(path), failed=True)
            elif entry.is_dir():
                if entry.name.startswith("."):
                    continue
                yield from _walk(root, path, seen, depth + 1)
            else:
                yield _classify(path, path.relative_to(root))
        except OSError as error:
            yield Passed(path, _os_reason(error), failed=True)


def _dangling_reason(link: Path) -> str:
    try:
        os.stat(link)
    except OSError as error:
        if error.errno == errno.ELOOP:
            return "symbolic link loop (the link leads back to itself)"
    return "broken symbolic link (its target does not exist)"


def _classify(path: Path, relative: Path) -> Found | Passed:
    if path.name.startswith("."):
        return Passed(path, "hidden file", failed=False)
    if is_warc(path):
        return Found(path, relative)
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        kinds = ", ".join((*SUPPORTED_SUFFIXES, *WARC_SUFFIXES))
        what = f"“{suffix}” files" if suffix else "files without an extension"
        return Passed(path, f"not a page Broadsheet reads ({what}; it imports {kinds})", failed=False)
    return Found(path, relative)


def shown_path(path: Path | str) -> str:
    """A path as text that can be stored and printed: bytes of a file name that are not UTF-8
    (an old crawl's Latin-1 names) appear as \\xe9 instead of lone surrogates, which SQLite,
    JSON output and terminals refuse."""
    text = str(path)
    try:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:
        return text.encode("utf-8", "backslashreplace").decode("utf-8")


def _os_reason(error: OSError) -> str:
    if isinstance(error, PermissionError):
        return "permission denied (the file cannot be read)"
    if isinstance(error, FileNotFoundError):
        return "the file disappeared before it could be read"
    if getattr(error, "errno", None) == 40:  # ELOOP
        return "symbolic link loop"
    if getattr(error, "errno", None) == 36:  # ENAMETOOLONG
        return "the path is too long for this system"
    return f"cannot be read ({error.strerror or error})"


def read_bytes(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """The file's bytes, refusing what is too big before reading it."""
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            # Opening a FIFO blocks until something writes to it: refuse before opening.
            what = "a folder" if stat.S_ISDIR(info.st_mode) else "a pipe, socket or device"
            raise UnreadableFile(f"not a regular file ({what}), so it cannot be read as a page")
        size = info.st_size
        if size > max_bytes:
            raise UnreadableFile(
                f"file is {_megabytes(size)}, over the {_megabytes(max_bytes)} limit for one page (raise it with --max-size)"
            )
        with open(path, "rb") as handle:
            # read(n) allocates n bytes up front: ask for the size the file has, not the limit.
            data = handle.read(size + 1)
            if len(data) > size:  # grew since stat: read on, up to the limit
                data += handle.read(max_bytes + 1 - len(data))
    except OSError as error:
        raise UnreadableFile(_os_reason(error)) from error
    if len(data) > max_bytes:  # grew while we looked
        raise UnreadableFile(f"file is over the {_megabytes(max_bytes)} limit for one page")
    return data


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB" if size >= 1024 * 1024 else f"{size / 1024:.0f} KB"


def kind_of(path: Path | str, data: bytes) -> PageKind:
    """HTML or text: by extension (or, for a WARC record, the type it was served as), except
    that a text page holding an HTML document is HTML."""
    record = parse_source(str(path))
    kind = record.kind if record else SUPPORTED_SUFFIXES.get(Path(path).suffix.lower(), "text")
    if kind == "text" and _HTML_START.match(data[:2048]):
        return "html"
    return kind


def decode(data: bytes, kind: PageKind = "text", served: str | None = None) -> tuple[str, str]:
    """(text, encoding name) for a page's bytes, or UnreadableFile with the reason. `served` is
    the charset an HTTP header gave (a WARC page's), weighed like a page's own declaration."""
    if not data.strip():
        raise UnreadableFile("empty file")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return _tidy(data[len(bom):].decode(encoding)), encoding + (" (BOM)" if encoding != "utf-8" else "-sig")
            except UnicodeDecodeError:
                raise UnreadableFile(f"starts with a {encoding} byte-order mark but is not {encoding} text") from None
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise UnreadableFile(f"not a text page: the file is {what}")
    utf16 = _utf16_without_bom(data)
    if utf16:
        try:
            return _tidy(data.decode(utf16)), utf16
        except UnicodeDecodeError:
            pass
    if data.count(b"\x00") > max(8, len(data) // 100):
        raise UnreadableFile("not a text page: binary data (many NUL bytes)")
    data = data.replace(b"\x00", b"")  # a few stray NULs are damage, not content
    try:
        return _tidy(data.decode("utf-8")), "utf-8"
    except UnicodeDecodeError:
        pass
    mostly = _mostly_utf8(data)
    if mostly is not None:
        return _tidy(mostly), "utf-8 (with replacements)"
    text, encoding = _guess_legacy(data, kind, served)
    if _looks_binary(text):
        raise UnreadableFile("not a text page: binary data")
    return _tidy(text), encoding


def _mostly_utf8(data: bytes) -> str | None:
    """UTF-8 text with a few damaged bytes (a truncated download, a stray byte), else None.

    Valid multi-byte UTF-8 sequences almost never occur by chance in legacy single-byte text, so
    when they outnumber the invalid bytes, a replacement character beats reading the whole page
    as cp1252 mojibake ("CafÃ©").
    """
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    good = len(text) - len(text.encode("ascii", "ignore")) - bad
    return text if good >= max(1, bad) and not _looks_binary(text) else None


def _utf16_without_bom(data: bytes) -> str | None:
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even_zeros = sample[0::2].count(0) / len(sample[0::2])
    odd_zeros = sample[1::2].count(0) / len(sample[1::2])
    if odd_zeros > 0.3 and even_zeros < 0.05:
        return "utf-16-le"
    if even_zeros > 0.3 and odd_zeros < 0.05:
        return "utf-16-be"
    return None


def _guess_legacy(data: bytes, kind: PageKind, served: str | None = None) -> tuple[str, str]:
    declared = _declared_charset(data) if kind == "html" else None
    if declared is None and served:
        # Servers send "ISO-8859-1" by default whatever the page is: the Western guess below
        # weighs that case better. Any other charset a server names is the page's own.
        label = _usable_label(served.encode("ascii", "ignore"))
        declared = label if label and label != "cp1252" else None
    if declared and _codec_name(declared) != "utf-8":
        try:
            text = data.decode(declared)
            if not _C1_CONTROLS.search(text):
                return text, _codec_name(declared)
        except UnicodeDecodeError:
            pass
    # Western single-byte text is by far the most common legacy page; detectors misjudge short
    # samples of it, so accept cp1252 when the letters it yields look like a Western language.
    try:
        text = data.decode("cp1252")
        if _plausibly_western(text):
            return text, "cp1252"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000]).best()
    if best is not None:
        try:
            return data.decode(best.encoding), _codec_name(best.encoding)
        except (UnicodeDecodeError, LookupError):
            pass
    return data.decode("cp1252", errors="replace"), "cp1252 (with replacements)"


_C1_CONTROLS = re.compile("[\x80-\x9f]")
_WESTERN_PUNCTUATION = set("‘’‚“”„–—…•€™©®°±§¶·«»¿¡\xa0†‡‰‹›ˆ˜¢£¥¤¦¨ª¬¯²³´µ¸¹º¼½¾×÷")


def _plausibly_western(text: str) -> bool:
    letters = non_ascii_letters = 0
    last = len(text) - 1
    for i, ch in enumerate(text):
        if ch.isascii():
            letters += ch.isalpha()
        elif ch.isalpha() and ord(ch) < 0x250:
            letters += 1
            non_ascii_letters += 1
        elif ch not in _WESTERN_PUNCTUATION:
            return False
        elif 0 < i < last and text[i - 1].isalpha() and text[i + 1].isalpha() and ch not in "’‘·–":
            return False  # a symbol inside a word is a letter of another code page
    return letters > 0 and non_ascii_letters / letters < 0.3


def _declared_charset(data: bytes) -> str | None:
    match = _DECLARED_CHARSET.search(data[:8192])
    return _usable_label(match.group(1)) if match else None


def _usable_label(raw: bytes) -> str | None:
    label = raw.decode("ascii", "ignore").strip().lower()
    label = _WEB_ALIASES.get(label, label)
    try:
        codecs.lookup(label)
    except LookupError:
        return None
    return label


def _codec_name(label: str) -> str:
    try:
        return codecs.lookup(label).name
    except LookupError:
        return label


def _looks_binary(text: str) -> bool:
    sample = text[:8192]
    if not sample:
        return False
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\n\r\f\v")
    return controls / len(sample) > 0.05


def _tidy(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_page(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Page:
    """Read and decode one page file."""
    path = Path(path)
    if is_warc(path):
        raise UnreadableFile("a WARC file holds many pages, not one: `broadsheet import` reads its pages")
    data = read_bytes(path, max_bytes)
    return page_from_bytes(data, path)


def page_from_bytes(data: bytes, path: Path | str) -> Page:
    """Decode a page's bytes. `path` may be a WARC record's source string (`indexer.warc`): pass
    it as text, since Path() would fold the "//" of its URL."""
    kind = kind_of(path, data)
    record = parse_source(str(path))
    text, encoding = decode(data, kind, record.charset if record else None)
    return Page(text=text, kind=kind, path=str(path), encoding=encoding)
