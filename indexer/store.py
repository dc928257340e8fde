"""The originals, byte-for-byte, content-addressed by SHA-256 and never altered.

A page is written to a temporary file, flushed to disk and renamed into place, so a crash leaves
either the whole file or nothing under its final name. File names are hashes: nothing a page or
its name says can steer where it is written.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterator
from pathlib import Path

_HEX_ID = re.compile(r"[0-9a-f]{64}")


def content_id(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class Store:
    """originals/ab/<sha256>: one file per distinct page."""

    def __init__(self, root: Path) -> None:
        self.root = root
        root.mkdir(parents=True, exist_ok=True)

    def path_for(self, doc_id: str) -> Path:
        if not _HEX_ID.fullmatch(doc_id):
            raise ValueError(f"not a document id: {doc_id!r}")
        return self.root / doc_id[:2] / doc_id

    def has(self, doc_id: str) -> bool:
        return self.path_for(doc_id).is_file()

    def put(self, data: bytes, *, doc_id: str | None = None, durable: bool = True) -> str:
        """Keep data; return its id. Putting the same bytes again is a no-op.

        `doc_id` saves hashing again when the caller has just hashed the same bytes.
        """
        doc_id = doc_id or content_id(data)
        final = self.path_for(doc_id)
        if final.is_file() and final.stat().st_size == len(data):
            return doc_id
        final.parent.mkdir(parents=True, exist_ok=True)
        # One writer at a time holds the archive, so a name derived from the id cannot clash.
        temp = final.parent / f".incoming-{doc_id}"
        try:
            with open(temp, "wb") as handle:
                handle.write(data)
                if durable:
                    handle.flush()
                    os.fsync(handle.fileno())
            os.chmod(temp, 0o444)  # originals are read-only: nothing should ever edit them
            os.replace(temp, final)
        except BaseException:
            temp.unlink(missing_ok=True)
            raise
        return doc_id

    def put_many(self, pages: list[tuple[str, bytes]]) -> None:
        """Keep several (id, bytes) pages durably: each file flushed, then the folders they entered."""
        for doc_id, data in pages:
            self.put(data, doc_id=doc_id)
        _sync_folders({self.path_for(doc_id).parent for doc_id, _ in pages})

    def sync(self) -> None:
        """Flush the folder entries of new originals (a no-op where the system cannot)."""
        if os.name == "nt":
            return
        for folder in [self.root, *self.root.iterdir()]:
            if folder.is_dir():
                fd = os.open(folder, os.O_RDONLY)
                try:
                    os.fsync(fd)
                finally:
                    os.close(fd)

    def get(self, doc_id: str) -> bytes:
        return self.path_for(doc_id).read_bytes()

    def verify(self, doc_id: str) -> bool:
        path = self.path_for(doc_id)
        if not path.is_file():
            return False
        digest = hashlib.sha256()
        with open(path, "rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                digest.update(chunk)
        return digest.hexdigest() == doc_id

    def ids(self) -> Iterator[str]:
        for folder in sorted(self.root.iterdir()):
            if folder.is_dir():
                for path in sorted(folder.iterdir()):
                    if _HEX_ID.fullmatch(path.name):
                        yield path.name

    def remove_leftovers(self) -> int:
        """Delete temporary files a crash left behind; return how many."""
        count = 0
        for temp in self.root.glob("*/.incoming-*"):
            temp.unlink(missing_ok=True)
            count += 1
        return count


def _sync_folders(folders) -> None:
    """Make renames into these folders durable (POSIX; Windows has no folder fsync)."""
    if os.name == "nt":
        return
    for folder in folders:
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
