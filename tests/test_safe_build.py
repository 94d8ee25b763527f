"""safe_build swaps a finished build in, and refuses one that logged an error."""

from __future__ import annotations

import logging
import time
from types import SimpleNamespace

import pytest

import safe_build


def fake_pelican(output):
    return SimpleNamespace(output_path=str(output), settings={"OUTPUT_PATH": str(output)})


def test_a_clean_build_replaces_the_output(tmp_path):
    out = tmp_path / "output"
    out.mkdir()
    (out / "old.html").write_text("lama")
    pelican = fake_pelican(out)
    safe_build.start(pelican)
    staging = pelican.output_path
    assert staging != str(out)
    (tmp_path / staging).mkdir()
    (tmp_path / staging / "new.html").write_text("baru")
    safe_build.finish(pelican)
    assert sorted(p.name for p in out.iterdir()) == ["new.html"]
    # The previous site is removed in the background, soon.
    deadline = time.monotonic() + 30
    while sorted(p.name for p in tmp_path.iterdir()) != ["output"] and time.monotonic() < deadline:
        time.sleep(0.05)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["output"]


def test_a_previous_site_left_half_removed_is_cleared_by_the_next_build(tmp_path):
    out = tmp_path / "output"
    stale = tmp_path / ".output.staging-99999.old"
    stale.mkdir()
    (stale / "page.html").write_text("lama")
    pelican = fake_pelican(out)
    safe_build.start(pelican)
    deadline = time.monotonic() + 30
    while stale.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not stale.exists()


def test_any_error_logged_during_the_build_keeps_the_old_output(tmp_path):
    """Errors from anywhere (Pelican, a plugin, a template) count, not only ours."""
    out = tmp_path / "output"
    out.mkdir()
    (out / "old.html").write_text("lama")
    pelican = fake_pelican(out)
    safe_build.start(pelican)
    (tmp_path / pelican.output_path).mkdir()
    (tmp_path / pelican.output_path / "half.html").write_text("setengah")
    logging.getLogger("pelican.writers").error("Could not write half.html")
    with pytest.raises(safe_build.BuildFailed, match="1 galat dicatat selama build"):
        safe_build.finish(pelican)
    assert sorted(p.name for p in out.iterdir()) == ["old.html"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["output"]
