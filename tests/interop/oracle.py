"""Run the official lucid-extension-sdk (tests/interop/node) as the reference implementation."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

NODE_DIR = Path(__file__).parent / "node"


def require_node() -> None:
    if (
        shutil.which("node") is None
        or not (NODE_DIR / "node_modules" / "lucid-extension-sdk").is_dir()
    ):
        pytest.fail("interop tests need node and `npm ci` in tests/interop/node")


def oracle(mode: str, cases: list[Any], timeout: float = 60) -> list[Any]:
    """Results of the official SDK for ``cases`` (see node/oracle.js for the modes)."""
    require_node()
    payload = json.dumps(
        {"mode": mode, "cases": cases}
    )  # ASCII: lone surrogates survive as \\udXXX
    done = subprocess.run(
        ["node", "oracle.js"],
        cwd=NODE_DIR,
        input=payload.encode(),
        capture_output=True,
        timeout=timeout,
        check=False,
    )
    if done.returncode != 0:
        raise AssertionError(done.stderr.decode())
    return json.loads(done.stdout)
