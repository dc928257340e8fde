"""Broadsheet's core: reading, cleaning, metadata, catalog, index and command line — no Qt here.

Everything the desktop app shows is reachable through `indexer.archive.Archive`.
"""

import logging

__version__ = "0.1.0"

# A library never configures logging; the CLI and the app do.
logging.getLogger(__name__).addHandler(logging.NullHandler())
