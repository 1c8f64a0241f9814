"""Reading tabular exports (CSV whatever its delimiter, Excel workbooks) as text cells.

Spreadsheet and time-tracking exports in much of Europe separate fields with ";" (the comma
being the decimal mark), and some tools write tabs or "|". Read with the wrong delimiter, every
row arrives as one unknown column and every required field looks missing, so the delimiter is
taken from the header line instead of assumed. Time-tracking tools also export .xlsx: its first
sheet is read the same way, every cell as text, so the callers' coercion decides what a value is.
"""

from __future__ import annotations

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

