"""Reading tabular exports (CSV whatever its delimiter, Excel workbooks, JSON) as text cells.

Spreadsheet and time-tracking exports in much of Europe separate fields with ";" (the comma
being the decimal mark), and some tools write tabs or "|". Read with the wrong delimiter, every
row arrives as one unknown column and every required field looks missing, so the delimiter is
taken from the header line instead of assumed. Time-tracking tools also export .xlsx: its first
sheet is read the same way, every cell as text, so the callers' coercion decides what a value is.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

DELIMITERS = (",", ";", "\t", "|")


def header_delimiter(path: Path) -> str:
    """The candidate that occurs most often in the first line outside double quotes (a comma
    on a tie or when none occurs): header names may quote any of the others."""
    with path.open(encoding="utf-8-sig", errors="replace", newline="") as handle:
        header = handle.readline()
    counts = dict.fromkeys(DELIMITERS, 0)
    quoted = False
    for char in header:
        if char == '"':
            quoted = not quoted
        elif not quoted and char in counts:
            counts[char] += 1
    return max(DELIMITERS, key=lambda d: counts[d])


def read_csv_strings(
    path: Path, *, keep_default_na: bool, skip_initial_space: bool = False
) -> pd.DataFrame:
    """Every cell as text (the callers coerce types themselves), delimiter from the header."""
    return pd.read_csv(path, dtype=str, keep_default_na=keep_default_na, sep=header_delimiter(path),
                       encoding="utf-8-sig", skipinitialspace=skip_initial_space)


EXCEL_SUFFIXES = (".xlsx", ".xlsm")


def read_excel_strings(path: Path, *, keep_default_na: bool) -> pd.DataFrame:
    """The first sheet of an .xlsx/.xlsm workbook, every cell as text. Dates that Excel
    stores as dates come out as ISO text ("2026-01-05 00:00:00"), which the date columns read."""
    import zipfile

    from openpyxl.utils.exceptions import InvalidFileException

    try:
        return pd.read_excel(path, sheet_name=0, dtype=str, keep_default_na=keep_default_na,
                             engine="openpyxl")
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError) as exc:
        raise ValueError(f"not a readable Excel workbook ({exc})") from exc


def read_table_strings(
    path: Path, *, keep_default_na: bool, skip_initial_space: bool = False
) -> pd.DataFrame:
    """An Excel workbook (by its suffix) or a CSV file, every cell as text."""
    if path.suffix.lower() in EXCEL_SUFFIXES:
        return read_excel_strings(path, keep_default_na=keep_default_na)
    return read_csv_strings(path, keep_default_na=keep_default_na, skip_initial_space=skip_initial_space)


JSON_LINES_SUFFIXES = (".jsonl", ".ndjson")
TABLE_GLOBS = ("*.csv", "*.jsonl", "*.ndjson", "*.json", "*.xlsx", "*.xlsm")


def _first_char(path: Path) -> str:
    """The first non-blank character of a file (a BOM skipped), or "" for an empty one."""
    with path.open(encoding="utf-8-sig", errors="replace") as handle:
        for line in handle:
            if line.strip():
                return line.strip()[0]
    return ""


def read_table(
    path: Path,
    *,
    keep_default_na: bool = True,
    skip_initial_space: bool = False,
    allow_dir: bool = False,
) -> pd.DataFrame:
    """Any table a user hands to the CLI or to training, cells as text where the format allows.

    JSON Lines (.jsonl/.ndjson, or any file whose first character is "{"), a JSON array
    (.json starting with "["), an Excel workbook (.xlsx/.xlsm) or a CSV file (any other name;
    delimiter from the header). With ``allow_dir``, a folder of such files is read as one frame.
    One reader for every caller, so a file that scores also trains, and the other way round.
    Unreadable content raises ValueError (pandas' parser errors are ValueErrors) or
    UnicodeDecodeError; a folder without tables raises FileNotFoundError.
    """
    if path.is_dir():
        if not allow_dir:
            raise ValueError(f"{path} is a folder; give a file")
        files = sorted({f for pattern in TABLE_GLOBS for f in path.glob(pattern)})
        if not files:
            raise FileNotFoundError(f"no .csv, .jsonl, .json or .xlsx files in {path}")
        return pd.concat(
            [read_table(f, keep_default_na=keep_default_na, skip_initial_space=skip_initial_space)
             for f in files],
            ignore_index=True,
        )
    suffix = path.suffix.lower()
    if suffix not in EXCEL_SUFFIXES:
        first = _first_char(path)
        if suffix == ".json" and first == "[":
            return pd.DataFrame(json.loads(path.read_text(encoding="utf-8-sig")))
        if suffix in (*JSON_LINES_SUFFIXES, ".json") or first == "{":
            return pd.read_json(path, lines=True, dtype=False)
    return read_table_strings(path, keep_default_na=keep_default_na, skip_initial_space=skip_initial_space)
