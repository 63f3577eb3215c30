"""The package's layers import only the layers below them, and the core needs no UI library."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GAME = ROOT / "game"

# Each layer may import the layers with a lower rank; authoring and classroom are side by side.
RANKS = {"story": 0, "play": 1, "authoring": 2, "classroom": 2, "ui": 3, "cli": 4}
TOP_LEVEL_ALLOWED = {"__init__.py", "__main__.py"}


def layer_of(module: str) -> str | None:
    """The layer a ``game.…`` module belongs to, or None for ``game`` itself."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in RANKS else None


def imported_modules(path: Path) -> set[str]:
    """Every ``game`` module a file imports, at the top or inside a function."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("game"):
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name.startswith("game"))
    return found


def test_the_top_of_the_package_holds_only_entry_points() -> None:
    """game/ keeps __init__ and __main__ beside its sub-packages, and no other module."""
    modules = {path.name for path in GAME.glob("*.py")}
    assert modules - TOP_LEVEL_ALLOWED == set()
    assert {path.name for path in GAME.iterdir() if path.is_dir() and (path / "__init__.py").exists()} == set(RANKS)


def test_every_module_belongs_to_a_layer() -> None:
    """Each module of the package sits in one of the layers."""
    for path in GAME.rglob("*.py"):
        relative = path.relative_to(GAME)
        assert len(relative.parts) == 1 or relative.parts[0] in RANKS, relative


def test_no_layer_imports_one_above_it_or_a_sibling() -> None:
    """story < play < authoring, classroom < ui < cli: an import never goes up or sideways."""
    wrong = []
    for path in GAME.rglob("*.py"):
        relative = path.relative_to(GAME)
        if len(relative.parts) == 1:
            continue
        own = relative.parts[0]
        for module in imported_modules(path):
            other = layer_of(module)
            if other is not None and other != own and RANKS[other] >= RANKS[own]:
                wrong.append(f"{relative} imports {module}")
    assert wrong == []


def test_the_core_layers_import_neither_textual_nor_rich() -> None:
    """Importing every module of game.story and game.play leaves textual and rich out of sys.modules."""
    modules = sorted(
        ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        for layer in ("story", "play")
        for path in (GAME / layer).rglob("*.py")
    )
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "print(sorted({name.split('.')[0] for name in sys.modules} & {'textual', 'rich'}))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
    assert len(modules) > 10


def test_no_module_is_over_four_hundred_lines() -> None:
    """Every module of the package stays under about 400 lines, as the house style asks."""
    long = [f"{p.relative_to(GAME)}: {n}" for p in GAME.rglob("*.py") if (n := len(p.read_text().splitlines())) > 400]
    assert long == []
