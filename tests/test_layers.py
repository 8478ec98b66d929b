"""The packages import only downwards: the store imports nothing above it, the SDK never imports
the server, and the protocol package neither of them. Read from the source, not from a running
process, so a lazy import inside a function counts as much as one at the top."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

import pellucid

ROOT = Path(pellucid.__file__).parent


def _module_name(path: Path) -> str:
    parts = ["pellucid", *path.relative_to(ROOT).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path) -> set[str]:
    """Every module a file imports, relative imports resolved to absolute names."""
    package = _module_name(path) if path.name == "__init__.py" else _module_name(path).rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                module = f"{base}.{node.module}" if node.module else base
            else:
                module = node.module or ""
            found.add(module)
            found.update(f"{module}.{alias.name}" for alias in node.names)
    return found


def _within(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def offenders(package: str, forbidden: tuple[str, ...], allowed: tuple[str, ...] = ()) -> list[str]:
    """`file -> module` for each import of a forbidden package from inside `package`."""
    directory = ROOT.joinpath(*package.split(".")[1:])
    return sorted(
        f"{path.relative_to(ROOT)} -> {module}"
        for path in directory.rglob("*.py")
        for module in imports(path)
        if any(_within(module, f) for f in forbidden) and not any(_within(module, a) for a in allowed)
    )


def test_the_store_imports_nothing_above_it():
    server_modules = tuple(f"pellucid.server.{path.stem}" for path in (ROOT / "server").iterdir()
                           if path.suffix == ".py" or (path / "__init__.py").exists())
    assert "pellucid.server.dataservice" in server_modules
    # The document model is the stored format of document content: a leaf that imports nothing.
    allowed = ("pellucid.server.store", "pellucid.server.documents.model")
    assert offenders("pellucid.server.store", server_modules, allowed=allowed) == []


def test_the_document_model_is_a_leaf():
    """The store may read the document model because the model imports nothing of pellucid."""
    assert not [m for m in imports(ROOT / "server" / "documents" / "model.py") if _within(m, "pellucid")]


@pytest.mark.parametrize("package, forbidden", [
    ("pellucid.sdk", ("pellucid.server",)),
    ("pellucid.protocol", ("pellucid.server", "pellucid.sdk")),
])
def test_lower_layers_do_not_import_higher_ones(package, forbidden):
    assert offenders(package, forbidden) == []


def test_the_check_sees_relative_imports():
    """The graph reader resolves `from ..x import y` (else the tests above could not fail)."""
    found = imports(ROOT / "server" / "store" / "items.py")
    assert "pellucid.server.store.tables" in found
    assert "pellucid.server.store.values.number_key" in found


def test_every_package_imports_whatever_is_imported_before_it():
    """A circular import can hide behind import order (the in-process suite imports the app
    first; a subprocess server imports `pellucid.server.rest` first). Each package (and module of
    `pellucid.server`) is imported first, in a fresh interpreter, with the rest of pellucid
    forgotten before each."""
    names = sorted(_module_name(path) for path in ROOT.rglob("*.py")
                   if "migrations" not in path.parts and (path.name == "__init__.py" or path.parent == ROOT / "server"))
    script = (
        "import importlib, sys\n"
        "failed = []\n"
        f"for name in {names!r}:\n"
        "    for loaded in [m for m in sys.modules if m == 'pellucid' or m.startswith('pellucid.')]:\n"
        "        del sys.modules[loaded]\n"
        "    try:\n"
        "        importlib.import_module(name)\n"
        "    except ImportError as error:\n"
        "        failed.append(f'{name}: {error}')\n"
        "print('\\n'.join(failed))\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "", result.stdout
