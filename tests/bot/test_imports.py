"""bot/ uses only `retrieval`'s public names, and its modules import one another without a loop."""

from __future__ import annotations

import ast
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

import retrieval

BOT = Path(__file__).resolve().parents[2] / "bot"
MODULES = {path.stem: path for path in sorted(BOT.glob("*.py"))}


def is_type_checking_block(node: ast.AST) -> bool:
    return isinstance(node, ast.If) and ast.unparse(node.test) in ("TYPE_CHECKING", "typing.TYPE_CHECKING")


def runtime_imports(tree: ast.AST) -> list[ast.Import | ast.ImportFrom]:
    """Every import statement, at module level or in a function, except under `if TYPE_CHECKING:`."""
    found, todo = [], [tree]
    while todo:
        node = todo.pop()
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            found.append(node)
        elif not is_type_checking_block(node):
            todo.extend(ast.iter_child_nodes(node))
    return found


def imports_of(name: str) -> list[ast.Import | ast.ImportFrom]:
    return runtime_imports(ast.parse(MODULES[name].read_text(encoding="utf-8")))


def test_bot_imports_only_the_public_names_of_retrieval():
    wrong = []
    for name in MODULES:
        for node in imports_of(name):
            if isinstance(node, ast.Import):
                wrong += [f"{name}: import {a.name}" for a in node.names if a.name.startswith("retrieval")]
            elif node.module and node.module.startswith("retrieval"):
                private = [a.name for a in node.names if a.name not in retrieval.__all__]
                if node.module != "retrieval" or private:
                    wrong.append(f"{name}: from {node.module} import {', '.join(a.name for a in node.names)}")
    assert wrong == []


def test_the_bot_modules_import_one_another_without_a_loop():
    graph = {}
    for name in MODULES:
        graph[name] = set()
        for node in imports_of(name):
            if isinstance(node, ast.ImportFrom) and node.level == 1:
                graph[name] |= {node.module} if node.module else {a.name for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("bot."):
                graph[name].add(node.module.removeprefix("bot."))
    # The graph is read, not empty.
    assert {"ask", "config", "feedback", "owner", "store", "views"} <= graph["client"]
    try:
        list(TopologicalSorter(graph).static_order())
    except CycleError as exc:
        raise AssertionError(f"import loop: {' -> '.join(exc.args[1])}") from None
