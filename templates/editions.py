"""The editions of the METI/JPO model contracts that ``kyoso pack`` drafts as one deal.

Each edition is built on its own hypothetical deal and has its own four documents in
signing order: the new-material edition NDA → PoC → joint R&D → licence, the AI
edition NDA → PoC → joint development → use agreement (利用契約). A contract file says
which edition it belongs to (``edition:``); this module says which documents make up
each edition's pack and which example deal shows it.
"""

from __future__ import annotations

from ..core.errors import KyosoError

DEFAULT_EDITION = "material"
# Document ids in signing order. The pack writes them in this order and each later
# document cites the earlier ones, so the order is part of the contract, not cosmetics.
EDITIONS = {
    "material": ("nda", "poc", "joint-development", "license"),
    "ai": ("ai-nda", "ai-poc", "ai-joint-development", "ai-use"),
}
EDITION_TITLES = {
    "material": ("新素材編", "new-material edition"),
    "ai": ("AI編", "AI edition"),
}
# The embedded example deal of each edition (in clauses/examples/).
EXAMPLE_DEALS = {"material": "pack.yaml", "ai": "ai-pack.yaml"}


def check_edition(name: object) -> str:
    """The edition's name, or a one-line error naming the editions there are."""
    if name not in EDITIONS:
        raise KyosoError(f"unknown edition {name!r} (choose from {', '.join(EDITIONS)})")
    return str(name)


def edition_of(document: str) -> str:
    return next((e for e, documents in EDITIONS.items() if document in documents), DEFAULT_EDITION)
