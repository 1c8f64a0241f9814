"""``tollgate models list`` and ``tollgate models promote NAME [--force --reason TEXT]``."""

from __future__ import annotations

import json
from typing import Annotated, NoReturn

import typer

models_app = typer.Typer(
    name="models",
    help="Registered model versions, aliases and champion promotion.",
    no_args_is_help=True,
    add_completion=False,
)


def _fail(message: str) -> NoReturn:
    typer.echo(f"error: {message.splitlines()[0] if message else 'failed'}", err=True)
    raise typer.Exit(code=1)


HEADLINE = ("roc_auc", "average_precision", "macro_f1", "micro_f1", "accuracy", "brier")


def _headline(metrics: dict[str, float], limit: int = 4) -> list[tuple[str, float]]:
    """The metrics worth a glance first (ranking and F1), then the rest alphabetically."""
    first = [(k, metrics[k]) for k in HEADLINE if k in metrics]
    rest = [(k, v) for k, v in sorted(metrics.items()) if k not in HEADLINE]
    return (first + rest)[:limit]


@models_app.command("list")
def list_command(
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per version.")] = False,
) -> None:
    """Show every registered version with its aliases and held-out metrics, and bundled models."""
    from service.config import get_settings
    from service.ml.registry import list_versions

    try:
        rows = list_versions(get_settings())
    except Exception as exc:
        _fail(f"cannot read the model registry: {type(exc).__name__}: {exc}")
    for row in rows:
        if as_json:
            typer.echo(json.dumps(row, default=str, sort_keys=True))
            continue
        aliases = ",".join(row["aliases"]) or "-"
        metrics = " ".join(f"{k}={v:.4f}" for k, v in _headline(row["metrics"]))
        version = row["version"] if row["version"] == "bundled" else f"v{row['version']}"
        typer.echo(
            f"{row['name']:<22} {row['source']:<8} {version:<8} {aliases:<20} {metrics}"
        )
    if not rows and not as_json:
        typer.echo("no models registered or bundled yet (run `make models` or `tollgate train`)")


NOT_PROMOTED_EXIT = 3


@models_app.command("promote")
def promote_command(
    name: Annotated[
        str, typer.Argument(help="Registry name (timesheet-anomaly) or short key (timesheets).")
    ],
    force: Annotated[
        bool, typer.Option("--force", help="Skip the comparison (needs --reason).")
    ] = False,
    reason: Annotated[
        str | None, typer.Option("--reason", help="Why; recorded in the audit log.")
    ] = None,
    min_delta: Annotated[
        float | None, typer.Option("--min-delta", help="Override TOLLGATE_PROMOTE_MIN_DELTA.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the decision as JSON.")] = False,
) -> None:
    """Make the challenger champion if it beats the champion on the same held-out data.

    Exit status: 0 promoted (or already champion), 3 the challenger did not win (so a
    retraining script can tell), 1 an error."""
    from service.config import get_settings
    from service.migrate import upgrade
    from service.ml.promotion import PromotionError, promote
    from service.ml.specs import SpecNotAvailable

    settings = get_settings()
    try:
        upgrade(settings)  # the audit event needs the schema
        result = promote(
            name, settings, actor="cli", force=force, reason=reason, min_delta=min_delta
        )
    except (PromotionError, SpecNotAvailable) as exc:
        _fail(str(exc))
    except Exception as exc:
        _fail(f"{name}: {type(exc).__name__}: {exc}")
    if as_json:
        typer.echo(json.dumps(result.as_dict(), default=str, sort_keys=True))
    else:
        state = "promoted" if result.promoted else "not promoted"
        typer.echo(f"{result.model}: {state}. {result.message}")
    if not result.promoted and result.champion_version != result.challenger_version:
        raise typer.Exit(NOT_PROMOTED_EXIT)
