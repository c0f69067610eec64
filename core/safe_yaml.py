"""Strict YAML loading for every file a user or a team supplies.

Stricter than ``yaml.safe_load``: anchors and aliases are refused (they are how
"billion laughs" files multiply), duplicate keys are refused (YAML silently keeps
the last one, which hides mistakes), and only the standard safe tags exist.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from . import limits
from .errors import ConfigError, KyosoError


class _StrictLoader(yaml.SafeLoader):
    """SafeLoader without aliases, anchors, duplicate keys or implicit timestamps."""

    def compose_node(self, parent, index):  # noqa: D401 - PyYAML hook
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.MarkedYAMLError(
                None, None, "aliases (*name) are not allowed", event.start_mark
            )
        event = self.peek_event()
        if getattr(event, "anchor", None):
            raise yaml.MarkedYAMLError(
                None, None, "anchors (&name) are not allowed", event.start_mark
            )
        return super().compose_node(parent, index)

    def construct_mapping(self, node, deep=False):
        seen = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            try:
                duplicate = key in seen
            except TypeError:  # unhashable key, e.g. a list
                raise yaml.MarkedYAMLError(
                    None, None, "mapping keys must be plain values", key_node.start_mark
                ) from None
            if duplicate:
                raise yaml.MarkedYAMLError(
                    None, None, f"duplicate key {key!r}", key_node.start_mark
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)

    def construct_yaml_int(self, node):
        if len(node.value) > limits.MAX_YAML_INT_CHARS:
            raise yaml.MarkedYAMLError(
                None, None,
                f"a number longer than {limits.MAX_YAML_INT_CHARS} characters", node.start_mark
            )
        return super().construct_yaml_int(node)


_StrictLoader.add_constructor("tag:yaml.org,2002:int", _StrictLoader.construct_yaml_int)


# Dates stay strings: PyYAML would turn 2026-02-30 into a ValueError mid-parse, and
# the answers validator gives a better message ("not a real date") on its own.
_StrictLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _describe(error: yaml.YAMLError) -> str:
    mark = getattr(error, "problem_mark", None)
    problem = getattr(error, "problem", None) or str(error)
    where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
    return f"{where}{problem}"


def loads(text: str, source: str = "<string>", error_class: type[KyosoError] = ConfigError):
    """Parse YAML text strictly; raise ``error_class`` with a one-line message."""
    if len(text.encode("utf-8", "surrogatepass")) > limits.MAX_YAML_BYTES:
        raise error_class(f"{source}: YAML file is larger than {limits.MAX_YAML_BYTES // 1024} KB")
    try:
        return yaml.load(text, Loader=_StrictLoader)  # noqa: S506 - strict safe loader
    except yaml.YAMLError as error:
        raise error_class(f"{source}: invalid YAML: {_describe(error)}") from None
    except RecursionError:
        raise error_class(f"{source}: YAML nesting is too deep") from None


def load_path(path: str | Path, error_class: type[KyosoError] = ConfigError):
    """Read and parse a YAML file; size is checked before reading it whole."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > limits.MAX_YAML_BYTES:
            raise error_class(
                f"{path}: YAML file is larger than {limits.MAX_YAML_BYTES // 1024} KB"
            )
        raw = path.read_bytes()
    except FileNotFoundError:
        raise error_class(f"{path}: no such file") from None
    except IsADirectoryError:
        raise error_class(f"{path}: is a directory, not a YAML file") from None
    except PermissionError:
        raise error_class(f"{path}: permission denied") from None
    except OSError as error:
        raise error_class(f"{path}: cannot read ({error.strerror})") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise error_class(f"{path}: not UTF-8 text") from None
    return loads(text, str(path), error_class)
