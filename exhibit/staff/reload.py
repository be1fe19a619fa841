"""Staff's R: load `exhibit.yaml`, `calibration.yaml`, the scene and frame texts again and
run them without a restart — or, when anything is wrong, keep the running show and say why.

Loading is `exhibit.show.prepare`, the same checks as at start, so a reload accepts exactly
what a restart would. Only a complete, checked show is applied (`FrameLoop.apply_show`);
a mistake changes nothing. The outcome is one line for staff: what was reloaded and what
changed, or `exhibit.yaml:42: <error> – the running configuration stays`.

The frame loop stalls for the reload (prepare + apply + every scene drawn once, see
`measure_reload` in tests/test_reload.py): a staff action, not a visitor's.
"""

from __future__ import annotations

import gc
import logging
import time
from dataclasses import dataclass, replace
from pathlib import Path

from exhibit.cli import Options, UsageError
from exhibit.config import ExhibitConfig, Sensor
from exhibit.loop import FrameLoop
from exhibit.scene import SCENE_DIR
from exhibit.show import Show, prepare
from exhibit.sources.base import Source
from exhibit.yamlsource import ConfigError, load_yaml

log = logging.getLogger("exhibit")
STAYS = " – the running configuration stays"


@dataclass(frozen=True)
class ReloadOutcome:
    ok: bool
    message: str  # one line for staff: what was reloaded and what changed, or the error
    at: float     # monotonic time of the reload


def reload_show(loop: FrameLoop, options: Options) -> ReloadOutcome:
    """Reload the show the running `loop` plays, as `options` (the command line) says."""
    at = time.monotonic()
    if loop.calibration.active:  # its recordings and proposals belong to the old settings
        return _refused(loop, "close the calibration mode (C) first", at)
    old = loop.show
    try:
        show = prepare(replace(options, check_config=False, scene=None))  # the playlist's
        _no_new_failures(show, loop)
        reopen, device_note = _device_plan(old.config, show.config, options, loop)
        source = _open(loop, show.config) if reopen else None
    except (ConfigError, UsageError) as exc:
        return _refused(loop, _where(exc, options.config), at)
    except Exception as exc:  # noqa: BLE001 — a bug while loading: the show goes on as it was
        log.exception("reload: loading raised")
        return _refused(loop, f"{type(exc).__name__}: {exc} (details in the log)", at)
    changes = describe_changes(old, show)
    loop.apply_show(show, time.monotonic())
    gc.collect()  # the old scenes and layers hold cycles: without it 40 reloads grew RSS
    #               157 → ~280 MB (freed late, in bursts); with it it stays at ~218 MB
    if source is not None:  # stop first: the new source may open the same port
        loop.source.stop()
        source.start(loop.queue)
        loop.source = source
        changes.append(f"source reopened ({source.name})")
    parts = [p for p in (*changes, device_note) if p]
    message = f"{_files(show)}: {'; '.join(parts)}"
    loop.activity.show_reloaded(f"{message} (took {time.monotonic() - at:.2f} s)", True)
    return ReloadOutcome(True, message, at)


def _refused(loop: FrameLoop, why: str, at: float) -> ReloadOutcome:
    message = why + STAYS
    loop.activity.show_reloaded(message, False)
    return ReloadOutcome(False, message, at)


def _no_new_failures(show: Show, loop: FrameLoop) -> None:
    """A scene whose code raises while loading (prepare leaves it out and logs it) refuses
    the reload, unless it had already failed in the running show."""
    for name, what in show.failed.items():
        if name not in loop.failed_scenes:
            raise ConfigError(f"scenes/{name}.py", None, f"scene {name} raised {what}")


def _device_plan(old: ExhibitConfig, new: ExhibitConfig, options: Options, loop: FrameLoop
                 ) -> tuple[bool, str]:
    """Whether the source must be opened again, and a note for the message. The decoder and
    the simulator were built from the device section and the sensors' keys and simulated
    values; --port/--baud on the command line win over the device section."""
    device_changed = old.device != new.device
    if options.replay or loop.reopen is None:
        note = "device changed: applies at the next start" if device_changed else ""
        return False, note + (" (--replay plays)" if note and options.replay else "")
    overridden = {"port": options.port, "baud": options.baud}
    effective_old = replace(old.device, **{k: v for k, v in overridden.items() if v})
    effective_new = replace(new.device, **{k: v for k, v in overridden.items() if v})
    ignored = [f"device.{k} (--{k} {v} given)" for k, v in overridden.items()
               if v and getattr(old.device, k) != getattr(new.device, k)]
    note = f"not applied: {', '.join(ignored)}" if ignored else ""
    reopen = (effective_old != effective_new or old.sources() != new.sources()
              or _simulated(old) != _simulated(new))
    return reopen, note


def _simulated(config: ExhibitConfig) -> dict[str, tuple]:
    """What the simulator (and the stand-in) builds its readings from, per sensor."""
    return {sid: _simulated_sensor(s) for sid, s in config.sensors.items()}


def _simulated_sensor(s: Sensor) -> tuple:
    return (s.kind, s.simulate, s.calibration, s.low, s.high)


def _open(loop: FrameLoop, config: ExhibitConfig) -> Source:
    """The new source, not started; a device.port that can never open refuses the reload
    (the loop's `reopen` raises ValueError with `port_problem`'s words), naming its line."""
    assert loop.reopen is not None
    try:
        return loop.reopen(config)
    except ValueError as exc:
        line = load_yaml(config.path).line_of(("device", "port"))
        raise ConfigError(config.path, line, f"device.port {exc}") from None


def describe_changes(old: Show, new: Show) -> list[str]:
    """What differs between the running show and the reloaded one, for staff."""
    o, n = old.config.sensors, new.config.sensors
    changed = [sid for sid in n if sid in o and o[sid] != n[sid]]
    added = [sid for sid in n if sid not in o]
    removed = [sid for sid in o if sid not in n]
    texts = [name for name, scene in new.scenes.items()
             if name in old.scenes and old.scenes[name].text != scene.text]
    parts = [f"{', '.join(changed)} changed" if changed else "sensors unchanged"]
    parts += [f"sensors added: {', '.join(added)}"] if added else []
    parts += [f"sensors removed: {', '.join(removed)}"] if removed else []
    parts += [f"texts of {', '.join(texts)} changed"] if texts else []
    parts += ["frame texts changed"] if old.frame_text != new.frame_text else []
    parts += ["playlist changed" if old.config.playlist != new.config.playlist
              else "playlist unchanged"]
    if old.config.kiosk != new.config.kiosk:  # the quit chord and the log are set up once
        parts.append("kiosk settings apply at the next start")
    if old.config.language != new.config.language:
        parts.append("language: the start language at the next start")
    if old.config.publish != new.config.publish:  # its connection and will are set up once
        parts.append("publish changed: applies at the next start")
    return parts


def _files(show: Show) -> str:
    config = show.config
    names = [Path(config.path).name] + ([Path(config.calibration).name]
                                        if config.calibration else [])
    return f"reloaded {', '.join(names)}, {len(show.scenes)} scene texts, frame texts"


def _where(exc: Exception, config_path: Path) -> str:
    """The error as staff read it: file:line shortened to the config's or scenes' folder."""
    if not isinstance(exc, ConfigError):
        return str(exc)
    path = Path(exc.file)
    short = exc.file
    if path.is_absolute():
        for base in (Path(config_path).resolve().parent, SCENE_DIR.parent):
            try:
                short = str(path.resolve().relative_to(base))
                break
            except ValueError:
                continue
    return f"{short}:{exc.line}: {exc.message}" if exc.line else f"{short}: {exc.message}"


__all__ = ["ReloadOutcome", "describe_changes", "reload_show"]
