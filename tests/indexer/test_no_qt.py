"""The core never imports Qt: the command line and scripts must work without a display."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_importing_every_core_module_loads_no_qt():
    modules = sorted(
        ".".join(p.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        for p in (ROOT / "indexer").rglob("*.py")
        if p.name != "__main__.py"
    )
    code = "import sys\n" + "".join(f"import {m}\n" for m in modules) + (
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'PyQt5', 'PyQt6', 'shiboken6'))\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert result.stdout.strip() == "", f"indexer imported Qt: {result.stdout}"
    assert len(modules) > 10


def test_no_core_source_mentions_a_qt_import():
    offenders = [
        str(p) for p in (ROOT / "indexer").rglob("*.py")
        if any(line.lstrip().startswith(("import PySide", "from PySide", "import PyQt", "from PyQt"))
               for line in p.read_text(encoding="utf-8").splitlines())
    ]
    assert offenders == []


def test_cli_subcommands_do_not_load_qt(tmp_path):
    code = (
        "import sys; from desktop.launch import main\n"
        f"rc = main(['--home', r'{tmp_path}', 'stats', '--json'])\n"
        "assert rc == 0\n"
        "print(any(m.startswith('PySide6') for m in sys.modules))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert result.stdout.strip().splitlines()[-1] == "False"
