"""How long re-cleaning takes: `Archive.reclean` on an archive of --pages generated news-like
pages (`write_pages` of `tests/reliability/killing.py`), imported first; prints the seconds.

    .venv/bin/python benchmarks/reclean_speed.py --pages 5 400 2000

To compare with an older version of the code, unpack it elsewhere and put it first on the path:
`git archive <commit> indexer tests | tar -x -C /tmp/old` and run this file with
`PYTHONPATH=/tmp/old` (the archive is imported by the version measured too).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, nargs="+", default=[5, 400, 2000])
    args = parser.parse_args()
    sys.path.append(str(ROOT))  # after PYTHONPATH: an older version put there is the one measured

    import indexer
    from indexer.archive import Archive
    from tests.reliability.killing import write_pages

    for count in args.pages:
        with tempfile.TemporaryDirectory() as tmp:
            write_pages(Path(tmp) / "drop", count)
            with Archive.open(Path(tmp) / "home") as archive:
                archive.import_paths([Path(tmp) / "drop"])
                started = time.perf_counter()
                result = archive.reclean()
                took = time.perf_counter() - started
        said = result.summary() if hasattr(result, "summary") else f"{result} pages"
        print(f"{count:>6} pages: re-clean {took:.2f} s ({said}) [{Path(indexer.__file__).parent}]", flush=True)


if __name__ == "__main__":  # worker processes started by a fork server import this file again
    main()
