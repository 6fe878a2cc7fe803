"""The import graph is a picture of the design: storage below the runtime, the runtime below the
features except in the composition root, and no cycles anywhere (read from the source, not run)."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("bot", "handlers", "storage")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def project_modules() -> dict[str, Path]:
    found = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            if "versions" not in path.parts:
                found[module_name(path)] = path
    return found


def imports_of(path: Path, modules: dict[str, Path]) -> set[str]:
    """The project modules a file imports anywhere in it (at the top, in functions, under TYPE_CHECKING)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name in modules)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                submodule = f"{node.module}.{alias.name}"
                found.add(submodule if submodule in modules else node.module)
    return {name for name in found if name in modules}


def graph() -> dict[str, set[str]]:
    modules = project_modules()
    return {name: imports_of(path, modules) - {name} for name, path in modules.items()}


def test_storage_imports_neither_the_runtime_nor_the_features() -> None:
    wrong = {name: sorted(i for i in deps if i.split(".")[0] in ("bot", "handlers")) for name, deps in graph().items()}
    assert {name: deps for name, deps in wrong.items() if name.startswith("storage") and deps} == {}


def test_the_runtime_imports_features_only_in_the_composition_root() -> None:
    wrong = {
        name: sorted(i for i in deps if i.split(".")[0] == "handlers")
        for name, deps in graph().items()
        if name.startswith("bot") and name != "bot.app"
    }
    assert {name: deps for name, deps in wrong.items() if deps} == {}


def test_no_import_cycles() -> None:
    edges = graph()
    cycles: list[list[str]] = []
    state: dict[str, str] = {}
    path: list[str] = []

    def visit(name: str) -> None:
        state[name] = "open"
        path.append(name)
        for dep in sorted(edges[name]):
            if state.get(dep) == "open":
                cycles.append(path[path.index(dep) :] + [dep])
            elif dep not in state:
                visit(dep)
        path.pop()
        state[name] = "done"

    for name in sorted(edges):
        if name not in state:
            visit(name)
    assert cycles == []


def test_channels_and_dispatch_do_not_import_each_other() -> None:
    """The adapters' contract stands below dispatch: dispatch may use it, never the other way round."""
    assert "bot.dispatch" not in graph()["bot.channels"]
