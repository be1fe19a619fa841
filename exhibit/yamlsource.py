"""YAML loading that remembers where every value came from.

Staff edit `exhibit.yaml` by hand, so every config error must name the file and the line.
`yaml.safe_load` throws positions away; here the composed node tree is walked once and each
value's path (e.g. ``("sensors", "soil", "unit")``) is mapped to its 1-based line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

KeyPath = tuple[str | int, ...]  # where a value sits: mapping keys and list indexes from the top


class ConfigError(Exception):
    """A mistake in a configuration file, phrased for the person who edits it."""

    def __init__(self, file: str | Path, line: int | None, message: str) -> None:
        self.file = str(file)
        self.line = line
        self.message = message
        where = f"{self.file}:{line}" if line else self.file
        super().__init__(f"{where}: {message}")


@dataclass
class YamlDoc:
    """Plain Python data plus the line of every path inside it."""

    file: str
    data: Any
    lines: dict[KeyPath, int] = field(default_factory=dict)

    def line_of(self, path: KeyPath) -> int | None:
        """Line of `path`, or of its nearest ancestor that has one."""
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), None)

    def error(self, path: KeyPath, message: str) -> ConfigError:
        return ConfigError(self.file, self.line_of(path), message)


def _walk(node: yaml.Node, path: KeyPath, lines: dict[KeyPath, int]) -> Any:
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise ConfigError("", key_node.start_mark.line + 1,
                                  "a key must be a plain word, not a list or mapping")
            key = _scalar(key_node)
            if key in out:
                raise ConfigError("", key_node.start_mark.line + 1, f"key {key!r} appears twice")
            out[key] = _walk(value_node, path + (key,), lines)
            lines[path + (key,)] = key_node.start_mark.line + 1
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_walk(item, path + (i,), lines) for i, item in enumerate(node.value)]
    return _scalar(node)


def _scalar(node: yaml.Node) -> Any:
    loader = yaml.SafeLoader("")
    try:
        return loader.construct_object(node, deep=True)
    finally:
        loader.dispose()


def load_yaml(path: str | Path, text: str | None = None) -> YamlDoc:
    """Parse a YAML file (or `text` named as `path`) into a `YamlDoc`.

    Syntax errors become `ConfigError` with the line yaml reports.
    """
    name = str(path)
    if text is None:
        try:
            text = Path(path).read_text(encoding="utf-8")
        except FileNotFoundError:
            raise ConfigError(name, None, "file not found; pass an existing file with "
                              "--config FILE or create it (see README.md)") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigError(name, None, f"cannot read the file: {exc}") from None
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        problem = exc.problem or str(exc)
        raise ConfigError(name, line, f"YAML syntax error: {problem}; check indentation, "
                          "colons and quotes on this line") from None
    except yaml.YAMLError as exc:
        raise ConfigError(name, None, f"YAML error: {exc}") from None
    lines: dict[KeyPath, int] = {}
    if node is None:
        return YamlDoc(name, {}, lines)
    try:
        data = _walk(node, (), lines)
    except ConfigError as exc:
        raise ConfigError(name, exc.line, exc.message) from None
    except yaml.YAMLError as exc:
        raise ConfigError(name, None, f"YAML error: {exc}") from None
    return YamlDoc(name, data, lines)
