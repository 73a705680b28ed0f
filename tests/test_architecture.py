"""The layers hold, and no two modules import each other in a circle (docs/architecture.md, "Layers").

Every import under simulator/ counts: at the top of a module, inside a function, under TYPE_CHECKING, and
relative ones resolved. An import is an arrow to the module's file and to each package face above it, since
Python runs those first. Arrows point down only:

    ui, cli, serve  ->  application  ->  store, reports, scenarios  ->  domain

and never sideways between the packages of one layer, but for two: the command line opens the app, and
starts the server (which runs the app as a process of its own, never importing it).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent / "simulator"

# Each package's layer, from the bottom. The top-level face (`simulator`, the version) is below them all.
LAYERS: Mapping[str, int] = {"domain": 0, "scenarios": 1, "store": 1, "reports": 1, "application": 2, "ui": 3, "cli": 3, "serve": 3}
# Top-level modules that belong to a package's layer: `python -m simulator` is the command line.
BELONGS_TO = {"__main__": "cli"}
# `case-review` with no command opens the app: the one arrow sideways (to the app, and the face above it).
SIDEWAYS_ALLOWED = {("simulator.cli.main", "simulator.ui.app"), ("simulator.cli.main", "simulator.ui"),
                    ("simulator.cli.serve_commands", "simulator.serve.server"),
                    ("simulator.cli.serve_commands", "simulator.serve")}
BELOW_THE_SHELLS = ("domain", "scenarios", "store", "reports", "application")


Graph = dict[str, set[str]]


def _modules(root: Path) -> dict[str, Path]:
    found = {}
    for path in sorted(root.rglob("*.py")):
        parts = path.relative_to(root.parent).with_suffix("").parts
        found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def _imported(module: str, path: Path) -> Iterator[tuple[str, str | None]]:
    """(module imported, name taken from it) for every import in the file, relative ones resolved."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, None
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join([*anchor, *([base] if base else [])])
            for alias in node.names:
                yield base, alias.name


def import_graph(root: Path = ROOT) -> Graph:
    """Module -> the modules of this package it imports, with the package faces above each."""
    modules = _modules(root)
    graph: Graph = {}
    for module, path in modules.items():
        targets = set()
        for base, name in _imported(module, path):
            target = f"{base}.{name}" if name and f"{base}.{name}" in modules else base
            while target and target not in modules:  # `import a.b.c` of a name, not a file: its module
                target = target.rpartition(".")[0]
            while target:  # the module and every package face above it
                targets.add(target)
                target = target.rpartition(".")[0]
        targets.discard(module)
        graph[module] = {t for t in targets if t in modules}
    return graph


def _third_party(root: Path = ROOT) -> dict[str, set[str]]:
    return {module: {base.split(".")[0] for base, _ in _imported(module, path) if base}
            for module, path in _modules(root).items()}


def find_circle(graph: Graph) -> list[str] | None:
    """One circle of imports, as the modules in order (the first repeated at the end), or None."""
    done: set[str] = set()
    for start in sorted(graph):
        path: list[str] = []
        on_path: set[str] = set()
        stack = [(start, iter(sorted(graph[start])))]
        if start in done:
            continue
        path.append(start)
        on_path.add(start)
        while stack:
            node, children = stack[-1]
            child = next(children, None)
            if child is None:
                stack.pop()
                path.pop()
                on_path.discard(node)
                done.add(node)
            elif child in on_path:
                return [*path[path.index(child):], child]
            elif child not in done:
                stack.append((child, iter(sorted(graph[child]))))
                path.append(child)
                on_path.add(child)
    return None


def _layer(module: str) -> tuple[str, int]:
    package = module.split(".")[1] if "." in module else ""
    package = BELONGS_TO.get(package, package)
    return package, LAYERS.get(package, -1)


def _edges(graph: Graph) -> Iterator[tuple[str, str]]:
    for source in sorted(graph):
        for target in sorted(graph[source]):
            yield source, target


def _offending(graph: Graph, source_package: str, *forbidden: str) -> list[str]:
    return [f"{source} -> {target}" for source, target in _edges(graph)
            if _layer(source)[0] == source_package and _layer(target)[0] in forbidden]


@pytest.fixture(scope="module")
def graph() -> Graph:
    return import_graph()


def test_no_two_modules_import_each_other_in_a_circle(graph: Graph) -> None:
    circle = find_circle(graph)
    assert circle is None, "an import circle: " + " -> ".join(circle or [])


def test_arrows_point_down_the_layers(graph: Graph) -> None:
    against = []
    for source, target in _edges(graph):
        (source_package, source_layer), (target_package, target_layer) = _layer(source), _layer(target)
        assert source_layer >= 0 or source == "simulator", f"{source} belongs to no layer: add it to LAYERS"
        if source_package == target_package or target == "simulator" or (source, target) in SIDEWAYS_ALLOWED:
            continue
        if target_layer >= source_layer:
            against.append(f"{source} -> {target}")
    assert against == [], "arrows against the layers (or sideways): " + "; ".join(against)


def test_the_domain_imports_nothing_but_the_domain(graph: Graph) -> None:
    assert _offending(graph, "domain", *(p for p in LAYERS if p != "domain")) == []


def test_the_store_imports_nothing_of_scenarios_or_reports(graph: Graph) -> None:
    assert _offending(graph, "store", "scenarios", "reports", "application", "ui", "cli") == []


def test_reports_read_plain_records_not_the_store_or_scenarios(graph: Graph) -> None:
    assert _offending(graph, "reports", "store", "scenarios", "application", "ui", "cli") == []


def test_scenarios_import_neither_the_store_nor_reports(graph: Graph) -> None:
    assert _offending(graph, "scenarios", "store", "reports", "application", "ui", "cli") == []


def test_the_application_imports_no_shell(graph: Graph) -> None:
    assert _offending(graph, "application", "ui", "cli", "serve") == []


def test_the_shells_import_each_other_only_to_open_the_app_or_the_server(graph: Graph) -> None:
    sideways = [*_offending(graph, "ui", "cli", "serve"), *_offending(graph, "cli", "ui", "serve"),
                *_offending(graph, "serve", "ui", "cli")]
    assert sideways == ["simulator.cli.main -> simulator.ui", "simulator.cli.main -> simulator.ui.app",
                        "simulator.cli.serve_commands -> simulator.serve",
                        "simulator.cli.serve_commands -> simulator.serve.server"]


def test_nothing_below_the_shells_imports_textual() -> None:
    found = [f"{module} -> textual" for module, imported in sorted(_third_party().items())
             if _layer(module)[0] in BELOW_THE_SHELLS and "textual" in imported]
    assert found == []


def test_package_faces_re_export_nothing(graph: Graph) -> None:
    """A package's __init__ imports nothing of the project: importing one module never loads its siblings,
    and no face can close a circle with its own modules."""
    faces = [module for module, path in _modules(ROOT).items() if path.name == "__init__.py"]
    assert {face: sorted(graph[face]) for face in faces if graph[face]} == {}


def test_the_checks_can_fail(tmp_path: Path) -> None:
    """A circle through a function-local import, a TYPE_CHECKING import and a relative one is found."""
    package = tmp_path / "simulator"
    (package / "ui").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "ui" / "__init__.py").write_text("")
    (package / "ui" / "app.py").write_text("def f():\n    from simulator.ui.screen import Screen\n")
    (package / "ui" / "screen.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from .flow import go\n")
    (package / "ui" / "flow.py").write_text("from . import app\n")
    found = import_graph(package)
    assert found["simulator.ui.flow"] == {"simulator.ui.app", "simulator.ui", "simulator"}
    assert find_circle(found) == ["simulator.ui.app", "simulator.ui.screen", "simulator.ui.flow", "simulator.ui.app"]
