"""The GitHub Actions workflows: valid for actionlint, pinned and least-privilege."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from conftest import ROOT

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
ACTIONLINT = shutil.which("actionlint") or str(Path(sys.executable).parent / "actionlint")


def run_actionlint(*paths):
    return subprocess.run([ACTIONLINT, "-no-color", *map(str, paths)], capture_output=True, text=True)


def test_actionlint_accepts_the_workflows_and_rejects_a_broken_one(tmp_path):
    assert WORKFLOWS
    result = run_actionlint(*WORKFLOWS)
    assert result.returncode == 0, result.stdout + result.stderr
    broken = tmp_path / "broken.yml"
    broken.write_text(WORKFLOWS[0].read_text().replace("runs-on: ubuntu-latest", "runs-on: ubuntu-latest\n    steps: 3", 1))
    assert run_actionlint(broken).returncode != 0


def test_every_action_is_pinned_to_a_commit():
    for path in WORKFLOWS:
        for line in path.read_text().splitlines():
            if "uses:" in line:
                assert re.search(r"uses: [\w.-]+/[\w./-]+@[0-9a-f]{40} # v\d", line), f"{path.name}: {line.strip()}"


def test_least_privilege_and_concurrency():
    flow = yaml.safe_load((ROOT / ".github" / "workflows" / "situs.yml").read_text())
    assert flow["permissions"] == {"contents": "read"}
    assert "group" in flow["concurrency"]
    deploy = flow["jobs"]["deploy"]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert "pull_request" in deploy["if"] and deploy["needs"] == "build"
    steps = flow["jobs"]["build"]["steps"]
    runs = [s.get("run", "") for s in steps]
    assert "invoke check --format github" in runs and "invoke publish" in runs and "invoke test" in runs
    upload = next(s for s in steps if "upload-pages-artifact" in s.get("uses", ""))
    assert upload["if"] == "github.event_name != 'pull_request'" and upload["with"]["path"] == "output"
