"""unlimited-license in English: grants worded as rights, terms said in other words,
terms in the sentence after the grant, denied terms, and who the licensee is
(examples written here)."""

import pytest

from kyoso.checker.engine import RuleSet

RULES = RuleSet.load()
ORDER = ("info", "low", "medium", "high")


def _licences(text: str):
    return [f for f in RULES.check_text(text, "en") if f.category == "unlimited-license"]


def _gravest(text: str) -> str | None:
    found = _licences(text)
    return max((f.severity for f in found), key=ORDER.index) if found else None


@pytest.mark.parametrize("text, severity", [
    # a right the licensee has or keeps is a grant
    ("Following the transfer of the Code, Seller shall retain a royalty-free licence to use it, "
     "continuing indefinitely.", "high"),
    ("Reseller shall have the right, even after this Agreement terminates, to use the Toolkit "
     "at no charge for all purposes.", "high"),
    ("BigCo is entitled to use the Survey Results without any additional fee in any field.", "medium"),
    # a permission that states its terms
    ("Client may continue to use the Templates free of charge, both during and after the Term.", "medium"),
    ("Client may use the Templates free of charge and for any purpose, both during and after the Term.",
     "high"),
    # free said as no fee payable, perpetual said as surviving, in the sentence after the grant
    ("Inventor grants Holdco a licence under the Filter Patent. No licence fee is payable for the "
     "licence, which survives any expiry of this Agreement.", "high"),
    ("Lab grants Sponsor a free licence to the Assay. The licence has no fixed term.", "high"),
    # unlimited scope said as reaching all products, irrevocable, and free
    ("The licence granted in Clause 7 is royalty-free, may not be revoked and extends to all "
     "present and future products of the Licensee.", "high"),
    # ... and without "free" it is paid for: low, as the labelling guide rates it
    ("The licence granted in Clause 7 may not be revoked and extends to all present and future "
     "products of the Licensee.", "low"),
])
def test_open_licences_are_medium_or_high(text, severity):
    assert _gravest(text) == severity


@pytest.mark.parametrize("text", [
    # limited permissions and rights stay low
    "The Company may use the Prototype free of charge solely to test it during the Pilot.",
    # a permission silent on scope is not read as unlimited
    "Customer may use the Dashboard at no additional charge.",
    "Contractor shall have the right to use the Tools during the Term solely to perform the Services.",
    # survival whose length is set elsewhere is no perpetual licence
    "Any end-user licences granted under this Agreement survive the end of the Term in accordance "
    "with the end-user terms that govern them.",
    # a later sentence that narrows the grant
    "Lab grants Sponsor a royalty-free licence to the Assay. The licence is limited to the Kit.",
    # a right kept after the end, held to the terms another article sets
    "The Buyer shall have the right to continue to use the survey reports it received after this "
    "Agreement ends, on the terms of Article 7.",
    "The Clinic may continue to use the scan summaries after termination on the terms of Section 4.",
])
def test_limited_licences_stay_low(text):
    assert _gravest(text) in (None, "info", "low")


@pytest.mark.parametrize("text", [
    "The Receiving Party may use Confidential Information only for the Purpose.",
    "Each party may use and exploit its own Background IP in any way it sees fit, free of charge.",
    "The Company may use the Prototype only to evaluate it.",
    "Licensor retains all right, title and interest in and to the Software.",
])
def test_no_licence(text):
    assert not _licences(text)


@pytest.mark.parametrize("text, dimension", [
    ("The licence in Section 3 is not irrevocable, and Licensor may end it on notice.", "irrevocable"),
    ("The licence in Section 3 is not perpetual and ends with this Agreement.", "perpetual"),
])
def test_a_denied_term_is_not_set(text, dimension):
    found = _licences(text)
    assert found and not any(f.dimensions[dimension] for f in found)


def test_a_stated_irrevocability_still_counts():
    found = _licences("The licence in Section 3 cannot be revoked by Licensor.")
    assert found and found[0].dimensions["irrevocable"]


@pytest.mark.parametrize("text, licensee", [
    ("Startup grants BigCo a royalty-free licence to the Library.", "BigCo"),
    ("After termination, Partner shall retain the right to use the Kit free of charge.", "Partner"),
    ("Customer may use the Reports free of charge for any purpose.", "Customer"),
    ("BigCo shall have the right to use the Data at no cost for any purpose.", "BigCo"),
    ("Sponsor is granted a perpetual licence to the Protocol for any purpose.", "Sponsor"),
    # a defined thing before "may use" is no party
    ("The Licensed Software may use open-source components free of charge for any purpose.", None),
])
def test_the_licensee_is_a_party_or_none(text, licensee):
    found = _licences(text)
    assert found and found[0].favours == licensee and found[0].dimensions["licensee"] == licensee


def test_the_licensee_is_the_known_party_alias():
    from kyoso.checker.engine import _PlainStructure
    from kyoso.checker.model import Block, SourceText
    from kyoso.checker.parties import find_parties

    text = ('This Agreement is between Kumo Robotics KK ("Kumo") and Delta Motors Inc. ("Delta").\n'
            "Kumo grants Delta a perpetual, royalty-free licence to use the Gripper Design for any purpose.")
    source = SourceText(path="<t>", text=text, blocks=[Block(text=text, start=0, end=len(text))],
                        format="txt", language="en")
    found = [f for f in RULES.check(source, _PlainStructure(), find_parties(text, "en"), "en")
             if f.category == "unlimited-license"]
    assert found and found[0].favours == "Delta" and found[0].severity == "high"


# --- terms in the next sentence of a bare permission, "entitled, ..., to", non-terminable,
# --- numbered terms, and a survival clause that ends the licences -----------------------

@pytest.mark.parametrize("text, severity", [
    ("Distributor may use the Brand Guide in its marketing. Such right carries no royalty and "
     "continues in perpetuity.", "medium"),
    ("Sponsor shall be entitled, without any payment to the University, to practise the Assay "
     "Method in any field, and such entitlement shall not be revocable.", "high"),
    ("Owner grants Operator a fully paid-up, non-terminable licence to the Fleet Software for any purpose.",
     "high"),
    ("Licensor grants Licensee a licence to the Codec on the following terms:\n"
     "(a) the licence is royalty-free;\n(b) the licence is perpetual;\n(c) it extends to all products.",
     "high"),
])
def test_terms_after_a_permission_and_other_wordings(text, severity):
    assert _gravest(text) == severity


@pytest.mark.parametrize("text", [
    # a permission whose next sentence states no term is not a licence
    "Supplier may use subcontractors for the Works. Such right is subject to Buyer's prior approval.",
    "Seller shall be entitled, on written notice, to terminate this Agreement.",
])
def test_bare_permissions_and_other_entitlements_are_no_licence(text):
    assert not _licences(text)


def test_a_survival_clause_that_ends_the_licences_is_not_perpetual():
    text = ("Sections 5 and 9 survive the end of this Agreement, and all licences granted under it "
            "shall cease at once.")
    assert not any(f.dimensions.get("perpetual") for f in _licences(text))
    assert _gravest(text) in (None, "info", "low")
