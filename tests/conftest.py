"""Shared fixtures: run the real `invoke` commands on real content folders."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parent.parent
# Builds under test keep Pelican's content cache apart from the developer's
# (and from another test run going on at the same time).
os.environ.setdefault("PORTAL_CACHE_PATH", tempfile.mkdtemp(prefix="portal-test-cache-"))
FIXTURE_SITE = ROOT / "tests" / "fixtures" / "site"
sys.path.insert(0, str(ROOT / "plugins"))


def invoke(*args: str, cwd: Path = ROOT, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run `invoke ARGS` as a user would; returns the finished process."""
    return subprocess.run(
        [sys.executable, "-m", "invoke", *args],
        cwd=cwd, capture_output=True, text=True, timeout=300,
        env={**os.environ, **(env or {})},
    )


def html(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


@pytest.fixture
def site(tmp_path) -> Path:
    """A copy of the small valid fixture site, to break in one place per test."""
    target = tmp_path / "content"
    shutil.copytree(FIXTURE_SITE, target)
    return target


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> Path:
    """The real content/ built once into a temporary folder."""
    out = tmp_path_factory.mktemp("built") / "output"
    result = invoke("build", "--output", str(out))
    assert result.returncode == 0, result.stderr
    return out
