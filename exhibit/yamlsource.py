"""YAML loading that remembers where every value came from, and survives hostile files.

Staff edit `exhibit.yaml` by hand, so every config error must name the file and the line.
`yaml.safe_load` throws positions away; here the composed node tree is walked once and each
value's path (e.g. ``("sensors", "soil", "unit")``) is mapped to its 1-based line.

Every file read here is untrusted (a kiosk meets USB sticks and careless edits), so nothing
in it may hang, eat memory or end in a traceback. Each limit fails with a `ConfigError`
naming file, line and fix, in well under a second:

- size: at most `MAX_BYTES`, checked from the file size before a byte is parsed;
- depth: at most `MAX_DEPTH` nested lists/mappings, counted while composing (before
  PyYAML's recursive composer can reach Python's recursion limit) and again after aliases;
- values: at most `MAX_VALUES` as written (counted while composing, so parsing stops there);
- aliases: at most `MAX_ALIASES` uses of ``*name``, and at most `MAX_VALUES` values after
  every alias is expanded ("billion laughs": the composer shares one node per anchor, the
  blow-up would come when that DAG is turned into plain data); an alias inside the node it
  names is refused;
- only the plain YAML types (text, numbers, true/false, null, dates, lists, mappings): no
  ``!tags``, no merge keys (``<<: *base``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

KeyPath = tuple[str | int, ...]  # where a value sits: mapping keys and list indexes from the top

# PyYAML's pure-Python parser costs ~1 µs per byte and ~30 µs per value (measured on the
# kiosk-class 2-core box), so the limits are set by time: whatever a file holds, it is
# parsed or refused in about half a second. 50 MB of ordinary YAML took minutes and GBs.
# The largest real file (exhibit.yaml) is ~10 kB: 500 kB is fifty times that.
MAX_BYTES = 500_000
# Real files nest 5 levels; 64 is far above that and far below Python's recursion limit
# (PyYAML's composer uses ~3 stack frames per level).
MAX_DEPTH = 64
# Real files use no aliases at all; a few hundred leave room for staff who like them.
MAX_ALIASES = 300
# Values (scalars, lists, mappings, keys), both as written and after aliases are expanded.
# exhibit.yaml with its 12 sensors holds ~1,150, a scene file ~150: 10,000 leaves room for
# sixty sensors and keeps a file of nothing but values to ~0.3 s.
MAX_VALUES = 10_000

_PLAIN_TAGS = {f"tag:yaml.org,2002:{name}"
               for name in ("str", "int", "float", "bool", "null", "timestamp", "seq", "map")}
_MERGE_TAG = "tag:yaml.org,2002:merge"


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


def _line(mark: yaml.Mark | None) -> int | None:
    return mark.line + 1 if mark is not None else None


class _GuardedLoader(yaml.SafeLoader):
    """SafeLoader whose composer counts values, nesting depth and alias uses as it goes.

    PyYAML's scanner and parser are iterative; only the composer recurses (compose_node ->
    compose_sequence_node -> compose_node), so the depth check sits there, before the next
    level is entered, and for brackets already in the scanner (see below).
    """

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0
        self._aliases = 0
        self._values = 0

    def fetch_flow_collection_start(self, token_class: Any) -> None:
        # The scanner reads a whole run of [ or { ahead and re-checks every open level per
        # token (quadratic: 10,000 brackets took 0.5 s), so the depth is checked here first.
        if self.flow_level >= MAX_DEPTH:
            raise ConfigError("", _line(self.get_mark()),
                              f"lists and mappings are nested more than {MAX_DEPTH} levels "
                              "deep; check for unclosed [ or { brackets")
        super().fetch_flow_collection_start(token_class)

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.peek_event()
        self._values += 1
        if self._values > MAX_VALUES:
            raise ConfigError("", _line(event.start_mark),
                              f"more than {MAX_VALUES:,} values in one file (a real "
                              "configuration holds about a thousand); is this the right file?")
        if isinstance(event, yaml.AliasEvent):
            self._aliases += 1
            if self._aliases > MAX_ALIASES:
                raise ConfigError("", _line(event.start_mark),
                                  f"more than {MAX_ALIASES} aliases (*name) in one file; "
                                  "write the values out instead of repeating them by alias")
        elif isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            if self._depth >= MAX_DEPTH:
                raise ConfigError("", _line(event.start_mark),
                                  f"lists and mappings are nested more than {MAX_DEPTH} "
                                  "levels deep; check for unclosed [ or { brackets")
            self._depth += 1
            try:
                return super().compose_node(parent, index)
            finally:
                self._depth -= 1
        return super().compose_node(parent, index)


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def _check_tree(root: yaml.Node) -> None:
    """Refuse what `_walk` must never meet: unknown tags, merge keys, an alias inside its own
    node, more than MAX_DEPTH levels or MAX_VALUES values once aliases are expanded.

    Iterative, and each shared (aliased) node is sized once, so a billion laughs costs as
    much as its text, not as its expansion.
    """
    sizes: dict[int, tuple[int, int]] = {}   # id(node) -> (values, depth) after expansion
    open_nodes: set[int] = set()             # nodes whose children are being sized
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        key = id(node)
        if children_done:
            open_nodes.discard(key)
            kids = [sizes[id(child)] for child in _children(node)]
            values = 1 + sum(v for v, _ in kids)
            depth = 1 + max((d for _, d in kids), default=0)
            line = _line(node.start_mark)
            if values > MAX_VALUES:
                raise ConfigError("", line, f"this expands to more than {MAX_VALUES:,} values "
                                  "(aliases repeating aliases?); write the values out, "
                                  "without nested *aliases")
            if depth > MAX_DEPTH + 1:
                raise ConfigError("", line, f"with its aliases expanded this nests more than "
                                  f"{MAX_DEPTH} levels deep; write the values out")
            sizes[key] = (values, depth)
            continue
        if key in sizes:
            continue
        if key in open_nodes:
            raise ConfigError("", _line(node.start_mark), "an alias refers to itself (the "
                              "*name sits inside the value its &name marks); remove it")
        _check_tag(node)
        open_nodes.add(key)
        stack.append((node, True))
        if isinstance(node, yaml.MappingNode):
            for key_node, _ in node.value:
                if key_node.tag == _MERGE_TAG:
                    raise ConfigError("", _line(key_node.start_mark),
                                      "merge keys (<<) are not supported here; write the "
                                      "values out")
        stack.extend((child, False) for child in reversed(_children(node))
                     if id(child) not in sizes)


def _check_tag(node: yaml.Node) -> None:
    if node.tag in _PLAIN_TAGS or node.tag == _MERGE_TAG:
        return
    tag = node.tag.replace("tag:yaml.org,2002:", "!!")
    raise ConfigError("", _line(node.start_mark), f"unknown tag {tag!r}: this file takes only "
                      "plain text, numbers, true/false, lists and mappings; remove the tag "
                      "(quote the value if it should be text)")


def _walk(node: yaml.Node, path: KeyPath, lines: dict[KeyPath, int],
          construct: Callable[[yaml.Node], Any]) -> Any:
    """Plain data from a node tree `_check_tree` passed (finite, shallow, small)."""
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise ConfigError("", key_node.start_mark.line + 1,
                                  "a key must be a plain word, not a list or mapping")
            key = construct(key_node)
            if key in out:
                raise ConfigError("", key_node.start_mark.line + 1, f"key {key!r} appears twice")
            out[key] = _walk(value_node, path + (key,), lines, construct)
            lines[path + (key,)] = key_node.start_mark.line + 1
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_walk(item, path + (i,), lines, construct) for i, item in enumerate(node.value)]
    return construct(node)


def _scalar_reader() -> tuple[Callable[[yaml.Node], Any], Callable[[], None]]:
    """One SafeConstructor for all scalars of a file; bad values become ConfigError."""
    loader = yaml.SafeLoader("")

    def construct(node: yaml.Node) -> Any:
        try:
            return loader.construct_object(node, deep=True)
        except (yaml.YAMLError, ValueError, OverflowError, TypeError) as exc:
            problem = (getattr(exc, "problem", None) or str(exc)).splitlines()[0]
            problem = problem.split("; use sys.")[0]  # Python's hint is not for staff
            raise ConfigError("", _line(node.start_mark),
                              f"cannot read the value {str(node.value)[:40]!r} ({problem}); "
                              "quote it if it is meant as text") from None

    return construct, loader.dispose


def _read(path: str | Path, name: str) -> str:
    try:
        size = Path(path).stat().st_size
        if size > MAX_BYTES:
            raise ConfigError(name, None, _too_big(size))
        with open(path, "rb") as fh:
            raw = fh.read(MAX_BYTES + 1)  # the file may have grown since stat
        if len(raw) > MAX_BYTES:
            raise ConfigError(name, None, _too_big(len(raw)))
        return raw.decode("utf-8")
    except FileNotFoundError:
        raise ConfigError(name, None, "file not found; pass an existing file with "
                          "--config FILE or create it (see README.md)") from None
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise ConfigError(name, line, "the file is not UTF-8 text; save it as UTF-8 in a text "
                          "editor") from None
    except OSError as exc:
        raise ConfigError(name, None, f"cannot read the file: {exc}") from None


def _too_big(size: int) -> str:
    return (f"the file is {size:,} bytes, more than the limit of {MAX_BYTES:,} bytes "
            "(MAX_BYTES); a real configuration is a few kB: is this the right file?")


def load_yaml(path: str | Path, text: str | None = None) -> YamlDoc:
    """Parse a YAML file (or `text` named as `path`) into a `YamlDoc`.

    Syntax errors and every limit above become `ConfigError` with the line; no other
    exception leaves this function for any input.
    """
    name = str(path)
    if text is None:
        text = _read(path, name)
    elif len(text) > MAX_BYTES or len(text.encode("utf-8", "replace")) > MAX_BYTES:
        raise ConfigError(name, None, _too_big(len(text.encode("utf-8", "replace"))))
    try:
        node = _compose(text)
        lines: dict[KeyPath, int] = {}
        if node is None:
            return YamlDoc(name, {}, lines)
        _check_tree(node)
        construct, dispose = _scalar_reader()
        try:
            data = _walk(node, (), lines, construct)
        finally:
            dispose()
    except ConfigError as exc:
        raise ConfigError(name, exc.line, exc.message) from None
    return YamlDoc(name, data, lines)


def _compose(text: str) -> yaml.Node | None:
    loader = None
    try:
        loader = _GuardedLoader(text)  # the reader checks the characters right here
        return loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = (exc.problem or exc.context or "not valid YAML").strip()
        raise ConfigError("", _line(mark), f"YAML syntax error: {problem}; check "
                          "indentation, colons, brackets and quotes on this line") from None
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1
        raise ConfigError("", line, f"the file contains a character YAML does not allow "
                          f"(#x{exc.character if isinstance(exc.character, int) else 0:04x}); "
                          "delete it or save the file as plain UTF-8 text") from None
    except yaml.YAMLError as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else "not valid YAML"
        raise ConfigError("", None, f"YAML error: {first}; check the file in a text "
                          "editor") from None
    except RecursionError:  # fallback only: the composer's depth check comes first
        raise ConfigError("", None, f"lists and mappings are nested too deeply (more than "
                          f"{MAX_DEPTH} levels); check for unclosed [ or {{ brackets") from None
    finally:
        if loader is not None:
            loader.dispose()
