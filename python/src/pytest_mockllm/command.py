"""Which command starts mockllm: ``MOCKLLM_BIN``, else the project's ``node_modules/.bin/mockllm``, else npx."""
from __future__ import annotations

import os
import shlex
from pathlib import Path
from typing import List, Mapping


def mockllm_command(rootdir: Path, env: Mapping[str, str]) -> List[str]:
    """The argv prefix that runs the mockllm CLI.

    1. ``MOCKLLM_BIN`` (split like a shell would: ``"node /path/to/dist/cli/main.js"`` works);
    2. ``node_modules/.bin/mockllm`` in the rootdir or the nearest parent that has one (a
       Python project inside a JavaScript monorepo, or beside a ``package.json``);
    3. ``npx --no-install mockllm``: never downloads; fails with npm's message when mockllm is
       not installed.
    """
    configured = env.get("MOCKLLM_BIN", "").strip()
    if configured:
        return shlex.split(configured)
    name = "mockllm.cmd" if os.name == "nt" else "mockllm"
    for folder in (rootdir, *rootdir.parents):
        candidate = folder / "node_modules" / ".bin" / name
        if candidate.exists():
            return [str(candidate)]
    return ["npx", "--no-install", "mockllm"]
