from __future__ import annotations

import pytest

from tests.support.browser import chromium, page  # noqa: F401 - the browser fixtures, for any test
from tests.support.harness import Server, running_server, server_log_sizes, server_output_since

_server_output_mark = pytest.StashKey[dict]()


@pytest.fixture(scope="session")
def server(tmp_path_factory) -> Server:
    """One server per test session; tests isolate themselves by making their own accounts."""
    yield from running_server(tmp_path_factory.mktemp("server"))


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    """Mark where each subprocess server's output stands before the test sets up."""
    item.stash[_server_output_mark] = server_log_sizes()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> pytest.TestReport:
    """Show with a failure what subprocess servers printed during the test (a 500's traceback)."""
    report = yield
    if report.failed:
        for name, printed in server_output_since(item.stash.get(_server_output_mark, {})).items():
            report.sections.append((f"pellucid serve output ({report.when}): {name}", printed))
    return report
