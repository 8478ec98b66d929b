"""`pellucid serve` mounts /mcp when the mcp extra is installed, drops it with `--mcp off`, and
says in one line which extra to install when asked for it without."""

from __future__ import annotations

import subprocess
import sys

import httpx

from pellucid.server.app import build_app
from pellucid.server.inprocess import PortalTransport
from pellucid.server.settings import Settings

WITHOUT_THE_EXTRA = """
import importlib.util, sys
real = importlib.util.find_spec
importlib.util.find_spec = lambda name, *a: None if name == "mcp" else real(name, *a)
from pellucid.cli import main
sys.argv = ["pellucid", *sys.argv[1:]]
main()
"""


def test_mcp_off_drops_the_endpoint(tmp_path):
    app = build_app(Settings(database_url=f"sqlite:///{tmp_path / 'off.db'}", public_url="http://testserver",
                             access_log=False, mcp="off"))
    with httpx.Client(transport=PortalTransport(app), base_url="http://testserver") as client:
        assert client.post("/mcp", json={}).status_code == 404
        assert client.get("/.well-known/oauth-protected-resource/mcp").status_code == 404
    assert app.ctx.protected_resources == set()


def test_asked_for_without_the_extra_it_names_the_extra_in_one_line(tmp_path):
    done = subprocess.run([sys.executable, "-c", WITHOUT_THE_EXTRA, "serve", "--mcp", "on", "--database",
                           f"sqlite:///{tmp_path / 'x.db'}"], capture_output=True, text=True, timeout=60,
                          stdin=subprocess.DEVNULL)
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.strip().splitlines() == [
        "error: the MCP endpoint needs the mcp extra: pip install 'pellucid[mcp]' (or run with --mcp off)"]
    stdio = subprocess.run([sys.executable, "-c", WITHOUT_THE_EXTRA, "mcp", "serve"], capture_output=True,
                           text=True, timeout=60, stdin=subprocess.DEVNULL)
    assert stdio.returncode == 2 and "pip install 'pellucid[mcp]'" in stdio.stderr
