"""Config loading: the shipped file works, and every mistake names file, line and the fix.

Staff edit `exhibit.yaml` by hand; a message without the right line number sends them
searching, so each error case checks `err.file`, `err.line` and a hint of the expected form.
Line numbers are found by looking up the mutated line in the text, not hard-coded.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from exhibit.config import ExhibitConfig, load_config
from exhibit.scene import load_scene
from exhibit.yamlsource import ConfigError

SHIPPED = Path(__file__).resolve().parents[1] / "exhibit.yaml"
NAME = "test-exhibit.yaml"

MINIMAL = """\
# a small but complete config; tests change one line at a time
device: {port: sim}
language: de
playlist:
  seconds: 20
  scenes: [overview, trees]
sensors:
  soil:
    name: {de: Bodenfeuchte, en: soil moisture}
    where: {de: Baumbeet, en: tree bed}
    key: soil
    unit: "%"
    range: [0, 100]
    calibrate_linear: [[520, 0], [260, 100]]
    filters: [{exponential_moving_average: 0.3}]
    touch:
      delta: 12
      direction: either
    levels:
      dry: {range: [0, 30], tone: act, de: trocken, en: dry}
      ok: {range: [30, 70], tone: ok, de: gut, en: fine}
      wet: {range: [70, 100], tone: info, de: nass, en: wet}
    simulate: {rest: 52, touched: 14, noise: 0.8}
  light:
    name: {de: Licht, en: light}
    where: {de: Laterne, en: lamp}
    key: light
    unit: lx
    range: [0, 200]
    calibrate_linear: [[853, 10], [300, 200]]
    touch: {delta: 40, direction: down}
    levels:
      night: {range: [0, 25], tone: info, de: Nacht, en: night}
      day: {range: [25, 200], tone: ok, de: Tag, en: day}
    simulate: {rest: 140, touched: 6}
"""


def config_text(old: str = "", new: str = "") -> str:
    """MINIMAL with exactly one occurrence of `old` replaced by `new`."""
    if not old:
        return MINIMAL
    assert MINIMAL.count(old) == 1, f"test setup: {old!r} must occur exactly once"
    return MINIMAL.replace(old, new)


def line_no(text: str, needle: str, after: str | None = None) -> int:
    """1-based line of the first line containing `needle` (after the line with `after`)."""
    lines = text.splitlines()
    start = 0
    if after is not None:
        start = next(i for i, line in enumerate(lines) if after in line) + 1
    for i in range(start, len(lines)):
        if needle in lines[i]:
            return i + 1
    raise AssertionError(f"test setup: {needle!r} not found")


def config_error(text: str) -> ConfigError:
    with pytest.raises(ConfigError) as info:
        load_config(NAME, text=text)
    return info.value


def assert_error(err: ConfigError, line: int | None, *fragments: str) -> None:
    assert err.file == NAME
    assert err.line == line, f"wrong line for: {err}"
    for fragment in fragments:
        assert fragment in err.message, f"{fragment!r} missing from: {err.message}"
    where = f"{NAME}:{line}" if line else NAME
    assert str(err).startswith(f"{where}: ")


# -- the shipped file ------------------------------------------------------------------------

@pytest.fixture(scope="module")
def shipped() -> ExhibitConfig:
    return load_config(SHIPPED)


def test_shipped_config_has_twelve_sensors_and_every_scene_in_the_playlist(
        shipped: ExhibitConfig) -> None:
    from exhibit.scene import available_scenes

    assert len(shipped.sensors) == 12
    assert shipped.path == str(SHIPPED)
    assert shipped.playlist.scenes[0] == "overview"
    assert sorted(shipped.playlist.scenes) == available_scenes()   # none left out
    used = {s for name in shipped.playlist.scenes for s in load_scene(name, shipped).text.sensors}
    assert used == set(shipped.sensors)                 # every sensor has a scene to touch
    assert shipped.playlist.seconds > 1 and shipped.playlist.idle_return > 1
    assert shipped.language in ("de", "en")
    # every sensor can be found by its protocol key, so no two share one
    assert len(shipped.sources("lines")) == len(shipped.sensors)


def test_shipped_calibrations_round_trip(shipped: ExhibitConfig) -> None:
    """to_raw must invert to_value, or the simulator would send wrong counts."""
    for sensor in shipped.sensors.values():
        points = sensor.calibration.points
        if sensor.calibration.kind in ("linear", "table", "exact"):
            for raw, value in points:  # exact kinds pass through every reference point
                assert sensor.to_value(raw) == pytest.approx(value), sensor.id
        raws = [r for r, _ in points]
        span = max(raws) - min(raws)
        for raw in (min(raws) - span, *raws, min(raws) + 0.37 * span, max(raws) + 2.5 * span):
            assert sensor.to_raw(sensor.to_value(raw)) == pytest.approx(raw, abs=1e-6), \
                (sensor.id, raw)
        for value in (sensor.low, sensor.high, (sensor.low + sensor.high) / 2):
            assert sensor.to_value(sensor.to_raw(value)) == pytest.approx(value), \
                (sensor.id, value)


def test_the_light_table_follows_the_ldr_curve(shipped: ExhibitConfig) -> None:
    """Between table points the LDR is interpolated; darker always reads fewer lux."""
    light = shipped.sensors["light"]
    assert light.calibration.kind == "table"
    assert light.to_value(614) == pytest.approx(10.0)
    values = [light.to_value(raw) for raw in range(24, 877, 7)]
    assert values == sorted(values, reverse=True)


def _counts(volts: float) -> float:
    """What the Uno's 10-bit ADC reads at 5 V reference."""
    return 1023 * volts / 5


@pytest.mark.parametrize("sensor_id, volts, value", [
    ("temp", 0.75, 25.0), ("temp", 0.5, 0.0),            # TMP36: 0.5 V + 10 mV/°C
    ("road", 0.48, -2.0),                                # TMP36 in the bridge deck
    ("co2", 1.2, 2500.0), ("co2", 2.0, 5000.0),          # MH-Z19B: 0.4–2.0 V = 0–5000 ppm
    ("humidity", 0.826 + 0.0315 * 50, 50.0),             # HIH-4030 at 5 V
    ("noise", 1.6, 80.0),                                # SEN0232: 50 dB(A) per volt
    ("bin", 1.334, 50.0),                                # GP2Y0A21YK0F: 20 cm of 10–30 cm
])
def test_the_parts_formulas_map_volts_to_units(shipped: ExhibitConfig, sensor_id: str,
                                               volts: float, value: float) -> None:
    """Each firmware/README.md part: the data sheet's volts give the shipped value."""
    assert shipped.sensors[sensor_id].to_value(_counts(volts)) == pytest.approx(value, abs=0.6)


def test_soil_calibration_maps_dry_and_wet_counts(shipped: ExhibitConfig) -> None:
    """Capacitive soil sensor: dry air reads 520, water 260 (higher counts = drier)."""
    soil = shipped.sensors["soil"]
    assert soil.to_value(520) == pytest.approx(0.0)
    assert soil.to_value(260) == pytest.approx(100.0)
    assert soil.to_value(390) == pytest.approx(50.0)
    assert soil.to_raw(100) == pytest.approx(260.0)


def test_shipped_sensors_are_playable(shipped: ExhibitConfig) -> None:
    """Levels tile the range and simulated values lie inside it, so every value has a band."""
    for sensor in shipped.sensors.values():
        assert sensor.levels[0].low == sensor.low, sensor.id
        assert sensor.levels[-1].high == sensor.high, sensor.id
        for a, b in zip(sensor.levels, sensor.levels[1:]):
            assert a.high == b.low, sensor.id
        assert sensor.low <= sensor.simulate.rest <= sensor.high, sensor.id
        if sensor.kind != "counter":
            assert sensor.low <= sensor.simulate.touched <= sensor.high, sensor.id
        assert sensor.name["de"] and sensor.name["en"], sensor.id
        for spec in sensor.filters:
            assert spec.build() is not None, sensor.id
        assert (sensor.timeout is None) == (sensor.kind != "analog"), sensor.id  # values hold


# -- the minimal config ----------------------------------------------------------------------

def test_minimal_config_loads_with_defaults() -> None:
    config = load_config(NAME, text=config_text())
    assert config.path == NAME
    assert list(config.sensors) == ["soil", "light"]
    soil, light = config.sensors["soil"], config.sensors["light"]
    assert [(f.name, f.param("alpha")) for f in soil.filters] == [
        ("exponential_moving_average", 0.3)]
    assert light.filters == ()  # no filter means no smoothing
    assert soil.touch.delta == 12 and soil.touch.direction == "either"
    assert [lv.name for lv in soil.levels] == ["dry", "ok", "wet"]
    assert soil.levels[0].label == {"de": "trocken", "en": "dry"}
    assert light.kind == "analog" and light.decimals == 0 and light.hysteresis == 0
    assert config.device.port == "sim" and config.device.protocol == "lines"
    assert config.sources()["light"] == "light"


def test_key_defaults_to_the_sensor_id() -> None:
    config = load_config(NAME, text=config_text("    key: light\n", ""))
    assert config.sensors["light"].key == "light"


def test_levels_are_sorted_by_range() -> None:
    text = config_text(
        "      night: {range: [0, 25], tone: info, de: Nacht, en: night}\n"
        "      day: {range: [25, 200], tone: ok, de: Tag, en: day}\n",
        "      day: {range: [25, 200], tone: ok, de: Tag, en: day}\n"
        "      night: {range: [0, 25], tone: info, de: Nacht, en: night}\n")
    levels = load_config(NAME, text=text).sensors["light"].levels
    assert [lv.name for lv in levels] == ["night", "day"]


# -- errors: each names the file, the line of the mistake and what is expected ---------------

# (old, new, line needle, needle searched after this line, message fragments)
ERROR_CASES = {
    "unknown_top_level_key": (
        "language: de\n", "language: de\ncolour: red\n", "colour: red", None,
        ["colour", "allowed here", "sensors", "playlist"]),
    "unknown_sensor_key": (
        '    unit: "%"\n', '    units: "%"\n', "units:", None,
        ["sensors.soil.units", "allowed here", "unit"]),
    "wrong_type_touch_delta": (
        "      delta: 12\n", "      delta: high\n", "delta: high", None,
        ["sensors.soil.touch.delta", "number", "high"]),
    "negative_touch_delta": (
        "      delta: 12\n", "      delta: -3\n", "delta: -3", None,
        ["sensors.soil.touch.delta", "number > 0"]),
    "wrong_type_device_baud": (
        "device: {port: sim}\n", "device: {port: sim, baud: fast}\n", "device:", None,
        ["device.baud", "whole number", "fast"]),
    "missing_range": (
        "    range: [0, 100]\n", "", "  soil:", None,
        ["sensors.soil.range", "missing", "[low, high]"]),
    "missing_calibration": (
        "    calibrate_linear: [[853, 10], [300, 200]]\n", "", "  light:", None,
        ["sensors.light.calibrate_linear", "missing", "[[raw, value], [raw, value]]"]),
    "missing_simulate_touched": (
        "    simulate: {rest: 52, touched: 14, noise: 0.8}\n",
        "    simulate: {rest: 52, noise: 0.8}\n", "simulate:", None,
        ["sensors.soil.simulate.touched", "missing", "number"]),
    "unknown_filter": (
        "    filters: [{exponential_moving_average: 0.3}]\n",
        "    filters: [{medain: 5}]\n", "filters:", None,
        ["sensors.soil.filters[0]", "medain", "did you mean 'median'", "known filters",
         "exponential_moving_average"]),
    "bad_filter_parameter": (
        "    filters: [{exponential_moving_average: 0.3}]\n",
        "    filters:\n      - {median: 5}\n      - {throttle: soon}\n", "throttle", None,
        ["sensors.soil.filters[1]", "throttle", "500ms"]),
    "bad_filter_window": (
        "    filters: [{exponential_moving_average: 0.3}]\n",
        "    filters: [{median: {window_size: 0}}]\n", "filters:", None,
        ["sensors.soil.filters[0]", "window_size", "whole number"]),
    "calibration_table_not_monotonic": (
        "calibrate_linear: [[520, 0], [260, 100]]",
        "calibrate_table: [[520, 0], [400, 60], [260, 50]]", "calibrate_table", None,
        ["sensors.soil.calibrate_table", "strictly", "[400, 60]"]),
    "levels_with_gap": (
        "      ok: {range: [30, 70]", "      ok: {range: [35, 70]", "levels:", "  soil:",
        ["sensors.soil.levels", "'dry'", "'ok'", "30", "35", "gap"]),
    "levels_overlapping": (
        "      day: {range: [25, 200]", "      day: {range: [20, 200]", "levels:", "  light:",
        ["sensors.light.levels", "'night'", "'day'", "overlap"]),
    "unknown_level_tone": (
        "tone: act,", "tone: red,", "dry:", None,
        ["sensors.soil.levels.dry.tone", "one of:", "ok", "notice"]),
    "range_reversed": (
        "    range: [0, 200]\n", "    range: [200, 0]\n", "range: [200, 0]", None,
        ["sensors.light.range", "low < high"]),
    "duplicate_key_in_mapping": (
        '    unit: "%"\n', '    unit: "%"\n    unit: "percent"\n', 'unit: "percent"', None,
        ["'unit'", "twice"]),
    "missing_en_translation": (
        "    name: {de: Bodenfeuchte, en: soil moisture}\n",
        "    name: {de: Bodenfeuchte}\n", "name: {de: Bodenfeuchte}", None,
        ["sensors.soil.name", "'en'", "add en:"]),
    "unknown_language_in_text": (
        "    where: {de: Laterne, en: lamp}\n",
        "    where: {de: Laterne, en: lamp, fr: lampe}\n", "fr: lampe", None,
        ["sensors.light.where", "'fr'", "de, en"]),
    "calibration_identical_raw": (
        "[[520, 0], [260, 100]]", "[[520, 0], [520, 100]]", "[[520, 0], [520, 100]]", None,
        ["sensors.soil.calibrate_linear", "different raw value", "520"]),
    "calibration_not_pairs": (
        "[[853, 10], [300, 200]]", "[[853, 10], 300]", "[[853, 10], 300]", None,
        ["sensors.light.calibrate_linear", "[raw, value]", "point [1] is 300"]),
    "duplicate_protocol_key": (
        "    key: light\n", "    key: soil\n", "key: soil", "  light:",
        ["sensors.light.key", "already used by sensor 'soil'", "own key"]),
    "scenes_not_a_list": (
        "  scenes: [overview, trees]\n", "  scenes: overview\n", "scenes:", None,
        ["playlist.scenes", "list of scene names"]),
    "unknown_language": (
        "language: de\n", "language: fr\n", "language:", None,
        ["language", "one of: de, en", "fr"]),
    "yaml_syntax_error": (
        "    key: soil\n", "    key: soil: extra\n", "key: soil: extra", None,
        ["YAML syntax error", "check indentation"]),
    "yaml_tab_indent": (
        "    key: soil\n", "\tkey: soil\n", "\tkey: soil", None,
        ["YAML syntax error", "'\\t'"]),
}


@pytest.mark.parametrize("case", ERROR_CASES, ids=list(ERROR_CASES))
def test_config_error_names_file_line_and_fix(case: str) -> None:
    old, new, needle, after, fragments = ERROR_CASES[case]
    text = config_text(old, new)
    assert_error(config_error(text), line_no(text, needle, after), *fragments)


def test_duplicate_sensor_id_points_at_the_second_one() -> None:
    text = config_text("  light:\n", "  soil:\n")
    err = config_error(text)
    assert_error(err, line_no(MINIMAL, "  light:"), "'soil'", "twice")


def test_sensors_must_not_be_empty() -> None:
    text = MINIMAL.split("sensors:")[0] + "sensors: {}\n"
    assert_error(config_error(text), line_no(text, "sensors:"), "sensors must map")


def test_top_level_must_be_a_mapping() -> None:
    err = config_error("- soil\n- light\n")
    assert err.file == NAME
    assert "must be a mapping" in err.message


def test_empty_file_reports_missing_sensors() -> None:
    err = config_error("# only a comment\n")
    assert err.file == NAME
    assert "sensors" in err.message and "missing" in err.message


@pytest.mark.parametrize(("old", "new", "fragment"), [
    ("      delta: 12\n", "      delta:\n", "sensors.soil.touch.delta"),
    ('    unit: "%"\n', "    unit:\n", "sensors.soil.unit"),
    ("device: {port: sim}\n", "device: {port: ~}\n", "device.port"),
], ids=["touch_delta", "unit", "device_port"])
def test_empty_value_is_an_error(old: str, new: str, fragment: str) -> None:
    """`delta:` with nothing after it is a half-finished edit, not a valid setting."""
    text = config_text(old, new)
    assert_error(config_error(text), line_no(text, new.rstrip("\n")), fragment)


def test_error_from_a_file_on_disk_names_that_file(tmp_path: Path) -> None:
    path = tmp_path / "exhibit.yaml"
    text = config_text("      delta: 12\n", "      delta: high\n")
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_config(path)
    assert info.value.file == str(path)
    assert info.value.line == line_no(text, "delta: high")
    assert str(info.value).startswith(f"{path}:{info.value.line}: ")


def test_missing_file_names_the_file_and_the_fix(tmp_path: Path) -> None:
    path = tmp_path / "nowhere.yaml"
    with pytest.raises(ConfigError) as info:
        load_config(path)
    assert info.value.file == str(path)
    assert info.value.line is None
    assert "not found" in info.value.message and "--config" in info.value.message
