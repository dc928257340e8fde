"""Files shipped with Broadsheet: the bundled sample archive and the icons."""

from pathlib import Path

RESOURCES = Path(__file__).resolve().parent
SAMPLE_ARCHIVE = RESOURCES / "sample_archive"
ICONS = RESOURCES / "icons"


def sample_pages() -> list[Path]:
    """The five scraped pages of one story, told by five outlets."""
    return sorted(p for p in SAMPLE_ARCHIVE.iterdir() if p.suffix in (".txt", ".html", ".htm"))
