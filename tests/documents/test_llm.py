"""LLM extractor with a real ChatOpenAI on an httpx.MockTransport (no network)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import pytest

from service.config import Settings
from service.documents.analysis import analyze_bytes
from service.documents.llm import LlmError, LlmExtractor, find_quote

FIXTURE = Path(__file__).parent / "fixtures" / "openai_billing_terms.json"
SOW = (
    b"STATEMENT OF WORK\n\n"
    b"3.1 Basis. The services are performed on a time and materials basis.\n\n"
    b"Engagement Partner\t$325 per hour\n\n"
    b"3.4 Invoicing. Supplier will invoice Customer monthly in arrears for hours worked.\n\n"
    b"3.5 Payment. Payment terms are Net 45 from the date of invoice.\n\n"
    b"3.6 Invoices shall reference the Customer purchase order number.\n"
)


def _settings() -> Settings:
    return Settings(llm_enabled=True, llm_base_url="http://llm.invalid/v1", llm_api_key="test-key")


def _extractor(handler: Any) -> LlmExtractor:
    client = httpx.Client(transport=httpx.MockTransport(handler))
    return LlmExtractor.from_settings(_settings(), http_client=client)


def _recorded(request: httpx.Request) -> httpx.Response:
    assert request.url.path.endswith("/chat/completions")
    body = json.loads(request.content)
    assert body["tools"][0]["function"]["name"] == "BillingTerms"
    return httpx.Response(200, json=json.loads(FIXTURE.read_text()))


def test_agreement_raises_confidence_and_disagreement_keeps_both() -> None:
    _, plain = analyze_bytes(SOW, "sow.txt", _settings())
    _, merged = analyze_bytes(SOW, "sow.txt", _settings(), llm=_extractor(_recorded))
    before, after = plain["billing_terms"], merged["billing_terms"]

    agreed = after["payment_terms_days"]
    assert agreed["value"] == 45
    assert agreed["confidence"] > before["payment_terms_days"]["confidence"]
    assert agreed["sources"] == ["rules", "llm"]

    disputed = after["invoice_frequency"]
    assert disputed["value"] == "monthly"
    assert disputed["confidence"] < before["invoice_frequency"]["confidence"]
    assert [c["value"] for c in disputed["candidates"]] == ["monthly", "weekly"]
    for candidate in disputed["candidates"]:
        evidence = candidate["evidence"]
        assert evidence["text"] == SOW.decode()[evidence["start"] : evidence["end"]]
    assert merged["models"]["billing_llm"]["source"] == "llm"


def test_unfound_quote_drops_the_value() -> None:
    _, merged = analyze_bytes(SOW, "sow.txt", _settings(), llm=_extractor(_recorded))
    assert merged["billing_terms"]["retainage_percent"] is None  # quote is not in the text


def test_fuzzy_quote_is_accepted_with_exact_evidence() -> None:
    _, merged = analyze_bytes(SOW, "sow.txt", _settings(), llm=_extractor(_recorded))
    po = merged["billing_terms"]["po_required"]
    assert po["value"] is True
    assert "purchase order number" in po["evidence"]["text"]


def test_http_error_falls_back_to_rules() -> None:
    def failing(request: httpx.Request) -> httpx.Response:
        return httpx.Response(500, json={"error": {"message": "boom"}})

    _, analysis = analyze_bytes(SOW, "sow.txt", _settings(), llm=_extractor(failing))
    assert analysis["billing_terms"]["payment_terms_days"]["value"] == 45
    assert any("LLM extractor unavailable" in w for w in analysis["warnings"])


def test_extract_raises_llm_error() -> None:
    def failing(request: httpx.Request) -> httpx.Response:
        return httpx.Response(401, json={"error": {"message": "bad key"}})

    with pytest.raises(LlmError):
        _extractor(failing).extract("text")


@pytest.mark.parametrize(
    ("quote", "expected"),
    [
        ("within thirty (30) days", "within thirty (30) days"),
        ("WITHIN   thirty (30)\ndays", "within thirty (30) days"),
        ("pay within thirty (3O) days of reciept", "pay within thirty (30) days of receipt"),
    ],
)
def test_find_quote(quote: str, expected: str) -> None:
    text = "Client shall pay within thirty (30) days of receipt of invoice."
    span = find_quote(text, quote)
    assert span is not None
    assert text[span[0] : span[1]].lower() == expected.lower()


def test_find_quote_rejects_unrelated_text() -> None:
    assert (
        find_quote(
            "Client shall pay within thirty (30) days.", "The moon is made of cheese entirely"
        )
        is None
    )


CEILING = b"3.8 Ceiling. Total fees will not go beyond one hundred thousand dollars.\n"


def _gold_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "gold"
    folder.mkdir()
    (folder / "sow.txt").write_bytes(SOW + CEILING)
    gold = {
        "file": "sow.txt",
        "billing_terms": {
            "billing_models": ["time_and_materials"], "payment_terms_days": 45,
            "currency": "USD", "contract_value": None,
            "not_to_exceed": {"amount": 100000, "currency": "USD"},
            "invoice_frequency": "monthly",
            "rates": [{"role": "Engagement Partner", "amount": 325, "currency": "USD", "unit": "hour"}],
            "milestones": None, "late_payment_interest": None, "expenses_reimbursable": None,
            "early_payment_discount": None, "retainage_percent": None, "po_required": True,
            "period_of_performance": None,
        },
    }
    (folder / "sow.txt.gold.json").write_text(json.dumps(gold), encoding="utf-8")
    return folder


def _with_ceiling(request: httpx.Request) -> httpx.Response:
    """The recorded answer plus a ceiling the rules do not read ("will not go beyond")."""
    answer = json.loads(FIXTURE.read_text())
    call = answer["choices"][0]["message"]["tool_calls"][0]["function"]
    arguments = json.loads(call["arguments"])
    arguments["not_to_exceed"] = {"amount": 100000, "currency": "USD"}
    arguments["quotes"].append(
        {"key": "not_to_exceed", "text": "Total fees will not go beyond one hundred thousand dollars."}
    )
    call["arguments"] = json.dumps(arguments)
    return httpx.Response(200, json=answer)


def test_eval_billing_scores_the_merged_values_and_counts_llm_failures(tmp_path: Path) -> None:
    from service.documents.evaluation import default_extractor, evaluate_billing

    folder = _gold_folder(tmp_path)
    settings = _settings()
    rules = evaluate_billing([folder], settings=settings)
    fallbacks: list[str] = []
    merged = evaluate_billing(
        [folder],
        settings=settings,
        extractor=default_extractor(settings, llm=_extractor(_with_ceiling), llm_fallbacks=fallbacks),
    )
    assert fallbacks == []
    before, after = rules.to_dict()["per_key"], merged.to_dict()["per_key"]
    assert (before["not_to_exceed"]["tp"], after["not_to_exceed"]["tp"]) == (0, 1)
    # the unfound retainage quote is dropped and the weekly cycle only lowers a confidence
    assert {k: v for k, v in after.items() if k != "not_to_exceed"} == {
        k: v for k, v in before.items() if k != "not_to_exceed"
    }

    def failing(request: httpx.Request) -> httpx.Response:
        return httpx.Response(500, json={"error": {"message": "boom"}})

    failed: list[str] = []
    fallback = evaluate_billing(
        [folder],
        settings=settings,
        extractor=default_extractor(settings, llm=_extractor(failing), llm_fallbacks=failed),
    )
    assert failed == ["sow.txt"]
    assert fallback.to_dict()["per_key"] == before  # scored on the rules alone


def test_eval_billing_llm_flag_needs_a_configured_endpoint(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from typer.testing import CliRunner

    from service.cli import app
    from service.config import get_settings

    monkeypatch.setenv("TOLLGATE_LLM_ENABLED", "false")
    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(
            app, ["eval", "billing", "--llm", "--gold", str(_gold_folder(tmp_path))]
        )
    finally:
        get_settings.cache_clear()
    assert result.exit_code != 0
    assert "TOLLGATE_LLM_ENABLED" in result.output
