"""The release workflow: pinned runners and actions, every platform checked before it ships.

Read as text (no YAML parser among the test dependencies); GitHub validates the syntax itself.
"""

import re

from tests.packaging.conftest import PACKAGING

WORKFLOW = (PACKAGING.parent / ".github" / "workflows" / "release.yml").read_text(encoding="utf-8")


def test_runs_on_version_tags():
    assert re.search(r'push:\s*\n\s*tags: \["v\*"\]', WORKFLOW)


def test_runner_images_and_actions_are_pinned():
    runners = re.findall(r"^\s*os: (\S+)$", WORKFLOW, re.MULTILINE)
    assert set(runners) == {"windows-2022", "macos-14", "macos-15-intel"}
    assert "latest" not in "".join(re.findall(r"runs-on: (\S+)", WORKFLOW))
    actions = re.findall(r"uses: (\S+)", WORKFLOW)
    assert actions, "no actions found"
    for action in actions:
        assert re.fullmatch(r"[\w.-]+/[\w.-]+@v\d+\.\d+\.\d+", action), f"{action} is not pinned to a release"


def test_every_build_is_checked_before_upload():
    steps = WORKFLOW.split("uses: actions/upload-artifact", 1)[0]
    for needed in ("--check-bundle", "--smoke-test", "measure_startup.py", "makensis", "make_dmg.sh",
                   'python-version: "3.11"', "QT_QPA_PLATFORM: offscreen"):  # fmt: skip
        assert needed in steps, needed


def test_signing_secrets_reach_only_the_disk_image_step():
    for secret in ("MACOS_CERTIFICATE", "APPLE_APP_PASSWORD"):
        uses = [line for line in WORKFLOW.splitlines() if f"secrets.{secret} }}}}" in line]
        assert len(uses) == 1, secret
