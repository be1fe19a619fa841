"""`calibration.yaml`: what the calibration mode measured, loaded on top of `exhibit.yaml`.

Values written by the program live in their own file beside the hand-edited one, which is
never rewritten. The overlay may set, per sensor, only what the calibration mode proposes:

```yaml
sensors:
  soil:
    touch: {delta: 15, direction: down}
    levels:
      dry: {range: [0, 35]}
      ok: {range: [35, 70]}
    hysteresis: 3
```

Everything else stays with `exhibit.yaml`. The overlay is checked like `exhibit.yaml`:
unknown keys, wrong types, sensors or levels that `exhibit.yaml` does not define and bands
that no longer touch raise `ConfigError` naming calibration.yaml and the line.

`save_calibration` is the only file I/O of the frame loop, run once when staff press S: it
merges the new values into the file's current content, checks the exact text it is about
to write, writes a temporary file in the same folder and renames it over the old one
(`os.replace`), so a power cut leaves either the old file or the new one, never half.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Mapping
from dataclasses import replace
from datetime import datetime
from itertools import pairwise
from pathlib import Path
from types import MappingProxyType

import yaml

from exhibit.config import TOUCH_DIRECTIONS, ExhibitConfig, Sensor, load_config
from exhibit.validate import Fields
from exhibit.yamlsource import ConfigError, YamlDoc, load_yaml

CALIBRATION_NAME = "calibration.yaml"
SENSOR_KEYS = ("touch", "levels", "hysteresis")
TOUCH_KEYS = ("delta", "direction")
WRITER = "the calibration mode of Sensorik zum Anfassen (key C)"


def calibration_path(config_path: str | Path) -> Path:
    """Where the overlay of `config_path` lives: beside it, named calibration.yaml."""
    return Path(config_path).with_name(CALIBRATION_NAME)


# --- reading ----------------------------------------------------------------------------

def load_overlay(config: ExhibitConfig) -> ExhibitConfig:
    """`config` with calibration.yaml beside it applied, or unchanged if there is none."""
    path = calibration_path(config.path)
    if not path.is_file():
        return config
    return apply_overlay(config, load_yaml(path))


def load_with_overlay(config_path: str | Path) -> ExhibitConfig:
    """`exhibit.yaml` at `config_path` with its calibration.yaml applied: what the show runs."""
    return load_overlay(load_config(config_path))


def apply_overlay(config: ExhibitConfig, doc: YamlDoc) -> ExhibitConfig:
    """Check the overlay in `doc` against `config` and return the combined config."""
    top = Fields(doc, (), doc.data, ("sensors",))
    data = top.raw("sensors")
    if data is None:  # an empty file, or only comments: nothing to change
        return replace(config, calibration=doc.file)
    if not isinstance(data, dict):
        raise top.error("sensors", "sensors must map sensor ids to their calibrated values, "
                        "e.g. 'soil: {touch: {delta: 15}}'")
    sensors = dict(config.sensors)
    base = Path(config.path).name
    for sid, values in data.items():
        if sid not in sensors:
            raise doc.error(("sensors", sid), f"sensors.{sid}: {base} has no sensor {sid!r}; "
                            f"calibrate only sensors defined there: {', '.join(sensors)}")
        sensors[sid] = _apply_sensor(doc, sensors[sid], values)
    return replace(config, sensors=MappingProxyType(sensors), calibration=doc.file)


def _apply_sensor(doc: YamlDoc, sensor: Sensor, data: object) -> Sensor:
    f = Fields(doc, ("sensors", sensor.id), data, SENSOR_KEYS)
    tf = f.sub("touch", TOUCH_KEYS)
    touch = replace(sensor.touch,
                    delta=tf.number("delta", sensor.touch.delta, above=0),
                    direction=tf.string("direction", sensor.touch.direction,
                                        choices=TOUCH_DIRECTIONS))
    lf = f.sub("levels", [lv.name for lv in sensor.levels])
    ranges = {}
    for name in lf.data:
        band = lf.sub(name, ("range",))
        low, high = band.range()
        if low < sensor.low or high > sensor.high:
            raise band.error("range", f"{band.name('range')} [{low:g}, {high:g}] must lie "
                             f"inside the sensor's range [{sensor.low:g}, {sensor.high:g}]")
        ranges[name] = (low, high)
    levels = sorted((replace(lv, low=ranges[lv.name][0], high=ranges[lv.name][1])
                     if lv.name in ranges else lv for lv in sensor.levels),
                    key=lambda lv: lv.low)
    for a, b in pairwise(levels):
        if b.low != a.high:
            culprit = b.name if b.name in ranges else a.name
            raise doc.error(lf.path + (culprit, "range"),
                            f"{lf.name(culprit)}.range: band {a.name!r} ends at {a.high:g} "
                            f"but {b.name!r} starts at {b.low:g}; bands must touch without "
                            "gap or overlap (also with the bands left as they are)")
    return replace(sensor, touch=touch, levels=tuple(levels),
                   hysteresis=f.number("hysteresis", sensor.hysteresis, minimum=0))


# --- writing ----------------------------------------------------------------------------

def save_calibration(config: ExhibitConfig, changes: Mapping[str, Mapping],
                     written_at: datetime, notes: Mapping[str, str] | None = None
                     ) -> tuple[Path, ExhibitConfig]:
    """Merge `changes` into calibration.yaml, write it atomically, return it and the config
    it now describes (`config` with the changes applied).

    `changes` maps sensor id to ``{touch: {…}, levels: {name: {range: […]}}, hysteresis}``;
    `notes` adds a comment line above a sensor (what was measured). Raises `ConfigError` if
    the present file or the result does not check out, `OSError` if it cannot be written;
    either way nothing is written.
    """
    path = calibration_path(config.path)
    merged: dict = {}
    comments: dict[str, list[str]] = {}
    if path.is_file():
        old = load_yaml(path)
        apply_overlay(config, old)  # a broken file is reported, not silently replaced
        merged = _copy(old.data.get("sensors") or {}) if isinstance(old.data, dict) else {}
        comments = _sensor_comments(path.read_text(encoding="utf-8"))
    for sid, values in changes.items():
        _merge(merged.setdefault(sid, {}), values)
    for sid, note in (notes or {}).items():
        comments[sid] = [f"# {note}; saved {written_at:%Y-%m-%d %H:%M}"]
    order = list(config.sensors)
    merged = {sid: _ordered(config.sensors[sid], merged[sid])
              for sid in sorted(merged, key=lambda s: order.index(s) if s in order else 0)}
    text = render_calibration(merged, written_at, Path(config.path).name, comments)
    combined = apply_overlay(config, load_yaml(path, text))  # check exactly what is written
    _write_atomic(path, text)
    return path, combined


def _copy(data: dict) -> dict:
    return {k: _copy(v) if isinstance(v, dict) else v for k, v in data.items()}


def _merge(into: dict, values: Mapping) -> None:
    for key, value in values.items():
        if isinstance(value, Mapping) and isinstance(into.get(key), dict):
            _merge(into[key], value)
        else:
            into[key] = _copy(dict(value)) if isinstance(value, Mapping) else value


def _ordered(sensor: Sensor, values: dict) -> dict:
    """touch, levels (in the sensor's band order), hysteresis: the order staff read."""
    out = {k: values[k] for k in SENSOR_KEYS if k in values}
    if isinstance(out.get("levels"), dict):
        names = [lv.name for lv in sensor.levels]
        out["levels"] = dict(sorted(out["levels"].items(),
                                    key=lambda kv: names.index(kv[0]) if kv[0] in names else 0))
    return out


def _scalar(value: object) -> str:
    """One YAML scalar that reads back as `value` (quotes 'yes', floats keep their dot)."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        value = int(value)
    text = yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, width=10**6)
    return text.split("\n", 1)[0]


def _flow(value: object) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_scalar(k)}: {_flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_flow(v) for v in value) + "]"
    return _scalar(value)


def render_calibration(sensors: Mapping[str, Mapping], written_at: datetime, base: str,
                       comments: Mapping[str, list[str]] | None = None) -> str:
    """The file's text: a header saying what wrote it and when, then one block per sensor."""
    stamp = written_at.isoformat(sep=" ", timespec="seconds")
    lines = [
        f"# {CALIBRATION_NAME} — written by {WRITER}",
        f"# on {stamp}. Loaded on top of {base}, which the program never rewrites;",
        f"# delete this file to go back to the values in {base}. Allowed per sensor:",
        "# touch.delta, touch.direction, levels.<name>.range and hysteresis.",
        "# The next save keeps these values but rewrites the comments.",
        "sensors:" if sensors else "sensors: {}",
    ]
    for sid, values in sensors.items():
        for comment in (comments or {}).get(sid, []):
            lines.append(f"  {comment}")
        lines.append(f"  {_scalar(sid)}:")
        for key, value in values.items():
            if key == "levels" and isinstance(value, dict):
                lines.append("    levels:")
                lines += [f"      {_scalar(name)}: {_flow(band)}" for name, band in value.items()]
            else:
                lines.append(f"    {_scalar(key)}: {_flow(value)}")
    return "\n".join(lines) + "\n"


def _sensor_comments(text: str) -> dict[str, list[str]]:
    """Comment lines directly above each ``  <sensor>:`` line, to keep them on a rewrite."""
    out: dict[str, list[str]] = {}
    pending: list[str] = []
    for line in text.splitlines():
        stripped = line.strip()
        if line.startswith("  ") and not line.startswith("   ") and stripped.startswith("#"):
            pending.append(stripped)
        elif line.startswith("  ") and not line.startswith("   ") and stripped.endswith(":"):
            out[stripped[:-1].strip("'\"")] = pending
            pending = []
        else:
            pending = []
    return out


def _write_atomic(path: Path, text: str) -> None:
    """Write `text` to a temporary file beside `path`, then rename it over `path`."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    with contextlib.suppress(OSError):  # make the rename itself survive a power cut
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


__all__ = ["CALIBRATION_NAME", "ConfigError", "apply_overlay", "calibration_path",
           "load_overlay", "load_with_overlay", "render_calibration", "save_calibration"]
