"""The README's path, verbatim, on a fresh clone: `./dev serve` sets up .venv/ and runs the
server, and every command and snippet after it works as written, in a terminal with no virtualenv
active. (The slowest docs test: .venv/ is created and the server extra installed, once.)"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from .markdown import snippets
from .runner import ROOT, DocumentRun, copy_repository, reader_environment

pytestmark = pytest.mark.subprocess


def test_readme_runs_as_written_on_a_fresh_clone(tmp_path: Path) -> None:
    clone = copy_repository(tmp_path / "pellucid")
    run = DocumentRun(clone, tmp_path, env=reader_environment(venv_bin=None), python=clone / ".venv/bin/python")
    try:
        failure = run.run_all(snippets(ROOT / "README.md"))
    finally:
        run.close()
    if failure:
        pytest.fail(failure, pytrace=False)

    # `./dev serve` installed the server, not the test tools (Playwright, Azure, aiohttp).
    assert (clone / ".venv/.installed-from").read_text().split()[1] == "server"
    probe = subprocess.run([clone / ".venv/bin/python", "-c", "import sqlalchemy, uvicorn; import playwright"],
                           capture_output=True, text=True)
    assert "No module named 'playwright'" in probe.stderr
