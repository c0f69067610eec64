"""The document assembler: rendered clauses → Jinja layout → typed blocks → DOCX / Markdown.

``api.draft_to_file`` is ``kyoso draft``; ``api.draft_bytes`` is the pure core the pack
command reuses. Jinja templates (``*.j2``) decide the layout and the document-level
wording (preamble, closing, signatures); they emit a flat list of ``blocks.Block``
that the two writers turn into files.
"""
