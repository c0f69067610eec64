"""``kyoso serve``: a local web page to check a contract and draft a pack (see app.py)."""
