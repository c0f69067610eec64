"""The rule engine: load rule files (data), run their kinds (code), emit findings.

A rule lives in ``checker/rules/<category>/<name>.yaml``; its id is
``<category>/<name>``. Loading is strict: an unknown key, a missing translation,
a pattern that does not compile or a rule without its flag/pass examples is a
``ClauseLibraryError`` naming the file, the rule id and the key.

Checking is two-pass for speed: one compiled alternation of every rule's trigger
cues per language runs over raw paragraphs; only paragraphs that match are cut
into sentences by spaCy and read by the kinds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import regex_code
from ..core import limits
from ..core.errors import ClauseLibraryError
from . import frames, shipped_yaml
from .exclusions import excluded_by
from .prefilter import GatedAlternation
from . import kinds as kinds_module
from .scorer import CATEGORY_LABELS
from .scorer import model as scorer_model
from .model import SEVERITIES, Block, Clause, Finding, Location, SourceText

RULES_DIR = Path(__file__).parent / "rules"
LANGUAGES = ("en", "ja")
TOP_KEYS = {"category", "kind", "title", "guideline", "severity", "message", "rationale",
            "suggestion", "patterns", "examples"}
REQUIRED_KEYS = {"category", "kind", "title", "guideline", "severity", "message", "rationale",
                 "examples"}
MIN_EXAMPLES = 2


@dataclass
class Rule:
    id: str
    category: str
    kind: kinds_module.Kind
    title: dict[str, str]
    guideline: str | None
    severity_default: str
    severity_when: list[tuple[dict[str, Any], str]]
    message: dict[str, str]
    rationale: dict[str, str]
    suggestion: str | None
    cues: dict[str, kinds_module.CuePatterns]
    trigger_patterns: dict[str, list[str]]
    examples: dict[str, dict[str, list[str]]]
    path: Path
    enabled: bool = True
    severity_override: str | None = None

    def severity(self, dimensions: dict[str, Any], thresholds: dict[str, Any]) -> str:
        if self.severity_override:
            return self.severity_override
        for conditions, severity in self.severity_when:
            if all(_condition_holds(dimensions.get(key), test, thresholds)
                   for key, test in conditions.items()):
                return severity
        return self.severity_default


def _condition_holds(value: Any, test: Any, thresholds: dict[str, Any]) -> bool:
    """``test`` is a plain value (equality) or one of {gt, ge, lt, le, in, not}."""
    if not isinstance(test, dict):
        return value == test
    for op, operand in test.items():
        if isinstance(operand, str) and op in ("gt", "ge", "lt", "le"):
            operand = thresholds[operand]
        if op in ("gt", "ge", "lt", "le") and value is None:
            return False
        if op == "gt" and not value > operand:
            return False
        if op == "ge" and not value >= operand:
            return False
        if op == "lt" and not value < operand:
            return False
        if op == "le" and not value <= operand:
            return False
        if op == "in" and value not in operand:
            return False
        if op == "not" and value == operand:
            return False
    return True


# --- loading ----------------------------------------------------------------------------


class _RuleFile:
    """Validation helpers bound to one file, so every error names file, id and key."""

    def __init__(self, path: Path, rule_id: str):
        self.path, self.rule_id = path, rule_id

    def fail(self, key: str, problem: str):
        raise ClauseLibraryError(f"{self.path}: rule {self.rule_id}: {key}: {problem}")

    def bilingual(self, data: dict, key: str) -> dict[str, str]:
        value = data.get(key)
        if not isinstance(value, dict):
            self.fail(key, "must be a mapping with ja and en texts")
        for extra in set(value) - set(LANGUAGES):
            self.fail(f"{key}.{extra}", "unknown language (expected ja and en)")
        for lang in LANGUAGES:
            text = value.get(lang)
            if not isinstance(text, str) or not text.strip():
                self.fail(f"{key}.{lang}", "missing text")
        return {lang: value[lang].strip() for lang in LANGUAGES}


_SEVERITY_KEYS = {"default", "when"}
_WHEN_KEYS = {"if", "severity"}
_TEST_OPS = {"gt", "ge", "lt", "le", "in", "not"}


def _load_rule(path: Path, rules_root: Path, thresholds: dict[str, Any],
               compile_patterns: bool = True) -> Rule:
    relative = path.relative_to(rules_root)
    if len(relative.parts) != 2:
        raise ClauseLibraryError(f"{path}: rule files live at rules/<category>/<name>.yaml")
    category, name = relative.parts[0], relative.stem
    rule_id = f"{category}/{name}"
    where = _RuleFile(path, rule_id)
    data = shipped_yaml.load(path, ClauseLibraryError)
    if not isinstance(data, dict):
        where.fail("(file)", "a rule file must be a mapping")
    for key in data:
        if key not in TOP_KEYS:
            where.fail(key, f"unknown key (expected one of: {', '.join(sorted(TOP_KEYS))})")
    for key in sorted(REQUIRED_KEYS - set(data)):
        where.fail(key, "missing")
    if data["category"] != category:
        where.fail("category", f"{data['category']!r} must equal the folder name {category!r}")
    kind = kinds_module.KINDS.get(data["kind"])
    if kind is None:
        where.fail("kind", f"unknown kind {data['kind']!r} (expected one of: "
                           f"{', '.join(sorted(kinds_module.KINDS))})")
    guideline = data["guideline"]
    # null is allowed for rules no guideline item covers (hidden characters).
    if guideline is not None and (not isinstance(guideline, str) or not guideline):
        where.fail("guideline", "must name a guideline catalogue id, or be null")
    default, when = _load_severity(where, data["severity"], kind, thresholds)
    suggestion = data.get("suggestion")
    if suggestion is not None and (not isinstance(suggestion, str) or "/" not in suggestion):
        where.fail("suggestion", "must be <contract-id>/<article-id>")
    cues, triggers = _load_patterns(where, data.get("patterns"), kind, compile_patterns)
    examples = _load_examples(where, data["examples"])
    return Rule(
        id=rule_id, category=category, kind=kind, title=where.bilingual(data, "title"),
        guideline=guideline, severity_default=default, severity_when=when,
        message=where.bilingual(data, "message"), rationale=where.bilingual(data, "rationale"),
        suggestion=suggestion, cues=cues, trigger_patterns=triggers, examples=examples, path=path,
    )


def _load_severity(where: _RuleFile, spec: Any, kind, thresholds):
    if isinstance(spec, str):
        spec = {"default": spec}
    if not isinstance(spec, dict):
        where.fail("severity", "must be a severity or a mapping with default and when")
    for key in spec:
        if key not in _SEVERITY_KEYS:
            where.fail(f"severity.{key}", "unknown key (expected default, when)")
    default = spec.get("default")
    if default not in SEVERITIES:
        where.fail("severity.default", f"{default!r} is not one of {', '.join(SEVERITIES)}")
    when = []
    for index, item in enumerate(spec.get("when") or []):
        key = f"severity.when[{index}]"
        if not isinstance(item, dict) or set(item) != _WHEN_KEYS:
            where.fail(key, "each entry needs exactly 'if' and 'severity'")
        if item["severity"] not in SEVERITIES:
            where.fail(f"{key}.severity", f"{item['severity']!r} is not a severity")
        conditions = item["if"]
        if not isinstance(conditions, dict) or not conditions:
            where.fail(f"{key}.if", "must map dimension names to values or tests")
        for dim, test in conditions.items():
            if dim not in kind.dimensions:
                where.fail(f"{key}.if.{dim}", f"kind {kind.name} has no such dimension "
                                              f"(has: {', '.join(kind.dimensions)})")
            if isinstance(test, dict):
                for op, operand in test.items():
                    if op not in _TEST_OPS:
                        where.fail(f"{key}.if.{dim}.{op}", f"unknown test (expected {', '.join(sorted(_TEST_OPS))})")
                    if isinstance(operand, str) and op in ("gt", "ge", "lt", "le") and operand not in thresholds:
                        where.fail(f"{key}.if.{dim}.{op}", f"unknown threshold {operand!r}")
        when.append((conditions, item["severity"]))
    return default, when


def _load_patterns(where: _RuleFile, spec: Any, kind, compile_patterns: bool = True):
    roles_allowed = set(kind.roles) | set(kind.optional_roles)
    if not kind.roles:
        if spec:
            where.fail("patterns", f"kind {kind.name} takes no patterns")
        return {}, {lang: [] for lang in LANGUAGES}
    if not isinstance(spec, dict):
        where.fail("patterns", "must map ja and en to pattern roles")
    cues, triggers = {}, {}
    for lang in LANGUAGES:
        roles = spec.get(lang)
        if not isinstance(roles, dict):
            where.fail(f"patterns.{lang}", "missing")
        for role in sorted(set(kind.roles) - set(roles)):
            where.fail(f"patterns.{lang}.{role}", f"missing (kind {kind.name} needs it)")
        for role, patterns in roles.items():
            if role not in roles_allowed:
                where.fail(f"patterns.{lang}.{role}", f"unknown role for kind {kind.name}")
            if not isinstance(patterns, list) or not all(isinstance(p, str) and p for p in patterns):
                where.fail(f"patterns.{lang}.{role}", "must be a list of regular expressions")
            for pattern in patterns if compile_patterns else ():
                try:
                    regex_code.compile(pattern)
                except re.error as error:
                    where.fail(f"patterns.{lang}.{role}", f"bad pattern {pattern!r}: {error}")
        cues[lang] = kinds_module.CuePatterns(roles)
        triggers[lang] = [p for role in kind.trigger_roles for p in roles.get(role, [])]
    for extra in set(spec) - set(LANGUAGES):
        where.fail(f"patterns.{extra}", "unknown language")
    return cues, triggers


def _load_examples(where: _RuleFile, spec: Any) -> dict[str, dict[str, list[str]]]:
    if not isinstance(spec, dict):
        where.fail("examples", "must have flag and pass")
    for key in spec:
        if key not in ("flag", "pass"):
            where.fail(f"examples.{key}", "unknown key (expected flag, pass)")
    examples = {}
    for group in ("flag", "pass"):
        by_lang = spec.get(group)
        if not isinstance(by_lang, dict):
            where.fail(f"examples.{group}", "missing")
        examples[group] = {}
        for lang in LANGUAGES:
            items = by_lang.get(lang)
            if not isinstance(items, list) or len(items) < MIN_EXAMPLES or not all(
                    isinstance(i, str) and i.strip() for i in items):
                where.fail(f"examples.{group}.{lang}", f"needs at least {MIN_EXAMPLES} sentences")
            examples[group][lang] = items
        for extra in set(by_lang) - set(LANGUAGES):
            where.fail(f"examples.{group}.{extra}", "unknown language")
    return examples


def _rule_paths(paths: list[Path] | None = None) -> list[Path]:
    if paths:
        return [Path(p) for p in paths]
    return sorted(RULES_DIR.glob("*/*.yaml"))


# --- the rule set ------------------------------------------------------------------------


class _PlainStructure:
    """The structure of a bare clause: one paragraph, no article numbers."""

    def clause_at(self, offset: int) -> Clause | None:
        return None

    def locate(self, start: int, end: int, language: str) -> Location:
        return Location(article=None, paragraph=None, start=start, end=end)


@dataclass
class RuleSet:
    rules: list[Rule]
    thresholds: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def load(cls, config: dict | None = None, paths: list[Path] | None = None,
             rules_root: Path | None = None) -> "RuleSet":
        from .config import DEFAULT_THRESHOLDS

        config = config or {}
        thresholds = dict(DEFAULT_THRESHOLDS)
        thresholds.update(config.get("thresholds") or {})
        root = Path(rules_root) if rules_root else RULES_DIR
        rules = []
        seen = set()
        for path in _rule_paths(paths):
            path = path.resolve()
            rule_root = root.resolve() if paths is None else path.parent.parent
            # Shipped rule files are compiled pattern by pattern by the test suite
            # (tests/test_scorer.py); a rule file the user names is checked here.
            shipped = paths is None and rules_root is None
            rule = _load_rule(path, rule_root, thresholds, compile_patterns=not shipped)
            if rule.id in seen:
                raise ClauseLibraryError(f"{path}: rule {rule.id}: duplicate rule id")
            seen.add(rule.id)
            rules.append(rule)
        settings = config.get("rules") or {}
        for rule in rules:
            for key in (rule.category, rule.id):  # the rule's own setting wins over its category's
                setting = settings.get(key) or {}
                if "enabled" in setting:
                    rule.enabled = setting["enabled"]
                if "severity" in setting:
                    rule.severity_override = setting["severity"]
        return cls(rules=rules, thresholds=thresholds)

    @property
    def categories(self) -> list[str]:
        return sorted({rule.category for rule in self.rules})

    @property
    def rule_ids(self) -> list[str]:
        return [rule.id for rule in self.rules]

    def _active(self) -> list[Rule]:
        return [rule for rule in self.rules if rule.enabled]

    def _candidate_regex(self, language: str) -> GatedAlternation | None:
        cache = self.__dict__.setdefault("_candidates", {})
        if language not in cache:
            # the scorer's first pass (_first_pass) finds the sentences of its own categories
            patterns = [p for rule in self._active() if rule.category not in CATEGORY_LABELS
                        for p in rule.trigger_patterns.get(language, [])]
            cache[language] = GatedAlternation(patterns) if patterns else None
        return cache[language]

    def check_text(self, text: str, language: str) -> list[Finding]:
        from .normalise import fold

        text = fold(text)  # full-width Ｘ社/１２ read as X社/12, offsets unchanged
        # Japanese: a new block where a line opens a list item, as a document's paragraphs:
        # a chapeau and its items (「次の行為をしない。」 then 「1. …」) are read together only
        # across blocks. English keeps one block: its items run on with semicolons inside one
        # sentence ("on the following terms: (a) …; (b) …"), which the licence kind reads whole.
        cuts = [m.start() + 1 for m in re.finditer("\n", text)
                if language == "ja" and _is_list_item(text[m.start() + 1:m.start() + 40])]
        blocks, start = [], 0
        for cut in cuts + [len(text) + 1]:
            blocks.append(Block(text=text[start:cut - 1], start=start, end=cut - 1))
            start = cut
        source = SourceText(path="<text>", text=text, blocks=blocks, format="txt",
                            language=language)
        return self.check(source, _PlainStructure(), [], language)

    def check(self, source: SourceText, structure, parties: list, language: str) -> list[Finding]:
        from . import nlp

        language = "ja" if language == "ja" else "en"
        findings: list[Finding] = []
        candidates = self._candidate_regex(language)
        sentence_rules = [r for r in self._active() if r.kind.roles]
        document_rules = [r for r in self._active() if not r.kind.roles]
        first_pass = self._first_pass(language)
        veto = limits.SCORER_VETO_RATIO  # 0: a scorer 'no' never skips the rules
        if (candidates is not None or first_pass is not None) and sentence_rules:
            framed = self._framing_rules(language)
            # the categories the scorer can add at all (_ceiling); asked once per document
            addable = [category for category in CATEGORY_LABELS
                       if _ceiling(category, language) >= limits.SCORER_ADD_RATIO[language]]
            relevant = self._relevance(language, sentence_rules)
            lead_in, lead_hits = None, set()  # "shall not:" / 「次の各号に掲げる行為をしてはならない。」
            in_list: set[str] = set()  # categories found in the current lead-in and its items
            unfinished = None  # a paragraph cut mid-sentence by a page break
            for block_start, block_text in _paragraphs(source):
                context = lead_in if _is_list_item(block_text) else None
                if context is None:
                    lead_in, lead_hits, in_list = _lead_in(block_text), set(), set()
                carried, unfinished = _page_break_carry(unfinished, block_text, language)
                block_is_candidate = _searches(candidates, block_text)
                if not block_is_candidate and not _searches(first_pass, block_text):
                    continue
                if context is None and carried is None and not relevant.may_match(block_text):
                    continue  # no sentence of it can be relevant (below), and no lead-in or
                    # page break lends it one: spare it the tokenizer
                once: dict[tuple, int] = {}  # (rule, favours) -> index, for once-per-paragraph kinds
                # categories already found in this paragraph, or in the list it is an item of
                found_here: set[str] = in_list if (lead_in is not None or context) else set()
                inner = None  # "shall not:" ending a sentence introduces the ones after it
                spans = nlp.scored_sentences(block_text, language)
                for index, (s_start, s_end, scores_of) in enumerate(spans):
                    sentence = block_text[s_start:s_end]
                    before = context if context is not None else (
                        inner if inner is not None else (carried if index == 0 else None))
                    opens_list = _INNER_LEAD_IN.matches(sentence)
                    if opens_list:
                        inner = sentence.rstrip()[-limits.LEAD_IN_MAX_CHARS:]
                    elif inner is not None and not _LIST_GOES_ON.search(sentence):
                        inner = None  # an item ending in a full stop closes the list
                    # the scorer scores what passes its first pass, when first asked
                    scored = _searches(first_pass, sentence)
                    ratios = _LazyRatios(scores_of, language)
                    # a cue of a rule the scorer does not cover (grant-backs, patent filing)
                    others_can = block_is_candidate and _searches(candidates, sentence)
                    if not others_can and (
                            not scored or (veto and max(ratios.all().values()) < veto)):
                        continue  # no rule's cue, and not past the scorer's first pass
                    if before is None and not relevant.matches(sentence):
                        continue  # no rule's trigger, frame anchor or proviso freedom: nothing
                        # any rule or the scorer can place a finding on
                    offset = block_start + s_start
                    if _skipped(structure, offset, sentence):
                        continue  # a heading, or the other language of a bilingual text
                    read: set[str] = set()  # categories a rule found in this sentence
                    declined: set[str] = set()  # categories a rule read here and turned down
                    untriggered: set[str] = set()  # rules none of whose trigger cues is here
                    for rule in sentence_rules:
                        if (veto and scored and rule.category in CATEGORY_LABELS
                                and ratios.get(rule.category) < veto):
                            continue  # the scorer is sure this is not the rule's term
                        if not ((others_can or rule.category in CATEGORY_LABELS)
                                and self._triggered(rule, sentence, language)):
                            untriggered.add(rule.id)
                            hit = None
                        else:
                            hit = rule.kind.analyse(sentence, rule.cues[language], language, parties,
                                                    self.thresholds)
                            if hit is None and scored and rule.category in CATEGORY_LABELS:
                                declined.add(rule.category)
                        if (before and getattr(rule.kind, "reads_lead_in", False)
                                and (hit is not None or rule.id not in lead_hits)):
                            # an item is read with its lead-in: the covenant may be there, and
                            # who is bound and for how long usually are ("For a year the Seller
                            # agrees:" then "• not to engage in any Competing Business")
                            hit = _run_with_lead_in(self, rule, before, sentence, language, parties) or hit
                        if hit is None and index + 1 < len(spans):
                            hit = _run_with_proviso(self, rule, sentence, block_text[slice(*spans[index + 1][:2])],
                                                    language, parties)
                        if hit is not None and lead_in is not None:
                            lead_hits.add(rule.id)  # one finding per list, not one per item
                        if hit is not None:
                            read.add(rule.category)
                            found_here.add(rule.category)
                            if not _excluded(rule.category, sentence, before, language):
                                finding = self._finding(rule, hit, sentence, offset, structure, language)
                                _add_once(findings, once, rule, finding)
                    for category in addable if scored else ():
                        rule = framed.get(category)
                        if not _scorer_may_add(category, ratios, rule, sentence, language, read,
                                               declined, found_here, lead_hits, opens_list,
                                               untriggered, before):
                            continue
                        hit = frames.frame(rule, sentence, language, parties)
                        if hit is not None:  # wording no pattern reads: the scorer's finding
                            found_here.add(category)
                            finding = self._finding(rule, hit, sentence, offset, structure, language)
                            _add_once(findings, once, rule, finding)
        for rule in document_rules:
            for start, end, dims in kinds_module.scan_hidden(source.text):
                hit = kinds_module.Hit(0, end - start, dimensions=dims)
                findings.append(self._finding(rule, hit, source.text[start:end], start, structure,
                                              language, excerpt=_context(source.text, start, end,
                                                                     dims["code_points"])))
        for rule in sentence_rules:  # kinds that read a term across sentences (licence-grant)
            combine = getattr(rule.kind, "combine", None)
            if combine is not None:
                findings = combine(rule, findings, source.text, language, self.thresholds)
        findings.sort(key=lambda f: (f.location.start, f.rule))
        return findings

    def _relevance(self, language: str, rules: list[Rule]) -> GatedAlternation:
        """Every pattern a sentence needs for any finding of its own: the rules' trigger
        cues, the frame anchors a scorer finding is placed on (for the categories the
        scorer can add, ``_ceiling``), and the freedoms a proviso can take back. One
        search of it spares a sentence with none a dozen role searches."""
        cache = self.__dict__.setdefault("_relevance_cache", {})
        key = (language, tuple(rule.id for rule in rules), limits.SCORER_ADD_RATIO[language])
        if key not in cache:
            patterns: list[str] = []
            for rule in rules:
                cues = rule.cues.get(language)
                if cues is None:
                    continue
                roles = set(rule.kind.trigger_roles)
                if (rule.category in CATEGORY_LABELS
                        and _ceiling(rule.category, language) >= limits.SCORER_ADD_RATIO[language]):
                    roles |= set(frames._anchor_roles(rule.kind))
                if getattr(rule.kind, "read_with_proviso", None) is not None:
                    roles.add("freedom")
                patterns += [p for role in sorted(roles) for p in cues._patterns.get(role) or []]
            cache[key] = GatedAlternation(list(dict.fromkeys(patterns)))
        return cache[key]

    def _first_pass(self, language: str) -> GatedAlternation | None:
        """The scorer's cheap first pass (scorer/candidates.yaml), when a scored category runs."""
        if not any(rule.category in CATEGORY_LABELS for rule in self._active()):
            return None
        from .scorer.candidates import pattern

        return pattern(language)

    def _framing_rules(self, language: str) -> dict[str, Rule]:
        """Per scored category, the rule whose frame a scorer-only finding takes: the
        first active rule of that category with cue patterns in this language."""
        chosen: dict[str, Rule] = {}
        for rule in self._active():
            if rule.category in CATEGORY_LABELS and language in rule.cues:
                chosen.setdefault(rule.category, rule)
        return chosen

    def _triggered(self, rule: Rule, sentence: str, language: str) -> bool:
        cues = rule.cues.get(language)
        return cues is not None and any(cues.has(role, sentence) for role in rule.kind.trigger_roles)

    def _run(self, rule: Rule, sentence: str, language: str, parties: list):
        cues = rule.cues[language]
        if not any(cues.has(role, sentence) for role in rule.kind.trigger_roles):
            return None
        return rule.kind.analyse(sentence, cues, language, parties, self.thresholds)

    def _finding(self, rule: Rule, hit, sentence: str, offset: int, structure, language: str,
                 excerpt: str | None = None) -> Finding:
        lang = "ja" if language == "ja" else "en"
        sentence_start = offset + (len(sentence) - len(sentence.lstrip()))
        sentence_end = offset + len(sentence.rstrip())
        location = structure.locate(sentence_start, sentence_end, lang)
        return Finding(
            rule=rule.id, category=rule.category,
            severity=rule.severity(hit.dimensions, self.thresholds),
            message=rule.message[lang], location=location,
            excerpt=excerpt if excerpt is not None else _shorten(sentence.strip(), hit),
            favours=hit.favours, dimensions=dict(hit.dimensions),
            suggestion_clause=rule.suggestion, rationale=rule.rationale[lang],
        )


# a category the scorer does not add where a rule found the other one in the sentence
_DEFERS_TO = {"non-compete": "exclusive-dealing"}


def _scorer_may_add(category: str, ratios: "_LazyRatios", rule: Rule | None, sentence: str,
                    language: str, read: set, declined: set, found_here: set, lead_hits: set,
                    opens_list: bool, untriggered: set, before: str | None) -> bool:
    """Whether the scorer alone makes ``sentence`` a finding of ``category`` (the ratios
    are in core/limits.py). The questions go from cheap to dear: scoring a sentence costs
    more than reading its cues, and the exclusion classes more than scoring."""
    if rule is None or category in read:
        return False
    if category in found_here or _DEFERS_TO.get(category) in read:
        return False  # the paragraph's term is found (a licence's terms follow its grant);
        # exclusive dealing is not also a non-compete
    if rule.id in lead_hits or opens_list or _lead_in(sentence):
        return False  # one finding per list, as for the rules; a lead-in's items say it
    # A probability is under 1, so a ratio is under 1/threshold: where that ceiling is
    # short of the ratio needed, no score can reach it and the sentence is not scored
    # (English licences and non-competes: thresholds over 0.5 against a ratio of 2).
    ceiling = _ceiling(category, language)
    if ceiling < limits.SCORER_ADD_RATIO[language]:
        return False
    if category in declined and ceiling < limits.SCORER_OVERRIDE_RATIO[language]:
        return False
    # the rule's trigger cues, asked already, need not be asked again
    asked = rule.kind.trigger_roles if rule.id in untriggered else ()
    if not frames.anchored(rule, sentence, language, asked):
        return False  # nothing the rule's frame can place a finding on
    ratio = ratios.get(category)
    if ratio < limits.SCORER_ADD_RATIO[language]:
        return False
    if category in declined and ratio < limits.SCORER_OVERRIDE_RATIO[language]:
        return False  # a rule read it and found a general reason it is no term
    return not _excluded(category, sentence, before, language)


def _excluded(category: str, sentence: str, before: str | None, language: str) -> bool:
    """Whether an exclusion class clears ``category`` in the sentence, or in a list item
    read with the lead-in it completes (「利用者は、次の行為をしてはならない。」 then
    「第三者に本サービスの使用を再許諾する行為」: an act named in a ban grants nothing)."""
    if excluded_by(category, sentence, language) is not None:
        return True
    if not before:
        return False
    joined = f"{sentence}\n{before}" if language == "ja" else f"{before}\n{sentence}"
    return excluded_by(category, joined, language, with_lead_in=True) is not None


def _searches(pattern, text: str) -> bool:
    return pattern is not None and pattern.matches(text)


class _LazyRatios:
    """Per scored category, the best of its labels' score over that label's threshold
    (core/limits.py explains the ratios), 0 for a sentence the scorer does not score;
    the sentence is scored on the first question."""

    def __init__(self, scores_of, language: str):
        self._scores_of, self._language, self._ratios = scores_of, language, None

    def all(self) -> dict[str, float]:
        if self._ratios is None:
            self._ratios = _ratios(self._scores_of(), self._language)
        return self._ratios

    def get(self, category: str) -> float:
        return self.all().get(category, 0.0)


def _ceiling(category: str, language: str) -> float:
    """The highest ratio (``_ratios``) a sentence can reach in ``category``: 1/threshold
    of its most lenient label (per model: KYOSO_SCORER_DIR can point to other weights)."""
    model = scorer_model(language)
    key = (id(model), category)
    if key not in _CEILINGS:
        _CEILINGS[key] = model.ratio_ceiling(CATEGORY_LABELS.get(category, ()))
    return _CEILINGS[key]


_CEILINGS: dict[tuple[int, str], float] = {}


def _ratios(scores, language: str) -> dict[str, float]:
    if scores is None:
        return {}
    model = scorer_model(language)
    ratios = {}
    for category, labels in CATEGORY_LABELS.items():
        best = 0.0
        for label in labels:
            if label in model.labels:
                threshold = model.thresholds.get(label, 0.5)
                best = max(best, float(scores[model.labels.index(label)]) / threshold)
        ratios[category] = best
    return ratios


def _add_once(findings: list, once: dict, rule: Rule, finding: Finding) -> None:
    """A kind with ``once_per_paragraph`` reports one term once per paragraph: 「成果は乙に
    帰属する。甲は持分を乙に譲渡する。」 is one allocation said twice; the graver wording stays."""
    if not getattr(rule.kind, "once_per_paragraph", False):
        findings.append(finding)
        return
    key = (rule.id, finding.favours)
    if key not in once:
        once[key] = len(findings)
        findings.append(finding)
    elif SEVERITIES.index(finding.severity) > SEVERITIES.index(findings[once[key]].severity):
        findings[once[key]] = finding


# a numbered item (bulleted or not), or a bare bullet: 「- 同種のスクールを開設すること。」, "• own a rival"
_LIST_ITEM = regex_code.compile(
    r"^\s*[-*・•]\s+(?=\S)|^\s*(?:[-*・•]\s*)?(?:\(?[a-zA-Z]{1,2}\)|\(?[ivxIVX]{1,5}\)|\(?\d{1,2}[.)]|[(（][0-9０-９一二三四五六七八九十]{1,3}[)）]"
    r"|[一二三四五六七八九十]{1,3}[\s　、]|[0-9０-９]{1,2}[\s　.．]|[①-⑳⑴-⒇❶-❿]|[アイウエオカキクケコ][\s　、．.])")
# 「次の各号に掲げる行為」「次の行為」「以下の事項」「下記のいずれか」; "any of the following."
# (gated: asked of every sentence, and most hold no colon, 次, 以下, 下記 or "following")
_LEAD_IN = GatedAlternation([r"[:：]\s*$|(?:次|以下|下記)の(?:各号|行為|事項|いずれか|とおり)|(?:次|各号)に掲げる|"
                             r"\bthe\s+following(?:\s+[\w-]+){0,3}\s*[.:]?\s*$"], re.IGNORECASE)


# a sentence ending "shall not:" (the splitter may leave the first item's number on it, "17.1.")
_INNER_LEAD_IN = GatedAlternation([r"[:：]\s*\S{0,20}\s*$"], 0)
# an item that hands on to the next one: "…; or 17.1.3.", "…; and", 「…、」
_LIST_GOES_ON = regex_code.compile(r"(?:[;；、,]|\b(?:or|and))\s*\S{0,20}\s*$")


def _page_break_carry(unfinished, text: str, language: str):
    """(tail to read before this paragraph, state for the next one). An English paragraph
    that stops mid-sentence ("…transferred to the Buyer in") and a later one that starts in
    lower case are one sentence cut by a page break; the short lines between (page number,
    running footer) are skipped. Only kinds that read a lead-in use the tail."""
    text = text.strip()
    if language == "ja" or not text:
        return None, unfinished
    carried = None
    if unfinished is not None:
        tail, skipped = unfinished
        if text[0].islower():
            carried = tail
        elif len(text) < limits.PAGE_FOOTER_MAX_CHARS and skipped < limits.PAGE_BREAK_MAX_LINES:
            return None, (tail, skipped + 1)
    if len(text) >= limits.PAGE_FOOTER_MAX_CHARS and text[-1] in _UNFINISHED_END:
        return carried, (text[-limits.LEAD_IN_MAX_CHARS:], 0)
    return carried, None


# a paragraph (stripped) that ends in a lower-case letter or a comma stops mid-sentence
_UNFINISHED_END = frozenset("abcdefghijklmnopqrstuvwxyz,")


def _is_list_item(text: str) -> bool:
    return bool(_LIST_ITEM.match(text))


def _lead_in(text: str) -> str | None:
    """A paragraph that introduces a list ("shall not:", 「次の各号に掲げる行為をしてはならない。」)."""
    text = text.rstrip()
    return text[-limits.LEAD_IN_MAX_CHARS:] if text and _LEAD_IN.matches(text) else None


def _run_with_lead_in(rule_set: "RuleSet", rule: Rule, lead_in: str, item: str, language: str,
                      parties: list):
    """Read a list item with the sentence that introduces it, for kinds that ask to.

    The covenant is in the lead-in and its object in the item. The item goes where the
    language puts an object: after the verb in English, before it in Japanese. The hit
    is moved back onto the item (its offsets are the item's).
    """
    if language == "ja":
        hit = rule_set._run(rule, f"{item}\n{lead_in}", language, parties)
        shift = 0
    else:
        hit = rule_set._run(rule, f"{lead_in}\n{item}", language, parties)
        shift = len(lead_in) + 1
    if hit is None:
        return None
    start = min(max(0, hit.start - shift), len(item))
    end = min(max(start, hit.end - shift), len(item))
    hit.start, hit.end = start, max(end, min(len(item), start + 1))
    return hit


def _run_with_proviso(rule_set: "RuleSet", rule: Rule, sentence: str, following: str, language: str,
                      parties: list):
    """Read a sentence with the proviso that follows it (「…できる。ただし、…この限りでない。」),
    for kinds that ask to (kinds.CompetitionRestraintKind); the hit is on the sentence."""
    reader = getattr(rule.kind, "read_with_proviso", None)
    if reader is None or language not in rule.cues:
        return None
    return reader(sentence, following, rule.cues[language], language, parties, rule_set.thresholds)


def _skipped(structure, offset: int, sentence: str) -> bool:
    """structure.skip (checker/structure.py) marks headings and translation lines."""
    skip = getattr(structure, "skip", None)
    start = offset + len(sentence) - len(sentence.lstrip())
    return skip is not None and skip(start, offset + len(sentence.rstrip()))


def _paragraphs(source: SourceText):
    if source.blocks:
        for block in source.blocks:
            yield block.start, source.text[block.start:block.end]
        return
    start = 0
    for line in source.text.split("\n"):
        yield start, line
        start += len(line) + 1


def _shorten(sentence: str, hit) -> str:
    """The sentence, cut around the cue when it is longer than a reader can take in."""
    limit = limits.FINDING_EXCERPT_MAX_CHARS
    if len(sentence) <= limit:
        return sentence
    lo = max(0, min(hit.start, len(sentence)) - limit // 3)
    piece = sentence[lo:lo + limit]
    return ("…" if lo else "") + piece + ("…" if lo + limit < len(sentence) else "")


def _context(text: str, start: int, end: int, code_points: list[str]) -> str:
    """The hidden run with a little context, the hidden or foreign characters spelt as
    <U+XXXX> (in "T<U+0430>ny" only the Cyrillic a)."""
    lo, hi = max(0, start - 40), min(len(text), end + 40)
    spelt = {chr(int(point[2:], 16)) for point in code_points}
    shown = [f"<U+{ord(ch):04X}>" if start <= lo + i < end and ch in spelt else ch
             for i, ch in enumerate(text[lo:hi])]
    return "".join(shown).replace("\n", " ")


# --- rule listing and self-test ----------------------------------------------------------


def describe_rules(lang: str = "en") -> str:
    rule_set = RuleSet.load()
    lines = []
    for rule in rule_set.rules:
        suggestion = f"  → {rule.suggestion}" if rule.suggestion else ""
        levels = sorted({rule.severity_default, *(s for _, s in rule.severity_when)},
                        key=SEVERITIES.index)
        spread = levels[0] if len(levels) == 1 else f"{levels[0]}-{levels[-1]}"  # as the clause warrants
        lines.append(f"{rule.id:32} [{spread:11}] {rule.title[lang]}"
                     f"  (guideline: {rule.guideline or '-'}){suggestion}")
    return "\n".join(lines)


def test_rules(paths: list | None = None) -> tuple[int, str]:
    """Run each rule's flag/pass examples; return (number of failures, report)."""
    rule_set = RuleSet.load(paths=[Path(p) for p in paths] if paths else None)
    failures, lines = 0, []
    for rule in rule_set.rules:
        single = RuleSet(rules=[rule], thresholds=rule_set.thresholds)
        problems = []
        for group in ("flag", "pass"):
            for lang in LANGUAGES:
                for example in rule.examples[group][lang]:
                    text = _decode_escapes(example)
                    hits = [f for f in single.check_text(text, lang) if f.rule == rule.id]
                    if group == "flag" and not hits:
                        problems.append(f"  not flagged ({lang}): {example}")
                    if group == "pass" and hits:
                        problems.append(f"  wrongly flagged ({lang}): {example}")
        failures += len(problems)
        lines.append(f"{'FAIL' if problems else 'ok  '} {rule.id}")
        lines.extend(problems)
    lines.append(f"{failures} failure(s) in {len(rule_set.rules)} rule(s)")
    return failures, "\n".join(lines)


_ESCAPE = regex_code.compile(r"\\u([0-9a-fA-F]{4})")


def _decode_escapes(text: str) -> str:
    """Examples may spell invisible characters as \\u200b so the YAML stays readable."""
    return _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)
