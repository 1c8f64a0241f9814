"""``tollgate eval billing|clauses|invoices``: each domain's evaluation, under one command."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from service.documents.cli import eval_app

JsonOpt = Annotated[bool, typer.Option("--json", help="One JSON object instead of a table.")]


@eval_app.command("clauses")
def eval_clauses_command(
    model: Annotated[str | None, typer.Option("--model", help="Model dir or URI (default: bundled).")] = None,
    data: Annotated[Path | None, typer.Option("--data", help="CUAD folder or packed contracts file.")] = None,
    threshold: Annotated[float | None, typer.Option(help="Decision threshold (default: setting).")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Held-out, contract-level clause detection: per-type P/R/F1, macro-F1, span overlap."""
    from service.config import get_settings
    from training.clauses.evaluate import evaluate_clauses, print_clause_evaluation

    if model and not model.startswith(("models:/", "runs:/")):
        if not Path(model).exists():
            typer.echo(f"error: model not found: {model}", err=True)
            raise typer.Exit(1)
    elif model:
        from service.ml.registry import resolve_uri

        model = resolve_uri(model, name="clause-classifier")
    result = evaluate_clauses(model, data=data,
                              threshold=threshold if threshold is not None else get_settings().clause_threshold)
    print_clause_evaluation(result, as_json=as_json)


@eval_app.command("invoices")
def eval_invoices_command(
    data: Annotated[Path | None, typer.Option("--data", help="Invoice CSV (default: generator data).")] = None,
    label: Annotated[str | None, typer.Option("--label", help="The foreign label column.")] = None,
    maps: Annotated[list[str] | None, typer.Option("--map", help="SRC=DST column rename (repeatable).")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Dispute-risk model vs a plain logistic regression on the same time-ordered split."""
    from training.invoices.evaluate import compare, print_comparison
    from training.mapping import parse_map_args
    from training.spec import DataOptions

    if data is not None and not data.is_file():
        typer.echo(f"error: data file not found: {data}", err=True)
        raise typer.Exit(1)
    options = DataOptions(path=data, label=label, mapping=parse_map_args(maps or []))
    try:
        result = compare(options)
    except (ValueError, KeyError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from None
    print_comparison(result, as_json=as_json)


__all__ = ["eval_app"]
