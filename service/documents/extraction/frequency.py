"""Invoice frequencies: "monthly", "each calendar month", "bi-weekly", "in advance", "upon completion"."""

from __future__ import annotations

import re
from dataclasses import dataclass

_FREQUENCIES: list[tuple[str, str]] = [
    ("semimonthly", r"\bsemi-?\s?monthly\b|\btwice\s+(?:a|per|each)\s+month\b"),
    (
        "biweekly",
        r"\bbi-?\s?weekly\b|\bevery\s+(?:two|2|other)\s+weeks?\b|\bfortnightly\b"
        # "We will send you an account every second Friday"
        r"|\bevery\s+(?:second|other|alternate)\s+(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day|week)\b",
    ),
    ("weekly", r"\bweekly\b|\b(?:each|every|per|a)\s+week\b"),
    (
        "quarterly",
        r"\bquarterly\b|\b(?:each|every|per)\s+(?:calendar\s+)?quarter\b"
        r"|\b(?:each|every)\s+quarterly\s+(?:\w+\s+){0,2}?period\b",
    ),
    (
        "annually",
        r"\bannually\b|\b(?:each|every|per)\s+(?:calendar\s+)?year\b|\byearly\b"
        # "The Subscription Fees for each Contract Year shall be invoiced in a single instalment"
        r"|\b(?:each|every)\s+(?:contract|subscription|service|billing|agreement)\s+year\b"
        # "prior to the beginning of the next annual maintenance period"
        r"|\b(?:each|every|the\s+next)\s+annual\s+(?:\w+\s+){0,2}?period\b",
    ),
    (
        "monthly",
        r"\bmonthly\b|\b(?:each|every|per|a)\s+(?:calendar\s+)?month\b"
        r"|\b(?:first|last|\d{1,2}(?:st|nd|rd|th)?)\s+(?:business\s+)?day\s+of\s+(?:each|the|every)\s+(?:calendar\s+)?month\b"
        r"|\bmonth\s+after\s+the\s+month\b"
        r"|\b(?:beginning|start)\s+of\s+(?:each|every|the)\s+(?:calendar\s+)?month\b",
    ),
    ("advance", r"\bin\s+advance\b"),
    (
        "milestone",
        # "after successful completion of each agreed upon milestone"
        r"\b(?:upon|on|after)\s+(?:the\s+)?(?:\w+['’]s\s+)?(?:successful\s+|satisfactory\s+)?"
        r"(?:achievement|completion|acceptance)\s+of\s+(?:each|the|a|every)\s+"
        r"(?:agreed(?:\s+upon|-upon)?\s+)?(?:payment\s+)?milestones?\b"
        # "Supplier may invoice each Milestone Payment on or after the date on which ...", "issue
        # a valid tax invoice for each Instalment on or after the occurrence of its trigger event"
        r"|\binvoic\w*\s+(?:for\s+)?(?:each|every)\s+(?:milestone(?:\s+payment)?|payment\s+milestone)s?\b"
        r"|\binvoic\w*\s+(?:for\s+)?(?:each|every)\s+instal\w*\b(?=[^.;]{0,80}\b(?:trigger|milestone)\b)"
        # "The Fee is payable in three (3) instalments as follows: ... We will issue a tax invoice
        # upon each of the events above."
        r"|\binvoice\s+(?:upon|on|after|at)\s+(?:each|every)\s+(?:of\s+the\s+)?(?:events?|stages?)\b"
        # "The Studio will invoice the deposit on the Signature Date ... the balance when it
        # issues the final files": a deposit and a balance invoiced on events
        r"|\binvoice\s+the\s+deposit\s+(?:on|upon|when|at)\b"
        # "We will send you a tax invoice for the Deposit as soon as we receive your signed
        # Acceptance Form, and a tax invoice for the balance on the day the Report is emailed"
        r"|\binvoice\s+for\s+the\s+deposit\b[^.;]{0,120}\binvoice\s+for\s+the\s+balance\b"
        # "We will issue a valid tax invoice ... on the occurrence of each invoicing event"
        r"|\bon\s+the\s+occurrence\s+of\s+each\s+(?:invoicing\s+|payment\s+|trigger(?:ing)?\s+)?events?\b"
        # "We will bill the Fee in two equal installments, as also summarized in Schedule 2"
        r"|\b(?:bill|invoice)\s+(?:the\s+|our\s+)?(?:\w+\s+){0,2}?(?:in|as)\s+"
        r"(?:two|three|four|five|six|\d)\s+(?:\(\d\)\s+)?(?:equal\s+)?instal+ments?\b"
        # "The Fixed Price shall be paid in three (3) instalments, each of which the Contractor
        # shall invoice when the relevant event has occurred"
        r"|\b(?:paid|payable)\s+in\s+(?:two|three|four|five|six|\d)\s+(?:\(\d\)\s+)?(?:equal\s+)?"
        r"instal+ments?\b(?=[^.;]{0,60}\binvoice\w*\s+(?:\w+\s+){0,3}?(?:when|upon|on|after)\b)",
    ),
    (
        "completion",
        r"\b(?:upon|on|after)\s+(?:the\s+)?(?:\w+['’]s\s+)?(?:final\s+)?(?:completion|acceptance)\s+of\s+(?:the\s+)?(?:services|project|work|engagement)\b"
        # "The quoter will invoice one time (...) once inspection and acceptance is complete"
        r"|\binvoice\s+(?:only\s+)?(?:one\s+time|once)\b(?=[^.;]{0,160}?\b(?:acceptance|completion)\b)"
        # "We will issue a single invoice for all Fixed Fees ... upon delivery of the Collection
        # Report": one invoice at the end
        r"|\b(?:a|one)\s+single\s+invoice\b(?=[^.;]{0,100}?\b(?:upon|on|after)\s+(?:the\s+)?"
        r"(?:delivery|completion|acceptance)\b)"
        # "We will render our tax invoice on the date on which the Report is delivered": one
        # invoice when the final deliverable is
        r"|\b(?:render|issue|submit|send)\s+(?:our|its|a|the|one)\s+(?:tax\s+)?invoice\s+on\s+the\s+"
        r"date\s+on\s+which\s+the\s+(?:final\s+)?(?:\w+\s+)?(?:report|deliverable|work|services)\s+"
        r"(?:is|are)\s+(?:delivered|completed|accepted)\b",
    ),
]
FREQUENCY_RES = [(name, re.compile(pattern, re.I)) for name, pattern in _FREQUENCIES]


@dataclass(frozen=True)
class Frequency:
    """An INTERFACES invoice-frequency value and its span."""

    value: str
    start: int
    end: int


def find_frequencies(text: str, offset: int = 0) -> list[Frequency]:
    """Every frequency mention, most specific first where two overlap ("bi-weekly" not "weekly")."""
    found: list[Frequency] = []
    taken: list[tuple[int, int]] = []
    for name, pattern in FREQUENCY_RES:
        for match in pattern.finditer(text):
            if any(s < match.end() and match.start() < e for s, e in taken):
                continue
            taken.append(match.span())
            found.append(Frequency(name, match.start() + offset, match.end() + offset))
    return sorted(found, key=lambda f: f.start)


def normalize_frequency(text: str) -> str | None:
    """The first frequency named in ``text``."""
    found = find_frequencies(text)
    return found[0].value if found else None
