"""Checks on single cells of scoring input that the timesheet and invoice validators share.

Workflows send JSON: a list or object can arrive where one value belongs. Both validators turn
such a cell into a row error (not a 500, not a silently stringified value), and both need the
check to cost nothing on ordinary input, which this one does: ``infer_dtype`` is one C pass,
and only a column it cannot call uniform is walked value by value.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

NOT_A_SINGLE_VALUE = "{column} is not a single value (got a list or object)"
# what ``infer_dtype`` calls an object column that may hold a list or dict
_MAYBE_NESTED = frozenset({"mixed", "unknown-array", "mixed-integer"})


def nested_cells(values: Any) -> np.ndarray | None:
    """Mask of the cells of ``values`` (array or Series) that hold a list or dict; None when
    there are none."""
    if not pd.api.types.is_object_dtype(values):
        return None
    if pd.api.types.infer_dtype(values, skipna=True) not in _MAYBE_NESTED:
        return None
    mask = np.fromiter((isinstance(v, (dict, list)) for v in values), dtype=bool, count=len(values))
    return mask if mask.any() else None
