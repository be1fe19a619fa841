"""The shape of the code: import-linter's contracts (pyproject.toml) hold, and they bite.

Also checked at run time, in a fresh interpreter: loading every scene, or the world alone,
does not load pyserial.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

from tests.conftest import ROOT

LINT = ("import sys; from importlinter.cli import lint_imports_command; "
        "sys.exit(lint_imports_command())")
SCENES = sorted(p.stem for p in (ROOT / "scenes").glob("*.py") if p.stem != "__init__")


def lint_imports(where: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", LINT, "--no-cache", "--no-logo"], cwd=where,
                          capture_output=True, text=True, timeout=120)


def test_the_import_contracts_hold():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_every_engine_module_has_a_layer():
    """A new module or package must be placed in the layers, not slip past them."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    contracts = config["tool"]["importlinter"]["contracts"]
    layers = next(c for c in contracts if c["id"] == "engine-layers")["layers"]
    named = {m.strip() for layer in layers for m in layer.split("|")}
    top = {f"exhibit.{p.stem}" for p in (ROOT / "exhibit").glob("*.py") if p.stem != "__init__"}
    top |= {f"exhibit.{p.parent.name}" for p in (ROOT / "exhibit").glob("*/__init__.py")}
    top -= {"exhibit.signals"}  # placed module by module: its steps below config, hub above
    top |= {f"exhibit.signals.{p.stem}" for p in (ROOT / "exhibit" / "signals").glob("*.py")
            if p.stem != "__init__"}
    assert not top - named, f"not in the engine-layers contract: {sorted(top - named)}"
    may_reach_serial = {"exhibit.app", "exhibit.bench", "exhibit.devtools", "exhibit.sources"}
    no_serial = next(c for c in contracts if c["id"] == "serial-only-in-sources")
    packages = {".".join(m.split(".")[:2]) for m in named if m.startswith("exhibit.")}
    assert set(no_serial["source_modules"]) == packages - may_reach_serial | {"scenes"}


BREAKS = {  # file: (an import it must not have, what it imports, the contract it breaks)
    "scenes/noise.py": ("import serial", "serial", "A scene does no I/O"),
    "scenes/trees.py": ("import exhibit.recorder", "exhibit.recorder", "A scene does no I/O"),
    "exhibit/signals/touch.py": ("import pygame", "pygame",
                                 "Signals, config and world facts know no screen"),
    "exhibit/world.py": ("import exhibit.sources.ports", "exhibit.sources.ports",
                         "Only exhibit.sources"),
    "exhibit/stage.py": ("import scenes.noise", "scenes.noise",
                         "The engine never imports a scene"),
    "exhibit/config.py": ("import exhibit.calibration.overlay_file",
                          "exhibit.calibration.overlay_file", "Engine layers"),
    "exhibit/protocol/lines.py": ("import exhibit.sources.base", "exhibit.sources.base",
                                  "Decoders are pure"),
}


def test_the_contracts_bite(tmp_path: Path):
    """Each forbidden import, put into a copy of the code, breaks the contract it should."""
    for package in ("exhibit", "scenes"):
        shutil.copytree(ROOT / package, tmp_path / package,
                        ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    clean = lint_imports(tmp_path)
    assert clean.returncode == 0, clean.stdout
    for module, (line, _, _) in BREAKS.items():
        with (tmp_path / module).open("a", encoding="utf-8") as f:
            f.write(f"\n{line}  # broken on purpose\n")
    result = lint_imports(tmp_path)
    assert result.returncode != 0, result.stdout
    broken = " ".join(result.stdout.split())  # names may wrap over two lines
    for module, (_, imported, contract) in BREAKS.items():
        importer = module.removesuffix(".py").replace("/", ".")
        assert f"{importer} -> {imported}" in result.stdout, (module, result.stdout)
        name = next(row for row in broken.split(" KEPT ") if contract in row)
        assert "BROKEN" in name, (contract, result.stdout)


def modules_loaded_by(code: str) -> set[str]:
    result = subprocess.run([sys.executable, "-c", code + "\nimport sys\n"
                             "print('\\n'.join(sys.modules))"], cwd=ROOT,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return set(result.stdout.split())


def test_scenes_and_the_world_load_no_serial_port_code():
    scenes = modules_loaded_by("".join(f"import scenes.{name}\n" for name in SCENES))
    assert {f"scenes.{name}" for name in SCENES} <= scenes
    assert not {m for m in scenes if m == "serial" or m.startswith(("serial.", "exhibit.sources"))}
    world = modules_loaded_by("import exhibit.world")
    assert "serial" not in world and "pygame" not in world
