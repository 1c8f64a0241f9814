"""Build the optional LLM extractor from settings (None unless configured)."""

from __future__ import annotations

from typing import Any

from service.config import Settings


def llm_from_settings(settings: Settings) -> Any:
    """The LLM billing-term extractor when ``TOLLGATE_LLM_ENABLED`` and an endpoint are set."""
    if not settings.llm_configured:
        return None
    from service.documents.llm import LlmExtractor

    return LlmExtractor.from_settings(settings)
