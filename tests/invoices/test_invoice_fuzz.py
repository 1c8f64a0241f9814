"""Whatever JSON values arrive as invoices, scoring answers: each invoice is scored or reported as
a row error (a list where an id belongs was a 500 through the API)."""

from __future__ import annotations

from typing import Any

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from service.scoring.invoices.columns import CANONICAL
from service.scoring.invoices.service import score_invoices

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-10**18, 10**18),
    st.floats(allow_nan=False, allow_infinity=False), st.text(max_size=12),
    st.sampled_from(["2026-03-02", "03/02/2026", "Yes", "No", "", " ", "1200.50"]),
)
values = st.one_of(scalars, st.lists(scalars, max_size=2), st.dictionaries(st.text(max_size=3), scalars, max_size=2))
invoices = st.lists(
    st.dictionaries(st.sampled_from([*CANONICAL, "extra"]), values, max_size=len(CANONICAL)),
    min_size=1, max_size=6,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(batch=invoices)
def test_any_invoices_are_scored_or_reported(
    pipeline: Any, generated: tuple[pd.DataFrame, pd.DataFrame], batch: list[dict[str, Any]]
) -> None:
    good = {k: v for k, v in generated[1].iloc[0].to_dict().items() if k in CANONICAL}
    good = {k: (v.strftime("%Y-%m-%d") if hasattr(v, "strftime") else v) for k, v in good.items()}
    sent = [*batch, {**good, "invoice_id": "g1"}]
    result = score_invoices(pipeline, sent)
    reported = {e["row"] for e in result.errors}
    assert len(result.results) + len(reported) == len(sent)
    assert result.results[-1]["invoice_id"] == "g1"


def test_a_list_where_the_id_belongs_is_a_row_error(pipeline: Any) -> None:
    result = score_invoices(pipeline, [{"invoice_id": [], "client_id": {"a": 1}}])
    assert result.results == []
    assert any("invoice_id is not a single value" in e for e in result.errors[0]["errors"])
