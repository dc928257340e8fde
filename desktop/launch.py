"""The `broadsheet` command: subcommands go to the command line, anything else opens the window.

Qt is imported only when the window is wanted, so command-line use stays light and works on
machines without a display.
"""

from __future__ import annotations

import sys

from indexer.cli import SUBCOMMANDS


_VALUE_OPTIONS = ("--home", "--engine")


def wants_cli(argv: list[str]) -> bool:
    """True when the arguments name a subcommand (or ask for help), wherever global options stand."""
    skip = False
    for arg in argv:
        if skip:
            skip = False
        elif arg in _VALUE_OPTIONS:
            skip = True
        elif arg in ("-h", "--help", "--version"):
            return True
        elif not arg.startswith("-"):
            return arg in SUBCOMMANDS
    return False


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if wants_cli(argv):
        from indexer.cli import main as cli_main

        return cli_main(argv)
    return gui_main(argv)


def gui_main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    from desktop.app import run_app

    return run_app(argv)


if __name__ == "__main__":
    sys.exit(main())
