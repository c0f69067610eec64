"""The rule frame for a sentence the scorer flags but no rule pattern reads.

A frame needs an anchor: a cue of the rule's own (a transfer or ownership word, a
licence word, a covenant). A sentence with none is no term the rules can place, and
the scorer alone does not make it a finding.

The scorer says *that* a sentence assigns IP, grants a licence or restrains a party;
the finding still needs what the rules know how to read: who receives or is bound,
what the licence's terms are, how long a restraint lasts. These functions ask the
rule's own cue patterns and helpers for those, without requiring the rule's trigger,
so a finding from the scorer carries the same dimensions (and so the same severity
conditions) as one from a rule.
"""

from __future__ import annotations

from . import kinds
from .kinds import Hit


def _first(cues, roles, sentence):
    found = [m for role in roles if (m := cues.search(role, sentence))]
    return min(found, key=lambda m: m.start()) if found else None


# the cue roles a scorer finding can be placed on, per kind
_IP_ANCHORS = ("trigger", "allocation", "ownership", "recipient")
_LICENCE_ANCHORS = ("trigger", "entitlement", "permission", "licence")
_RESTRAINT_ANCHORS = ("restraint", "exclusive_dealing", "trigger")


def ip_transfer(sentence, cues, language, parties) -> Hit | None:
    anchor = _first(cues, _IP_ANCHORS, sentence)
    if anchor is None:
        return None
    recipient = kinds.IpTransferKind._recipient(sentence, anchor, cues, language, parties)
    dims = kinds.IpTransferKind._dimensions(sentence, cues, recipient)
    return Hit(anchor.start(), anchor.end(), favours=recipient, dimensions=dims)


def licence_grant(sentence, cues, language, parties) -> Hit | None:
    anchor = _first(cues, _LICENCE_ANCHORS, sentence)
    if anchor is None:
        return None
    terms = kinds.LicenceGrantKind._terms(sentence, cues, language)
    broad, limited = terms.pop("_broad"), terms.pop("_limited")
    terms["unrestricted_scope"] = terms["open_scope_stated"] = bool(broad) and not limited
    terms["breadth"] = kinds.LicenceGrantKind._breadth(terms)
    licensee = None
    for found in cues.finditer("licensee", sentence):
        licensee = kinds._licensee_name(next((g for g in found.groups() if g), None), language, parties)
        if licensee:
            break
    terms["licensee"] = licensee
    return Hit(anchor.start(), anchor.end(), favours=licensee, dimensions=terms)


def restraint(kind, sentence, cues, language, parties) -> Hit | None:
    anchor = _first(cues, _RESTRAINT_ANCHORS, sentence)
    if anchor is None:
        return None
    bound = kind._bound(sentence, anchor, cues, language, parties)
    period, months = kind._period(sentence, cues, language)
    if period == "post-term" and months is None:
        period = "unlimited"
    # as CompetitionRestraintKind reads it: a likeness widens a defined product unless
    # the likeness is itself defined (「第2条に定める類似製品」)
    defined = cues.has("product_scope", sentence) and (
        not cues.has("similar_scope", sentence) or cues.has("definition", sentence))
    if cues.has("business_scope", sentence) or cues.has("field", sentence):
        scope = "business"
    elif defined:
        scope = "product"
    else:
        scope = "similar_products"
    dims = kinds._restraint_dimensions(bound, months, period, scope, cues.search("territory", sentence))
    extra = getattr(kind, "dimensions", ())
    if "form" in extra:
        dims.update(form="covenant", defined_product=scope == "product",
                    bound_role=next((p.role for p in parties or [] if bound in (p.alias, p.name)), None))
    favours = kinds._other_party(bound, parties)
    if favours is None and bound not in (None, "both"):
        favours = kinds._beneficiary(sentence, bound, language, parties)
    return Hit(anchor.start(), anchor.end(), favours=favours, dimensions=dims)


def _anchor_roles(kind) -> tuple[str, ...]:
    if isinstance(kind, kinds.IpTransferKind):
        return _IP_ANCHORS
    if isinstance(kind, kinds.LicenceGrantKind):
        return _LICENCE_ANCHORS
    if isinstance(kind, kinds.RestraintKind):
        return _RESTRAINT_ANCHORS
    return ()


def anchored(rule, sentence: str, language: str, known_absent=()) -> bool:
    """Whether ``frame`` can place a finding of ``rule`` on ``sentence`` (it has an
    anchor): the cheap question the engine asks before it asks the scorer.
    ``known_absent``: roles the caller has already found missing from the sentence."""
    cues = rule.cues.get(language)
    return cues is not None and any(cues.has(role, sentence) for role in _anchor_roles(rule.kind)
                                    if role not in known_absent)


def frame(rule, sentence: str, language: str, parties: list) -> Hit | None:
    """A best-effort Hit for ``rule`` on ``sentence``; None when the kind has no frame."""
    cues = rule.cues.get(language)
    if cues is None:
        return None
    kind = rule.kind
    if isinstance(kind, kinds.IpTransferKind):
        return ip_transfer(sentence, cues, language, parties)
    if isinstance(kind, kinds.LicenceGrantKind):
        return licence_grant(sentence, cues, language, parties)
    if isinstance(kind, kinds.RestraintKind):
        return restraint(kind, sentence, cues, language, parties)
    return None
