"""``tollgate eval billing``: score billing-term extraction against gold labels.

Protocol (issue 3): a value is correct when equal; amounts count within 0.5 %; in list keys each
gold item is matched at most once; a value output where the gold is null is a false positive.
Per key we count true positives, false positives and false negatives and report precision,
recall and the micro-F1 over all keys. Two scoring choices, stated here because they change
figures: rate and milestone items match on their numbers (amount, currency, unit / amount,
percent) and not on the free-text role or name; ``period_of_performance`` is scored per
component (start, end, months), each a value of its own.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from service.config import PROJECT_ROOT, Settings
from service.documents.analysis import LLM_UNAVAILABLE, analyze_bytes
from service.documents.extraction.terms import BILLING_KEYS

DEFAULT_SHARED_GOLD = PROJECT_ROOT.parent / "shared" / "data" / "billing_gold"
SAMPLES_DIR = PROJECT_ROOT / "data" / "samples" / "documents"
BATCH2_DIR = SAMPLES_DIR / "cuad_batch2"
# Blind batches: labeled before the extractor ever ran on these documents. ``dev`` may guide rule
# changes; ``holdout`` is only ever scored. None is part of the default (development) set.
BLIND_DIR = SAMPLES_DIR / "blind_batch3"
BLIND4_DIR = SAMPLES_DIR / "blind_batch4"
BLIND5_DIR = SAMPLES_DIR / "blind_batch5"
BLIND6_DIR = SAMPLES_DIR / "blind_batch6"
BLIND7_DIR = SAMPLES_DIR / "blind_batch7"
BLIND8_DIR = SAMPLES_DIR / "blind_batch8"
BLIND9_DIR = SAMPLES_DIR / "blind_batch9"
BLIND10_DIR = SAMPLES_DIR / "blind_batch10"
BLIND11_DIR = SAMPLES_DIR / "blind_batch11"
BLIND12_DIR = SAMPLES_DIR / "blind_batch12"
BLIND13_DIR = SAMPLES_DIR / "blind_batch13"
# batches 14 on: commercial SOWs written and labeled by people who never saw the extractor; the
# documents live in the repository (the earlier batches read theirs from ../shared/data)
WRITTEN_BATCHES = range(14, 47)
BLIND_BATCHES = {
    "blind3": (BLIND_DIR / "dev", BLIND_DIR / "holdout"),
    "blind4": (BLIND4_DIR / "dev", BLIND4_DIR / "holdout"),
    "blind5": (BLIND5_DIR / "dev", BLIND5_DIR / "holdout"),
    "blind6": (BLIND6_DIR / "dev", BLIND6_DIR / "holdout"),
    "blind7": (BLIND7_DIR / "dev", BLIND7_DIR / "holdout"),
    "blind8": (BLIND8_DIR / "dev", BLIND8_DIR / "holdout"),
    "blind9": (BLIND9_DIR / "dev", BLIND9_DIR / "holdout"),
    "blind10": (BLIND10_DIR / "dev", BLIND10_DIR / "holdout"),
    "blind11": (BLIND11_DIR / "dev", BLIND11_DIR / "holdout"),
    "blind12": (BLIND12_DIR / "dev", BLIND12_DIR / "holdout"),
    "blind13": (BLIND13_DIR / "dev", BLIND13_DIR / "holdout"),
    **{
        f"blind{n}": (
            SAMPLES_DIR / f"blind_batch{n}" / "dev",
            SAMPLES_DIR / f"blind_batch{n}" / "holdout",
        )
        for n in WRITTEN_BATCHES
    },
}
BLIND_DIRS = tuple(d for dirs in BLIND_BATCHES.values() for d in dirs)
GOLD_SETS = ("dev", "blind", *BLIND_BATCHES, "all")
AMOUNT_TOLERANCE = 0.005

Extractor = Callable[[bytes, str], dict[str, Any]]


@dataclass
class GoldDoc:
    """One gold file: where the document lives and its expected billing terms."""

    name: str
    path: Path
    terms: dict[str, Any]
    group: str


@dataclass
class Counts:
    """True positives, false positives and false negatives for one key."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: Counts) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        if not p or not r:
            return 0.0 if (self.tp + self.fp + self.fn) else None
        return 2 * p * r / (p + r)


@dataclass
class Report:
    """Per-key and overall counts, plus per-document mistakes for debugging."""

    per_key: dict[str, Counts] = field(default_factory=dict)
    per_group: dict[str, Counts] = field(default_factory=dict)
    errors: list[dict[str, Any]] = field(default_factory=list)
    documents: int = 0

    @property
    def total(self) -> Counts:
        total = Counts()
        for counts in self.per_key.values():
            total.add(counts)
        return total

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready report (``--json``)."""

        def row(c: Counts) -> dict[str, Any]:
            return {
                "tp": c.tp,
                "fp": c.fp,
                "fn": c.fn,
                "precision": _round(c.precision),
                "recall": _round(c.recall),
                "f1": _round(c.f1),
            }

        return {
            "documents": self.documents,
            "micro_f1": _round(self.total.f1),
            "micro_precision": _round(self.total.precision),
            "micro_recall": _round(self.total.recall),
            "per_key": {k: row(c) for k, c in self.per_key.items()},
            "per_group": {k: row(c) for k, c in self.per_group.items()},
            "errors": self.errors,
        }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def default_gold_dirs() -> list[Path]:
    """The shared gold next to the repository (if present), the bundled samples (always) and
    the second-batch CUAD gold (scored only where ../shared holds the contracts)."""
    dirs = []
    if DEFAULT_SHARED_GOLD.is_dir():
        dirs.append(DEFAULT_SHARED_GOLD)
    dirs.append(SAMPLES_DIR)
    if BATCH2_DIR.is_dir():
        dirs.append(BATCH2_DIR)
    return dirs


def gold_dirs_for_set(name: str) -> list[Path]:
    """The gold folders of a named set: ``dev`` (the development gold, the default), ``blind``
    (every blind batch's dev and holdout halves, each reported as its own group), ``blind3`` to
    ``blind46`` (one batch's halves) or ``all``."""
    if name not in GOLD_SETS:
        raise ValueError(f"unknown gold set {name!r}; expected one of {', '.join(GOLD_SETS)}")
    if name == "dev":
        return default_gold_dirs()
    if name in BLIND_BATCHES:
        return [d for d in BLIND_BATCHES[name] if d.is_dir()]
    blind = [d for d in BLIND_DIRS if d.is_dir()]
    if name == "blind":
        return blind
    return default_gold_dirs() + blind


def _group_name(gold_dir: Path) -> str:
    """A report group: the folder name, or ``blind_batch3/dev`` style for the blind halves."""
    gold_dir = Path(gold_dir)
    if gold_dir.parent.name in {dev.parent.name for dev, _ in BLIND_BATCHES.values()}:
        return f"{gold_dir.parent.name}/{gold_dir.name}"
    return gold_dir.name


def _resolve_document(gold_dir: Path, file_name: str) -> Path | None:
    shared = DEFAULT_SHARED_GOLD.parent
    candidates = [
        gold_dir / file_name,
        gold_dir.parent / "cuad" / "pdf" / file_name,
        gold_dir.parent / "sow" / file_name,
        shared / "cuad" / "pdf" / file_name,
        shared / "cuad" / "contracts" / file_name,
        shared / "sow" / file_name,
    ]
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    return None


def load_gold(gold_dirs: Iterable[Path]) -> list[GoldDoc]:
    """Every ``*.gold.json`` in ``gold_dirs`` whose document can be found."""
    docs = []
    for gold_dir in gold_dirs:
        for gold_file in sorted(Path(gold_dir).glob("*.gold.json")):
            gold = json.loads(gold_file.read_text(encoding="utf-8"))
            # "variants": the same document in other formats (our samples: .pdf and .docx)
            for name in [gold["file"], *gold.get("variants", [])]:
                path = _resolve_document(Path(gold_dir), name)
                if path is not None:
                    docs.append(
                        GoldDoc(name, path, gold["billing_terms"], _group_name(Path(gold_dir)))
                    )
    return docs


# ------------------------------------------------------------------------------ comparison
def _amount_equal(a: Any, b: Any) -> bool:
    if a is None or b is None:
        return a is None and b is None
    try:
        a, b = float(a), float(b)
    except (TypeError, ValueError):
        return False
    if b == 0:
        return a == 0
    return abs(a - b) <= AMOUNT_TOLERANCE * abs(b)


def values_equal(key: str, predicted: Any, gold: Any) -> bool:
    """Equality under the protocol for the scalar/object keys."""
    if key in ("contract_value", "not_to_exceed"):
        return (
            isinstance(predicted, dict)
            and _amount_equal(predicted.get("amount"), gold.get("amount"))
            and predicted.get("currency") == gold.get("currency")
        )
    if key == "late_payment_interest":
        return (
            isinstance(predicted, dict)
            and _amount_equal(predicted.get("percent"), gold.get("percent"))
            and predicted.get("period") == gold.get("period")
        )
    if key == "early_payment_discount":
        return (
            isinstance(predicted, dict)
            and _amount_equal(predicted.get("percent"), gold.get("percent"))
            and predicted.get("days") == gold.get("days")
        )
    if key == "retainage_percent":
        return _amount_equal(predicted, gold)
    return bool(predicted == gold)


def _item_equal(key: str, predicted: Any, gold: Any) -> bool:
    if key == "rates":
        return (
            _amount_equal(predicted.get("amount"), gold.get("amount"))
            and predicted.get("currency") == gold.get("currency")
            and predicted.get("unit") == gold.get("unit")
        )
    if key == "milestones":
        return _amount_equal(predicted.get("amount"), gold.get("amount")) and _amount_equal(
            predicted.get("percent"), gold.get("percent")
        )
    return bool(predicted == gold)


def score_key(key: str, predicted: Any, gold: Any) -> tuple[Counts, list[str]]:
    """Counts for one key of one document, and human-readable mistakes."""
    counts = Counts()
    mistakes: list[str] = []
    if key in ("billing_models", "rates", "milestones"):
        pred_items = list(predicted or [])
        gold_items = list(gold or [])
        unmatched = list(gold_items)
        for item in pred_items:
            match = next((g for g in unmatched if _item_equal(key, item, g)), None)
            if match is None:
                counts.fp += 1
                mistakes.append(f"extra {item!r}")
            else:
                unmatched.remove(match)
                counts.tp += 1
        counts.fn += len(unmatched)
        mistakes.extend(f"missed {g!r}" for g in unmatched)
        return counts, mistakes
    if key == "period_of_performance":
        pred = predicted or {}
        gold_value = gold or {}
        for part in ("start", "end", "months"):
            p, g = pred.get(part), gold_value.get(part)
            if p is not None and g is not None and p == g:
                counts.tp += 1
            else:
                if p is not None:
                    counts.fp += 1
                if g is not None:
                    counts.fn += 1
                if p != g:
                    mistakes.append(f"{part}: got {p!r}, gold {g!r}")
        return counts, mistakes
    if predicted is None and gold is None:
        return counts, mistakes
    if predicted is not None and gold is not None and values_equal(key, predicted, gold):
        counts.tp += 1
        return counts, mistakes
    if predicted is not None:
        counts.fp += 1
    if gold is not None:
        counts.fn += 1
    mistakes.append(f"got {predicted!r}, gold {gold!r}")
    return counts, mistakes


def default_extractor(
    settings: Settings, *, llm: Any = None, llm_fallbacks: list[str] | None = None
) -> Extractor:
    """Extraction through :func:`analyze_bytes` (what ``tollgate analyze`` runs): the rules, merged
    with ``llm``'s values when one is given. A document on which the LLM failed is scored on the
    rules alone (as the service would serve it) and its name is appended to ``llm_fallbacks``,
    so a report never passes off rule-only figures as the LLM's."""

    def extract(data: bytes, filename: str) -> dict[str, Any]:
        _, analysis = analyze_bytes(data, filename, settings, llm=llm)
        if (
            llm is not None
            and llm_fallbacks is not None
            and any(w.startswith(LLM_UNAVAILABLE) for w in analysis.get("warnings", []))
        ):
            llm_fallbacks.append(filename)
        return {k: (v["value"] if v else None) for k, v in analysis["billing_terms"].items()}

    return extract


def evaluate_billing(
    gold_dirs: Iterable[Path] | None = None,
    *,
    settings: Settings | None = None,
    extractor: Extractor | None = None,
) -> Report:
    """Score every gold document; ``extractor`` maps (bytes, filename) to key -> value."""
    settings = settings or Settings()
    extract = extractor or default_extractor(settings)
    report = Report(per_key={key: Counts() for key in BILLING_KEYS})
    for gold in load_gold(gold_dirs if gold_dirs is not None else default_gold_dirs()):
        predicted = extract(gold.path.read_bytes(), gold.path.name)
        _score_document(report, gold.name, gold.group, predicted, gold.terms)
    return report


def _score_document(
    report: Report, name: str, group_name: str, predicted: dict[str, Any], gold: dict[str, Any]
) -> None:
    report.documents += 1
    group = report.per_group.setdefault(group_name, Counts())
    for key in BILLING_KEYS:
        counts, mistakes = score_key(key, predicted.get(key), gold.get(key))
        report.per_key[key].add(counts)
        group.add(counts)
        for mistake in mistakes:
            report.errors.append({"document": name, "key": key, "error": mistake})


def load_labels(label_dirs: Iterable[Path]) -> dict[str, dict[str, Any]]:
    """A second labeler's billing terms by document (the gold file's ``file`` field)."""
    labels: dict[str, dict[str, Any]] = {}
    for label_dir in label_dirs:
        for label_file in sorted(Path(label_dir).glob("*.gold.json")):
            data = json.loads(label_file.read_text(encoding="utf-8"))
            labels[data["file"]] = data["billing_terms"]
    return labels


def evaluate_agreement(gold_dirs: Iterable[Path], label_dirs: Iterable[Path]) -> Report:
    """Inter-annotator agreement: a second labeler's gold scored against the gold by the same
    protocol as the extractor, on the documents both labeled (the documents are not read).

    Why: a first-contact score says little until one knows how far two careful people reading
    the same contract by the same conventions agree; that agreement is the ceiling any extractor
    is measured under. Micro-F1 is symmetric in the two labelers (their false positives and
    false negatives swap), so which one is called the gold does not change it."""
    labels = load_labels(label_dirs)
    report = Report(per_key={key: Counts() for key in BILLING_KEYS})
    for gold_dir in gold_dirs:
        for gold_file in sorted(Path(gold_dir).glob("*.gold.json")):
            gold = json.loads(gold_file.read_text(encoding="utf-8"))
            second = labels.get(gold["file"])
            if second is not None:
                group = _group_name(Path(gold_dir))
                _score_document(report, gold["file"], group, second, gold["billing_terms"])
    return report


def format_report(report: Report) -> str:
    """A plain-text table: per-key precision/recall/F1 and the micro-F1."""

    def fmt(value: float | None) -> str:
        return "  -  " if value is None else f"{value:.3f}"

    lines = [f"{'key':<24} {'tp':>4} {'fp':>4} {'fn':>4} {'prec':>6} {'rec':>6} {'f1':>6}"]
    for key, c in report.per_key.items():
        lines.append(
            f"{key:<24} {c.tp:>4} {c.fp:>4} {c.fn:>4} {fmt(c.precision):>6} {fmt(c.recall):>6} {fmt(c.f1):>6}"
        )
    for group, c in report.per_group.items():
        lines.append(f"[{group}] micro-F1 {fmt(c.f1)} (P {fmt(c.precision)}, R {fmt(c.recall)})")
    total = report.total
    lines.append(
        f"documents {report.documents}  micro-precision {fmt(total.precision)}  "
        f"micro-recall {fmt(total.recall)}  micro-F1 {fmt(total.f1)}"
    )
    return "\n".join(lines)
