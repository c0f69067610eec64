"""Load the clause library strictly: YAML → typed objects (model.py), or a precise error.

Every problem names the file, the id and the key, and every problem in a file is
reported at once (one line, ``;``-separated), so a clause author fixes a file in one
pass. The structure checks here mirror ``schema.json`` (a test keeps the two in
step; jsonschema is only a test dependency). On top of the structure come the checks
no schema can express: variables used but not declared and declared but not used,
``ref()`` targets, choice keys in ``when`` comparisons, preset values, Jinja syntax,
and guideline catalogue ids cited in provenance.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

from ..core import limits, safe_yaml
from ..core.errors import ClauseLibraryError, KyosoError
from ..core.files import read_regular_file
from . import cache
from .model import (
    EDITIONS,
    FAVOURS,
    LANGUAGES,
    PRESETS,
    ROLES,
    Article,
    Choice,
    Contract,
    Item,
    Library,
    Paragraph,
    Practice,
    Preset,
    Text,
    Variable,
)

LIBRARY_DIR = Path(__file__).parent / "library"
CATALOGUE_FILE = "guideline.yaml"

TYPES = ("party", "date", "money", "integer", "choice", "bool", "text", "list")
FIELD_TYPES = ("text", "money", "integer", "date")
UNITS = ("years", "months", "days", "weeks", "percent", "none")
COMMON_KEYS = {"type", "label", "help", "note", "provenance", "default", "group"}
TYPE_KEYS = {
    "party": {"role", "default_alias"},
    "date": set(),
    "money": {"min", "max"},
    "integer": {"min", "max", "unit"},
    "choice": {"choices"},
    "bool": set(),
    "text": {"max_length"},
    "list": {"fields", "min_items", "max_items"},
}
TYPE_REQUIRED = {"party": {"role", "default_alias"}, "integer": {"min", "max"},
                 "choice": {"choices"}, "list": {"fields"}}
CONTRACT_KEYS = {"id", "title", "short_title", "provenance", "parties", "variables", "presets",
                 "articles", "annexes", "edition"}
CONTRACT_OPTIONAL = {"provenance", "annexes", "edition"}
ARTICLE_KEYS = {"id", "title", "provenance", "when", "paragraphs", "essential", "if_absent",
                "position", "also_titled"}
PARAGRAPH_KEYS = {"id", "when", "text", "items"}
ITEM_KEYS = {"id", "when", "text"}
PRESET_KEYS = {"label", "explain", "values"}
CHOICE_KEYS = {"label", "favours", "note"}
PRACTICE_KEYS = {"title", "source", "problem", "recommended", "clauses"}

_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_CONTRACT_ID = re.compile(r"^[a-z][a-z0-9-]*$")
_PRACTICE_ID = re.compile(r"^[a-z][a-z0-9-]*$")
_GUIDELINE_CITE = re.compile(r"guideline:([A-Za-z0-9_-]+)")
# Names Jinja or the renderer provides; a variable of that name would be shadowed.
RESERVED = {"lang", "ref", "title", "short_title", "parties", "loop", "range", "dict",
            "lipsum", "cycler", "joiner", "namespace", "true", "false", "none", "True",
            "False", "None", "self", "varargs", "kwargs", "caller"}


class _Problems:
    """Collects every problem in one file; raises them together."""

    def __init__(self, source: str):
        self.source = source
        self.items: list[str] = []

    def add(self, where: str, key: str, problem: str) -> None:
        self.items.append(f"{where}: {key}: {problem}")

    def raise_if_any(self) -> None:
        if self.items:
            raise ClauseLibraryError(f"{self.source}: " + "; ".join(self.items))


def _kind(value: Any) -> str:
    return {dict: "a mapping", list: "a list", str: "text", bool: "true/false", int: "a number",
            float: "a number", type(None): "nothing"}.get(type(value), type(value).__name__)


# --- structure ----------------------------------------------------------------------------


class _Reader:
    """Typed accessors that record a problem and return None instead of raising."""

    def __init__(self, problems: _Problems):
        self.p = problems

    def mapping(self, raw: Any, where: str, key: str, allowed: set[str],
                required: set[str] = frozenset()) -> dict | None:
        if not isinstance(raw, dict):
            self.p.add(where, key, f"expected a mapping, got {_kind(raw)}")
            return None
        for name in raw:
            if not isinstance(name, str):
                self.p.add(where, f"{key}.{name}", "keys must be text")
            elif name not in allowed:
                self.p.add(where, _join(key, name),
                           f"unknown key (allowed: {', '.join(sorted(allowed))})")
        for name in sorted(required - raw.keys()):
            self.p.add(where, _join(key, name), "missing required key")
        return raw

    def text(self, raw: Any, where: str, key: str) -> Text | None:
        if not isinstance(raw, dict):
            self.p.add(where, key, f"expected a mapping with ja and en texts, got {_kind(raw)}")
            return None
        ok = True
        for name in raw:
            if name not in LANGUAGES:
                self.p.add(where, f"{key}.{name}", "unknown language (use ja and en)")
                ok = False
        for lang in LANGUAGES:
            value = raw.get(lang)
            if lang not in raw:
                self.p.add(where, f"{key}.{lang}", f"missing {'Japanese' if lang == 'ja' else 'English'} text")
                ok = False
            elif not isinstance(value, str) or not value.strip():
                self.p.add(where, f"{key}.{lang}", f"expected non-empty text, got {_kind(value)}")
                ok = False
        return Text(raw["ja"], raw["en"]) if ok else None

    def string(self, raw: Any, where: str, key: str) -> str | None:
        if not isinstance(raw, str) or not raw.strip():
            self.p.add(where, key, f"expected non-empty text, got {_kind(raw)}")
            return None
        return raw

    def integer(self, raw: Any, where: str, key: str) -> int | None:
        if isinstance(raw, bool) or not isinstance(raw, int):
            self.p.add(where, key, f"expected a whole number, got {_kind(raw)}")
            return None
        return raw

    def identifier(self, raw: Any, where: str, key: str, pattern=_ID) -> str | None:
        if not isinstance(raw, str) or not pattern.match(raw):
            self.p.add(where, key, f"expected an id matching {pattern.pattern}, got {raw!r}")
            return None
        return raw

    def one_of(self, raw: Any, where: str, key: str, allowed: Iterable[str]) -> str | None:
        allowed = tuple(allowed)
        if raw not in allowed:
            self.p.add(where, key, f"expected one of {', '.join(allowed)}, got {raw!r}")
            return None
        return raw


def _join(key: str, name: str) -> str:
    return f"{key}.{name}" if key else name


def _optional_text(read: _Reader, raw: dict, where: str, key: str) -> Text | None:
    return read.text(raw[key], where, key) if key in raw else None


def _optional_string(read: _Reader, raw: dict, where: str, key: str) -> str | None:
    return read.string(raw[key], where, key) if key in raw else None


def _variable(read: _Reader, name: str, raw: Any, where: str, *, field: bool = False) -> Variable | None:
    if not isinstance(raw, dict):
        read.p.add(where, "type", f"expected a mapping describing the variable, got {_kind(raw)}")
        return None
    kind = read.one_of(raw.get("type"), where, "type", FIELD_TYPES if field else TYPES)
    if kind is None:
        return None
    read.mapping(raw, where, "", COMMON_KEYS | TYPE_KEYS[kind],
                 {"type", "label"} | TYPE_REQUIRED.get(kind, set()))
    variable = Variable(
        name=name, type=kind,
        label=_optional_text(read, raw, where, "label") or Text(name, name),
        help=_optional_text(read, raw, where, "help"),
        note=_optional_text(read, raw, where, "note"),
        provenance=_optional_string(read, raw, where, "provenance"),
        default=raw.get("default"),
        has_default="default" in raw,
        group=_optional_string(read, raw, where, "group"),
    )
    if kind == "party":
        variable.role = read.one_of(raw.get("role"), where, "role", ROLES)
        variable.default_alias = _optional_text(read, raw, where, "default_alias")
    if kind in ("money", "integer"):
        for key in ("min", "max"):
            if key in raw:
                setattr(variable, "minimum" if key == "min" else "maximum",
                        read.integer(raw[key], where, key))
        if variable.minimum is not None and variable.maximum is not None \
                and variable.minimum > variable.maximum:
            read.p.add(where, "max", f"max {variable.maximum} is below min {variable.minimum}")
    if kind == "integer":
        variable.unit = read.one_of(raw.get("unit", "none"), where, "unit", UNITS)
    if kind == "text" and "max_length" in raw:
        variable.max_length = read.integer(raw["max_length"], where, "max_length")
    if kind == "choice":
        variable.choices = _choices(read, raw.get("choices"), where)
    if kind == "list":
        for key in ("min_items", "max_items"):
            if key in raw:
                setattr(variable, key, read.integer(raw[key], where, key))
        fields = raw.get("fields")
        if read.mapping(fields, where, "fields", set(fields) if isinstance(fields, dict) else set()):
            if not fields:
                read.p.add(where, "fields", "a list needs at least one field")
            for field_name, spec in fields.items():
                if read.identifier(field_name, where, f"fields.{field_name}"):
                    sub = _variable(read, field_name, spec, f"{where} field '{field_name}'", field=True)
                    if sub:
                        variable.fields[field_name] = sub
    return variable


def _choices(read: _Reader, raw: Any, where: str) -> dict[str, Choice]:
    choices: dict[str, Choice] = {}
    if not isinstance(raw, dict) or not raw:
        read.p.add(where, "choices", f"expected a mapping of choice keys, got {_kind(raw)}")
        return choices
    for key, spec in raw.items():
        c_where = f"{where} choice '{key}'"
        if read.identifier(key, where, f"choices.{key}") is None:
            continue
        if read.mapping(spec, c_where, "", CHOICE_KEYS, CHOICE_KEYS) is None:
            continue
        label = _optional_text(read, spec, c_where, "label")
        note = _optional_text(read, spec, c_where, "note")
        favours = read.one_of(spec.get("favours"), c_where, "favours", FAVOURS) if "favours" in spec else None
        if label and note and favours:
            choices[key] = Choice(key, label, favours, note)
    return choices


def _clause_text(read: _Reader, raw: dict, where: str, key: str = "text") -> Text | None:
    if key not in raw:
        return None  # the mapping check already reported it
    return read.text(raw[key], where, key)


def _when(read: _Reader, raw: dict, where: str) -> str | None:
    return read.string(raw["when"], where, "when") if "when" in raw else None


def _essential(read: _Reader, raw: dict, where: str) -> bool:
    value = raw.get("essential", False)
    if not isinstance(value, bool):
        read.p.add(where, "essential", f"expected true or false, got {_kind(value)}")
        return False
    if value and "when" in raw:
        # `kyoso compare` exits 1 when an essential article is missing; an article the
        # model itself may leave out cannot be one.
        read.p.add(where, "essential", "an article with a when condition cannot be essential")
    return value


def _also_titled(read: _Reader, raw: dict, where: str) -> dict[str, tuple[str, ...]]:
    """``also_titled: {ja: [契約期間], en: [Duration]}``: both languages, each a list of
    headings (an empty list is fine where one language has no common variant)."""
    if "also_titled" not in raw:
        return {}
    value = raw["also_titled"]
    if read.mapping(value, where, "also_titled", set(LANGUAGES), set(LANGUAGES)) is None:
        return {}
    titles: dict[str, tuple[str, ...]] = {}
    for lang in LANGUAGES:
        entries = value.get(lang)
        if not isinstance(entries, list) or not all(isinstance(e, str) and e.strip() for e in entries):
            read.p.add(where, f"also_titled.{lang}", f"expected a list of headings, got {_kind(entries)}")
            continue
        titles[lang] = tuple(entries)
    return titles


def _articles(read: _Reader, raw: Any, key: str = "articles") -> list[Article]:
    """Articles, or annexes (``key="annexes"``): both have the same structure."""
    articles: list[Article] = []
    kind = "annex" if key == "annexes" else "article"
    if not isinstance(raw, list) or not raw:
        read.p.add("contract", key, f"expected a non-empty list, got {_kind(raw)}")
        return articles
    for a_index, a_raw in enumerate(raw, 1):
        a_id = a_raw.get("id") if isinstance(a_raw, dict) else None
        where = f"{kind} '{a_id}'" if isinstance(a_id, str) else f"{kind} {a_index}"
        if read.mapping(a_raw, where, "", ARTICLE_KEYS, {"id", "title", "paragraphs"}) is None:
            continue
        read.identifier(a_id, where, "id")
        title = _optional_text(read, a_raw, where, "title")
        paragraphs = []
        p_list = a_raw.get("paragraphs")
        if not isinstance(p_list, list) or not p_list:
            read.p.add(where, "paragraphs", f"expected a non-empty list, got {_kind(p_list)}")
            p_list = []
        for p_index, p_raw in enumerate(p_list, 1):
            p_id = p_raw.get("id") if isinstance(p_raw, dict) else None
            p_where = f"{where} paragraph {p_id or p_index}"
            if read.mapping(p_raw, p_where, "", PARAGRAPH_KEYS, {"text"}) is None:
                continue
            if "id" in p_raw:
                read.identifier(p_id, p_where, "id")
            items = []
            i_list = p_raw.get("items", [])
            if not isinstance(i_list, list):
                read.p.add(p_where, "items", f"expected a list, got {_kind(i_list)}")
                i_list = []
            for i_index, i_raw in enumerate(i_list, 1):
                i_id = i_raw.get("id") if isinstance(i_raw, dict) else None
                i_where = f"{p_where} item {i_id or i_index}"
                if read.mapping(i_raw, i_where, "", ITEM_KEYS, {"text"}) is None:
                    continue
                if "id" in i_raw:
                    read.identifier(i_id, i_where, "id")
                items.append(Item(text=_clause_text(read, i_raw, i_where) or Text("", ""),
                                  id=i_id, when=_when(read, i_raw, i_where)))
            paragraphs.append(Paragraph(text=_clause_text(read, p_raw, p_where) or Text("", ""),
                                        id=p_id, when=_when(read, p_raw, p_where), items=items))
        articles.append(Article(id=a_id if isinstance(a_id, str) else f"#{a_index}",
                                title=title or Text("", ""), paragraphs=paragraphs,
                                provenance=_optional_string(read, a_raw, where, "provenance"),
                                when=_when(read, a_raw, where),
                                essential=_essential(read, a_raw, where),
                                if_absent=_optional_text(read, a_raw, where, "if_absent"),
                                position=_optional_text(read, a_raw, where, "position"),
                                also_titled=_also_titled(read, a_raw, where)))
    return articles


def _structure(raw: Any, source: str, problems: _Problems) -> Contract | None:
    read = _Reader(problems)
    if read.mapping(raw, "contract", "", CONTRACT_KEYS, CONTRACT_KEYS - CONTRACT_OPTIONAL) is None:
        return None
    stem = Path(source).stem
    contract_id = read.identifier(raw.get("id"), "contract", "id", _CONTRACT_ID)
    if contract_id and contract_id != stem:
        problems.add(f"contract '{contract_id}'", "id", f"must equal the file name {stem!r}")
    variables: dict[str, Variable] = {}
    raw_vars = raw.get("variables")
    if isinstance(raw_vars, dict):
        for name, spec in raw_vars.items():
            where = f"variable '{name}'"
            if read.identifier(name, where, "name") is None:
                continue
            if name in RESERVED:
                problems.add(where, "name", "this name is reserved for the renderer; choose another")
                continue
            variable = _variable(read, name, spec, where)
            if variable:
                variables[name] = variable
    else:
        problems.add("contract", "variables", f"expected a mapping, got {_kind(raw_vars)}")
    presets: dict[str, Preset] = {}
    raw_presets = raw.get("presets")
    if read.mapping(raw_presets, "contract", "presets", set(PRESETS), set(PRESETS)) is not None:
        for name in PRESETS:
            spec = raw_presets.get(name)
            where = f"preset '{name}'"
            if spec is None or read.mapping(spec, where, "", PRESET_KEYS, PRESET_KEYS) is None:
                continue
            values = spec.get("values")
            if not isinstance(values, dict):
                problems.add(where, "values", f"expected a mapping, got {_kind(values)}")
                values = {}
            presets[name] = Preset(name, _optional_text(read, spec, where, "label") or Text("", ""),
                                   _optional_text(read, spec, where, "explain") or Text("", ""),
                                   dict(values))
    parties = raw.get("parties")
    if not isinstance(parties, list) or not parties or not all(isinstance(p, str) for p in parties):
        problems.add("contract", "parties", f"expected a list of party variable names, got {parties!r}")
        parties = []
    return Contract(
        id=contract_id or stem,
        title=_optional_text(read, raw, "contract", "title") or Text("", ""),
        short_title=_optional_text(read, raw, "contract", "short_title") or Text("", ""),
        provenance=_optional_string(read, raw, "contract", "provenance") or "",
        parties=list(parties), variables=variables, presets=presets,
        articles=_articles(read, raw.get("articles")), source=source,
        annexes=_articles(read, raw["annexes"], "annexes") if "annexes" in raw else [],
        edition=(read.one_of(raw["edition"], "contract", "edition", EDITIONS) or "material")
        if "edition" in raw else "material",
    )


# --- meaning: templates, references, presets, provenance ---------------------------------


def _templates(contract: Contract):
    """Every Jinja source in the contract: (where, key, source, is_expression)."""
    for article in contract.articles + contract.annexes:
        where = f"{_kind_of(contract, article)} '{article.id}'"
        if article.when:
            yield where, "when", article.when, True
        for p_index, paragraph in enumerate(article.paragraphs, 1):
            p_where = f"{where} paragraph {paragraph.id or p_index}"
            if paragraph.when:
                yield p_where, "when", paragraph.when, True
            for lang in LANGUAGES:
                yield p_where, f"text.{lang}", paragraph.text.get(lang), False
            for i_index, item in enumerate(paragraph.items, 1):
                i_where = f"{p_where} item {item.id or i_index}"
                if item.when:
                    yield i_where, "when", item.when, True
                for lang in LANGUAGES:
                    yield i_where, f"text.{lang}", item.text.get(lang), False


def _kind_of(contract: Contract, article: Article) -> str:
    return "annex" if any(article is a for a in contract.annexes) else "article"


def _parse(source: str, is_expression: bool):
    from . import render

    env = render.environment()
    if is_expression:
        # compile_expression wraps the source the same way; parsing it here keeps one AST walk.
        return env.parse("{{ (" + source + ") }}")
    return env.parse(source)


def _check_tree(tree, contract: Contract, ids: set[str], where: str, key: str,
                problems: _Problems) -> None:
    from jinja2 import nodes

    from . import render

    env = render.environment()
    for call in tree.find_all(nodes.Call):
        if isinstance(call.node, nodes.Name) and call.node.name == "ref":
            args = call.args
            if len(args) != 1 or call.kwargs or not isinstance(args[0], nodes.Const) \
                    or not isinstance(args[0].value, str):
                problems.add(where, key, "ref() takes exactly one quoted clause id, e.g. ref('ip_ownership')")
            elif args[0].value not in ids:
                problems.add(where, key, f"ref('{args[0].value}') names no article, paragraph or item")
    for node in tree.find_all((nodes.Getattr, nodes.Getitem)):
        name = node.attr if isinstance(node, nodes.Getattr) else getattr(node.arg, "value", None)
        if isinstance(name, str) and name.startswith("_"):
            problems.add(where, key, f"attribute {name!r} is not allowed (private names are refused)")
    for node in tree.find_all(nodes.Filter):
        if node.name not in env.filters:
            problems.add(where, key, f"unknown filter {node.name!r}")
    for node in tree.find_all(nodes.Test):
        if node.name not in env.tests:
            problems.add(where, key, f"unknown test {node.name!r}")
    for compare in tree.find_all(nodes.Compare):
        _check_choice_compare(compare, contract, where, key, problems)


def _check_choice_compare(compare, contract: Contract, where: str, key: str,
                          problems: _Problems) -> None:
    from jinja2 import nodes

    # `ci_definition == 'all_disclosed'`: a misspelt key would silently drop a clause.
    operands = [compare.expr] + [op.expr for op in compare.ops]
    names = [o.name for o in operands if isinstance(o, nodes.Name)]
    consts = []
    for o in operands:
        if isinstance(o, nodes.Const):
            consts.extend(o.value if isinstance(o.value, (list, tuple)) else [o.value])
        elif isinstance(o, (nodes.List, nodes.Tuple)):
            consts.extend(i.value for i in o.items if isinstance(i, nodes.Const))
    consts = [c for c in consts if isinstance(c, str)]
    for name in names:
        variable = contract.variables.get(name)
        if variable is None or variable.type != "choice":
            continue
        for value in consts:
            if value not in variable.choices:
                problems.add(where, key, f"{name} has no choice {value!r} "
                                         f"(choices: {', '.join(variable.choices)})")


def _semantics(contract: Contract, problems: _Problems, catalogue: set[str] | None) -> None:
    # Jinja is imported here, not at the top: a cached library loads without it.
    from jinja2 import TemplateSyntaxError, meta

    from . import render
    from .answers import check_value

    env = render.environment()
    ids: set[str] = set()
    for article in contract.articles + contract.annexes:
        kind = _kind_of(contract, article)
        entries = [(f"{kind} '{article.id}'", article.id)]
        for p_index, paragraph in enumerate(article.paragraphs, 1):
            entries.append((f"{kind} '{article.id}' paragraph {paragraph.id or p_index}", paragraph.id))
            entries.extend((f"{kind} '{article.id}' item {item.id}", item.id) for item in paragraph.items)
        for where, clause_id in entries:
            if clause_id is None:
                continue
            if clause_id in ids:
                problems.add(where, "id", f"duplicate id {clause_id!r} (articles, paragraphs and "
                                          "items share one id space)")
            ids.add(clause_id)

    used: set[str] = set(contract.parties)
    # The document template prints the first date as the signing date (templates/layout.py).
    used.update([next((v.name for v in contract.variables.values() if v.type == "date"), "")])
    allowed = set(contract.variables) | set(render.CLAUSE_NAMES) | set(env.globals)
    for where, key, source, is_expression in _templates(contract):
        if not source or (not is_expression and not render.needs_jinja(source)):
            continue
        try:
            tree = _parse(source, is_expression)
        except TemplateSyntaxError as error:
            problems.add(where, key, f"Jinja syntax error (line {error.lineno}): {error.message}")
            continue
        before = len(problems.items)
        _check_tree(tree, contract, ids, where, key, problems)
        try:
            names = meta.find_undeclared_variables(tree)
        except TemplateSyntaxError as error:  # found while generating code, e.g. unknown filter
            if len(problems.items) == before:  # not already reported by _check_tree
                problems.add(where, key, f"Jinja error (line {error.lineno}): {error.message}")
            continue
        for name in sorted(names - allowed):
            problems.add(where, key, f"uses undeclared variable {name!r}")
        used |= names

    for name in contract.variables:
        if name not in used:
            problems.add(f"variable '{name}'", "name", "declared but not used by any text or when")
    for index, name in enumerate(contract.parties):
        variable = contract.variables.get(name)
        if variable is None or variable.type != "party":
            problems.add("contract", f"parties[{index}]", f"{name!r} is not a declared party variable")

    for name, variable in contract.variables.items():
        if variable.has_default:
            for problem in check_value(variable, variable.default, name):
                problems.add(f"variable '{name}'", "default", problem)
    for preset in contract.presets.values():
        for name, value in preset.values.items():
            variable = contract.variables.get(name)
            if variable is None:
                problems.add(f"preset '{preset.name}'", f"values.{name}", "sets an undeclared variable")
                continue
            for problem in check_value(variable, value, name):
                problems.add(f"preset '{preset.name}'", f"values.{name}", problem)

    if catalogue is not None:
        cites = [("contract", "provenance", contract.provenance)]
        cites += [(f"variable '{v.name}'", "provenance", v.provenance) for v in contract.variables.values()]
        cites += [(f"article '{a.id}'", "provenance", a.provenance) for a in contract.articles]
        cites += [(f"annex '{a.id}'", "provenance", a.provenance) for a in contract.annexes]
        for where, key, text in cites:
            for practice_id in _GUIDELINE_CITE.findall(text or ""):
                if practice_id not in catalogue:
                    problems.add(where, key, f"guideline:{practice_id} is not in the guideline catalogue")


def parse_contract(raw: Any, source: str, catalogue: set[str] | None = None) -> Contract:
    """Validate parsed YAML as a contract; ClauseLibraryError lists every problem."""
    problems = _Problems(source)
    contract = _structure(raw, source, problems)
    problems.raise_if_any()  # meaning checks on a broken structure would only add noise
    _semantics(contract, problems, catalogue)
    problems.raise_if_any()
    return contract


def _source_bytes(path: Path) -> bytes:
    return read_regular_file(path, limits.MAX_YAML_BYTES, ClauseLibraryError,
                             too_big=f"YAML file is larger than {limits.MAX_YAML_BYTES // 1024} KB")


def _yaml(path: Path, data: bytes) -> Any:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ClauseLibraryError(f"{path}: not UTF-8 text") from None
    return safe_yaml.loads(text, str(path), ClauseLibraryError)


def _contract_from(path: Path, catalogue: "_Catalogue") -> Contract:
    """Parse and validate one contract file; a file that passed before comes from the cache."""
    data = _source_bytes(path)
    cache_key = cache.key(data, path.name.encode(), catalogue.data)
    raw = cache.get(cache_key)
    if raw is not None:
        problems = _Problems(str(path))
        contract = _structure(raw, str(path), problems)
        if contract is not None and not problems.items:
            return contract
    raw = _yaml(path, data)
    contract = parse_contract(raw, str(path), catalogue.ids)
    cache.put(cache_key, raw)
    return contract


def load_contract_file(path: str | Path) -> Contract:
    """One contract file, checked against the shipped guideline catalogue."""
    return _contract_from(Path(path), _catalogue())


# --- the guideline catalogue ------------------------------------------------------------


def parse_catalogue(raw: Any, source: str) -> dict[str, Practice]:
    problems = _Problems(source)
    read = _Reader(problems)
    practices: dict[str, Practice] = {}
    if read.mapping(raw, "catalogue", "", {"practices"}, {"practices"}) is None:
        problems.raise_if_any()
    entries = raw.get("practices")
    if not isinstance(entries, dict) or not entries:
        problems.add("catalogue", "practices", f"expected a mapping of practice ids, got {_kind(entries)}")
        entries = {}
    for practice_id, spec in entries.items():
        where = f"practice '{practice_id}'"
        if read.identifier(practice_id, where, "id", _PRACTICE_ID) is None:
            continue
        if read.mapping(spec, where, "", PRACTICE_KEYS, PRACTICE_KEYS) is None:
            continue
        clauses = spec.get("clauses")
        if not isinstance(clauses, list) or not all(isinstance(c, str) and "/" in c for c in clauses):
            problems.add(where, "clauses", "expected a list of <contract-id>/<clause-id> references")
            clauses = []
        practices[practice_id] = Practice(
            id=practice_id,
            title=_optional_text(read, spec, where, "title") or Text("", ""),
            source=_optional_string(read, spec, where, "source") or "",
            problem=_optional_text(read, spec, where, "problem") or Text("", ""),
            recommended=_optional_text(read, spec, where, "recommended") or Text("", ""),
            clauses=list(clauses),
        )
    problems.raise_if_any()
    return practices


class _Catalogue:
    def __init__(self, practices: dict[str, Practice] | None, data: bytes):
        self.practices = practices or {}
        # None when there is no catalogue yet: guideline:<id> citations go unchecked.
        self.ids = set(practices) if practices is not None else None
        self.data = data


@lru_cache(maxsize=1)
def _catalogue() -> _Catalogue:
    path = LIBRARY_DIR / CATALOGUE_FILE
    if not path.is_file():
        return _Catalogue(None, b"")
    data = _source_bytes(path)
    cache_key = cache.key(data, b"catalogue")
    raw = cache.get(cache_key)
    if raw is None:
        raw = _yaml(path, data)
        practices = parse_catalogue(raw, str(path))
        cache.put(cache_key, raw)
        return _Catalogue(practices, data)
    return _Catalogue(parse_catalogue(raw, str(path)), data)


# --- the library ------------------------------------------------------------------------


def _contract_paths(extra_paths: Iterable[str | Path]) -> list[Path]:
    paths = sorted(p for p in LIBRARY_DIR.glob("*.yaml") if p.name != CATALOGUE_FILE)
    for extra in extra_paths:
        extra = Path(extra)
        paths.extend(sorted(extra.glob("*.yaml")) if extra.is_dir() else [extra])
    return paths


@lru_cache(maxsize=8)
def _load(extra_paths: tuple[str, ...]) -> Library:
    catalogue = _catalogue()
    practices = catalogue.practices
    contracts: dict[str, Contract] = {}
    for path in _contract_paths(extra_paths):
        contract = _contract_from(path, catalogue)
        if contract.id in contracts:
            raise ClauseLibraryError(f"{path}: contract '{contract.id}': id: duplicate contract id "
                                     f"(also in {contracts[contract.id].source})")
        contracts[contract.id] = contract
    for practice in practices.values():
        for clause_ref in practice.clauses:
            contract_id, _, clause_id = clause_ref.partition("/")
            contract = contracts.get(contract_id)
            if contract is None or clause_id not in contract.clause_ids():
                raise ClauseLibraryError(
                    f"{LIBRARY_DIR / CATALOGUE_FILE}: practice '{practice.id}': clauses: "
                    f"{clause_ref!r} names no clause in the library")
    return Library(contracts=contracts, practices=practices)


def load_library(extra_paths: Iterable[str | Path] | None = None) -> Library:
    """Every shipped contract (plus ``extra_paths``: files or folders), loaded once per process."""
    return _load(tuple(str(p) for p in (extra_paths or ())))


def get_contract(contract_id: str) -> Contract:
    contracts = load_library().contracts
    try:
        return contracts[contract_id]
    except KeyError:
        raise KyosoError(f"unknown contract {contract_id!r} "
                         f"(known: {', '.join(sorted(contracts)) or 'none'})") from None


# --- kyoso clauses --------------------------------------------------------------------------

_WORDS = {
    "ja": {"contracts": "契約書", "articles": "条", "decisions": "選択事項", "presets": "プリセット",
           "favours": {"startup": "スタートアップ有利", "business": "事業会社有利", "balanced": "バランス"},
           "when": "条件", "default": "既定", "hint": "詳細: kyoso clauses <契約書ID>",
           "editions": {"material": "新素材編", "ai": "AI編"}},
    "en": {"contracts": "Contracts", "articles": "articles", "decisions": "Decision points",
           "presets": "Presets",
           "favours": {"startup": "favours the startup", "business": "favours the company",
                       "balanced": "balanced"},
           "when": "only when", "default": "default", "hint": "Details: kyoso clauses <contract-id>",
           "editions": {"material": "New-material edition", "ai": "AI edition"}},
}


def describe(contract_id: str | None, lang: str = "en") -> str:
    """Text for ``kyoso clauses``: all contracts, or one contract's articles and choices."""
    if lang not in LANGUAGES:
        raise KyosoError(f"unknown language {lang!r} (choose ja or en)")
    from . import render

    words = _WORDS[lang]
    library = load_library()
    if contract_id is None:
        lines = [f"{words['contracts']}:"]
        # One group per model-contract edition, so both editions' NDAs and PoCs are told apart.
        by_edition = sorted(library.contracts.values(), key=lambda c: EDITIONS.index(c.edition))
        for number, contract in enumerate(by_edition):
            if number == 0 or contract.edition != by_edition[number - 1].edition:
                lines.append(f" {words['editions'].get(contract.edition, contract.edition)}:")
            decisions = sum(v.type == "choice" for v in contract.variables.values())
            lines.append(f"  {contract.id:<22} {contract.title.get(lang)} "
                         f"({len(contract.articles)} {words['articles']}, "
                         f"{decisions} {words['decisions'].lower() if lang == 'en' else words['decisions']})")
        lines.append(words["hint"])
        return "\n".join(lines)
    contract = get_contract(contract_id)
    lines = [f"{contract.title.get(lang)} ({contract.id}) — {contract.provenance}", ""]
    for number, article in enumerate(contract.articles, 1):
        condition = f"  [{words['when']}: {article.when}]" if article.when else ""
        lines.append(f"  {render.heading(number, article.title.get(lang), lang)}{condition}")
    for number, annex in enumerate(contract.annexes, 1):
        condition = f"  [{words['when']}: {annex.when}]" if annex.when else ""
        lines.append(f"  {render.annex_heading(number, annex.title.get(lang), lang)}{condition}")
    lines += ["", f"{words['decisions']}:"]
    for variable in contract.variables.values():
        if variable.type != "choice":
            continue
        default = f" ({words['default']}: {variable.default})" if variable.has_default else ""
        lines.append(f"  {variable.name}: {variable.label.get(lang)}{default}")
        for choice in variable.choices.values():
            lines.append(f"    - {choice.key} [{words['favours'][choice.favours]}] {choice.label.get(lang)}")
            lines.append(f"        {choice.note.get(lang)}")
    lines += ["", f"{words['presets']}:"]
    for preset in contract.presets.values():
        lines.append(f"  {preset.name}: {preset.label.get(lang)}")
        lines.append(f"      {preset.explain.get(lang)}")
    return "\n".join(lines)
