"""Literal prefilters for cue patterns: skip a regular expression that cannot match.

A cue role is one alternation of many patterns, searched case-insensitively; on a
long sentence Python's ``re`` tries every branch at every position, and most
sentences hold none of the role's words. Nearly every pattern needs some literal
text to match ("assign" in ``\\bassign(?:s|ed)?\\b``, 「帰属」 in 「帰属する」): this
module reads a pattern's parse tree and returns strings of which a match must
contain at least one. When the lower-cased sentence contains none of them, the
search is skipped; when it contains one, the regular expression decides as before.
So a prefilter only ever saves time: it never changes what a role matches
(tests/test_prefilter.py checks this on every shipped pattern and example).

A pattern with a branch that needs no literal (``\\w+``, an optional group, a
character class) gets no prefilter.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from itertools import product
from pathlib import Path

from . import regex_code

try:  # Python 3.11+
    from re import _constants as C, _parser as parser
except ImportError:  # pragma: no cover - Python 3.10
    import sre_constants as C  # type: ignore
    import sre_parse as parser  # type: ignore

MAX_ALTERNATIVES = 48  # literal strings per requirement: beyond this, testing them costs more than the regex
MAX_CLASS = 4  # a character class of up to this many letters ([sz], [cs]) is spelt out
_REPEATS = {C.MAX_REPEAT, C.MIN_REPEAT} | ({C.POSSESSIVE_REPEAT} if hasattr(C, "POSSESSIVE_REPEAT") else set())
_ZERO_WIDTH = {C.AT}


def _char(code: int) -> str | None:
    """The lower-cased character, or None when case-insensitive matching could match a
    character whose lower case is not this one (non-ASCII cased letters)."""
    char = chr(code)
    if char.isascii() or (char.lower() == char and char.upper() == char):
        return char.lower()
    return None


class _Need:
    """What a piece of a pattern needs: any of ``strings``; ``exact`` when the piece
    matches exactly one of them (so it can be joined to its neighbours)."""

    __slots__ = ("strings", "exact")

    def __init__(self, strings: frozenset[str], exact: bool):
        self.strings, self.exact = strings, exact

    def score(self) -> tuple[int, int]:
        # the longest shortest string: rarer in text, fewer false candidates
        return (min(map(len, self.strings)), -len(self.strings))


def _class_members(items) -> frozenset[str] | None:
    chars = set()
    for op, av in items:
        if op != C.LITERAL:
            return None
        char = _char(av)
        if char is None:
            return None
        chars.add(char)
    return frozenset(chars) if 0 < len(chars) <= MAX_CLASS else None


def _item(op, av) -> _Need | None:
    if op == C.LITERAL:
        char = _char(av)
        return _Need(frozenset([char]), True) if char is not None else None
    if op == C.IN:
        members = _class_members(av)
        return _Need(members, True) if members is not None else None
    if op == C.SUBPATTERN:
        return _sequence(av[-1])
    if op == getattr(C, "ATOMIC_GROUP", None):
        return _sequence(av)
    if op == C.BRANCH:
        needs = [_sequence(branch) for branch in av[1]]
        if any(need is None for need in needs):
            return None
        strings = frozenset().union(*(need.strings for need in needs))
        if len(strings) <= MAX_ALTERNATIVES:
            return _Need(strings, all(need.exact for need in needs))
        # too many spellings (engag(?:e|es|ed|ing)|market(?:s|ed)…): each branch's stem
        strings = frozenset(_stem(need.strings) for need in needs)
        if len(strings) > MAX_ALTERNATIVES or not all(strings):
            return None
        return _Need(strings, False)
    if op in _REPEATS:
        low, high, sub = av
        if low < 1:
            return None
        need = _sequence(sub)
        if need is None:
            return None
        return _Need(need.strings, need.exact and low == high == 1)
    return None


def _stem(strings) -> str:
    """The longest prefix all ``strings`` share ("engag" of engage, engaged, engaging)."""
    first, last = min(strings), max(strings)
    size = 0
    while size < min(len(first), len(last)) and first[size] == last[size]:
        size += 1
    return first[:size]


def _parts(pattern) -> tuple[list[_Need], frozenset[str] | None]:
    """What each part of a sequence needs (all must be met): joined runs of exact parts,
    and the other parts; and, when the whole sequence is exact, the strings it spells."""
    needs: list[_Need] = []
    run: set[str] | None = None  # strings the current run of exact parts spells

    def close():
        nonlocal run
        if run and all(run):
            needs.append(_Need(frozenset(run), False))
        run = None

    whole_exact = True
    for op, av in pattern:
        if op in _ZERO_WIDTH:
            continue  # \b, ^, $ take no characters: the run goes on across them
        need = _item(op, av)
        if need is None:
            whole_exact = False
            close()
        elif need.exact:
            joined = {a + b for a, b in product(run or {""}, need.strings)}
            if len(joined) > MAX_ALTERNATIVES:
                whole_exact = False  # too many spellings: the run is cut, the whole is not one
                close()
                joined = set(need.strings)
            run = joined
        else:
            whole_exact = False
            close()
            needs.append(need)
    if whole_exact and run is not None:
        return [], frozenset(run)
    close()
    return needs, None


def _sequence(pattern) -> _Need | None:
    """A sequence needs all its parts: the best of them stands for it."""
    needs, exact = _parts(pattern)
    if exact is not None:
        return _Need(exact, True)
    return max(needs, key=_Need.score, default=None)


def _top_needs(pattern) -> list[_Need]:
    """Every requirement of a sequence's own parts, looking through a group that wraps
    the whole sequence."""
    items = [item for item in pattern if item[0] not in _ZERO_WIDTH]
    if len(items) == 1 and items[0][0] == C.SUBPATTERN:
        return _top_needs(items[0][1][-1])
    needs, exact = _parts(pattern)
    if exact is not None:
        needs = [_Need(exact, True)]
    return [need for need in needs if need.strings and all(need.strings)]


def _minimal(strings) -> tuple[str, ...]:
    # a string containing another adds nothing: "assigns" is found wherever "assign" is
    kept = {s for s in strings if not any(t != s and t in s for t in strings)}
    return tuple(sorted(kept, key=lambda s: (len(s), s)))


def also_required(pattern: str, flags: int = re.IGNORECASE) -> tuple[str, ...] | None:
    r"""A second set of strings one of which any match also contains ("own" in
    ``\b(?:shall|will)\s+own\b``, whose first requirement is shall/will), or None.
    Testing it spares most regex runs a common first literal lets through."""
    literals, _ = analyse(pattern, flags)
    if literals is None:
        return None
    try:
        needs = _top_needs(parser.parse(pattern, flags))
    except (re.error, RecursionError):
        return None
    first = set(literals)
    others = [need for need in needs if not (set(_minimal(need.strings)) & first)
              and not any(a in b or b in a for a in need.strings for b in first)]
    if not others:
        return None
    return _minimal(max(others, key=_Need.score).strings)


def analyse(pattern: str, flags: int = re.IGNORECASE) -> tuple[tuple[str, ...] | None, bool]:
    """(lower-cased strings one of which any match contains, or None when the pattern
    needs no literal text; whether the pattern is nothing but those strings)."""
    try:
        parsed = parser.parse(pattern, flags)
        need = _sequence(parsed)
    except (re.error, RecursionError):
        return None, False
    if need is None or not all(need.strings):
        return None, False
    # a string containing another adds nothing: "assigns" is found wherever "assign" is
    kept = {s for s in need.strings if not any(t != s and t in s for t in need.strings)}
    return tuple(sorted(kept, key=lambda s: (len(s), s))), _plain(parsed)


def required_literals(patterns: list[str], flags: int = re.IGNORECASE) -> tuple[str, ...] | None:
    """Strings one of which any match of ``patterns`` (an alternation) contains, or None."""
    strings: set[str] = set()
    for pattern in patterns:
        literals, _ = analyse(pattern, flags)
        if literals is None:
            return None
        strings |= set(literals)
    kept = {s for s in strings if not any(t != s and t in s for t in strings)}
    return tuple(sorted(kept, key=lambda s: (len(s), s)))


def _structure(pattern: str):
    """``(index, char, depth)`` for each character of ``pattern`` outside escapes and
    character classes, ``depth`` counted before the character; then ``(len, "", depth)``
    at the end (-1 when a class is left open)."""
    depth, index, in_class, class_start = 0, 0, False, 0
    while index < len(pattern):
        char = pattern[index]
        if char == "\\":
            index += 2
            continue
        if in_class:
            in_class = char != "]" or index == class_start
        elif char == "[":
            in_class, class_start = True, index + 1 + (pattern[index + 1:index + 2] == "^")
        else:
            yield index, char, depth
            depth += (char == "(") - (char == ")")
        index += 1
    yield len(pattern), "", -1 if in_class else depth


def split_branches(pattern: str) -> list[str]:
    """A pattern's top-level alternatives: ``a|b(c|d)`` -> ``a``, ``b(c|d)``. A pattern
    that sets flags for the whole of itself (``(?i)…``) is left whole."""
    if re.match(r"\(\?[aiLmsux]+\)", pattern) or re.search(r"\\[1-9]", pattern):
        return [pattern]  # flags for all of it, or a group number that splitting would change
    cuts = [index for index, char, depth in _structure(pattern) if char == "|" and depth == 0]
    branches = [pattern[start:end] for start, end in zip([0] + [c + 1 for c in cuts], cuts + [len(pattern)])]
    return [piece for branch in branches for piece in _distributed(branch)]


_FACTORED = re.compile(r"(\\b)?([a-z]*)\(\?:(.*)\)", re.DOTALL)


def _distributed(branch: str) -> list[str]:
    """A factored alternative spelt out: ``\\b(?:a(?:ct|lone)|rival)`` -> ``\\bact``,
    ``\\balone``, ``\\brival``. The same matches in the same order, but each alternative
    gets its own literals ("alone", not the "lone" the factoring leaves): a factored
    list of words is otherwise searched in every sentence holding a common stem."""
    found = _FACTORED.fullmatch(branch)
    if found is None or not _one_group(found.group(3)):
        return [branch]
    inner = split_branches(found.group(3))
    if len(inner) < 2:
        return [branch]
    head = (found.group(1) or "") + found.group(2)
    return [piece for alternative in inner for piece in _distributed(head + alternative)]


def _one_group(inner: str) -> bool:
    """Whether ``(?:inner)`` is one group: the parenthesis that opens it closes at its end."""
    depths = [depth for _, char, depth in _structure(inner) if char in (")", "")]
    return all(depth > 0 for depth in depths[:-1]) and depths[-1] == 0


def _plain(items) -> bool:
    """Whether a parsed pattern is nothing but literal text (one string or a set of
    them), so finding one of its literals is finding a match."""
    for op, av in items:
        if op == C.LITERAL and _char(av) is not None:
            continue
        if op == C.SUBPATTERN and _plain(av[-1]):
            continue
        if op == C.BRANCH and all(_plain(branch) for branch in av[1]):
            continue
        if op == C.IN and _class_members(av) is not None:
            continue
        return False
    return True


# --- the analysis of the shipped patterns, computed once (python -m kyoso.checker.prefilter)

TABLE = Path(__file__).parent / "prefilter_table.json"


@lru_cache(maxsize=None)
def _table() -> dict[str, list]:
    """Shipped patterns' analyses: parsing every pattern with ``re``'s pure-Python
    parser was a third of a cold start. A pattern missing here (a user's rule file, an
    edited one) is analysed when first used, so the table only ever saves time."""
    try:
        return json.loads(TABLE.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _analysis(pattern: str, flags: int) -> tuple[tuple[str, ...] | None, bool, tuple[str, ...] | None]:
    known = _table().get(f"{int(flags)}:{pattern}")
    if known is not None and len(known) == 3:
        literals, plain, also = known
        return ((tuple(literals) if literals is not None else None), bool(plain),
                (tuple(also) if also else None))
    return (*analyse(pattern, flags), also_required(pattern, flags))


_CASED_OR_CODED = re.compile(r"\(\?[aiLmsux-]|\\[0-9xuUN]|[A-Z]")  # after escapes are taken out


def case_free(pattern: str, flags: int) -> bool:
    """Whether a case-insensitive ASCII pattern matches an ASCII text where its plain
    (case-sensitive) form matches the lower-cased text, at the same offsets: no capital
    letter of its own, no inline flags such as ``(?-i:…)``, no character given by code."""
    if not flags & re.IGNORECASE or not pattern.isascii():
        return False
    return _CASED_OR_CODED.search(re.sub(r"\\[^0-9xuUN]", "", pattern)) is None


class _Branch:
    """One top-level alternative: its literals, and its regex compiled on first need."""

    __slots__ = ("source", "flags", "literals", "plain", "also", "case_free", "_regex", "_lower_regex")

    def __init__(self, source: str, flags: int):
        self.source, self.flags = source, flags
        self.literals, self.plain, self.also = _analysis(source, flags)
        self.case_free = case_free(source, flags)
        self._regex: re.Pattern | None = None
        self._lower_regex: re.Pattern | None = None

    def regex(self) -> re.Pattern:
        if self._regex is None:
            self._regex = regex_code.compile(self.source, self.flags)
        return self._regex

    def found_in(self, text: str, lowered: str, ascii_text: bool) -> bool:
        """Whether the alternative matches ``text`` (``lowered``: its lower case). An ASCII
        text is searched in lower case with the case-sensitive program where that is the
        same: ``re`` folds the case of every character it compares otherwise (a quarter
        of the time)."""
        if ascii_text and self.case_free:
            if self._lower_regex is None:
                self._lower_regex = regex_code.compile(self.source, self.flags & ~re.IGNORECASE)
            return self._lower_regex.search(lowered) is not None
        return self.regex().search(text) is not None


class GatedAlternation:
    """An alternation of patterns, searched as ``re`` would search ``(?:p1)|(?:p2)|…``,
    but each top-level alternative is tried only when the text holds one of its literals.

    ``search`` returns the leftmost match, and at one position the first alternative's,
    as the alternation does; the match's groups are the alternative's own (callers take
    the first group that matched, which is the same). ``matches`` answers whether there
    is a match at all and stops at the first alternative that has one.

    The literals are tested once each, not once per alternative that needs them: a
    cue role's alternatives share most of their words ("shall", "assign"), and the
    engine asks the same role of the same sentence several times over (trigger, frame,
    exclusion), so the last text's answer is kept."""

    def __init__(self, patterns: list[str], flags: int = re.IGNORECASE):
        self.patterns = list(patterns)
        self._flags = flags
        self._branches: list[_Branch] | None = None
        self._by_literal: tuple[tuple[str, tuple[int, ...]], ...] = ()
        self._ungated: tuple[int, ...] = ()
        # what is known of the last text asked: (text, its candidate alternatives or None,
        # whether it matches or None). One tuple, replaced whole: threads that share the
        # alternation can only make each other compute again, never read a mixed answer.
        self._memo: tuple[str | None, list[_Branch] | None, bool | None] = (None, None, None)

    def _ready(self) -> list[_Branch]:
        if self._branches is None:
            branches = [_Branch(branch, self._flags)
                        for pattern in self.patterns for branch in split_branches(pattern)]
            by_literal: dict[str, list[int]] = {}
            for number, branch in enumerate(branches):
                for literal in branch.literals or ():
                    by_literal.setdefault(literal, []).append(number)
            self._by_literal = tuple((literal, tuple(numbers)) for literal, numbers in by_literal.items())
            self._ungated = tuple(n for n, branch in enumerate(branches) if branch.literals is None)
            self._branches = branches
        return self._branches

    def _recall(self, text: str) -> tuple[list[_Branch] | None, bool | None]:
        known_text, possible, found = self._memo
        if text is known_text or text == known_text:
            return possible, found
        return None, None

    def _candidates(self, text: str) -> list[_Branch]:
        """The alternatives whose literals (first and second required word) the text
        holds, in pattern order."""
        possible, found = self._recall(text)
        if possible is None:
            branches = self._ready()
            lowered = _lowered(text)
            held = [numbers for literal, numbers in self._by_literal if literal in lowered]
            numbers = set(self._ungated).union(*held) if held else self._ungated
            possible = [branches[number] for number in sorted(numbers)
                        if branches[number].also is None
                        or any(word in lowered for word in branches[number].also)]  # the second word
            self._memo = (text, possible, found)
        return possible

    def _possible(self, text: str) -> list[re.Pattern]:
        return [branch.regex() for branch in self._candidates(text)]

    def matches(self, text: str) -> bool:
        """Stops at the first alternative that matches: a broad alternation (the scorer's
        first pass) is answered by the first of its words the text holds."""
        possible, found = self._recall(text)
        if found is None:
            exact_case = text.isascii()  # lower() maps letter for letter: no İ, ſ, K
            if possible is not None:
                found = any(self._holds(branch, text, exact_case) for branch in possible)
            else:
                found = self._first_match(text, exact_case)
            # no alternative matches: nor can search find one
            self._memo = (text, possible if found else [], found)
        return found

    def may_match(self, text: str) -> bool:
        """Whether the text holds a literal of some alternative (or one needs none): a
        necessary condition for ``matches``, answered without a regular expression."""
        self._ready()
        if self._ungated:
            return True
        lowered = _lowered(text)
        return any(literal in lowered for literal, _ in self._by_literal)

    @staticmethod
    def _holds(branch: _Branch, text: str, exact_case: bool) -> bool:
        # literal text alone: holding a literal is a match
        return (branch.plain and exact_case and branch.literals is not None) or \
            branch.found_in(text, _lowered(text), exact_case)

    def _first_match(self, text: str, exact_case: bool) -> bool:
        branches = self._ready()
        lowered = _lowered(text)
        if any(branches[number].found_in(text, lowered, exact_case) for number in self._ungated):
            return True
        tried: set[int] = set()
        for literal, numbers in self._by_literal:
            if literal not in lowered:
                continue
            for number in numbers:
                if number in tried:
                    continue
                tried.add(number)
                branch = branches[number]
                if branch.also is not None and not any(word in lowered for word in branch.also):
                    continue  # the second word any match needs is missing
                if self._holds(branch, text, exact_case):
                    return True
        return False

    @staticmethod
    def _first(patterns: list[re.Pattern], text: str, pos: int) -> re.Match | None:
        best = None
        for pattern in patterns:
            found = pattern.search(text, pos)
            if found is not None and (best is None or found.start() < best.start()):
                best = found
                if found.start() == pos:
                    break  # nothing can start earlier, and earlier patterns come first
        return best

    def search(self, text: str, pos: int = 0) -> re.Match | None:
        possible = self._possible(text)
        return self._first(possible, text, pos) if possible else None

    def finditer(self, text: str):
        """The alternation's matches, left to right. Each alternative's next match is kept
        between steps and searched again only once the scan has passed its start: a match
        at a position does not depend on where the search began (``\\b`` and look-behinds
        see the text before ``pos``), so this is the alternation's answer, and a role with
        many matches ("shall not" … "shall not") no longer searches every alternative again
        after each one."""
        patterns = self._possible(text)
        upcoming: list = [_UNSEARCHED] * len(patterns)  # per alternative: its next match, or None
        pos = 0
        while patterns and pos <= len(text):
            best = None
            for number, pattern in enumerate(patterns):
                found = upcoming[number]
                if found is None:
                    continue  # this alternative has no match left
                if found is _UNSEARCHED or found.start() < pos:
                    found = upcoming[number] = pattern.search(text, pos)
                    if found is None:
                        continue
                if best is None or found.start() < best.start():
                    best = found
                    if found.start() == pos:
                        break  # nothing can start earlier, and earlier alternatives come first
            if best is None:
                return
            yield best
            pos = best.end() if best.end() > best.start() else best.end() + 1


_UNSEARCHED = object()  # an alternative finditer has not searched yet


_last_lowered: tuple[str, str] = ("", "")


def _lowered(text: str) -> str:
    """``text.lower()``, kept for the last text: a sentence is asked of many roles in a row
    (one tuple, replaced whole, so threads never pair one text with another's case)."""
    global _last_lowered
    known = _last_lowered
    if text is known[0]:
        return known[1]
    lowered = text.lower()
    _last_lowered = (text, lowered)
    return lowered


def shipped_patterns() -> list[tuple[str, int]]:
    """Every top-level alternative kyoso ships: the rules' cues and the first pass."""
    from .engine import RuleSet
    from .exclusions import classes
    from .scorer.candidates import first_pass_patterns

    patterns = [p for rule in RuleSet.load().rules for cues in rule.cues.values()
                for role in cues._patterns.values() for p in role]
    patterns += [p for language in ("en", "ja") for p in first_pass_patterns(language)]
    patterns += [p for each in classes() for kind in (each.patterns, each.unless)
                 for gated in kind.values() for p in gated.patterns]
    return [(branch, re.IGNORECASE) for p in patterns for branch in split_branches(p)]


def lower_case_programs() -> list[tuple[str, int]]:
    """The case-sensitive form of each case-free alternative (``_Branch.found_in``)."""
    return [(pattern, flags & ~re.IGNORECASE) for pattern, flags in shipped_patterns()
            if case_free(pattern, flags)]


def build_table() -> dict[str, list]:
    table = {}
    for pattern, flags in shipped_patterns():
        literals, plain = analyse(pattern, flags)
        also = also_required(pattern, flags)
        table[f"{int(flags)}:{pattern}"] = [list(literals) if literals is not None else None, plain,
                                            list(also) if also else None]
    return dict(sorted(table.items()))


def main() -> int:
    """Rewrite prefilter_table.json, regex_code.bin and shipped_yaml.json from the shipped
    rules (after editing a rule file)."""
    table = build_table()
    TABLE.write_text(json.dumps(table, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    print(f"{TABLE}: {len(table)} patterns")
    count = regex_code.write(shipped_patterns() + lower_case_programs() + regex_code.module_patterns())
    print(f"{regex_code.CODE_FILE}: {count} compiled patterns ({regex_code.runtime()})")
    from . import shipped_yaml

    print(f"{shipped_yaml.COPY}: {shipped_yaml.write()} YAML files")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
