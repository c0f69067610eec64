"""Strict YAML loading for every file a user or a team supplies.

Stricter than ``yaml.safe_load``: anchors and aliases are refused (they are how
"billion laughs" files multiply), duplicate keys are refused (YAML silently keeps
the last one, which hides mistakes), only the standard safe tags exist, dates stay
strings, integers and nesting are bounded (core/limits.py).

Two loaders keep the same rules. With libyaml (``yaml.CSafeLoader``) a pass over the
parser's events refuses anchors, aliases and deep nesting before anything is built,
then libyaml composes and the shared Python rules construct: ~5x faster than the
pure-Python loader, which matters at the size limit (a 1 MB flow list takes ~9 s pure,
~2 s with libyaml). Without libyaml, or with ``KYOSO_PURE_YAML=1``, the pure-Python
loader checks the same things as it composes.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import yaml

from . import limits
from .errors import ConfigError, KyosoError
from .files import read_regular_file

_COLLECTION_START = (yaml.SequenceStartEvent, yaml.MappingStartEvent)
_COLLECTION_END = (yaml.SequenceEndEvent, yaml.MappingEndEvent)


_SURROGATE = re.compile("[\ud800-\udfff]")
_BAD_ESCAPE = ("an escape such as \\ud800 that names a lone UTF-16 surrogate, or no "
               "character at all")
_DEEP = f"nesting is too deep (more than {limits.MAX_YAML_DEPTH} levels)"
# libyaml's wording for the problems the pure loader words as above.
_LIBYAML_PROBLEMS = {
    "found invalid Unicode character escape code": _BAD_ESCAPE,
    "exceeded maximum nesting depth": _DEEP,
}


def _refuse(problem: str, mark) -> yaml.MarkedYAMLError:
    return yaml.MarkedYAMLError(None, None, problem, mark)


def _check_event(event, depth: int) -> int:
    """The refusals that must happen before composing; returns the new depth."""
    if isinstance(event, yaml.AliasEvent):
        raise _refuse("aliases (*name) are not allowed", event.start_mark)
    if getattr(event, "anchor", None):
        raise _refuse("anchors (&name) are not allowed", event.start_mark)
    if getattr(event, "tag", None) == "!":  # libyaml reads "!" alone as '', PyYAML as null
        raise _refuse("the bare tag '!' is not allowed; quote the value instead", event.start_mark)
    if isinstance(event, _COLLECTION_START):
        depth += 1
        if depth > limits.MAX_YAML_DEPTH:
            raise _refuse(_DEEP, event.start_mark)
    elif isinstance(event, _COLLECTION_END):
        depth -= 1
    return depth


class _StrictRules:
    """Construction rules both loaders share: plain, unique keys and bounded integers."""

    def construct_mapping(self, node, deep=False):
        seen = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            try:
                duplicate = key in seen
            except TypeError:  # unhashable key, e.g. a list
                raise _refuse("mapping keys must be plain values", key_node.start_mark) from None
            if duplicate:
                raise _refuse(f"duplicate key {key!r}", key_node.start_mark)
            seen.add(key)
        return super().construct_mapping(node, deep=deep)

    def construct_scalar(self, node):
        value = super().construct_scalar(node)
        if isinstance(value, str) and _SURROGATE.search(value):  # libyaml refuses these itself
            raise _refuse(_BAD_ESCAPE, node.start_mark)
        return value

    def construct_yaml_int(self, node):
        if len(node.value) > limits.MAX_YAML_INT_CHARS:
            raise _refuse(f"a number longer than {limits.MAX_YAML_INT_CHARS} characters",
                          node.start_mark)
        return super().construct_yaml_int(node)


class _StrictLoader(_StrictRules, yaml.SafeLoader):
    """Pure Python: checks each event as the composer meets it."""

    _depth = 0

    def compose_node(self, parent, index):  # noqa: D401 - PyYAML hook
        event = self.peek_event()
        self._depth = _check_event(event, self._depth)
        try:
            return super().compose_node(parent, index)
        finally:
            if isinstance(event, _COLLECTION_START):
                self._depth -= 1


_CSafeLoader = getattr(yaml, "CSafeLoader", None)
_LOADERS: list[type] = [_StrictLoader]
if _CSafeLoader is not None:
    class _StrictCLoader(_StrictRules, _CSafeLoader):
        """libyaml composes (in C, so the events are checked in a pass before it)."""

    _LOADERS.append(_StrictCLoader)

# Dates stay strings: PyYAML would turn 2026-02-30 into a ValueError mid-parse, and
# the answers validator gives a better message ("not a real date") on its own.
_NO_TIMESTAMPS = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
for _loader in _LOADERS:
    _loader.yaml_implicit_resolvers = _NO_TIMESTAMPS
    _loader.add_constructor("tag:yaml.org,2002:int", _loader.construct_yaml_int)


def _use_libyaml() -> bool:
    return _CSafeLoader is not None and not os.environ.get("KYOSO_PURE_YAML")


def _parse(text: str, libyaml: bool):
    if not libyaml:
        return yaml.load(text, Loader=_StrictLoader)  # noqa: S506 - strict safe loader
    depth = 0
    for event in yaml.parse(text, Loader=_CSafeLoader):  # bounded by the size limit
        depth = _check_event(event, depth)
    return yaml.load(text, Loader=_StrictCLoader)  # noqa: S506 - strict safe loader


def _describe(error: yaml.YAMLError) -> str:
    mark = getattr(error, "problem_mark", None)
    problem = getattr(error, "problem", None) or str(error)
    problem = _LIBYAML_PROBLEMS.get(problem, problem)
    where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
    return f"{where}{problem}"


def loads(text: str, source: str = "<string>", error_class: type[KyosoError] = ConfigError,
          *, libyaml: bool | None = None):
    """Parse YAML text strictly; raise ``error_class`` with a one-line message.

    ``libyaml`` picks the loader (default: libyaml when installed); both give the same
    values and refuse the same files.
    """
    if len(text.encode("utf-8", "surrogatepass")) > limits.MAX_YAML_BYTES:
        raise error_class(f"{source}: YAML file is larger than {limits.MAX_YAML_BYTES // 1024} KB")
    try:
        return _parse(text, _use_libyaml() if libyaml is None else libyaml)
    except yaml.YAMLError as error:
        raise error_class(f"{source}: invalid YAML: {_describe(error)}") from None
    except UnicodeEncodeError:  # libyaml takes UTF-8; a lone surrogate has no UTF-8 form
        raise error_class(f"{source}: invalid YAML: the text holds a lone UTF-16 surrogate") from None
    except RecursionError:
        raise error_class(f"{source}: YAML nesting is too deep") from None
    except ValueError as error:  # the pure scanner's chr() on an escape past U+10FFFF
        problem = _BAD_ESCAPE if "chr()" in str(error) else str(error)
        raise error_class(f"{source}: invalid YAML: {problem}") from None


def load_path(path: str | Path, error_class: type[KyosoError] = ConfigError):
    """Read and parse a YAML file; type and size are checked before reading it."""
    path = Path(path)
    raw = read_regular_file(path, limits.MAX_YAML_BYTES, error_class,
                            too_big=f"YAML file is larger than {limits.MAX_YAML_BYTES // 1024} KB")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise error_class(f"{path}: not UTF-8 text") from None
    return loads(text, str(path), error_class)
