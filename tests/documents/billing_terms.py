"""The values extraction gives a short synthetic text: what the context-rule tests compare."""

from __future__ import annotations

from typing import Any

from service.config import Settings
from service.documents.analysis import analyze_bytes


def terms(text: str) -> dict[str, Any]:
    """Each billing key's value (None where nothing was extracted) for ``text`` as a .txt upload."""
    _, analysis = analyze_bytes(text.encode(), "sow.txt", Settings())
    return {k: (v["value"] if v else None) for k, v in analysis["billing_terms"].items()}
