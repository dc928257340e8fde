"""The committed icon files: every size each system asks for, all present and well formed.

They are rendered from resources/icons/broadsheet.svg by packaging/make_icons.py; the app loads
the PNGs as its window icon, the spec puts the ICO/ICNS into the executables and the bundle.
"""

import struct

import pytest

from resources import ICONS

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == PNG_MAGIC
    return struct.unpack(">II", data[16:24])


@pytest.mark.parametrize("size", [16, 24, 32, 48, 64, 128, 256, 512])
def test_window_icon_pngs_have_the_size_they_are_named_for(size):
    assert png_size((ICONS / f"broadsheet-{size}.png").read_bytes()) == (size, size)


def test_ico_holds_every_windows_size():
    data = (ICONS / "broadsheet.ico").read_bytes()
    reserved, kind, count = struct.unpack("<HHH", data[:6])
    assert (reserved, kind) == (0, 1)
    sizes = set()
    for i in range(count):
        width, height, _, _, _, _, length, offset = struct.unpack("<BBBBHHII", data[6 + 16 * i : 22 + 16 * i])
        assert offset + length <= len(data)
        sizes.add((width or 256, height or 256))  # 0 means 256 in an ICO directory
    assert {(s, s) for s in (16, 32, 48, 256)} <= sizes


def test_icns_holds_the_retina_sizes():
    data = (ICONS / "broadsheet.icns").read_bytes()
    magic, total = struct.unpack(">4sI", data[:8])
    assert magic == b"icns" and total == len(data)
    found, offset = {}, 8
    while offset < total:
        kind, length = struct.unpack(">4sI", data[offset : offset + 8])
        found[kind] = data[offset + 8 : offset + length]
        offset += length
    # ic10 is 1024x1024 (512@2x), ic07 128x128: Finder's largest view and the Dock.
    assert png_size(found[b"ic10"]) == (1024, 1024)
    assert png_size(found[b"ic07"]) == (128, 128)


def test_svg_source_is_there_and_square():
    text = (ICONS / "broadsheet.svg").read_text(encoding="utf-8")
    assert 'viewBox="0 0 256 256"' in text


@pytest.mark.parametrize("size", [16, 64, 256])
def test_committed_pngs_are_renders_of_the_current_svg(qapp, size):
    """Edit the SVG, forget `python packaging/make_icons.py`, and this fails. Rendered here by
    the same Qt renderer; a small tolerance absorbs antialiasing differences between Qt versions."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    rendered = QImage(size, size, QImage.Format.Format_ARGB32)
    rendered.fill(Qt.GlobalColor.transparent)
    painter = QPainter(rendered)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    QSvgRenderer(str(ICONS / "broadsheet.svg")).render(painter)
    painter.end()
    committed = QImage(str(ICONS / f"broadsheet-{size}.png")).convertToFormat(QImage.Format.Format_ARGB32)
    differing = 0
    for y in range(size):
        for x in range(size):
            a, b = rendered.pixelColor(x, y), committed.pixelColor(x, y)
            if max(abs(a.red() - b.red()), abs(a.green() - b.green()), abs(a.blue() - b.blue()),
                   abs(a.alpha() - b.alpha())) > 24:  # fmt: skip
                differing += 1
    assert differing <= size * size * 0.01, f"{differing} of {size * size} pixels differ: rerun make_icons.py"
