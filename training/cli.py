"""``tollgate train timesheets|invoices|clauses``: train, evaluate, log, register as challenger.

One subcommand per model in :data:`service.ml.specs.SPEC_PATHS`; each imports its spec only
when run, so a model whose training code is missing (or broken) fails with a one-line reason
while the others keep working. Mapping-report lines (unknown or unmapped columns) go to stderr
and are never fatal; ``--json`` prints the run summary as one JSON object on stdout.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer

from service.ml.specs import SPEC_PATHS, SpecNotAvailable, load_spec

train_app = typer.Typer(
    name="train",
    help="Train a model, evaluate it on a held-out split, register it as 'challenger'.",
    no_args_is_help=True,
    add_completion=False,
)


def _fail(message: str) -> NoReturn:
    typer.echo(f"error: {message.splitlines()[0] if message else 'failed'}", err=True)
    raise typer.Exit(code=1)


def _report_lines(report: dict[str, Any]) -> list[str]:
    try:
        from training.mapping import format_report

        lines = list(format_report(report))
    except Exception:  # a loader's report may not follow the mapping shape
        lines = []
    unmapped = report.get("unmapped_columns")
    if unmapped and not report.get("unknown_columns"):
        lines.append("ignored unmapped columns: " + ", ".join(map(str, unmapped)))
    fb = report.get("feedback")
    if isinstance(fb, dict):
        lines.append(
            f"feedback: {fb.get('feedback_rows', 0)} reviewer row(s), "
            f"{fb.get('overridden', 0)} older label(s) overridden"
        )
    return lines


def run_training(
    key: str,
    *,
    data: Path | None,
    label: str | None,
    mapping: list[str],
    with_feedback: bool,
    feedback_file: Path | None,
    as_json: bool,
    seed: int,
) -> dict[str, Any]:
    """Shared body of the three subcommands (also callable from tests and the lead's CLI)."""
    from service.config import get_settings
    from training.feedback import FeedbackError, read_export
    from training.runner import TrainingError, train_and_register
    from training.spec import DataOptions

    try:
        from training.mapping import parse_map_args

        renames = parse_map_args(mapping)
    except ValueError as exc:
        _fail(str(exc))
    if data is not None and not data.exists():
        _fail(f"--data {data}: no such file or directory")
    try:
        spec = load_spec(key)
    except SpecNotAvailable as exc:
        _fail(str(exc))
    options = DataOptions(
        path=data, label=label, mapping=renames, with_feedback=with_feedback or bool(feedback_file),
        seed=seed,
    )
    settings = get_settings()
    try:
        if feedback_file is not None:
            rows = read_export(feedback_file)
        else:
            rows = None
            if with_feedback:  # decisions come from the database: bring its schema up first
                from service.migrate import upgrade

                upgrade(settings)
        summary = train_and_register(
            spec, options, settings, progress=sys.stderr.isatty(),
            key=key, feedback_rows=rows,
        )
    except (TrainingError, FeedbackError, FileNotFoundError) as exc:
        _fail(f"{key}: {exc}")
    except Exception as exc:  # one-line reason on stderr, as every tollgate command
        _fail(f"{key}: {type(exc).__name__}: {exc}")
    for line in _report_lines(summary.get("data_report") or {}):
        typer.echo(line, err=True)
    if as_json:
        typer.echo(json.dumps(summary, default=str, sort_keys=True))
    else:
        metric = summary["primary_metric"]
        typer.echo(
            f"{summary['model']} version {summary['version']} registered as challenger "
            f"(run {summary['run_id']}); held-out {metric} = {summary['metrics'][metric]:.4f}"
        )
        typer.echo(f"promote with: tollgate models promote {summary['model']}")
    return summary


DataOpt = Annotated[
    Path | None,
    typer.Option("--data", help="CSV/JSONL file or folder (default: the model's own data)."),
]
LabelOpt = Annotated[
    str | None, typer.Option("--label", help="Column holding the label in a foreign file.")
]
MapOpt = Annotated[
    list[str] | None,
    typer.Option("--map", help="Rename a foreign column: SRC=DST (repeatable)."),
]
FeedbackOpt = Annotated[
    bool,
    typer.Option("--with-feedback", help="Merge reviewer decisions; they override older labels."),
]
FeedbackFileOpt = Annotated[
    Path | None,
    typer.Option(
        "--feedback",
        help="A `tollgate review export` file (implies --with-feedback; default: the database).",
    ),
]
SeedOpt = Annotated[int, typer.Option("--seed", help="Random seed for split and fit.")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print the run summary as JSON.")]


def _make_command(key: str) -> None:
    def command(
        data: DataOpt = None,
        label: LabelOpt = None,
        mapping: MapOpt = None,
        with_feedback: FeedbackOpt = False,
        feedback_file: FeedbackFileOpt = None,
        seed: SeedOpt = 42,
        as_json: JsonOpt = False,
    ) -> None:
        run_training(
            key, data=data, label=label, mapping=list(mapping or []), with_feedback=with_feedback,
            feedback_file=feedback_file, as_json=as_json, seed=seed,
        )

    command.__doc__ = f"Train the {key} model and register it with alias 'challenger'."
    train_app.command(name=key)(command)


for _key in SPEC_PATHS:
    _make_command(_key)
