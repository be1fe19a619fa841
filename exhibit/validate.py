"""Small typed readers over a `YamlDoc` that fail with file, line and the expected form.

Every config module reads its part through a `Fields` view so messages look alike:
``exhibit.yaml:42: sensors.soil.touch.delta must be a number > 0, got 'high'``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

from exhibit.quote import number_hint, shown
from exhibit.yamlsource import ConfigError, KeyPath, YamlDoc

LANGUAGES = ("de", "en")  # every visitor text must have these
EASY_READ = "ls"  # Leichte Sprache (easy-read German): a third variant of every visitor text
SHOW_LANGUAGES = LANGUAGES + (EASY_READ,)  # what the show can be switched to (--lang, L)
STAFF_LANGUAGES = LANGUAGES  # staff overlays, logs and reports: German while the show is ls



def staff_language(lang: str) -> str:
    """The language staff texts are shown in: `lang`, German while visitors read ls."""
    return lang if lang in STAFF_LANGUAGES else "de"


class Texts(dict):
    """One visitor text per language. Scene and frame texts must have all three
    (`Fields(easy_read=True)`); a city's own words in exhibit.yaml (sensor names, places,
    level words) may leave out `ls`: then the German text stands in, and `--check-config`
    lists each such text. `"ls" in text` stays honest."""

    def __missing__(self, lang: str) -> str:
        if lang != EASY_READ or "de" not in self:
            raise KeyError(lang)
        return self["de"]



def dotted(path: KeyPath) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"


class Fields:
    """A mapping at `path` inside `doc`, read key by key with type checks."""

    def __init__(self, doc: YamlDoc, path: KeyPath, data: Any, allowed: Iterable[str],
                 easy_read: bool = False) -> None:
        self.doc = doc
        self.path = path
        self.easy_read = easy_read  # every text needs its Leichte Sprache variant too
        if data is None:
            data = {}
        if not isinstance(data, dict):
            raise doc.error(path, f"{dotted(path)} must be a mapping of key: value lines, "
                            f"got {shown(data)}")
        self.data = data
        allowed = list(allowed)
        for key in data:
            if key not in allowed:
                raise doc.error(path + (key,), f"unknown key {dotted(path + (str(key),))}; "
                                f"allowed here: {', '.join(allowed)}")

    def error(self, key: str | int, message: str) -> ConfigError:
        return self.doc.error(self.path + (key,), message)

    def name(self, key: str) -> str:
        return dotted(self.path + (key,))

    def has(self, key: str) -> bool:
        return key in self.data

    def raw(self, key: str, default: Any = None) -> Any:
        return self.data.get(key, default)

    def required(self, key: str, form: str) -> Any:
        if key not in self.data:
            raise self.doc.error(self.path, f"{self.name(key)} is missing; add it as {form}")
        if self.data[key] is None:
            raise self.error(key, f"{self.name(key)} is empty; give it as {form}")
        return self.data[key]

    def _get(self, key: str, default: Any, form: str) -> Any:
        """The value at `key`, `default` if absent; an empty value is always an error."""
        if key in self.data or default is None:
            return self.required(key, form)
        return default

    def sub(self, key: str, allowed: Iterable[str]) -> Fields:
        return Fields(self.doc, self.path + (key,), self.data.get(key), allowed,
                      self.easy_read)

    def number(self, key: str, default: float | None = None, *, minimum: float | None = None,
               above: float | None = None, maximum: float | None = None) -> float:
        value = self._get(key, default, "a number")
        return check_number(self.doc, self.path + (key,), value, minimum=minimum,
                            above=above, maximum=maximum)

    def integer(self, key: str, default: int | None = None, *, minimum: int | None = None,
                maximum: int | None = None) -> int:
        if minimum is not None and maximum is not None:
            form = f"a whole number from {minimum} to {maximum}"
        else:
            form = "a whole number" + (f" >= {minimum}" if minimum is not None else "")
        value = self._get(key, default, form)
        if isinstance(value, bool) or not isinstance(value, int) or \
                (minimum is not None and value < minimum) or \
                (maximum is not None and value > maximum):
            raise self.error(key, f"{self.name(key)} must be {form}, got {shown(value)}")
        return value

    def string(self, key: str, default: str | None = None, *, choices: Iterable[str] = ()
               ) -> str:
        choices = tuple(choices)
        value = self._get(key, default, f"one of: {', '.join(choices)}" if choices else "text")
        if isinstance(value, (int, float)) and not isinstance(value, bool) and not choices:
            value = str(value)
        if not isinstance(value, str) or (choices and value not in choices):
            form = f"one of: {', '.join(choices)}" if choices else "text"
            raise self.error(key, f"{self.name(key)} must be {form}, got {shown(value)}")
        return value

    def range(self, key: str = "range") -> tuple[float, float]:
        """A required ``[low, high]`` pair with low < high."""
        value = self.required(key, "[low, high], e.g. [0, 100]")
        if not isinstance(value, list) or len(value) != 2:
            raise self.error(key, f"{self.name(key)} must be [low, high], got {shown(value)}")
        low = check_number(self.doc, self.path + (key, 0), value[0])
        high = check_number(self.doc, self.path + (key, 1), value[1])
        if high <= low:
            raise self.error(key, f"{self.name(key)} must have low < high, got {shown(value)}")
        return low, high

    def text(self, key: str, default: dict[str, str] | None = None) -> Texts:
        """A visitor text in every language: ``{de: "...", en: "...", ls: "..."}`` (ls,
        Leichte Sprache: required where `easy_read`, else German stands in)."""
        value = self._get(key, default, '{de: "…", en: "…"}')
        return check_text(self.doc, self.path + (key,), value, self.easy_read)


def check_number(doc: YamlDoc, path: KeyPath, value: Any, *, minimum: float | None = None,
                 above: float | None = None, maximum: float | None = None) -> float:
    form = "a number"
    if minimum is not None:
        form += f" >= {minimum:g}"
    if above is not None:
        form += f" > {above:g}"
    if maximum is not None:
        form += f" <= {maximum:g}"
    ok = isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)
    if ok and ((minimum is not None and value < minimum) or (above is not None and value <= above)
               or (maximum is not None and value > maximum)):
        ok = False
    if not ok:
        raise doc.error(path, f"{dotted(path)} must be {form}, got {shown(value)}"
                        f"{number_hint(value)}")
    return float(value)


def check_text(doc: YamlDoc, path: KeyPath, value: Any, easy_read: bool = False) -> Texts:
    if not isinstance(value, dict):
        raise doc.error(path, f'{dotted(path)} must give the text per language as '
                        f'{{de: "…", en: "…"}}, got {shown(value)}')
    for lang in value:
        if lang not in LANGUAGES and lang != EASY_READ:
            raise doc.error(path + (lang,), f"{dotted(path)} has unknown language {lang!r}; "
                            f"use {', '.join(SHOW_LANGUAGES)}")
    for lang in LANGUAGES:
        text = value.get(lang)
        if not isinstance(text, str) or not text.strip():
            raise doc.error(path, f"{dotted(path)} needs a non-empty {lang!r} text "
                            f'(add {lang}: "…"); no visitor should see a blank')
    texts = Texts((lang, value[lang].strip()) for lang in LANGUAGES)
    if EASY_READ in value:
        easy = value[EASY_READ]
        if not isinstance(easy, str) or not easy.strip():
            raise doc.error(path, f"{dotted(path)} has an empty {EASY_READ!r} text; write it in "
                            "Leichte Sprache or leave the key out")
        texts[EASY_READ] = easy.strip()
    elif easy_read:
        raise doc.error(path, f"{dotted(path)} needs its Leichte Sprache text too (add "
                        f'{EASY_READ}: "…": short sentences, everyday words, numbers as digits)')
    return texts
