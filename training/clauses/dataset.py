"""CUAD contracts as clause-classifier training data.

A contract record is ``{"contract", "title", "text", "spans": {clause_type: [excerpt, ...]}}``
(see ``prepare_data.py``). Paragraph rows are derived from it: a paragraph is positive for a
type when it overlaps a located gold excerpt of that type, negative otherwise. Splits are by
contract (a stable hash of its file name), so no contract contributes to both sides.
"""

from __future__ import annotations

import hashlib
import json
import lzma
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pandas as pd

from service.documents.clause_features import CUAD_CLAUSE_TYPES, paragraph_frame, split_paragraphs

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_CONTRACTS_FILE = PROJECT_ROOT / "data" / "cuad" / "contracts.jsonl.xz"

# Tollgate clause type -> CUAD categories (labels.csv column names).
CUAD_CATEGORIES: dict[str, tuple[str, ...]] = {
    "uncapped_liability": ("Uncapped Liability",),
    "liability_cap": ("Cap On Liability",),
    "most_favored_nation": ("Most Favored Nation",),
    "termination_for_convenience": ("Termination For Convenience",),
    "ip_ownership_assignment": ("Ip Ownership Assignment",),
    "liquidated_damages": ("Liquidated Damages",),
    "exclusivity": ("Exclusivity",),
    "non_compete": ("Non-Compete",),
    "non_solicitation": ("No-Solicit Of Customers", "No-Solicit Of Employees"),
    "auto_renewal": ("Renewal Term",),
    "audit_rights": ("Audit Rights",),
    "minimum_commitment": ("Minimum Commitment",),
    "change_of_control": ("Change Of Control",),
    "anti_assignment": ("Anti-Assignment",),
    "governing_law": ("Governing Law",),
    "warranty_duration": ("Warranty Duration",),
    "insurance": ("Insurance",),
}
assert tuple(CUAD_CATEGORIES) == CUAD_CLAUSE_TYPES
# Types whose contract-level truth is "has a non-empty excerpt" rather than a Yes answer.
EXCERPT_ONLY_TYPES = frozenset({"auto_renewal", "governing_law", "warranty_duration", "insurance"})

TEST_SHARE = 0.25  # share of contracts held out


def is_test_contract(contract: str, share: float = TEST_SHARE) -> bool:
    """Stable contract-level assignment to the held-out side (independent of row order)."""
    digest = hashlib.sha256(contract.encode("utf-8")).digest()
    return int.from_bytes(digest[:4], "big") / 2**32 < share


def read_contracts(path: Path | None = None) -> list[dict[str, Any]]:
    """Contract records from the packed JSON Lines file (``.xz`` or plain)."""
    source = Path(path) if path is not None else DEFAULT_CONTRACTS_FILE
    opener: Any = lzma.open if source.suffix == ".xz" else open
    with opener(source, "rt", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def read_cuad_folder(folder: Path) -> list[dict[str, Any]]:
    """Contract records straight from a CUAD folder (``contracts/`` + ``labels.csv``)."""
    from training.clauses.prepare_data import contract_record

    labels = pd.read_csv(folder / "labels.csv")
    records = []
    for _, row in labels.sort_values("contract_file").iterrows():
        text = (folder / "contracts" / row["contract_file"]).read_text(encoding="utf-8")
        records.append(contract_record(row, text))
    return records


def _normalized(text: str) -> tuple[str, list[int]]:
    """Lower-cased text with whitespace runs collapsed, and each kept char's original index."""
    chars: list[str] = []
    index: list[int] = []
    in_space = False
    for i, ch in enumerate(text):
        if ch.isspace():
            if not in_space and chars:
                chars.append(" ")
                index.append(i)
            in_space = True
            continue
        in_space = False
        chars.append(ch.lower())
        index.append(i)
    return "".join(chars), index


def _find_normalized(norm: tuple[str, list[int]], excerpt: str) -> list[tuple[int, int]]:
    norm_text, index = norm
    needle = " ".join(excerpt.lower().split())
    hits: list[tuple[int, int]] = []
    pos = norm_text.find(needle) if needle else -1
    while pos >= 0:
        hits.append((index[pos], index[pos + len(needle) - 1] + 1))
        pos = norm_text.find(needle, pos + 1)
    if hits or len(needle) < 120:
        return hits
    # Page footers or "omitted" notices interrupt some excerpts: anchor on both ends instead.
    head, tail = needle[:60], needle[-60:]
    start = norm_text.find(head)
    while start >= 0:
        end = norm_text.find(tail, start + len(head))
        if 0 <= end <= start + 2 * len(needle):
            hits.append((index[start], index[end + len(tail) - 1] + 1))
            break
        start = norm_text.find(head, start + 1)
    return hits


def locate_excerpts(text: str, excerpts: Iterable[str]) -> list[tuple[int, int]]:
    """Character spans of each excerpt in ``text`` (all occurrences; whitespace-insensitive).

    CUAD marks elided parts of an excerpt with ``<omitted>``; each part is located on its own.
    """
    norm: tuple[str, list[int]] | None = None
    spans: list[tuple[int, int]] = []
    for excerpt in excerpts:
        for piece in excerpt.split("<omitted>"):
            piece = piece.strip()
            if not piece:
                continue
            hits = [(m.start(), m.end()) for m in re.finditer(re.escape(piece), text)]
            if not hits:
                if norm is None:
                    norm = _normalized(text)
                hits = _find_normalized(norm, piece)
            spans.extend(hits)
    return spans


def gold_spans(record: dict[str, Any]) -> dict[str, list[tuple[int, int]]]:
    """Located gold excerpt spans per clause type for one contract."""
    return {t: locate_excerpts(record["text"], ex) for t, ex in record.get("spans", {}).items()}


def contract_paragraphs(record: dict[str, Any]) -> pd.DataFrame:
    """Paragraph rows of one contract with their multi-label targets."""
    text = record["text"]
    paragraphs = split_paragraphs(text)
    frame = paragraph_frame(text, paragraphs)
    frame["contract"] = record["contract"]
    frame["start"] = [s for s, _ in paragraphs]
    frame["end"] = [e for _, e in paragraphs]
    located = gold_spans(record)
    for clause_type in CUAD_CLAUSE_TYPES:
        spans = located.get(clause_type, [])
        frame[clause_type] = [
            int(any(s < pe and ps < e for s, e in spans)) for ps, pe in paragraphs
        ]
    # Each paragraph's gold excerpts clipped to it, offsets relative to the paragraph start:
    # ``excerpt_rows`` turns them into extra, tighter training positives.
    frame["gold_excerpts"] = [
        [
            (clause_type, max(s, ps) - ps, min(e, pe) - ps)
            for clause_type, spans in located.items()
            if clause_type in CUAD_CLAUSE_TYPES
            for s, e in spans
            if s < pe and ps < e
        ]
        for ps, pe in paragraphs
    ]
    return frame


def excerpt_rows(frame: pd.DataFrame, *, max_share: float = 0.8, min_chars: int = 40) -> pd.DataFrame:
    """Extra training rows: each gold excerpt's text within its paragraph, as its own row.

    A paragraph of 700 characters that carries a one-sentence non-compete teaches the linear
    head as much about the surrounding boilerplate as about the covenant; the excerpt alone is
    a cleaner positive. The row keeps its paragraph's heading, context and contract (so grouped
    folds never split it from its paragraph) and is positive for every type whose excerpt
    overlaps it. Excerpts covering most of their paragraph (> ``max_share``) add nothing and
    are skipped. Returns an empty frame when ``frame`` has no ``gold_excerpts`` column.
    """
    rows: list[dict[str, Any]] = []
    for text, heading, context, contract, gold in _rows_with_gold(frame):
        if not isinstance(gold, list | tuple) or not gold:  # feedback rows carry none
            continue
        seen: set[tuple[int, int]] = set()
        for _, start, end in gold:
            if (start, end) in seen or end - start < min_chars or end - start > max_share * len(text):
                continue
            seen.add((start, end))
            rows.append(_span_row(text, start, end, (heading, context, contract), gold))
    return pd.DataFrame(rows, columns=ROW_COLUMNS)


ROW_COLUMNS = ["text", "heading", "context", "contract", *CUAD_CLAUSE_TYPES]


def _rows_with_gold(frame: pd.DataFrame) -> Iterator[tuple[Any, ...]]:
    """(text, heading, context, contract, gold excerpts) per paragraph row; none when the frame
    has no ``gold_excerpts`` column (reviewer feedback rows)."""
    if "gold_excerpts" not in frame.columns:
        return iter(())
    columns = ["text", "heading", "context", "contract", "gold_excerpts"]
    return frame[columns].itertuples(index=False)


def _span_row(
    text: str, start: int, end: int, keys: tuple[Any, Any, Any], gold: Iterable[Any]
) -> dict[str, Any]:
    """A training row for ``text[start:end]`` with its paragraph's heading, context and contract
    (``keys``), positive for every type whose gold excerpt overlaps the span."""
    heading, context, contract = keys
    row: dict[str, Any] = {
        "text": text[start:end], "heading": heading, "context": context, "contract": contract,
    }
    for clause_type in CUAD_CLAUSE_TYPES:
        row[clause_type] = 0
    for clause_type, s, e in gold:
        if clause_type in row and s < end and start < e:
            row[clause_type] = 1
    return row


def window_rows(
    frame: pd.DataFrame, *, sizes: tuple[int, ...] = (1,), min_chars: int = 400
) -> pd.DataFrame:
    """Extra training rows: runs of ``sizes`` sentences of each paragraph of >= ``min_chars``.

    The same sentence windows ``clause_model.SentenceWindows`` scores, as rows of their own
    (heading, context and contract of their paragraph), positive for a type when they overlap
    a gold excerpt of it: the head then learns on windows what it will be asked about them.
    Returns an empty frame when ``frame`` has no ``gold_excerpts`` column.
    """
    from service.documents.clause_model import sentence_spans

    rows: list[dict[str, Any]] = []
    for text, heading, context, contract, gold in _rows_with_gold(frame):
        if len(text) < min_chars:
            continue
        spans = sentence_spans(text)
        gold = gold if isinstance(gold, list | tuple) else []
        for size in sizes:
            if size >= len(spans):
                continue
            for a in range(len(spans) - size + 1):
                start, end = spans[a][0], spans[a + size - 1][1]
                rows.append(_span_row(text, start, end, (heading, context, contract), gold))
    return pd.DataFrame(rows, columns=ROW_COLUMNS)


def paragraph_rows(records: Iterable[dict[str, Any]]) -> Iterator[pd.DataFrame]:
    """Paragraph frames, one per contract (iterate to keep memory flat)."""
    for record in records:
        yield contract_paragraphs(record)


def build_paragraph_frame(records: Iterable[dict[str, Any]]) -> pd.DataFrame:
    """All paragraphs of all contracts, with ``split`` = "train" / "test" by contract."""
    frame = pd.concat(list(paragraph_rows(records)), ignore_index=True)
    frame["split"] = ["test" if is_test_contract(c) else "train" for c in frame["contract"]]
    return frame
