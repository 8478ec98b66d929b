"""The package as a user gets it: an sdist and a wheel built from it (as `python -m build` does),
installed into clean virtualenvs. SDK alone: the client imports, the server commands say which
extra they need. With the server extra: the pytest plugin works in a separate tiny project whose
tests are docs/testing.md's examples, unchanged.

The build happens once per test session (shared by the xdist workers through a file lock).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest
from filelock import FileLock

from tests.docs.markdown import snippets
from tests.docs.runner import ROOT, copy_repository

pytestmark = pytest.mark.subprocess


def run(*command, cwd: Path | None = None, check: bool = True, timeout: float = 600) -> subprocess.CompletedProcess:
    env = {name: value for name, value in os.environ.items() if not name.startswith(("PELLUCID_", "PYTEST_", "VIRTUAL_ENV"))}
    result = subprocess.run([str(part) for part in command], cwd=cwd, env=env, capture_output=True, text=True,
                            timeout=timeout)
    if check and result.returncode:
        raise AssertionError(f"{' '.join(map(str, command))} exited {result.returncode}\n{result.stdout}\n{result.stderr}")
    return result


@pytest.fixture(scope="session")
def dist(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """{"sdist": ..., "wheel": ...}: the wheel is built from the sdist."""
    shared = tmp_path_factory.getbasetemp().parent / "pellucid-dist"
    with FileLock(str(shared) + ".lock"):
        if not (shared / "done").exists():
            source = copy_repository(shared / "source")
            run(sys.executable, "-m", "build", "--outdir", shared / "out", source, timeout=900)
            (shared / "done").touch()
    [sdist] = (shared / "out").glob("pellucid-*.tar.gz")
    [wheel] = (shared / "out").glob("pellucid-*.whl")
    return {"sdist": sdist, "wheel": wheel}


def venv(path: Path, *requirements: str) -> Path:
    run(sys.executable, "-m", "venv", path)
    run(path / "bin/python", "-m", "pip", "install", "--quiet", "--disable-pip-version-check", *requirements)
    return path / "bin"


def test_the_sdist_and_wheel_carry_metadata_and_everything_the_server_needs(dist):
    with zipfile.ZipFile(dist["wheel"]) as wheel:
        names = set(wheel.namelist())
        [metadata] = [name for name in names if name.endswith(".dist-info/METADATA")]
        info = wheel.read(metadata).decode()
        [entry_points] = [name for name in names if name.endswith(".dist-info/entry_points.txt")]
        entries = wheel.read(entry_points).decode()
    assert "Provides-Extra: server" in info and "Classifier: Framework :: Pytest" in info
    assert "Requires-Python: >=3.11" in info and "# pellucid" in info        # the README is the long description
    assert "[pytest11]\npellucid = pellucid.testing.plugin" in entries
    assert "[console_scripts]\npellucid = pellucid.cli:main" in entries
    for needed in ("pellucid/py.typed", "pellucid/server/web/templates/oauth/consent.html",
                   "pellucid/server/store/migrations/env.py", "pellucid/testing/plugin.py"):
        assert needed in names, needed
    assert any(name.startswith("pellucid/server/store/migrations/versions/") for name in names)
    with tarfile.open(dist["sdist"]) as sdist:
        members = {name.split("/", 1)[1] for name in sdist.getnames() if "/" in name}
    assert {"pyproject.toml", "README.md", "src/pellucid/cli.py"} <= members


def test_installed_from_the_wheel_the_sdk_stands_alone_and_the_plugin_works_in_another_project(dist, tmp_path):
    # The SDK alone: the client imports; the server commands say which extra they need.
    bin_dir = venv(tmp_path / "venv", dist["wheel"])
    run(bin_dir / "python", "-c", "from pellucid.sdk import Lucid; from pellucid.sdk.connector import DataConnector")
    assert "Usage: pellucid" in run(bin_dir / "pellucid", "--help").stdout
    for command in (["serve"], ["admin", "create-account", "--name", "x"]):
        result = run(bin_dir / "pellucid", *command, check=False, cwd=tmp_path)
        assert result.returncode == 1 and result.stdout == ""
        assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr, result.stderr
        assert "needs pellucid's server extra" in result.stderr and "pellucid[server]" in result.stderr

    # With the server extra, a separate project's tests (docs/testing.md's examples) use the plugin.
    run(bin_dir / "python", "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
        f"{dist['wheel']}[server]", "pytest")
    project = tmp_path / "project"
    (project / "tests").mkdir(parents=True)
    examples = [block.code for block in snippets(ROOT / "docs/testing.md")
                if block.language == "python" and "def test_" in block.code]
    assert len(examples) == 2
    for n, code in enumerate(examples):
        (project / "tests" / f"test_example_{n}.py").write_text(code)
    result = run(bin_dir / "python", "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests", cwd=project, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 passed" in result.stdout
    options = run(bin_dir / "python", "-m", "pytest", "--help", cwd=project).stdout
    assert "--pellucid-database=URL" in options
