"""Which command starts mockllm."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from pytest_mockllm.command import mockllm_command


def test_mockllm_bin_wins_and_is_split_like_a_shell_would(tmp_path: Path) -> None:
    assert mockllm_command(tmp_path, {"MOCKLLM_BIN": "node '/opt/my tools/main.js'"}) == ["node", "/opt/my tools/main.js"]


@pytest.mark.skipif(os.name == "nt", reason="SKIPPED: POSIX bin name")
def test_node_modules_bin_is_found_upward_from_the_rootdir(tmp_path: Path) -> None:
    bin_dir = tmp_path / "node_modules" / ".bin"
    bin_dir.mkdir(parents=True)
    (bin_dir / "mockllm").write_text("")
    rootdir = tmp_path / "services" / "python-api"
    rootdir.mkdir(parents=True)
    assert mockllm_command(rootdir, {}) == [str(bin_dir / "mockllm")]


def test_npx_without_install_is_the_last_resort(tmp_path: Path) -> None:
    assert mockllm_command(tmp_path, {}) == ["npx", "--no-install", "mockllm"]
