"""period_of_performance: start date, end date and stated duration in months.

A date is a start only after a start cue ("effective as of", "commencing on", a defined
Effective Date), never in a recital or next to a fee change; the term length is a duration in a
term sentence that is not an option, renewal or notice period.
"""

from __future__ import annotations

import bisect
import re

from service.documents.document import Document
from service.documents.extraction.numbers import ORDINALS
from service.documents.extraction.resolvers.amount_context import may_match
from service.documents.extraction.resolvers.finders import (
    find_dates,
    find_durations,
    lowered,
)
from service.documents.extraction.resolvers.sentences import (
    Found,
    Sentence,
    word_positions,
)

_TERM_SENTENCE = re.compile(
    # ("Long Term Archive (7 years)", "short-term storage": a kind of thing, not the deal's term)
    r"\b(?:(?<!long\s)(?<!long-)(?<!short\s)(?<!short-)(?<!medium\s)(?<!medium-)term|period\s+of\s+performance|POP|base\s+(?:year|period)|initial\s+(?:term|period)|"
    r"minimum\s+period|remain\s+in\s+(?:full\s+force\s+and\s+)?effect|continue\s+in\s+effect|"
    r"shall\s+continue|will\s+continue|anniversary|(?:a|(?:during|for)\s+the)\s+period\s+of"
    # "The Programme Period is twelve (12) months": a defined period's length
    r"|(?-i:[A-Z][a-z]+\s+Period)\s+(?:is|shall\s+be|will\s+be)\s+(?:[\w-]+\s+){0,2}(?:\(\d+\)\s+)?"
    r"(?:months?|years?|weeks?))\b"
    r"|\bperiod\s*:",  # a labeled field: "INITIAL DISTRIBUTION PERIOD: ... (6 Months from ...)"
    re.I,
)
_TERM_EXCLUDE = re.compile(
    r"confidential|solicit|compet|warrant|surviv|records|audit|statute|invoice|\bpay\b|"
    r"insurance|indemn",
    re.I,
)
# a lowercase stem of every alternative above: without one the pattern (no literal prefix, so
# tried at every position of long sentences) cannot match
_TERM_EXCLUDE_WORDS = (
    "confidential",
    "solicit",
    "compet",
    "warrant",
    "surviv",
    "records",
    "audit",
    "statute",
    "invoice",
    "pay",
    "insurance",
    "indemn",
)
_DURATION_LEAD_EXCLUDE = re.compile(
    r"option|renew\w*|extend\w*|extension|successive|subsequent|additional|further|notice|within|prior\s+to|"
    r"after|following|preceding|previous|\bpast\b|least|up\s+to(?!\s+and\s+including)|exceed|\bthan\b",  # "(being slightly longer than twelve (12) months)"
    re.I,
)
_COMPLETED_WITHIN = re.compile(
    r"\b(?:services|work)\b[^.;]{0,60}\bcommenc\w*\s+on\b[^.;]{0,40}\band\s+(?:are|is|shall\s+be|will\s+be)\s+"
    r"(?:to\s+be\s+)?completed\s+within\s+(?:a\s+period\s+of\s+)?$",
    re.I,
)
_DOCUMENT_CONTINUES = re.compile(
    r"\bthis\s+(?:SOW|agreement|order|contract|schedule|statement\s+of\s+work|work\s+order)\s+"
    r"(?:shall|will)\s+continue\s+(?:in\s+force\s+)?for\s+(?:a\s+period\s+of\s+)?$",
    re.I,
)
_ENDING_BEFORE = re.compile(r"\b(?:ending|expiring|and\s+end)\s+$", re.I)
_BEGINNING_ON = re.compile(
    r"\b(?:beginning|commencing|starting)\s+(?:on|as\s+of|with)\s+the\s+(?:Effective|Commencement)\s+Date",
    re.I,
)
# the term ends on (or the day before) an ordinal anniversary of its start
_ANNIVERSARY_END = re.compile(
    r"\b(?<!prior\s)(?:through|until|till|end(?:s|ing)?\s+on|expir\w*\s+on|terminat\w*\s+on)\s+"
    r"(?:the\s+(?:day|date)\s+(?:immediately\s+)?(?:prior|before|preceding)\s+(?:to\s+)?)?the\s+"
    r"(?P<n>first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|(?:[1-9]|10)(?:st|nd|rd|th))"
    r"\s+(?:\(\d{1,2}(?:st|nd|rd|th)\)\s+)?anniversary\s+of\s+(?:the\s+(?:Effective|Commencement|Start)\s+Date"
    # "shall end on the seventh anniversary of the date hereof"
    r"|the\s+date\s+(?:hereof|of\s+this\s+Agreement)|this\s+Agreement)",
    re.I,
)
_STARTS_AT_ANNIVERSARY = re.compile(
    r"\b(?:commenc\w*|beginning|starting)\s+(?:on|with|at|from)\s+(?:the\s+)?$", re.I
)
# "five (5) years following the Effective Date": a duration counted from the start is the term
# (in a sentence about the term, see ``_AFTER_START``), not a delay after some other event
_AFTER_START_DATE = r"(?:after|following)\s+(?:the\s+)?(?:Effective|Commencement)\s+Date"
_DURATION_TRAIL_EXCLUDE = re.compile(
    rf"\s*(?:\)\s*)?(?:(?!{_AFTER_START_DATE})(?:after|following)"
    r"|prior|notice|thereafter|before|(?:immediately\s+)?preceding|renewal|extension|fiscal|"
    # "during the twelve (12) month period prior to the event giving rise to termination rights"
    r"period\s+(?:immediately\s+)?(?:prior|before|preceding)\b|"
    r"of\s+the\s+(?:initial\s+|then[\s-]current\s+)?term\b|(?:from|of)\s+(?:the\s+)?"
    r"(?:\w+\s+){0,3}(?:termination|expiration|receipt|notice))",
    re.I,
)
# '(the "Initial Term")', '(hereinafter referred to as "initial Period")' right after a duration:
# the duration is the term, whatever "thereafter" or "following the RFS Date" around it says
_NAMED_TERM_AFTER = re.compile(
    r"[^.;()]{0,60}?\(\s*(?:the\s+|hereinafter\s+(?:referred\s+to\s+as\s+|called\s+)?(?:the\s+)?)?"
    r"[\"“”']{1,2}\s*(?:initial\s+|original\s+)?(?:term|period)\b",
    re.I,
)
_AFTER_START = re.compile(rf"\s*(?:\)\s*)?{_AFTER_START_DATE}", re.I)
_QUOTED_TERM = re.compile(r"[\"“”']\s*(?:initial\s+|original\s+)?(?:term|period)\b", re.I)
# a duration that opens or closes a range is a bound, not the term
_RANGE_TRAIL = re.compile(
    r"[\s*_]*(?:to|through|-|–)\s+(?:\w+\s*)?(?:\(\s*\d+\s*\)[\s>*_]*)?(?:days?|weeks?|months?|years?)\b",
    re.I,
)
_RANGE_LEAD = re.compile(r"\b(?:days?|weeks?|months?|years?)\W{0,3}\s*(?:to|through|-|–)\s*$", re.I)
# "performed between", "scheduled between", "This Agreement covers the Events scheduled between"
_BETWEEN = r"\b(?:performed|scheduled|provided|runs?|covers?\b[^.;]{0,40})\s+between"
_BETWEEN_START = re.compile(_BETWEEN + r"\s*$", re.I)
_START_CUES = [
    # a SOW's own start: "| Start Date | 1 March 2025 |", '"Commencement Date" means 3 March 2025',
    # "Consultant shall perform the Services from April 7, 2025 through ...": the services start,
    # which wins over the date the SOW was signed or took effect
    (
        re.compile(
            # (after an optional clause or item number: "1.1  Commencement Date:  2 February
            # 2026", "Item 1   Commencement Date       19 January 2026")
            # ("BOX 5   CALL-OFF START DATE" over "        1 September 2025": a form's box)
            r"(?:^|[|\"“'\n])\s*(?:(?:item\s+|box\s+)?[A-Z]?\d{1,2}(?:\.\d{1,2}){0,2}\.?\s+)?"
            r"(?:(?:services?|project|programme|program|sow|work|support|subscription|"
            r"engagement|assignment|contract|order|call-off)\s+)?"
            r"(?:start|commencement)\s+date[\"”']?"
            # "Start Date: ...", "| Start Date | ...", "Start Date ....... 1 April 2025", a
            # space-aligned key-terms table, '"Start Date" means ...'
            r"(?:\s*(?::|\||-|–|\.{2,}|means|shall\s+mean|is|will\s+be)|[ \t]{2,}|[ \t]*\n[ \t]{4,})\s*$"
            r"|\b(?:perform\w*|provid\w*|render\w*)\s+(?:the\s+)?(?:services|work)\s+"
            # ("shall perform the Services in the period from 1 December 2025 until ...")
            r"(?:(?:in|during)\s+the\s+period\s+)?from\s*$"
            # "Services under this Agreement will be performed from November 4, 2024"
            r"|\b(?:performed|provided|rendered)\s+(?:in\s+the\s+period\s+)?from\s*$"
            # "We will provide services under this letter for Assignments taking place from
            # February 16, 2026 through June 30, 2026"
            r"|\b(?:services|assignments?|work)\b[^.;]{0,50}?\btaking\s+place\s+from\s*$"
            # "The Discovery Phase runs for seven (7) weeks, from 7 October 2024 to ..."
            r"|\b(?:runs?|lasts?)\b[^.;]{0,60}\bfrom\s*$"
            # "The Services shall be performed during the period beginning on April 7, 2025"
            r"|\b(?:services|work)\b[^.;]{0,60}\b(?:beginning|commencing|starting)\s+(?:on|from)\s*$"
            # "The Services under this SOW will commence on November 3, 2025"
            # ("This SOW will commence on January 5, 2026 (the "SOW Effective Date")")
            # ("This SOW commences on the SOW Effective Date, April 6, 2026, and ... expires on
            # September 30, 2026": the date that a defined date names)
            # ("The engagement begins on Monday, October 20, 2025 and ends on March 31, 2026")
            r"|\b(?:services|work|SOW|order|engagement|appointment|assignment)\b[^.;]{0,40}"
            r"\b(?:(?:shall|will)\s+(?:commence|begin|start)|commences|begins|starts)\s+on"
            r"(?:\s+the\s+(?:\w+\s+)?(?:Effective|Commencement|Start)\s+Date,)?\s*$"
            # "The Services shall be performed during the period commencing February 2, 2026"
            r"|\bperformed\s+during\s+the\s+period\s+(?:beginning|commencing|starting)(?:\s+(?:on|from))?\s*$"
            # "The term of this Agreement begins on January 1, 2026": the term's own start, not
            # the date the agreement was entered into
            # ('The initial subscription term (the "Initial Term") shall commence on November 1,
            # 2025')
            r"|\b(?:term|period\s+of\s+performance)\b[^.;]{0,40}"
            r"\b(?:begins|commences|starts|(?:shall|will)\s+(?:begin|commence|start))\s+(?:on|as\s+of)\s*$",
            re.I,
        ),
        0.92,
    ),
    (re.compile(r"effective\s+(?:as\s+of|on|from)\s*(?:this\s+)?$", re.I), 0.9),
    # 'covers the Events scheduled between March 28, 2026 and November 1, 2026 (the "Engagement
    # Period")': a range that a defined period or term names
    (_BETWEEN_START, 0.85),
    # "a period of ten (10) months, from 2026-01-05", "Twenty-four (24) months: July 1, 2026
    # through ...": a stated duration runs from its start
    (
        re.compile(
            r"\b(?:months?|years?|weeks?)\)?\s*(?:,\s*|:\s*)(?:commencing\s+(?:on\s+)?|from\s+)?$"
            r"|\b(?:months?|years?|weeks?)\)?\s+from\s*$",
            re.I,
        ),
        0.85,
    ),
    # 'With effect from 1 January 2026 (the "Commencement Date")'
    (re.compile(r"\bwith\s+effect\s+(?:from|on)\s*$", re.I), 0.85),
    # "This Schedule takes effect on 7 December 2026"
    (re.compile(r"\b(?:takes?|took|shall\s+take|will\s+take)\s+effect\s+(?:on|as\s+of|from)\s*$", re.I), 0.9),
    # "commencing on", "We will start work on 2 June 2025"
    (
        re.compile(
            # ("The Architect shall commence Basic Services on February 2, 2026")
            # ("Provider will begin performing the Services on February 2, 2026")
            # ("We will start the Audit on Monday, January 12, 2026")
            r"(?:commenc\w*|begin\w*|start\w*)\s+(?:(?:perform|provid)\w*\s+)?"
            r"(?:(?:the\s+)?(?:[A-Z]\w+\s+)?(?:work|services)\s+)?(?:on|upon|as\s+of)\s*$"
            r"|\b(?:we|I)\s+will\s+start\s+the\s+(?-i:[A-Z])\w+\s+on\s*$",
            re.I,
        ),
        0.85,
    ),
    # a labeled field of a cover page: "Effective Date: January 1, 2019"
    (re.compile(r"\beffective\s+date\s*(?::|\||\.{2,}|[ \t]{2,})\s*$", re.I), 0.85),
    # "INITIAL DISTRIBUTION PERIOD: April 15, 2000 through October 15, 2000"
    (re.compile(r"\b(?:term|period)\s*[:|]\s*$", re.I), 0.8),
    # a space-aligned key-terms field: "Retainer Term                March 1, 2026 to ..."
    (re.compile(r"(?:^|\n)[ \t]*(?:[A-Z][\w-]*\s)?(?:Term|Period|TERM|PERIOD)[ \t]{2,}$"), 0.8),
    (
        re.compile(
            r"(?:entered\s+into|made)\s+(?:and\s+entered\s+into\s+)?(?:as\s+of|effective)\s*(?:this\s*)?$",
            re.I,
        ),
        0.8,
    ),
    (re.compile(r"dated\s+as\s+of\s+$", re.I), 0.6),  # plain "Dated <date>" is a letter date
]
# "The effective term is 12 months beginning March 1, 2005 and ending February 28, 2006": without
# "on", a start or end participle counts only in a sentence about the term
# ("The monitoring program ... runs for a period of twenty-four (24) months, beginning January 1,
# 2026 and ending December 31, 2027")
_BARE_START = re.compile(
    r"\b(?:term|period\s+of\s+performance|runs?\s+for\s+a\s+period)\b[^.;]{0,60}"
    r"\b(?:commencing|beginning|starting)\s*$",
    re.I,
)
_BARE_END = re.compile(
    r"\b(?:term|period\s+of\s+performance|(?:during|in)\s+the\s+period|runs?\s+for\s+a\s+period)\b"
    r"[^.;]{0,120}\b(?:ending|expiring|terminating)\s*$",
    re.I,
)
_BARE_START_WORDS = ("commencing", "beginning", "starting")  # cheap guards of the two above
_BARE_END_WORDS = ("ending", "expiring", "terminating")
# "performed from the Effective Date until December 31, 2018"
_FROM_EFFECTIVE_UNTIL = re.compile(
    r"\bfrom\s+the\s+(?:\w+\s+)?(?:Effective|Commencement|Start)\s+Date\s+(?:until|through|to)\s*$", re.I
)
# "EFFECTIVE DATE shall mean the Date of Installation of the PSS in Kuwait, i.e. December 10, 1993"
_START_DEFINED = re.compile(
    r"effective\s+date\W{0,3}\s+(?:shall\s+)?(?:means?|be|is)\b(?:[^.;]|\bi\.e\.|\.(?=\w)){0,90}$",
    re.I,
)
# '<date> (the "Effective Date")', also after a comma: 'on February 26, 1999, (the "Effective Date")'
_START_AFTER = re.compile(
    r"^\s*,?\s*\(?\s*(?:the\s+)?[\"“”']{1,2}\s*Effective\s+Date"
    # "made and entered into this 2nd day of September 1998, hereinafter called the Effective Date"
    r"|^\s*,?\s*\(?\s*hereinafter\s+(?:called|referred\s+to\s+as)\s+(?:the\s+)?[\"“”']{0,2}\s*"
    r"Effective\s+Date",
    re.I,
)
_SOW_EFFECTIVE_AFTER = re.compile(
    r"^\s*,?\s*\(?\s*(?:the\s+)?[\"“”']{1,2}\s*(?:SOW|Order|Schedule)\s+Effective\s+Date", re.I
)
# "shall be effective from the date first above written", "commencing on the date first set forth
# above": the term starts on the date of the opening sentence ("made this 20 day of November, 1995")
_THIS_DATE = (
    r"(?:hereof|of\s+this\s+(?:agreement|document|contract)|signed|of\s+signing|of\s+execution)"
)
_FROM_FIRST_WRITTEN = re.compile(
    r"(?:effective|commenc\w*|begin\w*|start\w*)\s+(?:on|from|as\s+of|with)\s+the\s+date\s+"
    r"(?:and\s+year\s+)?first\s+(?:above\s+written|written\s+above|set\s+(?:forth|out)\s+above)"
    # '"Effective Date" means the date first written above' (the term commences on it)
    r"|\bEffective\s+Date[\"”]?\s+(?:means|shall\s+mean)\s+the\s+date\s+(?:and\s+year\s+)?first\s+"
    r"(?:above\s+written|written\s+above|set\s+(?:forth|out)\s+above)"
    # "shall be for a term of five years from the date of this document / hereof", "for the five
    # (5) year term ("Initial Term") from the date signed"
    r"|\bterm\s+of\s+[^.;]{0,40}?\b(?:years?|months?)\s+(?:\(\d+\)\s+)?from\s+the\s+date\s+"
    rf"{_THIS_DATE}"
    r"|\b(?:year|month)\s+term\b[^.;]{0,40}?\bfrom\s+the\s+date\s+"
    rf"{_THIS_DATE}",
    re.I,
)
_OPENING_DATE_LEAD = re.compile(r"\b(?:made|executed|entered\s+into|dated)\b[^.;]{0,40}$", re.I)
_AS_OF_END = re.compile(r"\bas\s+of\s+(?:the\s+)?$", re.I)
_OPENING_VERB = re.compile(r"\b(?:made|executed|entered\s+into)\b", re.I)
OPENING_CHARS = 3000  # where the opening sentence ("This Agreement is made ...") sits
# 'effective as of that date (the "Effective Date") the Site becomes fully operational': the
# Effective Date is an event, so a "dated as of" date is only the signing date
_SIGNING_REFERENCE = re.compile(
    r"\bhereof\b|date\s+first|date\s+of\s+(?:this\s+agreement|execution|(?:the\s+)?(?:last\s+)?signature)|"
    r"(?:upon|on)\s+(?:its\s+|the\s+)?(?:execution|signature|signing)|(?:is|are|was|been)\s+(?:signed|executed)|"
    r"\bdated\b|_{3,}",
    re.I,
)
_EFFECTIVE_DATE_DEFINED = re.compile(
    r"\(\s*(?:the\s+)?[\"“”']{1,2}\s*Effective\s+Date[\"“”']", re.I
)
# "shall automatically renew at the end of the Initial Term on the same terms (including pricing
# terms) for one (1) twelve-month period": the duration that follows is a renewal's
_RENEWS_FOR = re.compile(
    r"\brenew(?:s|ed)?\b[^.;]{0,140}\bfor\s+(?:an?\s+|one\s+(?:\(1\)\s+)?)?"
    r"(?:additional\s+|successive\s+|further\s+|consecutive\s+)?$",
    re.I,
)
_OTHER_PERIOD = re.compile(
    r"\bexclusiv\w*\s+(?:period|term)\b"
    # '"Implementation Phase" means the period from the Programme Start Date until ...': a phase
    r"|\b(?:phase|stage)[\"”']?\s+means\b"
    # '"Investigation Period" means the period from January 1, 2022 through March 31, 2026, being
    # the period of transactions under review': the span a review looks back over
    r"|\b(?:investigation|review|audit|look-?back|reporting|measurement|assessment|historical"
    r"|transactions?|claims?|warranty|defects?(?:\s+liability)?|retention)\s+period[\"”']?\s+"
    r"(?:means|shall\s+mean|is)\b"
    # "ensure that interviewees are available during the period from 14 April 2025 to 23 May
    # 2025": when people must be at hand, not the term
    r"|\bavailab\w*\s+(?:during|in|for)\s+the\s+period\b"
    # "Reconcile every bank account ... for each month from May 1, 2023 to April 30, 2025": the
    # months the work covers, not the term
    r"|\b(?:for\s+each|every)\s+(?:month|year|quarter)\s+from\b"
    # "the surrender of the Loyang lease, which expires on 31 March 2027": another thing's end
    r"|\b(?:lease|licen[cs]e|warranty|policy|tenancy)\b,?\s+which\s+(?:expires|ends|terminates)\b",
    re.I,
)
# a date as written: "1 June 2025", "June 1, 2025", "01-07-2026", "2026-07-01", with its
# weekday or not ("Monday 6 October 2025")
_WEEKDAY = r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+"
_DATE_TEXT = (
    rf"(?:{_WEEKDAY})?(?:\d{{1,2}}\s+[A-Z][a-z]+\s+\d{{4}}|[A-Z][a-z]+\s+\d{{1,2}},?\s+\d{{4}}"
    r"|\d{1,2}[/.-]\d{1,2}[/.-]\d{4}|\d{4}-\d{2}-\d{2})"
)
_WEEKDAY_BEFORE = re.compile(rf"\b{_WEEKDAY}$")


# '14 December 2026 (Target Completion Date)', '30 June 2026 (the "Completion Date")': the date
# the document names its end
_END_NAMED_AFTER = re.compile(
    r"\s*\(\s*(?:the\s+)?[\"“”']?\s*(?:target\s+|planned\s+|scheduled\s+)?(?:completion|end|expiry)\s+date\b",
    re.I,
)
_EXISTING_DEAL = re.compile(
    r"\b(?:existing|current|previous|prior|incumbent)\s+(?:\w+\s+){0,2}?"
    r"(?:agreement|contract|provider|supplier|arrangement)s?\b"
    # "Service Order No. CTS-SO-2023-011 dated 3 March 2023, which covered ...": another order
    r"|\bNo\.\s*[\w/-]+\s+dated\b"
    # "It replaces ... Schedule 2 (Quarterly Reserving Support) dated 2 May 2024, which shall
    # terminate at midnight on 31 January 2026": the document this one replaces
    r"|\b(?:replaces|supersedes|succeeds)\b[^.;]{0,120}\bdated\b",
    re.I,
)
_RANGE_NAMED_TERM = re.compile(
    rf"\s+(?:to|until|through|-|–)\s+{_DATE_TEXT}\s*\(\s*(?:the\s+)?[\"“”']\s*(?:initial\s+)?(?:term|period)\b",
    re.I,
)


def _before_date(text: str, start: int, end: int) -> str:
    """The text before a date, without the date's weekday ("runs from Monday 6 October 2025"):
    the cues read the words before the date itself."""
    before = text[start:end]
    if "|" in before and "\n" in before:
        # a cell wrapped onto the next row of a pipe table ("ending on   |\n|        | 31/01/2029"):
        # the words before the date are the cell's first line
        before = _WRAPPED_CELL.sub(" ", before)
    if before.endswith((" ", ", ")) and "day" in before[-12:]:
        return _WEEKDAY_BEFORE.sub("", before)
    return before


_WRAPPED_CELL = re.compile(r"[ \t]*\|[ \t]*\n[ \t]*\|(?:[ \t]*\|)?[ \t]*")
_END_CUE = re.compile(
    # (a word of its own: "submitted its tender on 14 October 2025" is no end)
    r"\b(?:continue|remain\w*\s+in\s+(?:full\s+)?(?:force\s+and\s+effect|force|effect)|end|expir|terminat|run)\w*\s+"
    # ("which expires at midnight on 28 February 2027")
    # ("expiring at 11:59 p.m. Mountain Time on October 31, 2028")
    r"(?:at\s+(?:midnight|\d{1,2}(?:[:.]\d\d)?\s*[ap]\.?m\.?)\s+(?:\(?\w+\s+(?:standard\s+)?time\)?\s+)?)?"
    r"(?:on|until|through|thru)\s*$|\bthrough\s*$"
    # ("Statement of Work No. 1, which was completed on 30 September 2025": another's end)
    # ("will be completed, with the issue of the Final Report, by June 26, 2026")
    r"|(?<!was\s)(?<!were\s)(?<!been\s)completed(?:\s*,[^,.;]{1,60},)?\s+(?:no\s+later\s+than|by|on)\s*$"
    # "The Architect shall commence the Services on 12 January 2026 and shall complete the
    # Services by 30 October 2026"
    r"|\b(?:shall|will)\s+complete\s+the\s+(?:services|work)\s+(?:no\s+later\s+than|by|on)\s*$"
    # a labeled field of a cover page: "Expiration Date: August 31, 2006"
    r"|\b(?:expiration|expiry|termination|end|completion)\s+date(?:\s+and\s+(?:\w+\s+){0,3}date)?\s*:\s*$"
    # '"Completion Date" means 28 November 2025', "| End Date | 30 June 2026 |"
    r"|(?:^|[|\"“'\n])\s*(?:(?:item\s+)?\d{1,2}(?:\.\d{1,2}){0,2}\.?\s+)?"
    r"(?:(?:services?|project|programme|program|sow|contract)\s+)?"
    # ("Item 2   Expiry Date             18 December 2026": a space-aligned key-terms row)
    r"(?:completion|end|expiry|expiration)\s+date[\"”']?\s*(?:\||means|shall\s+mean|[ \t]{2,})\s*$"
    # ("BOX 6   CALL-OFF EXPIRY DATE AND INITIAL TERM" over "        31 August 2026.")
    r"|(?:^|\n)[ \t]*(?:box\s+\d{1,2}\s+)?(?:call-off\s+|contract\s+|order\s+)?(?:expiry|expiration|end)\s+date"
    r"(?:\s+and\s+[\w ]{1,20})?[ \t]*\n[ \t]{4,}$"
    # "| Initial Term | 1 June 2025 to 31 May 2027 (twenty-four months) |": the range's end
    rf"|\b(?:term|period)\s*[:|]\s*{_DATE_TEXT}\s+(?:to|-|–|until)\s*$"
    # ("Retainer Term                March 1, 2026 to February 28, 2027": a space-aligned field)
    rf"|(?:^|\n)[ \t]*(?:[A-Z][\w-]*\s)?(?-i:Term|Period|TERM|PERIOD)[ \t]{{2,}}{_DATE_TEXT}\s+(?:to|-|–|until)\s*$"
    # "The engagement period is 12 January 2026 to 30 April 2026"
    rf"|\b(?:term|period)\s+(?:is|will\s+be|shall\s+be)\s+{_DATE_TEXT}\s+(?:to|-|–|until|through)\s*$"
    # '"Contract Period" shall mean ... commencing as of May 31, 1999 and concluding May 31, 2000'
    r"|\bconclud(?:e|es|ing)\s+(?:on\s+)?$"
    # "We will start work on 2 June 2025 and aim to finish by 19 December 2025"
    r"|\bfinish\s+(?:by|on)\s*$"
    # "performed in the period from 10 March 2025 to 27 June 2025", "from 10 March 2025 until"
    # "This order runs from 01-07-2026 up to and including 30-06-2027"
    # ('performed from 2 February 2026 (the "Start Date") until 30 April 2026')
    rf"|\bfrom\s+{_DATE_TEXT}\s+(?:\([^()]{{1,40}}\)\s+)?(?:to|until|till|up\s+to\s+and\s+including)\s*$"
    # "The initial Schedule Term is twelve (12) months, from January 1, 2026 to and including"
    rf"|\b(?:term|months?|years?)\b[^.;]{{0,30}}\bfrom\s+{_DATE_TEXT}\s+to\s+and\s+including\s*$"
    # "shall continue for a period of twelve (12) months, that is, until 31 March 2026"
    # ("... runs for nine (9) months until 30.09.2026")
    r"|\b(?:months?|years?)\)?,?\s+(?:that\s+is,?\s+|i\.e\.,?\s+)?until\s*$"
    # "scheduled between March 28, 2026 and November 1, 2026"
    rf"|{_BETWEEN}\s+{_DATE_TEXT}\s+and\s*$"
    # "for a period of twenty-four (24) months, i.e. up to and including 31/01/2028"
    r"|\bup\s+to\s+and\s+including\s*$"
    # "shall continue for a period of twelve (12) months, that is, until 31 March 2026"
    r"|\bcontinue\w*\b[^.;]{0,80}\buntil\s*$",
    re.I,
)


def _sow_start(doc: Document, sentences: list[Sentence]) -> tuple[str, float, int, int] | None:
    """The first start a SOW states for its own services (_START_CUES[0]): a start or
    commencement date field, "perform the Services from", "the Services ... beginning on". It wins
    over an effective or signing date, which the main scan may have settled on before reaching it
    (searched in the few sentences that have the words, so the main scan can stop early)."""
    cue, weight = _START_CUES[0]
    lower = lowered(doc.text)
    if len(lower) != len(doc.text):
        candidates = [s for s in sentences if _may_state_sow_start(s)]
    else:
        # the sentences holding an anchor word, found with str.find over the whole text (C
        # speed) instead of testing every sentence
        starts = [s.start for s in sentences]
        picked: dict[int, Sentence] = {}
        for at in word_positions(lower, _SOW_START_ANCHORS):
            i = bisect.bisect_right(starts, at) - 1
            if i >= 0 and sentences[i].start <= at < sentences[i].end:
                picked.setdefault(i, sentences[i])
        candidates = [picked[i] for i in sorted(picked) if _may_state_sow_start(picked[i])]
    for s in candidates:
        if _is_recital(s.text) or _cites_master_term(s):
            continue
        if s.mentions("start date", "commencement date") and cue.search(s.text):
            # "Service Start Date .." ended its own sentence: the date is the next one
            following = find_dates(doc.text[s.end : s.end + 40], s.end)
            if following and following[0].start - s.end < 6:
                return (following[0].iso, weight, s.start, following[0].end)
        for date in find_dates(s.text, s.start):
            before = _before_date(doc.text, max(s.start, date.start - 60), date.start)
            if cue.search(before) and not _OTHER_DATE_BEFORE.search(before):
                return (date.iso, weight, s.start, s.end)
    return _wrapped_start_label(doc, lower, weight)


# a start field whose label wraps onto a second line of a key-terms block:
# "  Services Commencement\n  Date:                   February 1, 2026"
_WRAPPED_START_LABEL = re.compile(r"(?:start|commencement)[ \t]*\n[ \t]*date[ \t]*:[ \t]*", re.I)


def _wrapped_start_label(
    doc: Document, lower: str, weight: float
) -> tuple[str, float, int, int] | None:
    """The date of a start field whose label wraps onto a second line of a key-terms block."""
    if len(lower) != len(doc.text):
        labels = list(_WRAPPED_START_LABEL.finditer(doc.text))
    else:  # tried only where a label word ends a line (str.find at C speed)
        hits = word_positions(lower, ("commencement\n", "start\n"))
        labels = [m for at in hits if (m := _WRAPPED_START_LABEL.match(doc.text, at))]
    for label in labels:
        following = find_dates(doc.text[label.end() : label.end() + 40], label.end())
        if following and following[0].start == label.end():
            return (following[0].iso, weight, label.start(), following[0].end)
    return None


# a word every SOW-start cue holds (a superset: _may_state_sow_start decides)
_SOW_START_ANCHORS = (
    "start date",
    "commencement date",
    "beginning on",
    "starting on",
    "commencing",  # "The Services shall be performed during the period commencing <date>"
    "ed from",  # performed / provided / rendered from
    "services from",
    "work from",
    "runs for",
    "lasts for",
    "runs from",
    "lasts from",
    "period from",
)


# a date after "amended", "restated", "supersedes", "prior agreement", "signature" or "expire"
# dates another deal, a signature or an end, not this one's start
_OTHER_DATE_BEFORE = re.compile(r"amend|restat|supersed|prior\s+agreement|signature|expire", re.I)


def _cites_master_term(s: Sentence) -> bool:
    """Whether the sentence states the master agreement's (or a prime award's) own term."""
    return s.mentions("msa", "master", "framework", "prime", "grant", "itself") and bool(
        _MASTER_AGREEMENT_TERM.search(s.text)
    )


_PERIOD_COMMENCING = re.compile(r"\bperiod\s+commencing\b", re.I)


def _may_state_sow_start(s: Sentence) -> bool:
    """Whether the sentence has the words a SOW's own start (_START_CUES[0]) needs: a start or
    commencement date label, "<performed|provided|runs...> ... from", or "beginning on"."""
    return (
        s.mentions(
            "start date",
            "commencement date",
            "beginning on",
            "commencing on",
            "starting on",
        )
        or (s.mentions("commencing") and _PERIOD_COMMENCING.search(s.text) is not None)
        or (s.mentions(" from") and s.mentions("perform", "provid", "render", "runs", "lasts"))
    )
_PERIOD_WORDS = (
    "performed",  # "The Services will be performed from 10 March 2025 to 27 June 2025"
    "runs for",  # "The Discovery Phase runs for seven (7) weeks, from 7 October 2024 to ..."
    "run for",
    "runs from",
    "run from",
    "effective",
    "effect from",  # "This Agreement takes effect from 6 October 2025"
    "effect on",
    "commenc",
    "begin",
    "start",
    "entered",
    "made",
    "dated",
    "term",
    "continu",
    "end",
    "expir",
    "until",
    "through",
    "complet",
    "period",
    "remain",
)


_THAT_CERTAIN = re.compile(r"\bthat\s+certain\b", re.I)
_RECITAL_WORD = re.compile(r"\b(?:WHEREAS|Whereas)\b")


# "The MSA commenced on 14 June 2022 for an initial term of three (3) years": a SOW citing the
# term of the master agreement it is made under
_MASTER_AGREEMENT_TERM = re.compile(
    # ("The Framework runs from 1 April 2024 to 31 March 2028")
    r"\b(?:The|the)\s+(?:MSA|Master\s+(?:Services?\s+|Professional\s+Services\s+)?Agreement|"
    r"Framework(?:\s+Agreement)?|Prime\s+(?:Award|Contract|Agreement)|Grant\s+Agreement)\s+"
    r"(?:commenced|began|started|took\s+effect|was\s+entered|expires|will\s+expire|runs|continues)\b"
    # "the period of performance of the Prime Award runs from July 1, 2024 through June 30, 2028"
    r"|\bperiod\s+of\s+performance\s+of\s+the\s+(?:Prime\s+(?:Award|Contract)|Grant|MSA|"
    r"Master\s+(?:Services?\s+)?Agreement)\b"
    # "Nothing in this SOW affects the term of the Agreement itself, which continues for an
    # initial period of three (3) years from 14 August 2023"
    r"|\bterm\s+of\s+the\s+(?:Agreement\s+itself|MSA|Master\s+(?:Services?\s+)?Agreement|"
    r"Framework\s+Agreement)\b"
    # "does not affect the MSA, which continues for its initial term of three (3) years", "the
    # MSA has an initial term of three (3) years", "The Agreement itself was concluded for"
    # ("terminated earlier in accordance with clause 15 or the MSA, continues until": the SOW's)
    r"|\b(?:MSA|Master\s+(?:Services?\s+)?Agreement|Framework\s+Agreement|Agreement\s+itself"
    r"|Prime\s+(?:Award|Contract|Agreement))\b"
    r"(?:,?\s+which\s+|\s+)(?:has|had|continues|continued|was\s+concluded|was\s+entered\s+into|runs|ran)\b"
    # 'a framework agreement ... dated 4 November 2024 (the "Framework Agreement"), which expires
    # on 3 November 2028'
    r'|\b(?:MSA|Agreement)["”]\)?,?\s+which\s+(?:expires|will\s+expire|ends|terminates|runs|continues)\b',
)


def _any_word(lower: str, words: tuple[str, ...]) -> bool:
    return any(map(lower.__contains__, words))


def _is_recital(text: str) -> bool:
    return text[:20].lstrip()[:7].upper() == "WHEREAS"


def resolve_period(doc: Document, sentences: list[Sentence]) -> Found | None:
    """period_of_performance: effective/start date, end date, stated duration in months."""
    start_value: tuple[str, float, int, int] | None = None
    end_value: tuple[str, int, int] | None = None
    months: tuple[int, int, int] | None = None
    months_named = (
        False  # whether the duration names the term ('four (4) years (the "Initial Term")')
    )
    opening_date: tuple[str, int, int] | None = None
    event_effective_date = False
    for s in sentences:
        # Once the start has a confidence of 0.9 (only a SOW's own start, looked for separately
        # below, replaces it) and an end is found (the first wins), no date can change the result:
        # the opening date and an event Effective Date only matter for a start below 0.85.
        settled = end_value is not None and start_value is not None and start_value[1] >= 0.9
        if settled and months is not None:
            break  # and the first stated duration wins: nothing later can change the result
        if _cites_master_term(s):
            continue  # the master agreement's own dates and term, not this SOW's
        dates = (
            find_dates(s.text, s.start)
            if not settled
            and (
                s.mentions(*_PERIOD_WORDS)
                or (s.start < OPENING_CHARS and s.mentions("execut", "as of"))
                # a wrapped table cell's second line: the words are on the row above
                # (or a sentence that opens with a date: "... from 1 March 2026 to" above it)
                or (
                    (doc.text[s.start : s.start + 1] == "|" or doc.text[s.start : s.start + 1].isdigit())
                    and _any_word(doc.text[max(0, s.start - 80) : s.start].lower(), _PERIOD_WORDS)
                )
            )
            else []
        )
        if (
            not dates
            and s.mentions("effective date")
            and _EFFECTIVE_DATE_DEFINED.search(s.text)
            # "the later of (i) the date hereof, or (ii) the date Agent has confirmed ...": the
            # later of two dates is an event, even when one of them is the signing date
            and (not _SIGNING_REFERENCE.search(s.text) or s.mentions("later of"))
        ):
            event_effective_date = True
        if (
            s.start < OPENING_CHARS
            and opening_date is None
            and dates
            and not _is_recital(s.text)
            and (
                _OPENING_DATE_LEAD.search(
                    doc.text[max(s.start, dates[0].start - 60) : dates[0].start]
                )
                # "This Agreement is made and entered into by and between <two parties with
                # their addresses> as of the 1st day of June, 2004."
                or (
                    _AS_OF_END.search(doc.text, max(s.start, dates[0].start - 12), dates[0].start)
                    # (searched back past the sentence start: an address abbreviation such
                    # as "Bl. D" may have split the opening sentence)
                    and _OPENING_VERB.search(doc.text, max(0, s.start - 600), dates[0].start)
                )
            )
        ):
            opening_date = (dates[0].iso, s.start, s.end)
        # a sentence that starts a pipe-table row may be a wrapped cell's second line: the words
        # before its date are on the row above ("ending on   |\n|      | 31/01/2029.")
        floor = s.start if doc.text[s.start : s.start + 1] != "|" else 0
        for date in dates:
            # (a date that opens its sentence: the words before it end the line above, "from 1
            # March 2026 to\n      28 February 2027")
            low = floor if date.start - s.start > 2 else 0
            before = _before_date(doc.text, max(low, date.start - 60), date.start)
            after = doc.text[date.end : date.end + 40]
            confidence = 0.0
            if (
                _START_AFTER.search(after)
                # 'calls logged from 1 April 2026 to 31 March 2027 (the "Term")': the named
                # term's range
                or _RANGE_NAMED_TERM.match(doc.text, date.end, date.end + 80)
            ) or (
                "effective" in s.lower
                and _START_DEFINED.search(doc.text[max(s.start, date.start - 130) : date.start])
            ):
                confidence = 0.9
            elif _SOW_EFFECTIVE_AFTER.search(after) and not _START_CUES[0][0].search(before):
                # '2 September 2024 (the "SOW Effective Date")': the SOW's signing date, the start
                # only where no services start or commencement is stated (those are 0.85 and up)
                confidence = 0.8
            else:
                for cue, weight in _START_CUES:
                    if cue.search(before):
                        confidence = weight
                        break
                else:
                    if before.rstrip().lower().endswith(_BARE_START_WORDS) and _BARE_START.search(
                        doc.text[max(s.start, date.start - 160) : date.start]
                    ):
                        confidence = 0.8
                    elif date.start - s.start < 60 and _START_CUES[0][0].search(
                        doc.text, max(0, date.start - 60), date.start
                    ):
                        # "Start Date ............... 1 April 2025": the dot leaders ended the
                        # label's sentence, so the label is looked for before the sentence
                        confidence = _START_CUES[0][1]
            # the tests below can only lower a confidence: a date without one skips them
            if confidence and _OTHER_DATE_BEFORE.search(before):
                confidence = 0.0
            if confidence and (
                _is_recital(s.text)
                or _THAT_CERTAIN.search(doc.text[max(s.start, date.start - 160) : date.start])
                # a recital run into the opening sentence (no full stop between them)
                or _RECITAL_WORD.search(doc.text, s.start, date.start)
            ):
                confidence = 0.0  # a recital or "that certain ... Agreement" dates another deal
            if (
                confidence
                and confidence < 0.9
                and re.search(
                    r"\b(?:fee|rate|compensation|remuneration|salary|increase\w*|payment)\b",
                    s.text,
                    re.I,
                )
            ):
                confidence = 0.0  # "commencing on 20 August 2020" the fee rises: not the start
            if confidence and (start_value is None or confidence > start_value[1]):
                start_value = (date.iso, confidence, s.start, s.end)
                continue
            if (
                end_value is None
                and (
                    _END_CUE.search(before)
                    or _END_NAMED_AFTER.match(doc.text, date.end, date.end + 60)
                    or (
                        before.rstrip().lower().endswith(_BARE_END_WORDS)
                        and _BARE_END.search(doc.text[max(s.start, date.start - 200) : date.start])
                    )
                    or _FROM_EFFECTIVE_UNTIL.search(before)
                )
                # ("extended until ...", not "or extended by a Change Order, shall continue until")
                and not re.search(r"extended|renew|option", before[-25:], re.I)
                # "we are targeting the on-site collections for the period September 22 through
                # October 3, 2025": a plan, not the term
                and not re.search(
                    r"\btarget\w*", doc.text[max(s.start, date.start - 120) : date.start], re.I
                )
                # "Exclusivity Period shall mean the period from the Effective Date until
                # December 31, 2018": the end of a period within the term, not of the term
                and not _OTHER_PERIOD.search(doc.text, s.start, date.start)
                # "The Client's existing agreement for managed services ... expires on 31
                # January 2026": another deal's end
                and not _EXISTING_DEAL.search(doc.text, s.start, date.start)
                # "The following hourly rates are in effect for services rendered through
                # December 31, 2025": how long a price holds, not the term (read in the clause
                # around the date: a long sentence may go on about rates after the term)
                and not re.search(
                    r"\b(?:fees?|rates?|compensation|remuneration|salary|increase\w*)\b",
                    doc.text[max(s.start, date.start - 150) : min(s.end, date.end + 40)],
                    re.I,
                )
            ):
                end_value = (date.iso, s.start, s.end)
        if (
            months is None
            and s.mentions(
                "term", "period", "pop", "base", "initial", "remain", "continu", "anniversary"
            )
            and _TERM_SENTENCE.search(s.text)
            and not (
                may_match(s.text, _TERM_EXCLUDE_WORDS)
                and _TERM_EXCLUDE.search(s.text)
                and not _NAMED_TERM_AFTER.search(s.text)
            )
        ):
            for duration in find_durations(s.text, s.start):
                lead = s.text[max(0, duration.start - s.start - 45) : duration.start - s.start]
                trail = re.sub(
                    r"\s+", " ", s.text[duration.end - s.start : duration.end - s.start + 80]
                )[:60]
                prefix = s.text[: duration.start - s.start]
                # "for three years thereafter (the "Initial Term")": the duration names the term
                named = _NAMED_TERM_AFTER.match(s.text, duration.end - s.start) is not None
                # "a period beginning on the Effective Date and ending ten (10) years thereafter"
                named = named or (
                    trail.lstrip().startswith("thereafter")
                    and _ENDING_BEFORE.search(lead) is not None
                    and _BEGINNING_ON.search(prefix) is not None
                )
                # "this SOW shall continue for a period of twelve (12) months thereafter": the
                # document's own run from its start
                named = named or (
                    trail.lstrip().startswith("thereafter")
                    and _DOCUMENT_CONTINUES.search(lead) is not None
                )
                # "The Services shall commence on 5 January 2026 and are to be completed within a
                # period of seven (7) months": the services' own run from their start
                named = named or (
                    s.mentions("commenc") and _COMPLETED_WITHIN.search(prefix[-160:]) is not None
                )
                if not named and (
                    _DURATION_LEAD_EXCLUDE.search(lead) or _DURATION_TRAIL_EXCLUDE.match(trail)
                ):
                    continue
                if not named and _RENEWS_FOR.search(prefix[-200:]):
                    continue  # "shall automatically renew ... for one (1) twelve-month period"
                if _AFTER_START.match(trail) and not re.search(r"\bterm\b", s.text, re.I):
                    continue  # "for a period of 2 years after the Effective Date, it will not compete"
                if _STARTS_AT_ANNIVERSARY.search(lead) and trail.lstrip().startswith("anniversary"):
                    continue  # "commencing on the one-year anniversary of this Agreement"
                if _RANGE_TRAIL.match(trail) or _RANGE_LEAD.search(lead):
                    continue  # "a period of performance of two (2) months to twelve (12) months"
                if re.search(
                    r"(?:upon|after|following)\s+(?:the\s+)?(?:termination|expiration)",
                    prefix,
                    re.I,
                ):
                    continue
                if duration.months and duration.months <= (300 if named else 120):
                    months = (duration.months, s.start, s.end)
                    months_named = named
                    break
            else:
                if re.search(r"\bbase\s+year\b", s.text, re.I):
                    months = (12, s.start, s.end)
                elif "anniversary" in s.lower:
                    # "through the day prior to the fourth anniversary of the Effective Date"
                    end = _ANNIVERSARY_END.search(s.text)
                    n = end.group("n").lower() if end else ""
                    years = ORDINALS.get(n) or (int(n[:-2]) if n[:-2].isdigit() else None)
                    if years:
                        months = (12 * years, s.start, s.end)
    if start_value is None or start_value[1] < _START_CUES[0][1]:
        start_value = _sow_start(doc, sentences) or start_value
    if months is not None and not months_named:
        months = _named_term_duration(sentences) or months
    if start_value is not None and start_value[1] < 0.8 and event_effective_date:
        start_value = None  # only a "dated as of" signing date, while the term starts on an event
    if (start_value is None or start_value[1] < 0.85) and opening_date is not None:
        first_written = next(
            (
                t
                for t in sentences
                if t.mentions(
                    "date first",
                    "year first",
                    "date of this",
                    "date hereof",
                    "date signed",
                    "date of signing",
                    "date of execution",
                )
                and _FROM_FIRST_WRITTEN.search(t.text)
            ),
            None,
        )
        if first_written is not None:
            start_value = (opening_date[0], 0.85, opening_date[1], opening_date[2])
    if start_value is None and end_value is None and months is None:
        return None
    value = {
        "start": start_value[0] if start_value else None,
        "end": end_value[0]
        if end_value and (not start_value or end_value[0] > start_value[0])
        else None,
        "months": months[0] if months else None,
    }
    spans = [(v[-2], v[-1]) for v in (start_value, end_value, months) if v is not None]
    lo = min(a for a, _ in spans)
    hi = max(b for _, b in spans)
    if hi - lo > 600:
        lo, hi = spans[0]
    confidence = 0.75 if len(spans) > 1 else 0.65
    return Found(value, confidence, lo, hi)


def _named_term_duration(sentences: list[Sentence]) -> tuple[int, int, int] | None:
    """A duration that names the term ('continue for a period of four (4) years from such date
    (the "Initial Term")'), looked for when the first term duration found named nothing: a
    "twelve-month fiscal period" in the definitions must not win over the term clause itself."""
    for s in sentences:
        if not (s.mentions("term", "period") and _QUOTED_TERM.search(s.text)):
            continue
        for duration in find_durations(s.text, s.start):
            if (
                duration.months
                and duration.months <= 300
                and _NAMED_TERM_AFTER.match(s.text, duration.end - s.start)
            ):
                return (duration.months, s.start, s.end)
    return None
