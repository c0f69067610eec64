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

import re
from itertools import product

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


def _sequence(pattern) -> _Need | None:
    """A sequence needs all its parts: joined runs of exact parts, and the best of them."""
    best: _Need | None = None
    run: set[str] | None = None  # strings the current run of exact parts spells

    def close():
        nonlocal best, run
        if run and all(run):
            need = _Need(frozenset(run), False)
            if best is None or need.score() > best.score():
                best = need
        run = None

    whole_exact = True
    for op, av in pattern:
        if op in _ZERO_WIDTH:
            continue  # \b, ^, $ take no characters: the run goes on across them
        need = _item(op, av)
        if need is None:
            whole_exact = False
            close()
            continue
        if need.exact:
            joined = {a + b for a, b in product(run or {""}, need.strings)}
            if len(joined) > MAX_ALTERNATIVES:
                close()
                joined = set(need.strings)
            run = joined
        else:
            whole_exact = False
            close()
            if best is None or need.score() > best.score():
                best = need
    if whole_exact and run is not None:
        return _Need(frozenset(run), True)
    close()
    return best


def required_literals(patterns: list[str], flags: int = re.IGNORECASE) -> tuple[str, ...] | None:
    """Lower-cased strings one of which any match of ``patterns`` (an alternation)
    contains, or None when some pattern needs no literal text."""
    strings: set[str] = set()
    for pattern in patterns:
        try:
            need = _sequence(parser.parse(pattern, flags))
        except (re.error, RecursionError):
            return None
        if need is None or not all(need.strings):
            return None
        strings |= need.strings
    # a string containing another adds nothing: "assigns" is found wherever "assign" is
    kept = {s for s in strings if not any(t != s and t in s for t in strings)}
    return tuple(sorted(kept, key=len))


def split_branches(pattern: str) -> list[str]:
    """A pattern's top-level alternatives: ``a|b(c|d)`` -> ``a``, ``b(c|d)``. A pattern
    that sets flags for the whole of itself (``(?i)…``) is left whole."""
    if re.match(r"\(\?[aiLmsux]+\)", pattern):
        return [pattern]
    branches, depth, start, index, in_class = [], 0, 0, 0, False
    while index < len(pattern):
        char = pattern[index]
        if char == "\\":
            index += 2
            continue
        if in_class:
            in_class = char != "]" or index == class_start
        elif char == "[":
            in_class, class_start = True, index + 1 + (pattern[index + 1:index + 2] == "^")
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            branches.append(pattern[start:index])
            start = index + 1
        index += 1
    branches.append(pattern[start:])
    return branches


def _plain_literals(pattern: str, flags: int) -> bool:
    """Whether the pattern is nothing but literal text (one string or a set of them), so
    finding one of its literals is finding a match."""
    try:
        parsed = parser.parse(pattern, flags)
    except re.error:
        return False

    def plain(items) -> bool:
        for op, av in items:
            if op == C.LITERAL:
                continue
            if op == C.SUBPATTERN and plain(av[-1]):
                continue
            if op == C.BRANCH and all(plain(branch) for branch in av[1]):
                continue
            if op == C.IN and _class_members(av) is not None:
                continue
            return False
        return True

    return plain(parsed)


class GatedAlternation:
    """An alternation of patterns, searched as ``re`` would search ``(?:p1)|(?:p2)|…``,
    but each top-level alternative is tried only when the text holds one of its literals.

    ``search`` returns the leftmost match, and at one position the first alternative's,
    as the alternation does; the match's groups are the alternative's own (callers take
    the first group that matched, which is the same). ``matches`` answers whether there
    is a match at all and stops at the first alternative that has one."""

    def __init__(self, patterns: list[str], flags: int = re.IGNORECASE):
        self.patterns = list(patterns)
        self._flags = flags
        self._branches: list[tuple[re.Pattern, tuple[str, ...] | None, bool]] | None = None

    def _ready(self):
        if self._branches is None:
            branches = [b for p in self.patterns for b in split_branches(p)]
            self._branches = []
            for branch in branches:
                literals = required_literals([branch], self._flags)
                # literal text alone: containing a literal is a match (for text whose
                # lower case is letter for letter, checked in matches())
                plain = literals is not None and _plain_literals(branch, self._flags)
                self._branches.append((re.compile(branch, self._flags), literals, plain))
        return self._branches

    def _possible(self, text: str) -> list[re.Pattern]:
        lowered = text.lower()
        return [pattern for pattern, literals, _ in self._ready()
                if literals is None or any(literal in lowered for literal in literals)]

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

    def matches(self, text: str) -> bool:
        lowered = text.lower()
        exact_case = text.isascii()  # lower() maps letter for letter: no İ, ſ, K
        for pattern, literals, plain in self._ready():
            if literals is None:
                if pattern.search(text):
                    return True
            elif any(literal in lowered for literal in literals):
                if (plain and exact_case) or pattern.search(text):
                    return True
        return False

    def finditer(self, text: str):
        possible = self._possible(text)
        pos = 0
        while possible and pos <= len(text):
            found = self._first(possible, text, pos)
            if found is None:
                return
            yield found
            pos = found.end() if found.end() > found.start() else found.end() + 1
