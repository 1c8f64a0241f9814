"""Whatever JSON a workflow sends as entries, scoring answers: each row is scored or reported as
a row error, never an exception (found by fuzzing the HTTP API with schemathesis: an all-boolean
date column used to crash validation)."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from service.scoring.timesheets.columns import CANONICAL
from service.scoring.timesheets.service import score_entries

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-10**18, 10**18),
    st.floats(allow_nan=False, allow_infinity=False), st.text(max_size=12),
    st.sampled_from(["2026-03-02", "2026-03-02T09:00:00Z", "yes", "8", "", " ", "7.5"]),
)
values = st.one_of(scalars, st.lists(scalars, max_size=2), st.dictionaries(st.text(max_size=3), scalars, max_size=2))
rows = st.lists(
    st.dictionaries(st.sampled_from([*CANONICAL, "extra"]), values, max_size=len(CANONICAL)),
    min_size=1, max_size=8,
)
GOOD = {"entry_id": "g1", "consultant_id": "C1", "project_id": "P1", "work_date": "2026-03-02",
        "hours": 7.5}


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(batch=rows)
def test_any_entries_are_scored_or_reported(trained_pipeline: Any, batch: list[dict[str, Any]]) -> None:
    sent = [*batch, GOOD]
    result = score_entries(trained_pipeline, sent)
    reported = {e["row"] for e in result.errors}
    assert len(result.results) + len(reported) == len(sent)
    assert result.results[-1]["entry_id"] == "g1"  # a good row is scored whatever surrounds it


def test_a_column_of_booleans_where_dates_belong(trained_pipeline: Any) -> None:
    sent = [{**GOOD, "entry_id": f"e{i}", "project_end_date": bool(i % 2), "submitted_at": False}
            for i in range(4)]
    result = score_entries(trained_pipeline, sent)
    assert len(result.results) == 4
    assert all("could not be read" in w for row in result.warnings for w in row["warnings"])
