"""The Document model: one extracted text plus the structure found in it.

Every offset in a :class:`Document` (pages, sections, paragraphs, sentences, evidence) is a
character offset into ``Document.text``, the exact string that ``tollgate analyze --text`` prints
and ``GET /v1/documents/{id}/text`` returns. Keeping a single text and only offsets into it is
what lets a reviewer trust that every piece of evidence is a verbatim slice of the source.
"""

from __future__ import annotations

import bisect
from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class Page:
    """A page of the source: 1-based ``number`` and its ``[start, end)`` span in the text."""

    number: int
    start: int
    end: int
    has_text: bool = True


@dataclass(frozen=True)
class Section:
    """A numbered clause ("4.2", "Article V") or an all-caps heading, spanning to the next one."""

    number: str | None
    title: str
    start: int
    end: int
    level: int


@dataclass
class Document:
    """Full text of a document with its page, section, paragraph and sentence boundaries."""

    text: str
    media_type: str
    pages: list[Page] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    paragraphs: list[tuple[int, int]] = field(default_factory=list)
    sentences: list[tuple[int, int]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._page_starts = [p.start for p in self.pages]

    def page_of(self, offset: int) -> int | None:
        """The 1-based page holding ``offset``, or None for a document without pages."""
        if not self.pages or offset < 0 or offset > len(self.text):
            return None
        if len(self._page_starts) != len(self.pages):  # pages replaced after construction
            self._page_starts = [p.start for p in self.pages]
        index = bisect.bisect_right(self._page_starts, offset) - 1
        if index < 0:
            return self.pages[0].number
        return self.pages[index].number

    def evidence(self, start: int, end: int) -> dict[str, Any]:
        """INTERFACES Evidence for ``text[start:end]`` (offsets clamped to the text)."""
        start = max(0, min(start, len(self.text)))
        end = max(start, min(end, len(self.text)))
        return {
            "page": self.page_of(start),
            "start": start,
            "end": end,
            "text": self.text[start:end],
        }

    def sentence_at(self, offset: int) -> tuple[int, int] | None:
        """The sentence span holding ``offset`` (None when it falls between sentences)."""
        starts = [s for s, _ in self.sentences]
        index = bisect.bisect_right(starts, offset) - 1
        if index >= 0 and self.sentences[index][0] <= offset < self.sentences[index][1]:
            return self.sentences[index]
        return None

    def section_at(self, offset: int) -> Section | None:
        """The innermost section holding ``offset``."""
        best: Section | None = None
        for section in self.sections:
            if section.start <= offset < section.end and (
                best is None or section.level >= best.level
            ):
                best = section
        return best

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready view (text included) for storage and the API."""
        return {
            "text": self.text,
            "media_type": self.media_type,
            "pages": [asdict(p) for p in self.pages],
            "sections": [asdict(s) for s in self.sections],
            "paragraphs": [list(p) for p in self.paragraphs],
            "sentences": [list(s) for s in self.sentences],
            "warnings": list(self.warnings),
        }
