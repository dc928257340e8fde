"""Broadsheet's desktop app: a thin PySide6 layer over `indexer.archive`."""

import sys


def _keep_none_alive() -> None:
    """Work around PySide6 6.12 on CPython 3.11, where every call of a Qt method that returns
    nothing hands back None without taking a reference to it.

    On Python 3.12+ None is immortal and the slip is harmless. On 3.11 each such call (a
    setText, a setEnabled, each paint) takes one reference from None, and a long session
    eventually brings its count to zero: the interpreter then aborts with "deallocating None".
    None is never freed anyway, so giving it a count no session can exhaust changes nothing else.
    """
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython" or hasattr(sys, "gettotalrefcount"):
        return  # immortal None, another interpreter, or a debug build (whose object header differs)
    import ctypes

    ctypes.c_ssize_t.from_address(id(None)).value += 1 << 40


_keep_none_alive()
