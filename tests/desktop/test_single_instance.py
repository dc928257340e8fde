"""A second launch hands its files to the running Broadsheet; Finder's open events do the same."""

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QDir, QUrl
from PySide6.QtGui import QFileOpenEvent

from desktop.single_instance import SingleInstance

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def name():
    return f"broadsheet-test-{uuid.uuid4().hex[:12]}"


@pytest.fixture
def primary(qtbot, name):
    instance = SingleInstance(name)
    assert instance.listen()
    yield instance
    instance.close()


def send_from_another_process(name, paths, cwd, handoff=False):
    """The second launch, as in real life: another process. (A thread would not do: the
    blocking socket calls keep Python's GIL, so the primary could not answer meanwhile.)"""
    method = "handoff_or_listen" if handoff else "send"
    code = (
        "import sys; from desktop.single_instance import SingleInstance; "
        f"sys.exit(0 if SingleInstance({name!r}).{method}({[str(p) for p in paths]!r}) else 1)"
    )
    return subprocess.Popen([sys.executable, "-c", code], cwd=cwd, env=dict(os.environ, PYTHONPATH=str(ROOT)))


def test_send_without_a_running_instance_fails_fast(name):
    assert SingleInstance(name).send(["/tmp/a.txt"]) is False


def test_paths_reach_the_running_instance_as_absolute_paths(qtbot, primary, tmp_path):
    with qtbot.waitSignal(primary.pathsReceived, timeout=20000) as signal:
        process = send_from_another_process(primary.name, ["page one.html", tmp_path / "b.txt"], tmp_path)
    assert process.wait(20) == 0  # the sender saw the acknowledgement
    assert signal.args[0] == [str(tmp_path / "page one.html"), str(tmp_path / "b.txt")]


def test_second_launch_hands_off_instead_of_starting(qtbot, primary, tmp_path):
    with qtbot.waitSignal(primary.pathsReceived, timeout=20000) as signal:
        process = send_from_another_process(primary.name, ["café.txt"], tmp_path, handoff=True)
    assert process.wait(20) == 0
    assert signal.args[0] == [str(tmp_path / "café.txt")]


def test_listening_without_an_application_is_refused_plainly(tmp_path):
    code = (
        "from desktop.single_instance import SingleInstance\n"
        "try:\n    SingleInstance('broadsheet-test-noapp').listen()\n"
        "except RuntimeError as error:\n    print(error)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=60,
                            env=dict(os.environ, PYTHONPATH=str(ROOT)))  # fmt: skip
    assert "create the QApplication" in result.stdout


def test_only_one_primary_while_it_lives(primary):
    second = SingleInstance(primary.name)
    assert second.listen() is False
    primary.close()
    assert second.listen() is True
    second.close()


def test_a_crashed_primary_does_not_block_the_next_launch(name):
    """A killed primary leaves its socket file behind (Unix); the lock tells it is stale."""
    if sys.platform == "win32":
        pytest.skip("named pipes vanish with their process")
    import socket

    leftover = socket.socket(socket.AF_UNIX)
    leftover.bind(QDir(QDir.tempPath()).filePath(name))
    leftover.close()  # closed without unlinking: what a crash leaves
    instance = SingleInstance(name)
    try:
        assert instance.listen() is True
    finally:
        instance.close()


def test_garbage_is_dropped_and_the_primary_keeps_answering(qtbot, primary, tmp_path):
    if sys.platform == "win32":
        pytest.skip("writes to the Unix socket directly")
    import socket

    received = []
    primary.pathsReceived.connect(received.append)
    client = socket.socket(socket.AF_UNIX)
    client.connect(QDir(QDir.tempPath()).filePath(primary.name))
    client.sendall(b'{"paths": "not a list"}\n')
    client.settimeout(0.05)
    answer = None

    def hung_up():
        nonlocal answer
        try:
            answer = client.recv(16)
            return True
        except TimeoutError:
            return False

    qtbot.waitUntil(hung_up, timeout=5000)
    client.close()
    assert answer == b"" and received == []  # no acknowledgement, no import
    with qtbot.waitSignal(primary.pathsReceived, timeout=20000) as signal:
        process = send_from_another_process(primary.name, ["ok.txt"], tmp_path)
    assert process.wait(20) == 0 and signal.args[0] == [str(tmp_path / "ok.txt")]


def test_finder_open_events_arrive_as_one_batch(qtbot, name):
    instance = SingleInstance(name)
    app = QCoreApplication.instance()
    instance.watch_file_open_events(app)
    try:
        with qtbot.waitSignal(instance.pathsReceived, timeout=2000) as signal:
            QCoreApplication.sendEvent(app, QFileOpenEvent("/docs/a.txt"))
            QCoreApplication.sendEvent(app, QFileOpenEvent(QUrl.fromLocalFile("/docs/b.html")))
        assert signal.args[0] == ["/docs/a.txt", "/docs/b.html"]
    finally:
        app.removeEventFilter(instance)


def test_each_archive_has_its_own_name(tmp_path):
    one, two = SingleInstance.name_for(tmp_path / "one"), SingleInstance.name_for(tmp_path / "two")
    assert one != two and one == SingleInstance.name_for(tmp_path / "one")
    assert len(one) < 40  # Unix socket paths are short (104 bytes on macOS, with $TMPDIR)


RACER = """
import sys
from PySide6.QtCore import QCoreApplication, QTimer
from desktop.single_instance import SingleInstance

app = QCoreApplication([])
instance = SingleInstance(sys.argv[1])
if instance.handoff_or_listen([sys.argv[2]]):
    print("handed off", flush=True)
    sys.exit(0)
print("primary", flush=True)
instance.pathsReceived.connect(lambda paths: (print("received", *paths, flush=True), app.quit()))
QTimer.singleShot(15000, app.quit)
app.exec()
instance.close()
"""


def test_two_launches_at_once_end_with_one_window(name, tmp_path):
    """Explorer opens one process per selected file, all at the same moment: exactly one must
    become the primary and receive the others' files."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    racers = [
        subprocess.Popen([sys.executable, "-c", RACER, name, f"page{i}.html"], cwd=tmp_path, env=env,
                         stdout=subprocess.PIPE, text=True)  # fmt: skip
        for i in (1, 2)
    ]
    outputs = [racer.communicate(timeout=60)[0].split("\n") for racer in racers]
    assert all(racer.returncode == 0 for racer in racers)
    roles = sorted(output[0] for output in outputs)
    assert roles == ["handed off", "primary"], outputs
    primary_output = next(output for output in outputs if output[0] == "primary")
    assert primary_output[1].startswith("received ") and primary_output[1].endswith(".html")
