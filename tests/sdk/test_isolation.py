"""The client SDK stands alone: importing it loads neither the server nor the server's dependencies."""

from __future__ import annotations

import subprocess
import sys


def test_importing_the_sdk_leaves_the_server_out():
    probe = ("import sys, pellucid.sdk; from pellucid.sdk import Lucid, AsyncLucid; "
             "print(sorted(m for m in sys.modules if m.startswith(('pellucid.server', 'starlette', 'sqlalchemy'))))")
    loaded = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout.strip()
    assert loaded == "[]"
