"""Rates and prices that only price changes or extra work (change orders, additional services,
out-of-scope work): they are rates, but not what prices the SOW's own work.

Why a module of its own: the billing-model resolver asks it for every hourly or daily rate and
every fixed-price cue it weighs, and the section lookup it needs is built once per document.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from itertools import pairwise

from service.documents.document import Document
from service.documents.extraction.resolvers.finders import lowered
from service.documents.extraction.resolvers.sentences import Sentence

# "Additional services agreed by Change Note shall be priced ... at the following day rates",
# "work outside the scope of this SOW ... will be charged at a blended rate of $185.00 per hour":
# rates that price only changes and extra work; they are rates, but the SOW's own work is not
# time and materials when something else prices it
CHANGE_SCOPE = re.compile(
    # (the lookahead on the first letters lets the engine skip other positions cheaply)
    r"(?=[cmaoevCMAOEV])(?:\bchange\s+(?:orders?|requests?|notes?|control)\b|\bmodifications?\b"
    r"|\badditional\s+(?:services|work)\b|\bout[\s-]of[\s-]scope\b"
    r"|\boutside\s+(?:of\s+)?the\s+scope\b|\benhancements?\b|\bvariations?\b)",
    re.I,
)
_CHANGE_WORDS = ("change", "modification", "additional", "scope", "enhancement", "variation")
_CHANGE_LOOKBACK = 400  # characters of the same section before a rate: its lead-in and heading
# "Other changes are quoted on the Change Order as a fixed price": the price of a change
CHANGE_PRICED = re.compile(
    r"\b(?:changes?|change\s+(?:orders?|requests?)|additional\s+(?:services|work)|variations?"
    r"|enhancements?)\b[^.;]{0,60}\b(?:quoted|priced|valued|charged|billed|invoiced|agreed)\b[^.;]{0,50}$",
    re.I,
)


def _mentions_change(lower: str) -> bool:
    """A substring test for the words every CHANGE_SCOPE match holds, before the pattern."""
    return any(map(lower.__contains__, _CHANGE_WORDS))


class ChangeScope:
    """Whether a sentence prices only changes or extra work: the sentence, or its lead-in since
    its section's heading (at most ``_CHANGE_LOOKBACK`` characters), or the heading of the
    innermost section holding it, speaks of change orders, additional services, out-of-scope
    work...

    The sections are ordered and linked to their parents once per document, on first need, and
    each heading is searched at most once: a scan of every section per rate sentence cost
    milliseconds on long documents."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.linked = False
        self.order: list[int] = []  # section indexes by start
        self.starts: list[int] = []
        self.parent: list[int] = []  # position in ``order`` of the enclosing section, or -1
        self.headed: dict[int, bool] = {}

    def _link(self) -> None:
        sections = self.doc.sections
        starts = [section.start for section in sections]
        if all(a <= b for a, b in pairwise(starts)):
            order = list(range(len(sections)))  # the segmenter lists them in text order
        else:
            order = sorted(range(len(sections)), key=lambda i: (starts[i], -sections[i].end))
        self.starts = [starts[i] for i in order]
        stack: list[int] = []
        for position, index in enumerate(order):
            while stack and sections[order[stack[-1]]].end <= sections[index].start:
                stack.pop()
            self.parent.append(stack[-1] if stack else -1)
            stack.append(position)
        self.order, self.linked = order, True

    def _innermost(self, offset: int) -> int | None:
        """Position in ``order`` of the innermost section holding ``offset``, if any."""
        if not self.linked:
            self._link()
        position = bisect_right(self.starts, offset) - 1
        while position >= 0 and self.doc.sections[self.order[position]].end <= offset:
            position = self.parent[position]  # a section that ended: its parent may hold it
        return position if position >= 0 else None

    def _heading_says_change(self, position: int) -> bool:
        if position not in self.headed:
            title = self.doc.sections[self.order[position]].title
            self.headed[position] = CHANGE_SCOPE.search(title) is not None
        return self.headed[position]

    def __call__(self, s: Sentence) -> bool:
        innermost = self._innermost(s.start)
        section_start = self.doc.sections[self.order[innermost]].start if innermost is not None else 0
        lead_start = max(s.start - _CHANGE_LOOKBACK, section_start)
        window = lowered(self.doc.text)[lead_start : s.end]
        if _mentions_change(window) and CHANGE_SCOPE.search(self.doc.text, lead_start, s.end):
            return True  # (substring tests before the regex)
        return innermost is not None and self._heading_says_change(innermost)
