"""Every link in the README, docs/ and the examples' READMEs resolves inside the repository,
and every repository path the prose names in `code` exists."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from .markdown import anchors, code_spans, links

ROOT = Path(__file__).resolve().parents[2]
DOCUMENTS = sorted([ROOT / "README.md", *ROOT.glob("docs/**/*.md"), *ROOT.glob("examples/*/README.md")])
TOP_LEVEL = ("src/", "docs/", "tests/", "examples/", "bench/", ".ci/")


def ids(paths):
    return [str(path.relative_to(ROOT)) for path in paths]


@pytest.mark.parametrize("document", DOCUMENTS, ids=ids(DOCUMENTS))
def test_links_resolve_inside_the_repository(document):
    broken = []
    for link in links(document):
        target, _, anchor = link.target.partition("#")
        if re.match(r"^[a-z][a-z0-9+.-]*:", target):      # http:, https:, mailto: - not ours to check
            continue
        resolved = (document.parent / target).resolve() if target else document
        where = f"{document.relative_to(ROOT)}:{link.line}: {link.target}"
        if not resolved.is_relative_to(ROOT):
            broken.append(f"{where} points outside the repository")
        elif not resolved.exists():
            broken.append(f"{where} does not exist")
        elif anchor and resolved.suffix == ".md" and anchor not in anchors(resolved):
            broken.append(f"{where}: no heading #{anchor} in {resolved.relative_to(ROOT)}")
    assert not broken, "broken links:\n" + "\n".join(broken)


@pytest.mark.parametrize("document", DOCUMENTS, ids=ids(DOCUMENTS))
def test_repository_paths_named_in_the_prose_exist(document):
    missing = []
    for span in code_spans(document):
        path = span.target.split("::")[0].rstrip(".,:")
        if re.search(r"[\s{}<>*$]|\.\.\.", path):
            continue
        if path.startswith(TOP_LEVEL):
            resolved = ROOT / path
        elif path.startswith("../"):
            resolved = (document.parent / path).resolve()
        else:
            continue
        if not resolved.is_relative_to(ROOT) or not resolved.exists():
            missing.append(f"{document.relative_to(ROOT)}:{span.line}: `{span.target}` is not in the repository")
    assert not missing, "\n".join(missing)
