"""The shape of the code: no import cycles, no imports of our own modules inside functions.

Both rules carry an allowlist of today's offenders that only shrinks (issue 8): fix an offender,
then delete its entry here. A test fails when a new offender appears *and* when an entry is no
longer needed, so the lists stay true. See ARCHITECTURE.md, "Guard rails".

Lazy imports of heavy third-party libraries inside functions (for start-up speed) are fine; what
is checked is ``import backwards...`` (or a relative import) inside a function body, the usual
way to hold an import cycle together or to reach around a layer.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import grimp

import backwards

PACKAGE_DIR = Path(backwards.__file__).parent

# Modules that are part of an import cycle today (TYPE_CHECKING imports count: a cycle in the
# types is a cycle in the design). Break the cycle, then delete its modules here.
CYCLES_ALLOWED: frozenset[str] = frozenset()  # none left

# "importer -> imported" for each `import backwards...` inside a function body today. Move the
# import to the top of the module (break the cycle or the layer problem it dodged), then delete
# the entry here.
FUNCTION_IMPORTS_ALLOWED: frozenset[str] = frozenset(
    {
        # cli (kernel): `backwards --help` must not load pydantic (tests/cli/test_cli.py); the
        # workspace is opened only by commands that need it
        "backwards.cli.app -> backwards.features",
        "backwards.cli.config_cmd -> backwards.features",
        "backwards.cli.serve -> backwards.store",
        # prfaq (start-up): every command opens the workspace, whose settings include the
        # prfaq section; the rule catalogue loads only when `select`/`ignore` are checked
        "backwards.prfaq.settings -> backwards.prfaq.plan",
        # ledger (start-up, issue 15): `backwards ledger --help` and `mistake --help` load
        # neither pydantic nor SQLAlchemy (tests/ledger/test_startup.py); the workspace's
        # database is found and its store opened when a command runs
        "backwards.cli.ledger_args -> backwards.store",
        # wbr (issue 10, CSV speed): `wbr build` outside a workspace must not load pydantic
        # (a tenth of the build); the wbr: settings are read only when there is a workspace
        "backwards.wbr.inputs -> backwards.wbr.settings",
    }
)


@cache
def _graph() -> grimp.ImportGraph:
    return grimp.build_graph("backwards", cache_dir=None)


def _cycles(graph: grimp.ImportGraph) -> list[set[str]]:
    """The strongly connected components of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[set[str]] = []
    for start in sorted(graph.modules):
        if start in index:
            continue
        work: list[tuple[str, Iterator[str]]] = []
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        work.append((start, iter(sorted(graph.find_modules_directly_imported_by(start)))))
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    imported = sorted(graph.find_modules_directly_imported_by(child))
                    work.append((child, iter(imported)))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component: set[str] = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.add(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(component)
    return found


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE_DIR.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _resolve(module: str, is_package: bool, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    base = module.split(".")
    drop = node.level - 1 if is_package else node.level
    base = base[: len(base) - drop]
    return ".".join([*base, node.module] if node.module else base)


def _function_imports(path: Path, module: str) -> Iterator[tuple[str, int]]:
    """(imported module, line) for each import of ``backwards`` inside a function body."""
    is_package = path.name == "__init__.py"
    tree = ast.parse(path.read_text(encoding="utf-8"))
    functions = [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)]
    seen: set[int] = set()
    for function in functions:
        for node in ast.walk(function):
            if id(node) in seen:
                continue
            seen.add(id(node))
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [_resolve(module, is_package, node)]
            else:
                continue
            for name in names:
                if name == "backwards" or name.startswith("backwards."):
                    yield name, node.lineno


def _all_function_imports() -> dict[str, list[str]]:
    """Each "importer -> imported" pair and the places it happens (file:line)."""
    found: dict[str, list[str]] = {}
    for path in sorted(PACKAGE_DIR.rglob("*.py")):
        importer = _module_name(path)
        for imported, line in _function_imports(path, importer):
            where = f"{path.relative_to(PACKAGE_DIR.parent)}:{line}"
            found.setdefault(f"{importer} -> {imported}", []).append(where)
    return found


def test_no_new_import_cycles() -> None:
    in_cycles = set().union(*_cycles(_graph()))
    new = sorted(in_cycles - CYCLES_ALLOWED)
    assert not new, (
        "these modules are in an import cycle; make the imports point one way "
        "(models at the bottom, builders above them): " + ", ".join(new)
    )


def test_cycle_allowlist_only_shrinks() -> None:
    in_cycles = set().union(*_cycles(_graph()))
    stale = sorted(CYCLES_ALLOWED - in_cycles)
    assert not stale, (
        "no longer in a cycle; delete from CYCLES_ALLOWED in tests/test_architecture.py: "
        + ", ".join(stale)
    )


def test_no_new_imports_inside_functions() -> None:
    found = _all_function_imports()
    new = {pair: places for pair, places in found.items() if pair not in FUNCTION_IMPORTS_ALLOWED}
    assert not new, (
        "import our own modules at the top of the module, not inside a function "
        "(only heavy third-party libraries may be imported lazily): "
        + "; ".join(f"{pair} at {', '.join(places)}" for pair, places in sorted(new.items()))
    )


def test_function_import_allowlist_only_shrinks() -> None:
    stale = sorted(FUNCTION_IMPORTS_ALLOWED - set(_all_function_imports()))
    assert not stale, (
        "no longer imported inside a function; delete from FUNCTION_IMPORTS_ALLOWED in "
        "tests/test_architecture.py: " + ", ".join(stale)
    )


def test_the_cycle_finder_finds_a_cycle() -> None:
    graph = grimp.ImportGraph()
    for name in ("a", "a.b", "a.c", "a.d"):
        graph.add_module(name)
    graph.add_import(importer="a.b", imported="a.c")
    graph.add_import(importer="a.c", imported="a.b")
    graph.add_import(importer="a.d", imported="a.b")
    assert _cycles(graph) == [{"a.b", "a.c"}]


def test_the_function_import_finder_sees_nested_and_relative_imports(tmp_path: Path) -> None:
    source = tmp_path / "__init__.py"
    source.write_text(
        "import json\n"
        "from backwards import errors\n"
        "def f():\n"
        "    import duckdb\n"
        "    def g():\n"
        "        from .engine import run\n"
        "    from backwards.config import load_yaml\n"
        "class C:\n"
        "    async def m(self):\n"
        "        import backwards.store\n",
        encoding="utf-8",
    )
    found = sorted(_function_imports(source, "backwards.feature"))
    assert found == [
        ("backwards.config", 7),
        ("backwards.feature.engine", 6),
        ("backwards.store", 10),
    ]
