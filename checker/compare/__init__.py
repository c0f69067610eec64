"""``kyoso compare``: a contract against a model contract of the clause library.

align.py pairs articles (title + content n-grams), model_side.py renders the model
and runs the checker on it once (the baseline), deviations.py decides matched /
deviating / missing / extra, report.py writes text, Markdown and JSON, run.py is
the command. Findings come only through the public checking API (checker/api.py).
"""

from .deviations import Comparison, compare_source
from .run import CompareOptions, compare_paths, run_compare

__all__ = ["Comparison", "CompareOptions", "compare_paths", "compare_source", "run_compare"]
