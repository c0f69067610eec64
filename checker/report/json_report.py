"""JSON and JSON Lines reports (schema: docs/output.schema.json, prose: docs/json-output.md).

``json``: one object ``{"schema_version": 1, "documents": [...]}``, written as each
document finishes so a long batch never holds every result in memory.
``jsonl``: one document object per line, each carrying ``schema_version``; a batch
that stops half-way still leaves every finished line readable (``--since`` reads it).
"""

from __future__ import annotations

import json
from typing import Any, Callable

from ..model import SCHEMA_VERSION, DocumentResult


def document_json(result: DocumentResult) -> dict[str, Any]:
    return result.to_json()


def _dumps(value: Any, indent: int | None = None) -> str:
    # ensure_ascii=False: Japanese stays readable; JSON is UTF-8 by definition.
    return json.dumps(value, ensure_ascii=False, indent=indent)


class JsonReport:
    def __init__(self, emit: Callable[[str], None]):
        self.emit = emit
        self.count = 0
        self.emit('{"schema_version": %d, "documents": [' % SCHEMA_VERSION)

    def document(self, result: DocumentResult) -> None:
        body = _dumps(document_json(result), indent=2)
        body = "\n".join("  " + line for line in body.splitlines())
        self.emit(("," if self.count else "") + "\n" + body)
        self.count += 1

    def close(self) -> None:
        self.emit("\n]}\n" if self.count else "]}\n")


class JsonLinesReport:
    def __init__(self, emit: Callable[[str], None]):
        self.emit = emit

    def document(self, result: DocumentResult) -> None:
        self.emit(_dumps({"schema_version": SCHEMA_VERSION, **document_json(result)}) + "\n")

    def close(self) -> None:
        pass
