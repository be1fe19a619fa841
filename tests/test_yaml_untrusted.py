"""Every YAML the app reads is untrusted: nothing in it may hang, eat memory or end in a
traceback. Each hostile file is refused with ``file:line: what is wrong, what to do``.

Timings are printed (``-s``), not asserted: a hang would fail by never returning.
"""

from __future__ import annotations

import re
import subprocess
import tempfile
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from exhibit.calibration.overlay_file import load_with_overlay
from exhibit.config import load_config
from exhibit.yamlsource import MAX_BYTES, MAX_DEPTH, ConfigError, load_yaml
from tests.conftest import ROOT, app_env, main_cmd

SHIPPED = (ROOT / "exhibit.yaml").read_text(encoding="utf-8")

# Nine lists of nine aliases to the list before: 9**9 (~387 million) "lol"s once expanded.
BILLION_LAUGHS = 'a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n' + \
    "".join(f"{name}: &{name} [{', '.join([f'*{prev}'] * 9)}]\n"
            for prev, name in zip("abcdefgh", "bcdefghi"))


def refused(call, *args) -> ConfigError:
    start = time.perf_counter()
    with pytest.raises(ConfigError) as info:
        call(*args)
    print(f"\n{call.__name__}: refused in {time.perf_counter() - start:.3f} s: {info.value}")
    return info.value


def with_line(error: ConfigError, path: Path) -> int:
    """The error names the file and a line, in the `file:line: message` form."""
    match = re.match(rf"{re.escape(str(path))}:(\d+): \S", str(error))
    assert match, str(error)
    assert "\n" not in str(error)
    return int(match.group(1))


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# --- aliases ----------------------------------------------------------------------------------

def test_billion_laughs_in_exhibit_yaml_is_refused_fast(tmp_path):
    path = write(tmp_path, "exhibit.yaml", BILLION_LAUGHS)
    error = refused(load_config, path)
    assert with_line(error, path) > 1
    assert "10,000 values" in error.message and "aliases" in error.message


def test_billion_laughs_in_calibration_yaml_is_refused_fast(tmp_path):
    config = write(tmp_path, "exhibit.yaml", SHIPPED)
    calibration = write(tmp_path, "calibration.yaml", BILLION_LAUGHS)
    error = refused(load_with_overlay, config)
    with_line(error, calibration)
    assert "aliases" in error.message


def test_many_aliases_are_refused(tmp_path):
    path = write(tmp_path, "exhibit.yaml", "a: &a 1\nb: [" + ", ".join(["*a"] * 1000) + "]\n")
    error = refused(load_config, path)
    assert with_line(error, path) == 2
    assert "aliases" in error.message


@pytest.mark.parametrize("text", ["a: &a [1, *a]\n", "a: &a {b: {c: *a}}\n",
                                  "x: 1\nloop: &l\n  - - *l\n"])
def test_an_alias_inside_its_own_value_is_refused(tmp_path, text):
    path = write(tmp_path, "exhibit.yaml", text)
    error = refused(load_config, path)
    with_line(error, path)
    assert "an alias refers to itself" in error.message


def test_aliases_within_the_limits_still_work():
    doc = load_yaml("x.yaml", "a: &a {x: 1}\nb: *a\nc: [*a, *a]\n")
    assert doc.data == {"a": {"x": 1}, "b": {"x": 1}, "c": [{"x": 1}, {"x": 1}]}
    assert doc.line_of(("c", 1)) == 1  # an alias's value lives where its anchor is written


# --- size and depth ---------------------------------------------------------------------------

def test_an_over_size_file_is_refused_before_parsing(tmp_path):
    path = write(tmp_path, "exhibit.yaml", "sensors:\n" + "  # padding\n" * 200_000)  # 2.4 MB
    error = refused(load_config, path)
    assert str(error).startswith(f"{path}: the file is 2,")
    assert f"{MAX_BYTES:,} bytes" in error.message


def test_the_same_size_limit_holds_for_text_given_directly():
    error = refused(load_yaml, "given.yaml", "a: " + "x" * (MAX_BYTES + 1))
    assert "limit" in error.message


def test_too_many_values_are_refused_while_parsing(tmp_path):
    path = write(tmp_path, "exhibit.yaml", "a: [" + ",".join(["1"] * 50_000) + "]\n")
    error = refused(load_config, path)
    assert with_line(error, path) == 1
    assert "10,000 values" in error.message


@pytest.mark.parametrize("text", ["x: " + "[" * 10_000 + "]" * 10_000, "x: " + "[" * 10_000,
                                  "x: " + "{a: " * 10_000, "- " * 10_000 + "1\n",
                                  "".join(" " * i + "a:\n" for i in range(200))])
def test_deep_nesting_is_refused_without_a_recursion_error(tmp_path, text):
    path = write(tmp_path, "exhibit.yaml", text)
    error = refused(load_config, path)
    with_line(error, path)
    assert f"more than {MAX_DEPTH} levels" in error.message


def test_nesting_up_to_the_limit_is_fine():
    doc = load_yaml("x.yaml", "x: " + "[" * (MAX_DEPTH - 1) + "]" * (MAX_DEPTH - 1))
    assert isinstance(doc.data["x"], list)


def test_deep_nesting_through_aliases_is_refused(tmp_path):
    deep = "[" * 40 + "]" * 40
    path = write(tmp_path, "exhibit.yaml", f"a: &a {deep}\nb: {'[' * 40}*a{']' * 40}\n")
    error = refused(load_config, path)
    assert with_line(error, path) == 2
    assert "nests more than" in error.message


# --- what YAML allows but these files do not --------------------------------------------------

def test_merge_keys_are_refused(tmp_path):
    text = SHIPPED.replace("sensors:\n", "base: &base {unit: '%'}\nsensors:\n", 1).replace(
        "    key: soil\n", "    key: soil\n    <<: *base\n", 1)
    path = write(tmp_path, "exhibit.yaml", text)
    line = text.splitlines().index("    <<: *base") + 1
    error = refused(load_config, path)
    assert with_line(error, path) == line
    assert error.message == "merge keys (<<) are not supported here; write the values out"


@pytest.mark.parametrize(("value", "shown"), [
    ("!!python/object/apply:os.system ['echo hi']", "'!!python/object/apply:os.system'"),
    ("!foo 3", "'!foo'"), ("!!binary aGk=", "'!!binary'"), ("!!set {a, b}", "'!!set'")])
def test_unknown_tags_are_refused(tmp_path, value, shown):
    text = SHIPPED.replace("    unit: \"%\"\n", f"    unit: {value}\n", 1)
    path = write(tmp_path, "exhibit.yaml", text)
    line = text.splitlines().index(f"    unit: {value}") + 1
    error = refused(load_config, path)
    assert with_line(error, path) == line
    assert error.message.startswith(f"unknown tag {shown}") and "remove the tag" in error.message


def test_a_number_in_e_notation_without_dot_gets_the_fix(tmp_path):
    text = SHIPPED.replace("touch: {delta: 12, direction: either}",
                           "touch: {delta: 2e2, direction: either}", 1)
    path = write(tmp_path, "exhibit.yaml", text)
    line = next(i for i, t in enumerate(text.splitlines(), 1) if "delta: 2e2" in t)
    error = refused(load_config, path)
    assert with_line(error, path) == line
    assert "got '2e2'; YAML reads 2e2 as text: write 2.0e+2" in error.message
    assert load_config(path, text.replace("delta: 2e2", "delta: 2.0e+2")) \
        .sensors["soil"].touch.delta == 200.0


@pytest.mark.parametrize("old, new", [
    ("calibrate_linear: [[520, 0], [260, 100]]", "calibrate_linear: [[5.2e2, 0], [260, 100]]"),
    ("filters: [{median: 3}, {exponential_moving_average: 0.4}]",
     "filters: [{median: 3}, {exponential_moving_average: 4e-1}]"),
])
def test_e_notation_gets_the_fix_in_calibration_points_and_filters_too(tmp_path, old, new):
    assert SHIPPED.count(old) >= 1
    path = write(tmp_path, "exhibit.yaml", SHIPPED.replace(old, new, 1))
    error = refused(load_config, path)
    assert "YAML reads" in error.message and "a dot and a signed exponent" in error.message


def test_a_level_outside_the_sensors_range_is_refused_in_exhibit_yaml(tmp_path):
    text = SHIPPED.replace("wet: {range: [70, 100]", "wet: {range: [70, 120]", 1)
    path = write(tmp_path, "exhibit.yaml", text)
    line = next(i for i, t in enumerate(text.splitlines(), 1) if "[70, 120]" in t)
    error = refused(load_config, path)
    assert with_line(error, path) == line
    assert error.message == ("sensors.soil.levels.wet.range [70, 120] must lie inside the "
                             "sensor's range [0, 100]; move the band or widen "
                             "sensors.soil.range")


@pytest.mark.parametrize(("text", "line", "fragment"), [
    ("a: [1,\nb: }\n", 2, "YAML syntax error: expected the node content"),
    ("a: 'open\n", 2, "YAML syntax error"),
    ("a: b\x00c\n", 1, "a character YAML does not allow (#x0000)"),
    ("a: 2024-13-45\n", 1, "cannot read the value '2024-13-45'"),
    ("a: " + "9" * 5000 + "\n", 1, "quote it if it is meant as text"),
])
def test_parse_errors_are_one_line_with_file_line_and_fix(tmp_path, text, line, fragment):
    path = write(tmp_path, "exhibit.yaml", text)
    error = refused(load_config, path)
    assert with_line(error, path) == line
    assert fragment in error.message


def test_a_file_that_is_not_utf8_is_refused(tmp_path):
    path = tmp_path / "exhibit.yaml"
    path.write_bytes(b"a: 1\nb: \xff\xfe\n")
    error = refused(load_config, path)
    assert with_line(error, path) == 2
    assert "UTF-8" in error.message


# --- the command line -------------------------------------------------------------------------

@pytest.mark.parametrize("text", [BILLION_LAUGHS, "x: " + "[" * 10_000, "a: &a [*a]\n"])
def test_check_config_on_a_hostile_file_exits_2_with_one_line(tmp_path, text):
    path = write(tmp_path, "hostile.yaml", text)
    start = time.perf_counter()
    result = subprocess.run(main_cmd("--check-config", "--config", str(path)), cwd=ROOT,
                            env=app_env(), capture_output=True, text=True, timeout=60)
    print(f"\nmain.py --check-config: {time.perf_counter() - start:.2f} s: {result.stderr}")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr + result.stdout
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and f"{path}:" in lines[0], result.stderr


# --- fuzz -------------------------------------------------------------------------------------

FUZZ = settings(max_examples=300, deadline=None,
                suppress_health_check=[HealthCheck.too_slow])


def only_config_errors(text: str) -> None:
    try:
        load_yaml("fuzz.yaml", text)
    except ConfigError as exc:
        assert "\n" not in str(exc) and str(exc).startswith("fuzz.yaml")


@FUZZ
@given(st.text())
def test_any_text_raises_only_config_error(text):
    only_config_errors(text)


_FUZZ_DIR = Path(tempfile.mkdtemp(prefix="yaml-fuzz-"))


@FUZZ
@given(st.binary())
def test_any_bytes_in_a_file_raise_only_config_error(data):
    path = _FUZZ_DIR / "fuzz.yaml"
    path.write_bytes(data)
    try:
        load_yaml(path)
    except ConfigError as exc:
        assert "\n" not in str(exc) and str(exc).startswith(str(path))


PIECES = ["[", "]", "{", "}", ", ", ": ", "- ", "\n", "  ", "&a ", "&b ", "*a", "*b", "a",
          "b", "1", "2e2", "<<: ", "!foo ", "!!str ", "'", '"', "# c", "? ", "2024-13-45",
          "|\n", "~", "---\n", "...\n", "%YAML 1.1\n", "\t", "\\"]


def nested(children):
    """A flow list or mapping around the children, maybe anchored, maybe an alias."""
    return st.one_of(
        st.lists(children, max_size=4).map(lambda xs: "[" + ", ".join(xs) + "]"),
        st.lists(st.tuples(st.sampled_from(["a", "b", "<<", "k"]), children), max_size=3)
        .map(lambda kv: "{" + ", ".join(f"{k}: {v}" for k, v in kv) + "}"),
        st.tuples(st.sampled_from(["&a ", "&b ", ""]), children).map("".join))


YAMLISH = st.recursive(st.sampled_from(["1", "x", "*a", "*b", "2e2", "!foo 1", "[", "}"]),
                       nested, max_leaves=30)


@FUZZ
@given(st.lists(st.sampled_from(PIECES), max_size=60).map("".join))
def test_yaml_pieces_raise_only_config_error(text):
    only_config_errors(text)


@FUZZ
@given(YAMLISH, st.integers(0, 3))
def test_nested_anchors_and_aliases_raise_only_config_error(text, repeat):
    only_config_errors("top: " + text + ("\nmore: " + text) * repeat)
