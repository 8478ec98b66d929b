"""Every ```sh and ```python block in docs/ runs as written (docs/contributing.md says how).

Each file runs in its own copy of the repository, with `pellucid` on PATH (the installed package,
as after `pip install` or `source .venv/bin/activate`) and `pellucid serve` running on
127.0.0.1:8080 over a fresh database — what the docs assume their reader has. The README is run
from a fresh clone, without any of that: tests/docs/test_readme.py.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from .markdown import snippets
from .runner import ROOT, DocumentRun, copy_repository, reader_environment

DOCS = sorted(ROOT.glob("docs/**/*.md"))

pytestmark = pytest.mark.subprocess


@pytest.mark.parametrize("document", DOCS, ids=[str(path.relative_to(ROOT)) for path in DOCS])
def test_snippets_run_as_written(document: Path, tmp_path: Path) -> None:
    blocks = snippets(document)
    workdir = copy_repository(tmp_path / "repo") if any(block.runnable for block in blocks) else ROOT
    run = DocumentRun(workdir, tmp_path, env=reader_environment(venv_bin=Path(sys.prefix) / "bin"),
                      python=sys.executable)
    try:
        if workdir != ROOT:
            problem, offset = run.start([sys.executable, "-m", "pellucid.cli", "serve", "--access-log", "off"],
                                        [run.port_for(8080)])
            assert problem is None, f"pellucid serve for {document.name}: {problem}\n{run.output_since(offset)}"
        failure = run.run_all(blocks)
    finally:
        run.close()
    if failure:
        pytest.fail(failure, pytrace=False)
