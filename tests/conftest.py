"""Headless, deterministic test set-up: the dummy video driver before pygame is imported."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session", autouse=True)
def _state_home(tmp_path_factory):
    """The real app's rotating log goes to $XDG_STATE_HOME/sensorik: never the real home's
    during tests (subprocesses inherit it through `app_env`)."""
    before = os.environ.get("XDG_STATE_HOME")
    os.environ["XDG_STATE_HOME"] = str(tmp_path_factory.mktemp("state"))
    yield
    if before is None:
        os.environ.pop("XDG_STATE_HOME", None)
    else:
        os.environ["XDG_STATE_HOME"] = before


@pytest.fixture(scope="session")
def config():
    from exhibit.config import load_config

    return load_config(ROOT / "exhibit.yaml")


@pytest.fixture(scope="session")
def pygame_ready():
    import pygame

    pygame.display.init()
    pygame.font.init()
    yield pygame


@pytest.fixture(scope="session")
def text_cache(pygame_ready):
    """One text cache for all rendering tests: fonts load once."""
    from exhibit.render.text import TextCache

    return TextCache()


def app_env() -> dict[str, str]:
    """Environment for running main.py as a subprocess, headless."""
    env = dict(os.environ, SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy",
               PYGAME_HIDE_SUPPORT_PROMPT="1", PYTHONUNBUFFERED="1")
    return env


def need(tool: str, package: str) -> str:
    """The tool's path. Absent: the test skips with the apt command to install it, but
    under CI=true it fails (`.ci/run` installs it through scripts/ci-packages.sh)."""
    path = shutil.which(tool)
    if path is None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{tool} is missing in CI: scripts/ci-packages.sh should install "
                        f"{package}")
        pytest.skip(f"{tool} not installed: sudo apt install {package}")
    return path


def need_avr_toolchain() -> None:
    """The simulated Uno's toolchain (exhibit.devtools.simarduino): absent, the test skips
    with the apt command; under CI=true it fails (`.ci/run` installs and builds it)."""
    from exhibit.devtools.simarduino import APT, toolchain_missing

    missing = toolchain_missing()
    if missing:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{', '.join(missing)} missing in CI: scripts/ci-packages.sh should "
                        "install them")
        pytest.skip(f"the AVR toolchain is not installed ({', '.join(missing)}): {APT}")


def main_cmd(*args: str) -> list[str]:
    return [sys.executable, str(ROOT / "main.py"), *args]


def pytest_addoption(parser):
    parser.addoption("--accept-golden", action="store_true",
                     help="write the rendered pictures as the new golden pictures")
