"""Imported once by the forkserver that starts ``--jobs`` workers (see batch.py), so
each worker forks with kyoso and spaCy already imported instead of importing them
itself. Importing only: pipelines and rules are built per worker, after the fork.
"""

import spacy  # noqa: F401  (the expensive import every worker needs)

from . import api, batch, engine, nlp  # noqa: F401
