"""`python -m indexer …`: the command line alone, without the desktop app."""

import sys

from indexer.cli import main

sys.exit(main())
