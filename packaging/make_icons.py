"""Render every app icon file from the one source, resources/icons/broadsheet.svg.

    python packaging/make_icons.py

Writes, beside the SVG: broadsheet-<size>.png (the window icon set), broadsheet.ico (Windows:
executable, installer, shortcuts) and broadsheet.icns (the macOS bundle). The outputs are
committed, so neither the app nor CI needs this script; run it after editing the SVG.

Each size is rendered from the vector source by Qt's SVG renderer (QtSvg ships with
PySide6-Essentials) rather than scaled down from one large bitmap, so the small sizes stay sharp.
Pillow writes the ICO and ICNS containers; it is a build-time tool only (the `packaging`
optional-dependency group in pyproject.toml), never a runtime dependency.
"""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

ICONS = Path(__file__).resolve().parent.parent / "resources" / "icons"
SOURCE = ICONS / "broadsheet.svg"
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)  # 256 is the largest Windows reads from an .ico
ICNS_SIZES = (16, 32, 64, 128, 256, 512, 1024)  # 1024 is 512@2x for Retina Finder views


def render(size: int):
    """The SVG rendered to a size x size Pillow image (RGBA)."""
    from PIL import Image
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(SOURCE))
    if not renderer.isValid():
        raise SystemExit(f"{SOURCE} is not a valid SVG")
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return Image.open(io.BytesIO(bytes(data))).convert("RGBA")


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841 - QPainter needs it
    images = {size: render(size) for size in sorted(set(PNG_SIZES + ICO_SIZES + ICNS_SIZES))}

    for size in PNG_SIZES:
        images[size].save(ICONS / f"broadsheet-{size}.png", optimize=True)
    largest_ico = max(ICO_SIZES)
    images[largest_ico].save(
        ICONS / "broadsheet.ico",
        format="ICO",
        sizes=[(s, s) for s in ICO_SIZES],
        append_images=[images[s] for s in ICO_SIZES if s != largest_ico],
    )
    largest_icns = max(ICNS_SIZES)
    images[largest_icns].save(
        ICONS / "broadsheet.icns",
        format="ICNS",
        append_images=[images[s] for s in ICNS_SIZES if s != largest_icns],
    )
    for path in sorted(ICONS.glob("broadsheet*")):
        print(f"{path.relative_to(ICONS.parent.parent)}  {path.stat().st_size:>7} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
