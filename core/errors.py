"""User-facing errors.

Every error a user can cause (bad file, bad answer, bad option, bad path) is a
``KyosoError``. The CLI prints ``str(error)`` as one line on stderr and exits 2;
``--debug`` shows the traceback instead. Anything else is a bug.
"""

from . import limits


class KyosoError(Exception):
    """An error caused by input, configuration or usage. Exit code 2."""

    code = "error"

    def __str__(self) -> str:
        # One line, always: messages may quote user text that contains newlines.
        return " ".join(super().__str__().split())


class InputError(KyosoError):
    """A file that cannot be read: unsupported, corrupt, hostile or too large."""

    code = "input"


class AnswersError(KyosoError):
    """An answers file with one or more invalid or missing values."""

    code = "answers"

    def __init__(self, source: str, problems: list[str]):
        self.source = source
        self.problems = problems
        shown = problems[:limits.MAX_ANSWER_PROBLEMS_SHOWN]  # all stay in .problems
        more = f"; and {len(problems) - len(shown)} more" if len(problems) > len(shown) else ""
        count = "1 problem" if len(problems) == 1 else f"{len(problems)} problems"
        super().__init__(f"{source}: {count}: " + "; ".join(shown) + more)


class ConfigError(KyosoError):
    code = "config"


class ClauseLibraryError(KyosoError):
    """A clause or rule file that breaks the schema. Names file, id and key."""

    code = "library"


class OutputError(KyosoError):
    """An output path that would overwrite, escape its folder, or cannot be written."""

    code = "output"
