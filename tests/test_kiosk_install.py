"""kiosk/install.sh in a throwaway root: real bash, real files, the real udev generator and
`systemd-analyze verify` / `desktop-file-validate` on what it wrote. No test touches the
system: DESTDIR makes the script write below a temp dir and only print its commands.

The script runs from a temp copy of the repository (its kiosk/ files, the real exhibit
package, .venv and scripts linked in) with a stand-in kiosk/sensorik-kiosk and a stand-in
`cage` on PATH, so the filled-in units name executables that exist.
"""

from __future__ import annotations

import os
import pwd
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import need

ROOT = Path(__file__).resolve().parents[1]
KIOSK_FILES = ("install.sh", "sensorik-kiosk.desktop", "sensorik-kiosk.service",
               "sensorik-cage.service")
USB_IDS = ("2341:0043", "1a86", "10c4:ea60")
TAIL = ('SYMLINK+="sensorik", SYMLINK+="sensorik-%k", ENV{ID_MM_DEVICE_IGNORE}="1", '
        'MODE="0660", GROUP="dialout"')


@pytest.fixture(scope="module")
def repo(tmp_path_factory) -> Path:
    """A repository copy whose kiosk/ is real and whose launcher is a stand-in."""
    base = tmp_path_factory.mktemp("kiosk")
    clone = base / "clone"
    (clone / "kiosk").mkdir(parents=True)
    for name in KIOSK_FILES:
        shutil.copy2(ROOT / "kiosk" / name, clone / "kiosk" / name)
    for stand_in in (clone / "kiosk" / "sensorik-kiosk", base / "bin" / "cage"):
        stand_in.parent.mkdir(exist_ok=True)
        stand_in.write_text("#!/bin/sh\nexit 0\n")
        stand_in.chmod(0o755)
    for name in ("exhibit", "scripts", ".venv"):
        (clone / name).symlink_to(ROOT / name)
    config = (ROOT / "exhibit.yaml").read_text()
    ids = ", ".join(f'"{u}"' for u in USB_IDS)
    config = config.replace("device: {port: auto,", f"device: {{usb_ids: [{ids}], port: auto,", 1)
    assert "usb_ids" in config
    (clone / "test.yaml").write_text(config)
    return clone


def run(repo: Path, dest: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "XDG_CONFIG_HOME"}
    env.update(DESTDIR=str(dest), HOME=str(dest.parent / "home"),
               PATH=f"{repo.parent / 'bin'}{os.pathsep}{env.get('PATH', '/usr/bin:/bin')}")
    result = subprocess.run(["bash", str(repo / "kiosk" / "install.sh"), *args], env=env,
                            capture_output=True, text=True, timeout=60)
    if check:
        assert result.returncode == 0, result.stderr + result.stdout
    return result


def tree(dest: Path) -> dict[str, bytes | str]:
    """Every file (its bytes) and link (its target) below dest."""
    return {str(p.relative_to(dest)): (os.readlink(p) if p.is_symlink() else p.read_bytes())
            for p in sorted(dest.rglob("*")) if p.is_symlink() or p.is_file()}


def home_file(dest: Path, relative: str) -> Path:
    return dest / str(dest.parent / "home").lstrip("/") / relative


def test_install_twice_is_the_same_and_uninstall_removes_exactly_its_files(repo, tmp_path):
    dest = tmp_path / "root"
    brltty = dest / "usr/lib/udev/rules.d/85-brltty.rules"  # as Ubuntu ships it
    brltty.parent.mkdir(parents=True)
    brltty.write_text('ENV{PRODUCT}=="1a86/7523/*", ENV{BRLTTY_BRAILLE_DRIVER}="bm", '
                      'GOTO="brltty_usb_run"\n')
    before = tree(dest)
    config = str(repo / "test.yaml")

    first = run(repo, dest, "--config", config)
    for step in "abcdef":
        assert f"[{step}] " in first.stdout  # each step says what it does and why
    assert "would run: sudo udevadm control --reload" in first.stdout
    desktop = home_file(dest, ".config/autostart/sensorik-kiosk.desktop")
    assert f"Exec={repo / 'kiosk' / 'sensorik-kiosk'}\n" in desktop.read_text()
    validate = need("desktop-file-validate", "desktop-file-utils")
    checked = subprocess.run([validate, str(desktop)], capture_output=True, text=True)
    assert checked.returncode == 0 and not checked.stdout.strip(), checked.stdout

    printed = subprocess.run([sys.executable, "-m", "exhibit.kiosk.udev", "--config", config],
                             cwd=repo, capture_output=True, text=True, check=True).stdout
    rule = (dest / "etc/udev/rules.d/70-sensorik.rules").read_text()
    assert rule.startswith(printed)
    assert all(extra.startswith("# install.sh ") for extra in rule[len(printed):].splitlines())
    lines = [line for line in rule.splitlines() if line.startswith("SUBSYSTEM")]
    assert lines == [
        'SUBSYSTEM=="tty", ATTRS{idVendor}=="2341", ATTRS{idProduct}=="0043", ' + TAIL,
        'SUBSYSTEM=="tty", ATTRS{idVendor}=="1a86", ' + TAIL,
        'SUBSYSTEM=="tty", ATTRS{idVendor}=="10c4", ATTRS{idProduct}=="ea60", ' + TAIL]
    # brltty's rule claims the CH340 (1a86): masked, and recorded for --uninstall
    assert os.readlink(dest / "etc/udev/rules.d/85-brltty.rules") == "/dev/null"

    installed = tree(dest)
    run(repo, dest, "--config", config)
    assert tree(dest) == installed  # byte for byte: nothing added, nothing duplicated

    gone = run(repo, dest, "--uninstall")
    assert tree(dest) == before, gone.stdout  # brltty's own rule stays, all ours is gone
    assert brltty.exists()



def test_each_way_of_starting_replaces_the_last_and_its_units_verify(repo, tmp_path):
    analyze = need("systemd-analyze", "systemd")
    dest = tmp_path / "root"
    launcher = repo / "kiosk" / "sensorik-kiosk"
    config = ("--config", str(repo / "test.yaml"))

    run(repo, dest, "--system", "--video-driver", "x11", *config)
    system_desktop = dest / "etc/xdg/autostart/sensorik-kiosk.desktop"
    assert f"Exec=env SDL_VIDEODRIVER=x11 {launcher}\n" in system_desktop.read_text()

    run(repo, dest, "--systemd-user", "--video-driver", "wayland", *config)
    assert not system_desktop.exists()  # two autostarts would fight over the display
    user_unit = home_file(dest, ".config/systemd/user/sensorik-kiosk.service")
    text = user_unit.read_text()
    assert f"ExecStart={launcher}\n" in text and "Environment=SDL_VIDEODRIVER=wayland\n" in text
    assert not re.search(r"@[A-Z]+@", text)  # every placeholder filled in
    runtime = tmp_path / "runtime"
    runtime.mkdir(mode=0o700)
    env = dict(os.environ, XDG_RUNTIME_DIR=str(runtime))
    verified = subprocess.run([analyze, "--user", "verify", str(user_unit)], env=env,
                              capture_output=True, text=True)
    assert verified.returncode == 0, verified.stderr

    out = run(repo, dest, "--cage", *config).stdout
    assert "would run: sudo systemctl enable sensorik-cage.service" in out
    assert not user_unit.exists()
    cage_unit = dest / "etc/systemd/system/sensorik-cage.service"
    text = cage_unit.read_text()
    assert f"ExecStart={repo.parent / 'bin' / 'cage'} -- {launcher}\n" in text
    assert f"User={_user()}\n" in text and "PAMName=login\n" in text
    verified = subprocess.run([analyze, "verify", str(cage_unit)], capture_output=True,
                              text=True)
    assert verified.returncode == 0, verified.stderr

    run(repo, dest, "--uninstall")
    assert tree(dest) == {}


def _user() -> str:
    return pwd.getpwuid(os.getuid()).pw_name


@pytest.mark.parametrize("args, says", [
    (["--kiosk-mode"], "unknown option '--kiosk-mode'"),
    (["--video-driver", "directfb"], "must be x11, wayland or kmsdrm"),
    (["--system", "--cage"], "choose one of"),
])
def test_a_wrong_option_says_what_is_wrong_and_exits_2(repo, tmp_path, args, says):
    result = run(repo, tmp_path / "root", *args, check=False)
    assert result.returncode == 2
    assert says in result.stderr and "--help" in result.stderr
    assert not (tmp_path / "root").exists()  # nothing written


def test_a_broken_config_stops_before_any_change(repo, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("device: {usb_ids: [zz]}\n")
    result = run(repo, tmp_path / "root", "--config", str(bad), check=False)
    assert result.returncode == 1
    assert f"{bad}:1: device.usb_ids[0] must be a hex id" in result.stderr
    assert "Traceback" not in result.stderr and "nothing was changed" in result.stderr
    assert not (tmp_path / "root").exists()
