"""``tollgate analyze`` and ``tollgate eval billing`` (registered by ``service/cli.py``).

``analyze_command`` and ``eval_billing_command`` are plain Typer-annotated functions so the main
app can mount them with ``app.command(name=...)``; ``eval_app`` is a ready sub-app holding
``billing`` for mounting with ``app.add_typer(eval_app, name="eval")``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from service.config import get_settings
from service.documents.llm_factory import llm_from_settings
from service.errors import ProblemError

PROGRESS_THRESHOLD = 5  # show a progress bar on stderr from this many files on


def _fail(message: str) -> typer.Exit:
    typer.echo(f"error: {' '.join(message.split())}", err=True)
    return typer.Exit(1)


def _human(analysis: dict[str, Any]) -> str:
    doc = analysis["document"]
    lines = [
        f"{doc['filename']}  ({doc['media_type']}, {doc['pages']} pages, sha256 {doc['sha256'][:12]})"
    ]
    for key, term in analysis["billing_terms"].items():
        if term is None:
            continue
        value = json.dumps(term["value"], ensure_ascii=False)
        page = term["evidence"]["page"]
        lines.append(f"  {key:<24} {value}  [{term['confidence']:.2f}, p.{page}]")
    for warning in analysis.get("warnings", []):
        lines.append(f"  warning: {warning}")
    for flag in analysis.get("flags", []):
        lines.append(f"  flag {flag.get('severity')}: {flag.get('message')}")
    return "\n".join(lines)


def _offline_enricher(settings: Any, playbook: Path | None) -> Any:
    """Clauses, document type and playbook flags from the bundled models, when available.

    Billing terms never depend on it: if the clause models or playbook cannot be loaded the
    command still prints the billing terms and says why on stderr.
    """
    try:
        from service.documents.enrichment import enricher_for
    except ImportError:
        return None
    try:
        return enricher_for(None, settings, playbook_path=playbook)
    except Exception as exc:  # a missing bundled model must not block billing extraction
        typer.echo(f"warning: clauses and flags unavailable: {exc}", err=True)
        return None


def analyze_command(
    paths: Annotated[
        list[Path], typer.Argument(help="Documents to analyze (PDF, DOCX, HTML, text).")
    ],
    as_json: Annotated[
        bool, typer.Option("--json", help="One analysis JSON object per line.")
    ] = False,
    text: Annotated[
        bool,
        typer.Option("--text", help="Print the extracted text (evidence offsets refer to it)."),
    ] = False,
    playbook: Annotated[
        Path | None, typer.Option("--playbook", help="Playbook YAML for flags.")
    ] = None,
) -> None:
    """Analyze documents offline: billing terms with evidence (and clauses/flags when enabled)."""
    from service.documents.analysis import analyze_bytes

    settings = get_settings()
    if playbook is not None:
        if not playbook.is_file():
            raise _fail(f"playbook not found: {playbook}")
        settings = settings.model_copy(update={"playbook": playbook})
    enrich = None if text else _offline_enricher(settings, playbook)
    llm = llm_from_settings(settings)
    iterable: Any = paths
    if len(paths) >= PROGRESS_THRESHOLD and not text:
        from tqdm import tqdm

        iterable = tqdm(paths, desc="analyzing", unit="doc", file=sys.stderr)
    failures = 0
    for path in iterable:
        try:
            data = path.read_bytes()
        except OSError as exc:
            typer.echo(f"error: {path}: {exc.strerror or exc}", err=True)
            failures += 1
            continue
        try:
            doc, analysis = analyze_bytes(data, path.name, settings, llm=llm, enrich=enrich)
        except ProblemError as exc:
            typer.echo(f"error: {path}: {exc.type_slug}: {' '.join(str(exc).split())}", err=True)
            failures += 1
            continue
        if text:
            sys.stdout.write(doc.text)
            if len(paths) > 1:
                sys.stdout.write("\n")
        elif as_json:
            typer.echo(json.dumps(analysis, ensure_ascii=False, default=str))
        else:
            typer.echo(_human(analysis))
    if failures:
        raise typer.Exit(1)


def eval_billing_command(
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the report as one JSON object.")
    ] = False,
    gold: Annotated[
        list[Path] | None,
        typer.Option(
            "--gold",
            help="Gold folder(s); default ../shared/data/billing_gold (if present) and data/samples/documents.",
        ),
    ] = None,
    gold_set: Annotated[
        str,
        typer.Option(
            "--set",
            help="Named gold set when no --gold is given: dev (development gold, default), "
            "blind (every blind batch's dev and holdout halves, each its own group), "
            "blind3 to blind46 (one batch) or all.",
        ),
    ] = "dev",
    use_llm: Annotated[
        bool,
        typer.Option(
            "--llm",
            help="Merge the configured LLM extractor's values with the rules (TOLLGATE_LLM_*), "
            "as uploads do; documents on which the LLM fails are counted on stderr.",
        ),
    ] = False,
    labels: Annotated[
        list[Path] | None,
        typer.Option(
            "--labels",
            help="A second labeler's gold folder(s): score those labels against the gold instead "
            "of the extractor (inter-annotator agreement), on the documents both labeled.",
        ),
    ] = None,
) -> None:
    """Score billing-term extraction against gold labels: per-key precision/recall, micro-F1."""
    from service.documents.evaluation import (
        default_extractor,
        evaluate_agreement,
        evaluate_billing,
        format_report,
        gold_dirs_for_set,
    )

    for folder in [*(gold or []), *(labels or [])]:
        if not folder.is_dir():
            raise _fail(f"gold folder not found: {folder}")
    try:
        folders = gold or gold_dirs_for_set(gold_set)
    except ValueError as exc:
        raise _fail(str(exc)) from None
    if labels:
        if use_llm:
            raise _fail("--labels scores a second labeler, not an extractor; drop --llm")
        agreement = evaluate_agreement(folders, labels)
        if agreement.documents == 0:
            raise _fail("no document is in both the gold and the --labels folders")
        typer.echo(
            json.dumps(agreement.to_dict(), ensure_ascii=False)
            if as_json
            else format_report(agreement)
        )
        return
    settings = get_settings()
    llm = llm_from_settings(settings) if use_llm else None
    if use_llm and llm is None:
        raise _fail(
            "--llm needs TOLLGATE_LLM_ENABLED=true and TOLLGATE_LLM_BASE_URL or TOLLGATE_LLM_API_KEY"
        )
    fallbacks: list[str] = []
    extractor = default_extractor(settings, llm=llm, llm_fallbacks=fallbacks)
    report = evaluate_billing(folders, settings=settings, extractor=extractor)
    if report.documents == 0:
        raise _fail("no gold documents found")
    if fallbacks:
        typer.echo(
            f"warning: the LLM failed on {len(fallbacks)} of {report.documents} documents; "
            "those were scored on the rules alone",
            err=True,
        )
    if as_json:
        typer.echo(json.dumps(report.to_dict(), ensure_ascii=False))
    else:
        typer.echo(format_report(report))


eval_app = typer.Typer(
    help="Evaluate extractors and models against gold labels.", no_args_is_help=True
)
eval_app.command(name="billing")(eval_billing_command)


@eval_app.callback()
def _eval_group() -> None:
    """Evaluate extractors and models against gold labels."""
