"""``kyoso pack --interactive``: the deal file's questions, asked in the terminal.

Questions follow the deal file (docs/pack.md): which documents, their dates, a preset,
the shared facts, then each document's decisions (every choice, with whom each option
favours and its guideline note) and the facts it still needs. Answers are checked as
they are typed with the same validator as answers files, and a bad answer is asked
again. Defaults come from the model positions, or from a starting deal (``--answers``
or ``--example``). The result is an ordinary deal mapping, which ``kyoso pack`` checks
again in full and saves next to the pack so the run can be repeated without questions.
"""

from __future__ import annotations

import sys
from typing import Any, Callable

import click

from ..clauses.model import Contract, Variable
from ..core import limits
from ..core.errors import KyosoError
from .editions import DEFAULT_EDITION, EDITION_TITLES, EDITIONS, check_edition
from .pack import managed_variables, own_date_variable

# Shared facts: asked once, in the ``shared`` section, when two or more documents need them.
FACT_TYPES = ("party", "text", "list")
PARTY_FIELDS = {"name": ("名称", "name"), "address": ("住所", "address"),
                "representative": ("代表者", "representative")}
FAVOURS = {"startup": ("スタートアップ有利", "favours the startup"),
           "business": ("事業会社有利", "favours the company"),
           "balanced": ("バランス", "balanced")}
WORDS = {
    "write": ("{title}を作成しますか", "Write the {title}"),
    "date": ("{title}の日付（YYYY-MM-DD）", "Date of the {title} (YYYY-MM-DD)"),
    "preset": ("プリセット", "Preset"),
    "shared": ("--- 共通の事項 ---", "--- Shared facts ---"),
    "document": ("--- {title} ---", "--- {title} ---"),
    "count": ("{label}：件数", "{label}: number of entries"),
    "entry": ("{label} {n}件目：{field}", "{label} #{n}: {field}"),
    "saved": ("回答はこのパックの deal.yaml に保存されます。", "Your answers are saved as deal.yaml in the pack."),
    "edition": ("モデル契約の版", "Model-contract edition"),
}
NEEDS_TERMINAL = ("--interactive needs a terminal (stdin is not a TTY); "
                  "write a deal file and use --answers (see docs/pack.md)")


def require_terminal(stream=None) -> None:
    stream = stream or sys.stdin
    if not stream.isatty():
        raise KyosoError(NEEDS_TERMINAL)


class Asker:
    """Asks the questions in one display language (or both, for ja+en)."""

    def __init__(self, lang: str, prompt: Callable = click.prompt,
                 confirm: Callable = click.confirm, echo: Callable = click.echo):
        self.langs = {"ja+en": ["ja", "en"], "en": ["en"]}.get(lang, ["ja"])
        self.prompt, self.confirm, self.echo = prompt, confirm, echo

    def say(self, pair: tuple[str, str] | Any, **fields: Any) -> str:
        if not isinstance(pair, tuple):  # a model.Text
            pair = (pair.ja, pair.en)
        texts = {"ja": pair[0], "en": pair[1]}
        return " / ".join(texts[lang].format(**{k: (v.get(lang) if hasattr(v, "get") and not
                                                     isinstance(v, dict) else v)
                                                  for k, v in fields.items()})
                          for lang in self.langs)

    def checked(self, variable: Variable, name: str, build: Callable[[str], Any]) -> Callable:
        """A value_proc: the typed text becomes an answer value, or click asks again."""
        from ..clauses.answers import convert

        def proc(text: str) -> Any:
            value = build(str(text).strip())
            problems = convert(variable, value, name)[1]
            if problems:
                raise click.BadParameter(problems[0])
            return value
        return proc

    # --- one value -------------------------------------------------------------------

    def text(self, variable: Variable, label: str, default: Any, max_length: int | None = None) -> Any:
        spec = Variable(variable.name, "text", variable.label, max_length=max_length or variable.max_length)
        if len(self.langs) == 1:
            shown = default.get(self.langs[0]) if isinstance(default, dict) else default
            return self.prompt(label, default=shown, value_proc=self.checked(spec, variable.name, str))
        both = {}
        for lang in ("ja", "en"):
            shown = default.get(lang) if isinstance(default, dict) else default
            both[lang] = self.prompt(f"{label} ({'日本語' if lang == 'ja' else 'English'})", default=shown,
                                     value_proc=self.checked(spec, f"{variable.name}.{lang}", str))
        return both

    def value(self, variable: Variable, default: Any, label: str | None = None) -> Any:
        label = label or self.say(variable.label)
        for extra in (variable.help, variable.note):
            if extra:
                self.echo("  " + self.say(extra))
        kind = variable.type
        if kind == "choice":
            for key, choice in variable.choices.items():
                favours = self.say(FAVOURS[choice.favours])
                self.echo(f"  {key}: {self.say(choice.label)} [{favours}]")
                self.echo(f"      {self.say(choice.note)}")
            return self.prompt(label, default=default, type=click.Choice(list(variable.choices)))
        if kind == "bool":
            return self.confirm(label, default=bool(default) if default is not None else None)
        if kind in ("integer", "date"):
            build = int if kind == "integer" else str

            def safe(text: str) -> Any:
                try:
                    return build(text)
                except ValueError:
                    return text  # convert() names the problem
            return self.prompt(label, default=default, value_proc=self.checked(variable, variable.name, safe))
        if kind == "money":
            currency = default.get("currency", "JPY") if isinstance(default, dict) else "JPY"
            amount = default.get("amount") if isinstance(default, dict) else default

            def money(text: str) -> Any:
                try:
                    number = int(text.replace(",", ""))
                except ValueError:
                    return text
                return number if currency == "JPY" else {"amount": number, "currency": currency}
            return self.prompt(f"{label} ({currency})", default=amount,
                               value_proc=self.checked(variable, variable.name, money))
        if kind == "text":
            return self.text(variable, label, default)
        if kind == "party":
            return self.party(variable, label, default or {})
        if kind == "list":
            return self.records(variable, label, default)
        raise KyosoError(f"{variable.name}: cannot ask for a {kind} interactively")

    def party(self, variable: Variable, label: str, default: dict) -> dict:
        party = {}
        for key, words in PARTY_FIELDS.items():
            party[key] = self.text(variable, f"{label}: {self.say(words)}", default.get(key),
                                   limits.MAX_PARTY_FIELD_CHARS)
        if "alias" in default:
            party["alias"] = default["alias"]
        return party

    def records(self, variable: Variable, label: str, default: list | None) -> list:
        low, high = variable.min_items or 0, variable.max_items or 50
        count = self.prompt(self.say(WORDS["count"], label=label), type=click.IntRange(low, high),
                            # A list whose model answer is empty ([]) offers no entries;
                            # one with no answer at all offers one to fill in.
                            default=max(low, len(default)) if isinstance(default, list) else max(low, 1))
        default = default if isinstance(default, list) else []
        entries = []
        for n in range(1, count + 1):
            start = default[n - 1] if n <= len(default) and isinstance(default[n - 1], dict) else {}
            entry = {}
            for name, spec in variable.fields.items():
                if spec.has_default and name not in start:
                    continue
                field_label = self.say(WORDS["entry"], label=label, n=n, field=spec.label)
                entry[name] = self.value(spec, start.get(name), field_label)
            entries.append(entry)
        return entries


def _start_value(start: dict, document: str, name: str) -> tuple[bool, Any]:
    section = start.get(document) if isinstance(start.get(document), dict) else {}
    shared = start.get("shared") if isinstance(start.get("shared"), dict) else {}
    if name in section:
        return True, section[name]
    if name in shared:
        return True, shared[name]
    return False, None


def ask_edition(ask: Asker, start: dict) -> str:
    """The edition, asked first: it decides which four documents the questions are about."""
    for name, (ja, en) in EDITION_TITLES.items():
        ask.echo(f"  {name}: {ask.say((ja, en))} ({' → '.join(EDITIONS[name])})")
    default = start.get("edition") if start.get("edition") in EDITIONS else DEFAULT_EDITION
    return ask.prompt(ask.say(WORDS["edition"]), type=click.Choice(list(EDITIONS)), default=default)


def ask_deal(lang: str, start: dict | None = None, asker: Asker | None = None,
             edition: str | None = None, example: bool = False) -> dict:
    """Ask every question of a deal in the terminal; return the deal mapping.

    ``edition`` (``--edition``) skips the question about the edition; ``example``
    starts from the example deal of the edition chosen (``--example``)."""
    from ..clauses.loader import get_contract
    from .pack import example_deal

    start = start if isinstance(start, dict) else {}
    ask = asker or Asker(lang)
    edition = check_edition(edition) if edition is not None else ask_edition(ask, start)
    if example:
        start = example_deal(edition)
    DOCUMENTS = EDITIONS[edition]  # noqa: N806 - the edition's documents, in signing order
    if start.get("edition", edition) != edition:
        start = {}  # a starting deal of the other edition answers none of these questions
    contracts: dict[str, Contract] = {d: get_contract(d) for d in DOCUMENTS}
    deal: dict[str, Any] = {"edition": edition, "language": lang}
    if "prevailing" in start:
        deal["prevailing"] = start["prevailing"]

    switches = start.get("documents") if isinstance(start.get("documents"), dict) else {}
    deal["documents"] = {d: bool(ask.confirm(ask.say(WORDS["write"], title=contracts[d].title),
                                             default=switches.get(d, True) is not False))
                         for d in DOCUMENTS}
    enabled = [d for d in DOCUMENTS if deal["documents"][d]]
    if not enabled:
        raise KyosoError("every document is switched off; nothing to write")

    dates = start.get("dates") if isinstance(start.get("dates"), dict) else {}
    first = DOCUMENTS[0]
    date_spec = Variable("date", "date", contracts[first].variables[own_date_variable(first)].label)
    deal["dates"] = {}
    for document in enabled:
        label = ask.say(WORDS["date"], title=contracts[document].title)
        deal["dates"][document] = ask.prompt(label, default=dates.get(document),
                                             value_proc=ask.checked(date_spec, f"dates.{document}", str))

    presets = contracts[enabled[0]].presets
    for preset in presets.values():
        ask.echo(f"  {preset.name}: {ask.say(preset.label)}")
    deal["preset"] = ask.prompt(ask.say(WORDS["preset"]), type=click.Choice(list(presets)),
                                default=start.get("preset") or "balanced")

    # Facts two or more documents need (parties, technology, product…) are asked once.
    declared: dict[str, list[str]] = {}
    for document in enabled:
        for name, variable in contracts[document].variables.items():
            if name not in managed_variables(document):
                declared.setdefault(name, []).append(document)
    start_shared = start.get("shared") if isinstance(start.get("shared"), dict) else {}
    shared_names = [n for n, docs in declared.items()
                    if n in start_shared or (len(docs) > 1 and
                                             contracts[docs[0]].variables[n].type in FACT_TYPES)]
    ask.echo(ask.say(WORDS["shared"]))
    deal["shared"] = {}
    for name in shared_names:
        variable = contracts[declared[name][0]].variables[name]
        default = _model(contracts, declared[name][0], variable, deal)
        for document in declared[name]:  # a starting deal may give it in a document's section
            given, value = _start_value(start, document, name)
            if given:
                default = value
                break
        deal["shared"][name] = ask.value(variable, None if default is _NONE else default)

    for document in enabled:
        contract = contracts[document]
        ask.echo(ask.say(WORDS["document"], title=contract.title))
        section: dict[str, Any] = {}
        for name, variable in contract.variables.items():
            if name in managed_variables(document) or name in deal["shared"]:
                continue
            given, value = _start_value(start, document, name)
            model = _model(contracts, document, variable, deal)
            decision = variable.type == "choice" or (variable.type == "bool" and variable.note)
            needed = model is _NONE and name != "effective_date"  # the pack sets it to the signing date
            if decision or needed:
                section[name] = ask.value(variable, value if given else (None if model is _NONE else model))
            elif given:
                section[name] = value  # a starting deal's answer the questions do not cover
        deal[document] = section
    ask.echo(ask.say(WORDS["saved"]))
    return deal


_NONE = object()


def _model(contracts: dict, document: str, variable: Variable, deal: dict) -> Any:
    """The preset's value, else the default; _NONE when the answer must be given."""
    preset = contracts[document].presets.get(deal.get("preset") or "balanced")
    if preset and variable.name in preset.values:
        return preset.values[variable.name]
    if variable.has_default:
        return variable.default
    return _NONE


def dump_deal(deal: dict) -> bytes:
    """The answers as a deal file that ``kyoso pack --answers`` reads back."""
    import yaml

    head = ("# Deal file written by 'kyoso pack --interactive' (format: docs/pack.md).\n"
            "# Re-run without questions: kyoso pack --answers deal.yaml -o FOLDER --force\n")
    return (head + yaml.safe_dump(deal, allow_unicode=True, sort_keys=False, width=1000)).encode("utf-8")
