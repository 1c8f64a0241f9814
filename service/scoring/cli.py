"""``tollgate score timesheets|invoices FILE``: offline batch scoring of a CSV or JSON Lines file.

Prints one JSON object per input row, in input order: the result of a valid row, or
``{"row", "errors"}`` for a row that could not be scored. ``--map SRC=DST`` renames a foreign
export's columns onto the canonical schema exactly as ``tollgate train --map`` does; unknown
columns and values that did not coerce are reported on stderr, never fatal.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import pandas as pd
import typer

from service.config import get_settings
from service.table_files import read_table as read_table_file

score_app = typer.Typer(help="Score a CSV, Excel or JSON Lines file offline.", no_args_is_help=True)

FileArg = Annotated[Path, typer.Argument(help="CSV, Excel (.xlsx) or JSON Lines file.", exists=True,
                                          dir_okay=False)]
ModelOpt = Annotated[str | None, typer.Option(
    "--model", help="models:/NAME/3, models:/NAME@challenger, runs:/..., a directory, or 'bundled' "
                    "(default: the registry champion, else the bundled model).")]
MapOpt = Annotated[list[str] | None, typer.Option("--map", help="SRC=DST column rename (repeatable).")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Accepted for symmetry: output is always JSON Lines.")]


def read_table(path: Path) -> pd.DataFrame:
    """:func:`service.table_files.read_table`, with an unreadable file as a one-line CLI error."""
    try:
        return read_table_file(path, keep_default_na=False)
    except (ValueError, pd.errors.ParserError, UnicodeDecodeError) as exc:
        typer.echo(f"error: cannot read {path}: {exc}".splitlines()[0], err=True)
        raise typer.Exit(1) from None


def _mapped(frame: pd.DataFrame, maps: list[str] | None, canonical: tuple[str, ...], label: str) -> pd.DataFrame:
    if not maps:
        return frame
    from training.mapping import apply_mapping, format_report, parse_map_args

    try:
        mapping = parse_map_args(maps)
    except ValueError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from None
    out, report = apply_mapping(frame, mapping, label=None, canonical=canonical, label_target=label)
    for line in format_report(report):
        typer.echo(line, err=True)
    return out


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    clean = frame.astype(object).where(pd.notna(frame), None)
    return [dict(r) for r in clean.to_dict(orient="records")]


def _model(uri: str | None, name: str) -> Any:
    from service.ml.registry import ModelStore, ModelUnavailable

    settings = get_settings()
    try:
        if uri:
            from service.ml.registry import load_uri

            return load_uri(settings, uri, name=name)
        store = ModelStore(settings, names=(name,), optional=())
        store.load_all()
        return store.get(name)
    except (ModelUnavailable, LookupError, OSError) as exc:
        typer.echo(f"error: model {uri or name} unavailable: {exc}".splitlines()[0], err=True)
        raise typer.Exit(1) from None


def _emit(n_rows: int, results: list[dict[str, Any]], errors: list[dict[str, Any]]) -> None:
    bad = {int(e["row"]): e for e in errors}
    it = iter(results)
    for row in range(n_rows):
        obj = bad.get(row) or next(it)
        sys.stdout.write(json.dumps(obj, default=str, ensure_ascii=False) + "\n")


@score_app.command("timesheets")
def score_timesheets_cmd(file: FileArg, model: ModelOpt = None, map_: MapOpt = None,
                         json_out: JsonOpt = True) -> None:
    """Anomaly score, flag and reasons per timesheet entry."""
    from service.scoring.timesheets.columns import CANONICAL
    from service.scoring.timesheets.service import score_entries

    frame = _mapped(read_table(file), map_, CANONICAL, "is_anomaly")
    if "entry_id" not in frame.columns and len(frame):
        # Time-tracking exports (Toggl, Harvest, ...) often carry no id; offline nothing is
        # stored, so each entry can be named after its row for the output to be traceable.
        frame.insert(0, "entry_id", [f"row-{i}" for i in range(1, len(frame) + 1)])
        typer.echo(f"no entry_id column: entries are named row-1..row-{len(frame)} (file rows)",
                   err=True)
    loaded = _model(model, "timesheet-anomaly")
    batch = score_entries(loaded.pipeline, _records(frame), threshold=get_settings().timesheet_threshold,
                          model=loaded.ref())
    if batch.unknown_columns:
        typer.echo(f"ignored unknown columns: {', '.join(batch.unknown_columns)}", err=True)
    _emit(len(frame), batch.results, batch.errors)
    typer.echo(f"scored {len(batch.results)} entries, {sum(r['anomaly'] for r in batch.results)} "
               f"anomalies, {len(batch.errors)} bad rows ({loaded.name} {loaded.version})", err=True)


@score_app.command("invoices")
def score_invoices_cmd(file: FileArg, model: ModelOpt = None, map_: MapOpt = None,
                       json_out: JsonOpt = True) -> None:
    """Calibrated dispute risk, band and reasons per invoice."""
    from service.scoring.invoices.columns import CANONICAL, LABEL
    from service.scoring.invoices.service import score_invoices

    settings = get_settings()
    frame = _mapped(read_table(file), map_, CANONICAL, LABEL)
    loaded = _model(model, "invoice-dispute-risk")
    batch = score_invoices(loaded.pipeline, _records(frame), medium=settings.invoice_medium_threshold,
                           high=settings.invoice_high_threshold, model=loaded.ref())
    if batch.unknown_columns:
        typer.echo(f"ignored unknown columns: {', '.join(batch.unknown_columns)}", err=True)
    _emit(len(frame), batch.results, batch.errors)
    high = sum(r["risk_band"] == "high" for r in batch.results)
    typer.echo(f"scored {len(batch.results)} invoices, {high} high risk, {len(batch.errors)} bad rows "
               f"({loaded.name} {loaded.version})", err=True)
