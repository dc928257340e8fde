"""Broadsheet's desktop app: a thin PySide6 layer over `indexer.archive`."""
