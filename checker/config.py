"""The ``kyoso check --config`` file: which rules run, how severe, and the thresholds.

A config is a small YAML mapping, read strictly (core/safe_yaml.py)::

    rules:                      # per rule id ("non-compete/post-term") or category ("non-compete")
      non-compete: {severity: medium}
      nda/survival: {enabled: false}
    thresholds:
      noncompete_max_post_term_months: 12
    party: 乙                   # default for --party
    fail_on: medium             # default for --fail-on

``load_config`` returns the normalised dict the rule engine receives
(``RuleSet.load(config)``): every threshold present (defaults from core/limits.py),
``rules`` as ``{id_or_category: {"enabled"?: bool, "severity"?: str}}``. Whether a
``rules`` key names a real rule or category is checked against the loaded rules
(``unknown_rule_keys``), since only the rule set knows them. Command-line options
override ``party`` and ``fail_on``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterable

from ..core import limits
from ..core.errors import ConfigError
from .model import SEVERITIES

DEFAULT_THRESHOLDS: dict[str, int] = {
    "noncompete_max_post_term_months": limits.NONCOMPETE_MAX_POST_TERM_MONTHS,
    "exclusive_licence_max_years": limits.EXCLUSIVE_LICENCE_MAX_YEARS,
    "nda_min_survival_months": limits.NDA_MIN_SURVIVAL_MONTHS,
    "poc_max_term_months": limits.POC_MAX_TERM_MONTHS,
}
TOP_LEVEL_KEYS = ("rules", "thresholds", "party", "fail_on")
RULE_KEYS = ("enabled", "severity")


def default_config() -> dict[str, Any]:
    return {"rules": {}, "thresholds": dict(DEFAULT_THRESHOLDS), "party": None, "fail_on": None}


def load_config(path: str | Path | None) -> dict[str, Any]:
    """Read and validate a config file; ``None`` gives the defaults."""
    if path is None:
        return default_config()
    from ..core import safe_yaml

    data = safe_yaml.load_path(path, ConfigError)
    return parse_config(data, str(path))


def parse_config(data: Any, source: str = "<config>") -> dict[str, Any]:
    config = default_config()
    if data is None:  # an empty file is a valid "no changes" config
        return config
    if not isinstance(data, dict):
        raise ConfigError(f"{source}: a config must be a mapping with keys {', '.join(TOP_LEVEL_KEYS)}")
    for key, value in data.items():
        if key not in TOP_LEVEL_KEYS:
            raise ConfigError(f"{source}: unknown key {key!r} (expected one of: {', '.join(TOP_LEVEL_KEYS)})")
    config["rules"] = _parse_rules(data.get("rules"), source)
    config["thresholds"].update(_parse_thresholds(data.get("thresholds"), source))
    party = data.get("party")
    if party is not None and (not isinstance(party, str) or not party.strip()):
        raise ConfigError(f"{source}: party: must be a party name or alias, e.g. 乙 or 'Startup'")
    config["party"] = party.strip() if party else None
    fail_on = data.get("fail_on")
    if fail_on is not None and fail_on not in SEVERITIES:
        raise ConfigError(f"{source}: fail_on: {fail_on!r} is not one of {', '.join(SEVERITIES)}")
    config["fail_on"] = fail_on
    return config


def _parse_rules(rules: Any, source: str) -> dict[str, dict[str, Any]]:
    if rules is None:
        return {}
    if not isinstance(rules, dict):
        raise ConfigError(f"{source}: rules: must map rule ids or categories to settings")
    parsed: dict[str, dict[str, Any]] = {}
    for rule_key, settings in rules.items():
        where = f"{source}: rules.{rule_key}"
        if not isinstance(rule_key, str):
            raise ConfigError(f"{where}: rule keys must be rule ids or category names")
        if isinstance(settings, bool):  # shorthand: "nda/survival: false"
            settings = {"enabled": settings}
        if not isinstance(settings, dict):
            raise ConfigError(f"{where}: expected a mapping with enabled and/or severity")
        for key, value in settings.items():
            if key not in RULE_KEYS:
                raise ConfigError(f"{where}: unknown key {key!r} (expected enabled or severity)")
            if key == "enabled" and not isinstance(value, bool):
                raise ConfigError(f"{where}.enabled: must be true or false, not {value!r}")
            if key == "severity" and value not in SEVERITIES:
                raise ConfigError(f"{where}.severity: {value!r} is not one of {', '.join(SEVERITIES)}")
        parsed[rule_key] = dict(settings)
    return parsed


def _parse_thresholds(thresholds: Any, source: str) -> dict[str, int]:
    if thresholds is None:
        return {}
    if not isinstance(thresholds, dict):
        raise ConfigError(f"{source}: thresholds: must map threshold names to numbers")
    for key, value in thresholds.items():
        if key not in DEFAULT_THRESHOLDS:
            raise ConfigError(
                f"{source}: thresholds: unknown key {key!r} "
                f"(expected one of: {', '.join(DEFAULT_THRESHOLDS)})"
            )
        # bool is an int subclass; "true months" is a mistake, not a number.
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise ConfigError(f"{source}: thresholds.{key}: must be a whole number ≥ 0, not {value!r}")
    return dict(thresholds)


def unknown_rule_keys(config: dict[str, Any], rule_ids: Iterable[str],
                      categories: Iterable[str]) -> list[str]:
    """``rules`` keys that name neither a loaded rule nor a category."""
    known = set(rule_ids) | set(categories)
    return [key for key in config.get("rules", {}) if key not in known]
