"""Reading CSV exports whatever their delimiter.

Spreadsheet and time-tracking exports in much of Europe separate fields with ";" (the comma
being the decimal mark), and some tools write tabs or "|". Read with the wrong delimiter, every
row arrives as one unknown column and every required field looks missing, so the delimiter is
taken from the header line instead of assumed.
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
