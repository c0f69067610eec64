"""Which findings decide ``kyoso check``'s exit code.

Every finding is reported. With ``--party``, one that favours the user
(``against_user is False``: the other side carries the burden) does not fail the
run: a startup checking its own draft should not see exit 1 because a clause is
one-sided in its favour. Findings against the user, and findings whose beneficiary
is unknown (``None``), still count, so an unresolved --party never hides anything. Findings
recorded in a ``--baseline`` file are reported, marked, and do not count either.
"""

from __future__ import annotations

from typing import Iterable

from .model import Finding, severity_rank


def counts_for_exit(finding: Finding) -> bool:
    # baselined: recorded in --baseline (baseline.py), an accepted, known finding
    return finding.against_user is not False and not getattr(finding, "baselined", False)


def worst_rank(findings: Iterable[Finding], worst: int = -1) -> int:
    """The highest severity rank among the findings that count (``worst`` if none)."""
    for finding in findings:
        if counts_for_exit(finding):
            worst = max(worst, severity_rank(finding.severity))
    return worst
