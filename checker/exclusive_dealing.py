"""The exclusive-dealing kind: one party may buy only from, or sell only to, the other.

Exclusive dealing (CUAD's "Exclusivity", the guideline's 取引先の制限) is not a
non-compete: the party bound may compete all it likes, but only through one source
or one customer. Three forms, each named by its own pattern role in the rule file:

* ``exclusive``: a positive duty — "shall purchase its requirements exclusively from",
  "sole source of supply", 「全量を甲から購入する」「甲に対してのみ販売する」;
* ``exclusive`` too: the same duty said as a ban on others — "shall not buy the Parts
  from any other supplier", 「甲以外の者に販売しない」;
* ``appointment``: an exclusive distributorship or agency — "appoints X as its
  exclusive distributor", 「独占的販売権を付与する」「総代理店に指定する」; the party that
  appoints may not sell through anyone else.

The party bound is the subject of the sentence (as for non-competes); severity turns
on whether anything limits the term (``duration_limited``) or the goods covered
(``field_limited``), and on whether the party bound is the startup (``bound_role``).
"""

from __future__ import annotations

from .kinds import KINDS, CompetitionRestraintKind, Hit, Kind, RestraintKind, _beneficiary, _other_party


class ExclusiveDealingKind(Kind):
    name = "exclusive-dealing"
    roles = ("trigger", "exclusive")
    optional_roles = ("appointment", "exclude", "bound", "post_term", "during_term", "unlimited",
                      "survives", "product_scope", "unlimited_field", "territory")
    trigger_roles = ("trigger",)
    dimensions = ("bound", "one_sided", "duration_months", "period", "scope", "territory", "form",
                  "bound_role", "duration_limited", "field_limited")

    def analyse(self, sentence, cues, language, parties, thresholds):
        # the last wording names the party tied: "X shall be the sole source …, and the
        # Licensee shall not obtain it from any other source"
        form, anchor = "dealing", None
        for anchor in cues.finditer("exclusive", sentence):
            pass
        if anchor is None:
            form, anchor = "appointment", cues.search("appointment", sentence)
        if anchor is None or cues.has("exclude", sentence):
            return None
        bound = CompetitionRestraintKind._bound(sentence, anchor, cues, language, parties)
        period, months = RestraintKind._period(sentence, cues, language)
        if period in ("term", "unspecified") and cues.has("survives", sentence):
            period, months = "unlimited", None
        if period == "post-term" and months is None:
            period = "unlimited"  # runs on after the contract with no end stated
        field_limited = cues.has("product_scope", sentence) and not cues.has("unlimited_field", sentence)
        territory = cues.search("territory", sentence)
        dims = {
            "bound": bound,
            "one_sided": bound is not None and bound != "both",
            "duration_months": months,
            "period": period,
            "scope": "product" if field_limited else "unspecified",
            "territory": territory.group(0) if territory else None,
            "form": form,
            "bound_role": next((p.role for p in parties or [] if bound in (p.alias, p.name)), None),
            # the term of the contract, a stated period or a fixed tail each end it
            "duration_limited": period in ("term", "fixed") or (period == "post-term" and months is not None),
            "field_limited": field_limited,
        }
        favours = _other_party(bound, parties)
        if favours is None and bound not in (None, "both"):
            favours = _beneficiary(sentence, bound, language, parties)
        return Hit(anchor.start(), anchor.end(), favours=favours, dimensions=dims)


KINDS[ExclusiveDealingKind.name] = ExclusiveDealingKind()
