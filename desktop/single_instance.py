"""One Broadsheet window per archive: a second launch hands its files to the first and exits.

Explorer's "Open with Broadsheet", a shortcut dropped onto, or `broadsheet page.html` typed while
the app is already open all start a new process. That process offers its paths to the running
one over a local socket (a named pipe on Windows, a Unix socket elsewhere, reachable by the same
user only) and quits once they are acknowledged; the running app imports them.

On macOS, Finder never starts a second copy of an app: it sends the running one an "open
documents" event, which Qt delivers as a QFileOpenEvent to the application object, also at
first launch when the app was started by opening a file. `watch_file_open_events()` turns those
events into the same `pathsReceived` signal, so the app handles every route in one slot.

    app = make_application()
    instance = SingleInstance(SingleInstance.name_for(archive_home))
    if instance.handoff_or_listen(paths):
        return 0                          # the running Broadsheet took the paths
    instance.watch_file_open_events(app)
    instance.pathsReceived.connect(window.import_paths)   # before app.exec()
    app.aboutToQuit.connect(instance.close)

Both routes deliver only while the event loop runs, so nothing is lost if the slot is
connected before `app.exec()`.

Wire format: one line of JSON, `{"paths": [...]}`, answered by `ok`. Which process is the
primary is decided by a lock file (QLockFile, freed by the OS if the primary crashes), not by
the socket alone, because on Windows two servers may listen on the same pipe name.
"""

from __future__ import annotations

import getpass
import hashlib
import json
import logging
import os
import time
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QDir, QEvent, QLockFile, QObject, QTimer, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

log = logging.getLogger(__name__)

MAX_MESSAGE_BYTES = 4 * 1024 * 1024  # a few thousand paths; anything larger is not one of ours
ACK = b"ok\n"
FILE_OPEN_BATCH_MS = 100  # Finder sends one event per file; gather a multi-file open into one list


class SingleInstance(QObject):
    """The primary instance's listener, and a client for handing paths to it.

    Signals:
        pathsReceived(list): absolute paths (str) to import, from a second launch or from
            Finder. An empty list means "bring the window to the front", nothing to import.
    """

    pathsReceived = Signal(list)

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self._server: QLocalServer | None = None
        self._lock = QLockFile(QDir(QDir.tempPath()).filePath(f"{name}.lock"))
        self._lock.setStaleLockTime(0)  # stale only when its process is gone, never by age
        self._buffers: dict[QLocalSocket, bytearray] = {}
        self._opened: list[str] = []
        self._open_timer = QTimer(self, singleShot=True, interval=FILE_OPEN_BATCH_MS)
        self._open_timer.timeout.connect(self._flush_opened)

    @staticmethod
    def name_for(home: Path | str) -> str:
        """The socket name for one user's archive: two archives may be open at once, and on a
        shared machine two users' instances never meet."""
        try:
            user = getpass.getuser()
        except Exception:  # no user name (some containers): the home path still separates
            user = ""
        digest = hashlib.sha256(f"{user}\0{os.path.abspath(home)}".encode()).hexdigest()[:16]
        return f"broadsheet-{digest}"

    # -- the second launch ---------------------------------------------------------------------

    def send(self, paths: Sequence[str | os.PathLike[str]], timeout_ms: int = 5000) -> bool:
        """Offer paths to a running instance; True once it acknowledged them. Blocking."""
        socket = QLocalSocket()
        socket.connectToServer(self.name)
        if not socket.waitForConnected(min(timeout_ms, 1000)):
            return False
        message = json.dumps({"paths": [os.path.abspath(os.fspath(p)) for p in paths]}).encode() + b"\n"
        socket.write(message)
        # Blocking sockets must flush explicitly: waitForReadyRead() alone leaves Qt unaware of
        # the answer while the request is still buffered.
        if not socket.waitForBytesWritten(timeout_ms):
            socket.abort()
            return False
        answer = b""
        while not answer.endswith(b"\n") and len(answer) < len(ACK):
            if not socket.bytesAvailable():
                connected = socket.state() == QLocalSocket.LocalSocketState.ConnectedState
                if not connected or not socket.waitForReadyRead(timeout_ms):
                    break
            answer += bytes(socket.readAll().data())
        socket.abort()
        return answer == ACK

    def handoff_or_listen(self, paths: Sequence[str | os.PathLike[str]], timeout_ms: int = 5000) -> bool:
        """True when a running instance took the paths (this launch should exit); False when
        this process is now the primary, or could be neither and should run on its own."""
        if self.send(paths, timeout_ms):
            return True
        if self.listen():
            return False
        # Another launch holds the lock but is not listening yet: it is starting up right now.
        deadline = time.monotonic() + timeout_ms / 1000
        while time.monotonic() < deadline:
            if self.send(paths, timeout_ms):
                return True
            time.sleep(0.05)
        log.warning("another Broadsheet holds %s but does not answer; running on its own", self.name)
        return False

    # -- the primary ---------------------------------------------------------------------------

    def listen(self) -> bool:
        """Become the primary instance; False if a live one already is (or the socket fails).

        Needs the QApplication: the server is served by its event loop. (`send` does not, so a
        second launch may hand off before creating one.)"""
        if self._server is not None:
            return True
        if QCoreApplication.instance() is None:
            raise RuntimeError("create the QApplication before SingleInstance.listen()")
        if not self._lock.tryLock(0):
            return False
        # We hold the lock, so a socket file left under this name belongs to a crashed primary.
        QLocalServer.removeServer(self.name)
        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        if not server.listen(self.name):
            log.warning("cannot listen on %s: %s", self.name, server.errorString())
            self._lock.unlock()
            server.deleteLater()
            return False
        server.newConnection.connect(self._accept)
        self._server = server
        return True

    def is_listening(self) -> bool:
        return self._server is not None and self._server.isListening()

    def close(self) -> None:
        """Stop answering (the app is quitting); a later launch becomes the primary."""
        if self._server is not None:
            self._server.close()
            self._server.deleteLater()
            self._server = None
            self._lock.unlock()
        for socket in list(self._buffers):
            socket.abort()
        self._buffers.clear()

    def _accept(self) -> None:
        while self._server is not None and self._server.hasPendingConnections():
            socket = self._server.nextPendingConnection()
            self._buffers[socket] = bytearray()
            socket.readyRead.connect(lambda s=socket: self._read(s))
            socket.disconnected.connect(lambda s=socket: self._forget(s))
            if socket.bytesAvailable():
                self._read(socket)

    def _read(self, socket: QLocalSocket) -> None:
        buffer = self._buffers.get(socket)
        if buffer is None:
            return
        buffer += bytes(socket.readAll().data())
        if len(buffer) > MAX_MESSAGE_BYTES:
            log.warning("dropped an oversized message on %s", self.name)
            socket.abort()
            return
        if not buffer.endswith(b"\n"):
            return  # the rest is still on its way
        paths = _parse(bytes(buffer))
        if paths is None:
            log.warning("dropped a malformed message on %s", self.name)
            socket.abort()
            return
        # The client hangs up once it has read this; closing first could lose the answer.
        socket.write(ACK)
        socket.flush()
        self.pathsReceived.emit(paths)

    def _forget(self, socket: QLocalSocket) -> None:
        self._buffers.pop(socket, None)
        socket.deleteLater()

    # -- macOS: Finder's "open documents" ------------------------------------------------------

    def watch_file_open_events(self, app: QCoreApplication) -> None:
        """Deliver QFileOpenEvents (Finder, Dock drops) as pathsReceived; harmless elsewhere."""
        app.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.FileOpen:
            path = event.file() or event.url().toLocalFile()  # type: ignore[attr-defined]
            if path:
                self._opened.append(path)
                self._open_timer.start()
            return True
        return super().eventFilter(watched, event)

    def _flush_opened(self) -> None:
        opened, self._opened = self._opened, []
        if opened:
            self.pathsReceived.emit(opened)


def _parse(data: bytes) -> list[str] | None:
    """The paths of one message, or None when it is not a message of ours."""
    try:
        message = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None
    paths = message.get("paths") if isinstance(message, dict) else None
    if not isinstance(paths, list) or not all(isinstance(p, str) and p for p in paths):
        return None
    return paths
