"""Sections, paragraphs and sentences, with a spaCy pipeline that knows legal writing.

Two entry points share one set of boundary rules:

* :func:`segment` finds the sections, paragraphs and sentences of a whole document with compiled
  regular expressions over the text. It is what :mod:`analysis` calls, because tokenizing a
  50-page contract with spaCy would cost more than extracting its text from the PDF.
* :func:`get_nlp` builds (once per process) a ``spacy.blank("en")`` pipeline whose tokenizer keeps
  "Inc.", "No.", "U.S.", "i.e." whole and whose ``legal_sentences`` component marks sentence
  starts with the very same rules. Extraction runs it only over the sentences that can hold a
  billing term, and a test checks that both paths agree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from service.documents.document import Section

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

# Words whose trailing period does not end a sentence.
ABBREVIATIONS = frozenset(
    [
        "inc",
        "ltd",
        "co",
        "corp",
        "llc",
        "l.l.c",
        "llp",
        "plc",
        "no",
        "nos",
        "nr",
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "sr",
        "jr",
        "st",
        "sec",
        "secs",
        "art",
        "arts",
        "para",
        "paras",
        "cl",
        "e.g",
        "i.e",
        "etc",
        "vs",
        "v",
        "viz",
        "cf",
        "fig",
        "figs",
        "approx",
        "est",
        "dept",
        "govt",
        "u.s",
        "u.s.a",
        "u.k",
        "e.u",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "mon",
        "tue",
        "wed",
        "thu",
        "fri",
        "p",
        "pp",
        "vol",
        "ch",
        "ex",
        "exh",
        "b.v",
        "n.v",
        "s.a",
        "s.p.a",
        "a.g",
        "gmbh",
        "pty",
        "bros",
        "assn",
        "int'l",
        "intl",
        "attn",
        "tel",
        "no.s",
        "ref",
        "hr",
        "hrs",
        "min",
        "max",
        "mo",
        "mos",
        "yr",
        "yrs",
        # addresses in the opening sentence: "Scara C, Apt. 43, Constanta", "Suite 1820"
        "apt",
        "ste",
        "bldg",
        "blvd",
        "ave",
        "hwy",
        "pkwy",
    ]
)

# What opens a sentence: a capital, digit, section sign or bullet, maybe after a quote or bracket.
_NEXT_START = r"[\"'“‘(\[]?[A-Z0-9§•\-–*]"
# A run of [.!?] (and closing quotes) before whitespace and _NEXT_START, or a colon at the end of
# a line: the lookaheads rule out most periods inside the regex engine. Written to open with the
# class [.!?:] (the alternatives tell "." from ":" by a lookbehind on the character just read)
# because the engine skips to the next character of a leading class at C speed, whereas
# "[.!?]+...|:..." was tried at every position of the text (same matches, 3-4x less time).
_SENTENCE_END = re.compile(
    rf"[.!?:](?:(?<=[.!?])[.!?]*[\"'”’)\]]*(?=\s+{_NEXT_START})"
    rf"|(?<=:)(?=[ \t]*\n\s*{_NEXT_START}))"
)
# the characters of the word before a period (see _is_boundary)
_WORD_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz.'’"
_INITIALISM = re.compile(r"(?:[a-z]\.)+[a-z]")  # U.S, i.e, e.g
# A whole line that is only a clause number: "4.", "(a)", "4.2." (fullmatched against the last
# line before a period, see _is_boundary)
_NUMBER_ONLY_LINE = re.compile(
    r"[ \t]*\(?(?:\d{1,3}(?:\.\d{1,3})*|[a-zA-Z]|[ivxlcIVXLC]{1,6})[.)]?"
)


def _line_pattern(body: str) -> re.Pattern[str]:
    """A whole line ``body`` (ending in ``$``) after the line break that opens it, as group ``line``.

    Searched in ``"\n" + text`` so that the first line has a break before it too. A pattern that
    opens with a literal is searched by a C scan for that character; one that opens with ``^``
    under re.M was tried at every position of the text (same matches, 4x less time).
    """
    return re.compile(r"\n(?P<line>" + body + ")", re.M)


# Headings and list markers at the start of a line.
_SECTION_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (_line_pattern(r"[ \t]*#{1,6}[ \t]+(?P<title>[^\n]+)$"), "markdown"),
    (
        _line_pattern(
            r"[ \t]*(?P<kw>ARTICLE|Article|SECTION|Section|SCHEDULE|Schedule|EXHIBIT|Exhibit)[ \t]+"
            r"(?P<num>[0-9]+(?:\.[0-9]+)*|[IVXLC]+|[A-Z])\b[.:]?(?P<title>[^\n]{0,120})$"
        ),
        "keyword",
    ),
    (
        _line_pattern(
            r"[ \t]*(?P<num>\d{1,2}(?:\.\d{1,2}){0,3})(?:\.|\)|(?=\s))[ \t]+"
            r"(?P<title>[A-Z][^\n]{0,200})$"
        ),
        "numbered",
    ),
    (_line_pattern(r"[ \t]*(?P<title>[A-Z][A-Z0-9 ,&'’/()\-]{3,80}[A-Z)])[ \t]*:?$"), "caps"),
]

_LIST_ITEM = re.compile(
    r"^[ \t]*(?:[-*•·▪]|\(?[a-zA-Z]\)|\(?[ivxIVX]{1,5}\)|\d{1,2}(?:\.\d{1,2})*[.)]?)[ \t]+\S"
)
_HEADING_TITLE_END = re.compile(r"^([^.\n]{2,90}?)\.(?:\s|$)")


@dataclass(frozen=True)
class Segmentation:
    """The structure :func:`segment` finds; all spans are offsets into the segmented text."""

    sections: list[Section]
    paragraphs: list[tuple[int, int]]
    sentences: list[tuple[int, int]]


def segment(text: str) -> Segmentation:
    """Sections, paragraphs and sentences of ``text``.

    The sentence-end pattern runs once over the whole text rather than once per paragraph (a
    long contract has a thousand paragraphs, most without a sentence end). Its matches are the
    same: one is only punctuation, which neither spans the whitespace between two paragraphs nor
    occurs in it, and the only matches a paragraph's own search would not find end at the
    paragraph's end, where no sentence boundary is taken anyway.
    """
    paragraphs = find_paragraphs(text)
    marks = [match.span() for match in _SENTENCE_END.finditer(text)]
    sentences: list[tuple[int, int]] = []
    k = 0
    for start, end in paragraphs:
        while k < len(marks) and marks[k][0] < start:
            k += 1
        first = k
        while k < len(marks) and marks[k][0] < end:
            k += 1
        sentences.extend(_sentence_spans(text, start, end, marks[first:k]))
    return Segmentation(find_sections(text), paragraphs, sentences)


def find_sections(text: str) -> list[Section]:
    """Numbered clauses, "Article V"-style headings, markdown and ALL-CAPS headings."""
    # start -> (number, title, level); the Sections are made once their ends are known
    found: dict[int, tuple[str | None, str, int]] = {}
    lined = "\n" + text  # see _line_pattern: offsets in ``lined`` are one more than in ``text``
    for pattern, kind in _SECTION_PATTERNS:
        for match in pattern.finditer(lined):
            line = match.group("line")
            start = match.start("line") - 1 + (len(line) - len(line.lstrip()))
            if start in found:
                continue
            groups = match.groupdict()
            title = (groups.get("title") or "").strip()
            number: str | None = groups.get("num")
            if kind == "markdown":
                level = len(line.lstrip().split(" ", 1)[0])
                heading = re.match(r"(\d+(?:\.\d+)*)\.?\s+(.*)", title)
                if heading:
                    number, title = heading.group(1), heading.group(2)
            elif kind == "keyword":
                level = 1
                number = f"{groups['kw']} {groups['num']}"
                title = title.strip(" .:-–")
            elif kind == "numbered":
                if len(line) > 200 and not _HEADING_TITLE_END.match(title):
                    continue
                level = (number or "").count(".") + 1
                cut = _HEADING_TITLE_END.match(title)
                title = cut.group(1) if cut else title
                if len(title) > 90:
                    title = title[:90].rsplit(" ", 1)[0]
            else:
                if sum(c.isalpha() for c in title) < 4 or not re.search(r"[A-Z]{2}", title):
                    continue
                level = 1
                number = None
            found[start] = (number, title.strip(), level)
    starts = sorted(found)
    levels = [found[start][2] for start in starts]
    # A section ends where the next one of the same or a higher level (<= its level) starts.
    # The open sections form a stack of strictly increasing levels, so one pass closes them all
    # (a scan of the later sections per section was quadratic on long contracts).
    ends = [len(text)] * len(starts)
    open_sections: list[int] = []
    for i, level in enumerate(levels):
        while open_sections and levels[open_sections[-1]] >= level:
            ends[open_sections.pop()] = starts[i]
        open_sections.append(i)
    return [
        Section(found[start][0], found[start][1], start, end, found[start][2])
        for start, end in zip(starts, ends, strict=True)
    ]


def find_paragraphs(text: str) -> list[tuple[int, int]]:
    """Paragraph spans: blank lines, headings and list items break; hard wraps do not.

    PDF text arrives hard-wrapped, so a line break only ends a paragraph when the line before
    ends a sentence and is clearly shorter than the text's usual line width.
    """
    lines = text.split("\n")
    widths = sorted(len(line) for line in lines if line)
    typical = widths[int(len(widths) * 0.8)] if widths else 0
    wrapped = typical >= 40 and typical <= 200
    paragraphs: list[tuple[int, int]] = []
    current: tuple[int, int] | None = None
    previous_line = ""
    end = -1
    for line in lines:
        start = end + 1  # past the line break
        end = start + len(line)
        stripped = line.strip()
        if not stripped:
            if current:
                paragraphs.append(current)
            current = None
            previous_line = ""
            continue
        lead = start + (len(line) - len(line.lstrip()))
        tail = end - (len(line) - len(line.rstrip()))
        breaks = current is None or not wrapped
        if not breaks:
            prev = previous_line.rstrip()
            short = len(prev) < typical * 0.75
            breaks = (
                # (the cheap tests first: most wrapped lines are no list item)
                ((short or prev.endswith((".", ":", ";"))) and bool(_LIST_ITEM.match(line)))
                or (short and prev.endswith((".", ":", ";", "!", "?")))
                or _is_heading_line(prev)
            )
            breaks = breaks or "\t" in line or "  " * 3 in stripped
        if breaks:
            if current:
                paragraphs.append(current)
            current = (lead, tail)
        else:
            assert current is not None
            current = (current[0], tail)
        previous_line = line
    if current:
        paragraphs.append(current)
    return paragraphs


def _is_heading_line(line: str) -> bool:
    stripped = line.strip()
    return (
        bool(stripped)
        and len(stripped) < 80
        and stripped.upper() == stripped
        and any(c.isalpha() for c in stripped)
    )


def sentence_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans inside ``text[start:end]`` (one paragraph), trimmed of whitespace."""
    marks = [match.span() for match in _SENTENCE_END.finditer(text, start, end)]
    return _sentence_spans(text, start, end, marks)


def _sentence_spans(
    text: str, start: int, end: int, marks: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    """:func:`sentence_spans` given the paragraph's ``_SENTENCE_END`` matches ``marks``."""
    spans: list[tuple[int, int]] = []
    cursor = start
    for mark, boundary in marks:
        if not _is_boundary(text, cursor, mark, boundary, end):
            continue
        spans.append((cursor, boundary))
        cursor = boundary
        while cursor < end and text[cursor].isspace():
            cursor += 1
    if cursor < end and text[cursor:end].strip():
        spans.append((cursor, end))
    return [(s, e) for s, e in spans if e > s]


def _is_boundary(text: str, sent_start: int, mark: int, boundary: int, end: int) -> bool:
    """Whether the punctuation at ``mark`` really ends the sentence begun at ``sent_start``."""
    if boundary >= end:
        return False  # (the next sentence's start follows: the pattern's lookahead said so)
    char = text[mark]
    if char == ":":
        return True
    if char == "." and text[mark:boundary].rstrip("\"'”’)]") == ".":
        # Only the last few characters matter; slicing keeps the checks O(1) on long sentences.
        before = text[max(sent_start, mark - 40) : mark]
        if mark - 40 > sent_start:
            before = "x" + before  # the window does not start the sentence
        # Both checks below read the end of ``before`` (up to a final line break, hence
        # ``tail``), with string methods rather than a search from the start of ``before``,
        # which tried a pattern at each of its 40 positions. The word before the period is
        # the trailing run of _WORD_CHARS from its first letter on.
        tail = before[:-1] if before.endswith("\n") else before
        word = tail[len(tail.rstrip(_WORD_CHARS)) :].lstrip(".'’")
        if word:
            token = word.lower().rstrip(".")
            if token in ABBREVIATIONS or (len(token) == 1 and token.isalpha()):
                return False
            if _INITIALISM.fullmatch(token):
                return False
        # Legal numbering: "4." or "(a)." or "4.2." alone before the clause text.
        if _NUMBER_ONLY_LINE.fullmatch(tail, tail.rfind("\n") + 1) or not before.strip():
            return False
    return True


# ------------------------------------------------------------------------------ spaCy pipeline
def _legal_sentences(doc: Doc) -> Doc:
    """spaCy component: mark sentence starts with the same rules as :func:`sentence_spans`."""
    starts = {0}
    for p_start, p_end in find_paragraphs(doc.text):
        for s_start, _ in sentence_spans(doc.text, p_start, p_end):
            starts.add(s_start)
    for token in doc:
        token.is_sent_start = token.idx in starts or (
            token.i > 0 and doc[token.i - 1].is_space and "\n\n" in doc[token.i - 1].text
        )
    return doc


@lru_cache(maxsize=1)
def get_nlp() -> Language:
    """The shared pipeline: blank English, abbreviation-aware tokenizer, legal sentences.

    Built once per process (model-free, so it never downloads anything). Extraction adds its
    EntityRuler to this same object on first use.
    """
    import spacy
    from spacy.language import Language
    from spacy.symbols import ORTH
    from spacy.tokenizer import Tokenizer

    nlp = spacy.blank("en")
    tokenizer = nlp.tokenizer
    assert isinstance(tokenizer, Tokenizer)
    for abbreviation in ABBREVIATIONS:
        for form in {abbreviation, abbreviation.capitalize(), abbreviation.upper()}:
            tokenizer.add_special_case(form + ".", [{ORTH: form + "."}])
    if "legal_sentences" not in Language.factories:
        Language.component("legal_sentences")(_legal_sentences)
    nlp.add_pipe("legal_sentences")
    return nlp
