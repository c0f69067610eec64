"""kyoso's command line: parse options, call the library, map errors to exit codes.

Each command is a few lines over a function a Python user could call too. Heavy
imports (spaCy, python-docx, Jinja) happen inside the commands, so ``kyoso --help``
and the drafting commands stay cheap.

Exit codes: 0 ok; 1 findings at or above --fail-on; 2 usage, input or config error.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from . import __version__
from .core.errors import KyosoError

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2

LANGS = click.Choice(["ja", "en", "ja+en"])


class KyosoGroup(click.Group):
    """Turns KyosoError into one line on stderr and exit 2 (traceback with --debug)."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except KyosoError as error:
            if ctx.obj and ctx.obj.get("debug"):
                raise
            click.echo(f"kyoso: error: {error}", err=True)
            ctx.exit(EXIT_ERROR)
        except KeyboardInterrupt:
            click.echo("kyoso: interrupted; nothing was written", err=True)
            ctx.exit(130)


@click.group(cls=KyosoGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kyoso")
@click.option("--debug", is_flag=True, help="Show a traceback on errors.")
@click.pass_context
def main(ctx: click.Context, debug: bool) -> None:
    """kyoso (共創): draft and check contracts between R&D startups and large companies."""
    ctx.ensure_object(dict)
    ctx.obj["debug"] = debug


# --- drafting ---------------------------------------------------------------------


@main.command()
@click.argument("contract")
@click.option("--answers", "answers_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Answers file (YAML). See 'kyoso answers init'.")
@click.option("--example", is_flag=True, help="Use the embedded example deal.")
@click.option("--lang", type=LANGS, default="ja", show_default=True,
              help="Japanese, English, or both side by side.")
@click.option("--format", "fmt", type=click.Choice(["docx", "md"]), default=None,
              help="Output format (default: from the -o suffix, else docx).")
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True,
              help="Where to write the draft.")
@click.option("--force", is_flag=True, help="Overwrite an existing output file.")
def draft(contract, answers_path, example, lang, fmt, output, force):
    """Draft one contract (e.g. joint-development) as DOCX or Markdown."""
    from .templates.api import draft_to_file

    written = draft_to_file(contract, answers_path=answers_path, example=example, lang=lang,
                            fmt=fmt, output=output, force=force)
    click.echo(f"wrote {written}")


@main.command()
@click.option("--answers", "answers_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Deal file (YAML) for the whole pack. See docs/pack.md.")
@click.option("--example", is_flag=True, help="Use the embedded example deal.")
@click.option("--interactive", is_flag=True,
              help="Ask the questions in the terminal (defaults from --answers/--example if given).")
@click.option("--lang", type=LANGS, default=None,
              help="Japanese, English, or both side by side (default: the deal's language, else ja).")
@click.option("--format", "fmt", type=click.Choice(["docx", "md", "both"]), default="docx",
              show_default=True, help="Format of the contracts (the cover memo is always DOCX and Markdown).")
@click.option("--zip", "zip_files", is_flag=True, help="Also write kyoso-pack.zip with every file, inside the folder.")
@click.option("-o", "--output", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Output folder (created if missing; its parent must exist).")
@click.option("--force", is_flag=True, help="Overwrite files of an earlier pack in the folder.")
@click.option("--edition", default=None, metavar="material|ai",
              help="Model-contract edition: material (NDA → PoC → joint R&D → licence, the default) "
                   "or ai (NDA → PoC → joint development → use agreement).")
def pack(answers_path, example, interactive, lang, fmt, zip_files, output, force, edition):
    """Draft the whole pack (NDA → PoC → joint R&D → licence) and a cover memo from one deal file.

    With --edition ai: the AI edition's NDA → PoC → joint development → use agreement.
    """
    from .core.errors import AnswersError
    from .templates.editions import check_edition
    from .templates.pack import OutputFile, PackLintError, example_deal, load_deal, pack_to_folder

    if edition is not None:
        check_edition(edition)
    try:
        if interactive:
            from .templates.interactive import ask_deal, dump_deal, require_terminal

            require_terminal()
            if answers_path and example:
                raise KyosoError("give at most one of --answers FILE or --example with --interactive")
            start = load_deal(answers_path) if answers_path else None
            # Questions in --lang, else in the starting deal's language (the examples: ja+en).
            shown = start if start is not None else example_deal(edition or "material") if example else {}
            try:
                deal = ask_deal(lang or (shown.get("language") if isinstance(shown, dict) else None)
                                or "ja", start, edition=edition, example=example)
            except click.Abort:  # Ctrl-C or Ctrl-D at a prompt: the usual interrupt message
                raise KeyboardInterrupt from None
            written = pack_to_folder(output, raw=deal, lang=lang, fmt=fmt, zip_files=zip_files,
                                     force=force, extra_files=[OutputFile("deal.yaml", dump_deal(deal))])
        else:
            written = pack_to_folder(output, answers_path=answers_path, example=example, lang=lang,
                                     fmt=fmt, zip_files=zip_files, force=force, edition=edition)
    except AnswersError as error:  # several problems: each on its own line, then the summary
        for problem in error.problems if len(error.problems) > 1 else ():
            click.echo(f"  {problem}", err=True)
        raise
    except PackLintError as error:
        for problem in error.problems if len(error.problems) > 1 else ():
            click.echo(f"  {problem.document}: {problem.kind}: {problem.message}", err=True)
        raise
    for path in written:
        click.echo(f"wrote {path}")


@main.group()
def answers():
    """Answers files: the questions a draft needs."""


@answers.command("init")
@click.argument("contract")
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True)
@click.option("--lang", type=click.Choice(["ja", "en"]), default="en", show_default=True,
              help="Language of the comments in the file.")
@click.option("--force", is_flag=True, help="Overwrite an existing file.")
def answers_init(contract, output, lang, force):
    """Write a commented answers file with every question and its default."""
    from .clauses.answers import answers_template
    from .core.files import write_atomic

    text = answers_template(contract, lang=lang)
    click.echo(f"wrote {write_atomic(output, text.encode('utf-8'), force=force)}")


@main.command("clauses")
@click.argument("contract", required=False)
@click.option("--lang", type=click.Choice(["ja", "en"]), default="en", show_default=True)
def clauses_cmd(contract, lang):
    """List the contracts, or the articles and decision points of one."""
    from .clauses.loader import describe

    click.echo(describe(contract, lang=lang))


@main.command("lint-draft")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
def lint_draft(paths):
    """Lint drafts (DOCX or Markdown): blanks, numbering, references, defined terms.

    \b
    Several files are also checked against each other, as a pack: party names,
    the product definition, and the dates by which one document cites another.
    Exit codes: 0 clean; 1 problems found; 2 a file could not be read.
    """
    from .templates.lint import lint_paths

    problems, errors = lint_paths(paths)
    for error in errors:
        click.echo(f"kyoso: error: {error}", err=True)
    for problem in problems:
        click.echo(f"{problem.document}: {problem.kind}: {problem.message}")
    sys.exit(EXIT_ERROR if errors else EXIT_FINDINGS if problems else EXIT_OK)


# --- checking -----------------------------------------------------------------------


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--party", help="Which party you are (name or alias, e.g. 甲 or 'Startup').")
@click.option("--lang", type=click.Choice(["auto", "en", "ja"]), default="auto", show_default=True)
@click.option("--format", "fmt",
              type=click.Choice(["text", "json", "jsonl", "sarif", "codequality"]),
              default="text", show_default=True,
              help="codequality: GitLab's Code Quality report (see docs/ci.md).")
@click.option("--annotate", type=click.Path(path_type=Path),
              help="Write a copy of the DOCX with a Word comment on each finding.")
@click.option("--redline", type=click.Path(path_type=Path),
              help="Write a copy of the DOCX with the suggested model wording as tracked "
                   "changes (medium/high findings; with --party, those against you).")
@click.option("--fail-on", type=click.Choice(["high", "medium", "low", "info"]), default=None,
              help="Exit 1 when a finding is at or above this severity "
                   "(default: the config's fail_on, else high). With --party, findings "
                   "in your favour are reported but do not count.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path),
              help="YAML config: enable/disable rules, severities, thresholds, party.")
@click.option("--jobs", "-j", type=click.IntRange(1, 256), default=None,
              help="Worker processes (default: number of cores; a small batch runs in-process).")
@click.option("--since", type=click.Path(dir_okay=False, path_type=Path),
              help="Skip documents already in this earlier JSON Lines output (same path and "
                   "hash). With -o naming the same file, new lines are appended to it.")
@click.option("--dask", "dask_address", metavar="SCHEDULER_ADDRESS",
              help="Run on a Dask distributed cluster (needs kyoso[dask]).")
@click.option("-o", "--output", type=click.Path(path_type=Path),
              help="Write the report to a file instead of stdout.")
@click.option("--baseline", type=click.Path(dir_okay=False, path_type=Path),
              help="Findings recorded in this file are reported as baselined and do not "
                   "count for the exit code (see docs/ci.md).")
@click.option("--write-baseline", type=click.Path(dir_okay=False, path_type=Path),
              help="Record every finding of this run in a baseline file (with --force "
                   "over an existing one).")
@click.option("--force", is_flag=True, help="Overwrite existing output files.")
def check(paths, **options):
    """Check contracts (DOCX, PDF, text; a folder; or - for stdin) for unfair terms.

    \b
    Exit codes:
      0  no finding at or above --fail-on
      1  a finding at or above --fail-on (with --party: one not in your favour)
      2  an input could not be read (the others are still reported), or a bad
         option, config or output path
    """
    import gc

    from .core import limits

    gc.set_threshold(*limits.CHECK_GC_THRESHOLDS)  # before spaCy loads: see core/limits.py
    from .checker.api import CheckOptions, run_check

    sys.exit(run_check(list(paths), CheckOptions(**options)))


@main.command()
@click.argument("paths", nargs=-1, required=True, metavar="CONTRACT...")
@click.option("--against", required=True, metavar="CONTRACT_ID",
              help="The model contract to compare with (see 'kyoso clauses').")
@click.option("--lang", type=click.Choice(["ja", "en"]), default=None,
              help="Language of the report (default: the contract's own).")
@click.option("--format", "fmt", type=click.Choice(["text", "markdown", "json"]), default=None,
              help="Report format (default: from the -o suffix, .md or .json, else text).")
@click.option("--party", help="Your side, the startup (name or alias, e.g. 甲 or 'Licensor').")
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path),
              help="The checker's YAML config, as for 'kyoso check'.")
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Write the report to a file.")
@click.option("--force", is_flag=True, help="Overwrite an existing output file.")
def compare(paths, **options):
    """Compare a contract with a model contract: matched, deviating, missing, extra articles.

    \b
    Exit codes: 0 compared; 1 an essential model article is missing; 2 bad input or option.
    """
    from .checker.compare import CompareOptions, run_compare

    sys.exit(run_compare(list(paths), CompareOptions(**options)))


@main.group()
def rules():
    """The checker's rules."""


@rules.command("list")
@click.option("--lang", type=click.Choice(["ja", "en"]), default="en", show_default=True)
def rules_list(lang):
    """List every rule with its category and guideline source."""
    from .checker.engine import describe_rules

    click.echo(describe_rules(lang=lang))


@rules.command("test")
@click.argument("rule_files", nargs=-1, type=click.Path(path_type=Path))
def rules_test(rule_files):
    """Run every rule's own flag/pass examples (or those of the given rule files)."""
    from .checker.engine import test_rules

    failures, report = test_rules(list(rule_files) or None)
    click.echo(report)
    sys.exit(EXIT_FINDINGS if failures else EXIT_OK)


# --- the local page -------------------------------------------------------------------


@main.command()
@click.option("--port", type=click.IntRange(0, 65535), default=None,
              help="Port to listen on (default: a free one).")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; the page answers only to this address.")
@click.option("--open", "open_browser", is_flag=True, help="Open the page in the browser.")
def serve(port, host, open_browser):
    """Serve a local web page to check a contract and draft a pack (Ctrl-C stops).

    The first line printed is the page's URL with its access token.
    """
    from .web.server import serve as run_server

    run_server(host=host, port=port, open_browser=open_browser)


if __name__ == "__main__":  # pragma: no cover
    main()
