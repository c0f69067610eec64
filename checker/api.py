"""The checker's library entry points: check one document, or a batch."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass
class CheckOptions:
    party: str | None = None
    lang: str = "auto"
    fmt: str = "text"
    annotate: Path | None = None
    fail_on: str = "high"
    config_path: Path | None = None
    jobs: int | None = None
    since: Path | None = None
    dask_address: str | None = None
    output: Path | None = None
    force: bool = False


def run_check(paths: list[str], options: CheckOptions) -> int:
    raise NotImplementedError("checker pipeline: being built")
