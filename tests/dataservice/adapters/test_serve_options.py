"""`pellucid serve` exposes the adapters' settings (the gserver fixture runs them in subprocess mode)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from pellucid.server.settings import Settings

pytestmark = pytest.mark.sqlite_only


def test_serve_help_lists_the_adapter_options():
    result = subprocess.run([sys.executable, "-m", "pellucid.cli", "serve", "--help"], capture_output=True, text=True,
                            env={"COLUMNS": "200", "PATH": ""})
    assert result.returncode == 0
    for option in ("--file-size-limit", "--google-client-id", "--google-client-secret", "--google-auth-url",
                   "--google-token-url", "--google-sheets-url"):
        assert option in result.stdout


def test_settings_from_the_environment(monkeypatch):
    monkeypatch.setenv("PELLUCID_FILE_SIZE_LIMIT", "1000")
    monkeypatch.setenv("PELLUCID_GOOGLE_CLIENT_ID", "id")
    monkeypatch.setenv("PELLUCID_GOOGLE_CLIENT_SECRET", "secret")
    monkeypatch.setenv("PELLUCID_GOOGLE_SHEETS_URL", "http://127.0.0.1:9")
    settings = Settings.from_env()
    assert settings.file_size_limit_bytes == 1000
    assert settings.google.configured and settings.google.sheets_url == "http://127.0.0.1:9"
    assert settings.google.token_url == "https://oauth2.googleapis.com/token"
