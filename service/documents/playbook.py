"""The firm's playbook: positions on clauses and billing terms, checked against a document.

A playbook is a YAML file of rules. Each rule has an ``id``, a ``check`` (a clause type
present or absent, or a condition on a billing term), optional ``when`` conditions that must
all hold for the rule to apply, a ``severity``, a ``message`` template filled with what was
found, the preferred wording (``suggestion``) and ordered ``fallbacks``. The default playbook
(``playbook.yaml`` next to this module) is written for a professional-services firm acting as
the provider.

Validation happens on load so a broken playbook fails at startup, not in the middle of a
review: every error names the rule id and the YAML line.

Rule keys: ``id``, ``check`` (one condition), ``when`` (a list of conditions), ``severity``
(info|low|medium|high|critical), ``message`` (a ``str.format`` template over
``TEMPLATE_FIELDS``), ``suggestion``, ``fallbacks`` (list, most preferred first),
``doc_types`` / ``skip_doc_types`` (apply only to / never to these document types; with an
unknown document type every rule applies), ``description``.

Condition keys::

    clause: <clause type>        present: true|false (default true)
    min_confidence: 0.0..1.0     only clauses at or above this count
    unless_evidence_matches: <regex>   a present clause whose paragraph matches is excused
    unless_document_matches: <regex>   the whole condition is false when the text matches
    term: <billing term key>     op: absent|present|gt|ge|lt|le|eq|ne|is_true|is_false|
                                     contains|not_contains      value: <operand>
"""

from __future__ import annotations

import re
import string
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from service.documents.clause_features import CLAUSE_TYPES
from service.documents.doctype import DOCUMENT_TYPES
from service.documents.extraction.terms import BILLING_KEYS

DEFAULT_PLAYBOOK = Path(__file__).with_name("playbook.yaml")

SEVERITIES = ("info", "low", "medium", "high", "critical")
BILLING_TERMS = BILLING_KEYS  # the keys a billing-term condition may name
TERM_OPS = (
    "absent",
    "present",
    "gt",
    "ge",
    "lt",
    "le",
    "eq",
    "ne",
    "is_true",
    "is_false",
    "contains",
    "not_contains",
)
_OPS_WITH_VALUE = {"gt", "ge", "lt", "le", "eq", "ne", "contains", "not_contains"}
_CONDITION_KEYS = {
    "clause",
    "present",
    "min_confidence",
    "unless_evidence_matches",
    "unless_document_matches",
    "term",
    "op",
    "value",
}
_RULE_KEYS = {
    "id",
    "description",
    "check",
    "when",
    "severity",
    "message",
    "suggestion",
    "fallbacks",
    "doc_types",
    "skip_doc_types",
}
# Fields a message template may use.
TEMPLATE_FIELDS = {"rule", "clause_type", "term", "value", "limit", "confidence", "excerpt"}


class PlaybookError(ValueError):
    """A playbook that cannot be used; says which rule and which line."""

    def __init__(
        self,
        problem: str,
        *,
        rule_id: str | None = None,
        line: int | None = None,
        source: str = "playbook",
    ) -> None:
        self.problem = problem
        self.rule_id = rule_id
        self.line = line
        where = f"{source}:{line}" if line is not None else source
        who = f" rule '{rule_id}'" if rule_id else ""
        super().__init__(f"{where}:{who} {problem}")


@dataclass(frozen=True)
class Condition:
    """One test against the clauses, the billing terms or the text."""

    clause: str | None = None
    present: bool = True
    min_confidence: float = 0.0
    term: str | None = None
    op: str = "present"
    value: Any = None
    unless_evidence: re.Pattern[str] | None = None
    unless_document: re.Pattern[str] | None = None


@dataclass(frozen=True)
class Rule:
    """A playbook position and what to say when a document departs from it."""

    id: str
    check: Condition
    severity: str
    message: str
    suggestion: str = ""
    fallbacks: tuple[str, ...] = ()
    when: tuple[Condition, ...] = ()
    doc_types: frozenset[str] | None = None
    skip_doc_types: frozenset[str] = frozenset()
    description: str = ""
    line: int | None = None


@dataclass(frozen=True)
class Playbook:
    """A validated list of rules plus where they came from."""

    rules: tuple[Rule, ...]
    name: str = ""
    source: str = ""
    meta: Mapping[str, Any] = field(default_factory=dict)


# --------------------------------------------------------------------------- loading


def _plain(node: yaml.Node) -> Any:
    """Python value of a YAML node (safe constructors only)."""
    loader = yaml.SafeLoader("")
    try:
        return loader.construct_object(node, deep=True)
    finally:
        loader.dispose()


def _line(node: yaml.Node) -> int:
    return int(node.start_mark.line) + 1


def _mapping(node: yaml.Node) -> dict[str, tuple[yaml.Node, yaml.Node]]:
    """Key -> (key node, value node) of a mapping node."""
    return {str(_plain(k)): (k, v) for k, v in node.value}


_PARSED: dict[tuple[str, str], Playbook] = {}  # (source, YAML text) -> validated playbook
_PARSED_MAX = 16


def load_playbook(path: Path | str | None = None) -> Playbook:
    """Read and validate a playbook YAML (default: the bundled ``playbook.yaml``).

    The file is read on every call, so an edit applies to the next upload without a restart;
    validation (~8 ms, on every upload before) is done once per distinct text.
    Raises :class:`PlaybookError` naming the rule id and the line of the first problem.
    """
    source = Path(path) if path is not None else DEFAULT_PLAYBOOK
    try:
        text = source.read_text(encoding="utf-8")
    except OSError as exc:
        raise PlaybookError(f"cannot read playbook: {exc}", source=str(source)) from exc
    key = (str(source), text)
    cached = _PARSED.get(key)
    if cached is None:
        cached = parse_playbook(text, source=str(source))  # raises before anything is cached
        if len(_PARSED) >= _PARSED_MAX:
            _PARSED.clear()
        _PARSED[key] = cached
    return cached


def parse_playbook(text: str, *, source: str = "playbook") -> Playbook:
    """Validate playbook YAML given as a string (see :func:`load_playbook`)."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = int(mark.line) + 1 if mark is not None else None
        raise PlaybookError(f"invalid YAML: {exc.problem}", line=line, source=source) from exc
    if not isinstance(root, yaml.MappingNode):
        raise PlaybookError(
            "the playbook must be a mapping with a 'rules' list", line=1, source=source
        )
    top = _mapping(root)
    if "rules" not in top or not isinstance(top["rules"][1], yaml.SequenceNode):
        raise PlaybookError("'rules' must be a list", line=_line(root), source=source)
    rules: list[Rule] = []
    seen: dict[str, int] = {}
    for node in top["rules"][1].value:
        rule = _parse_rule(node, source)
        if rule.id in seen:
            raise PlaybookError(
                f"duplicate id (first at line {seen[rule.id]})",
                rule_id=rule.id,
                line=rule.line,
                source=source,
            )
        seen[rule.id] = rule.line or 0
        rules.append(rule)
    meta = {k: _plain(v) for k, (_, v) in top.items() if k != "rules"}
    return Playbook(rules=tuple(rules), name=str(meta.get("name", "")), source=source, meta=meta)


def _parse_rule(node: yaml.Node, source: str) -> Rule:
    if not isinstance(node, yaml.MappingNode):
        raise PlaybookError("each rule must be a mapping", line=_line(node), source=source)
    fields = _mapping(node)
    rule_id = str(_plain(fields["id"][1])) if "id" in fields else None

    def fail(problem: str, at: yaml.Node | None = None) -> PlaybookError:
        return PlaybookError(problem, rule_id=rule_id, line=_line(at or node), source=source)

    if not rule_id or not re.fullmatch(r"[A-Za-z0-9_.:-]+", rule_id):
        raise fail("'id' is required: letters, digits, '_', '.', ':' or '-'")
    for key, (key_node, _) in fields.items():
        if key not in _RULE_KEYS:
            raise fail(f"unknown key '{key}' (allowed: {', '.join(sorted(_RULE_KEYS))})", key_node)
    for required in ("check", "severity", "message"):
        if required not in fields:
            raise fail(f"'{required}' is required")

    severity_node = fields["severity"][1]
    severity = str(_plain(severity_node))
    if severity not in SEVERITIES:
        raise fail(f"severity '{severity}' is not one of {', '.join(SEVERITIES)}", severity_node)

    check = _parse_condition(fields["check"][1], fail)
    when: list[Condition] = []
    if "when" in fields:
        when_node = fields["when"][1]
        items = when_node.value if isinstance(when_node, yaml.SequenceNode) else [when_node]
        when = [_parse_condition(item, fail) for item in items]

    message_node = fields["message"][1]
    message = _plain(message_node)
    if not isinstance(message, str) or not message.strip():
        raise fail("'message' must be a non-empty string", message_node)
    unknown = _template_fields(message) - TEMPLATE_FIELDS
    if unknown:
        raise fail(
            f"message uses unknown field(s) {', '.join(sorted(unknown))}; "
            f"allowed: {', '.join(sorted(TEMPLATE_FIELDS))}",
            message_node,
        )
    suggestion = _plain(fields["suggestion"][1]) if "suggestion" in fields else ""
    if not isinstance(suggestion, str):
        raise fail("'suggestion' must be a string", fields["suggestion"][1])
    fallbacks: list[str] = []
    if "fallbacks" in fields:
        fb_node = fields["fallbacks"][1]
        fb = _plain(fb_node)
        if not isinstance(fb, list) or not all(isinstance(x, str) for x in fb):
            raise fail("'fallbacks' must be a list of strings, most preferred first", fb_node)
        fallbacks = fb
    doc_types = _doc_types(fields.get("doc_types"), fail)
    skip = _doc_types(fields.get("skip_doc_types"), fail)
    description = str(_plain(fields["description"][1])) if "description" in fields else ""
    return Rule(
        id=rule_id,
        check=check,
        severity=severity,
        message=message.strip(),
        suggestion=suggestion.strip(),
        fallbacks=tuple(f.strip() for f in fallbacks),
        when=tuple(when),
        doc_types=doc_types,
        skip_doc_types=skip or frozenset(),
        description=description,
        line=_line(node),
    )


def _doc_types(entry: tuple[yaml.Node, yaml.Node] | None, fail: Any) -> frozenset[str] | None:
    if entry is None:
        return None
    value = _plain(entry[1])
    values = [value] if isinstance(value, str) else value
    if not isinstance(values, list) or not values:
        raise fail("document types must be a non-empty list", entry[1])
    bad = [v for v in values if v not in DOCUMENT_TYPES]
    if bad:
        raise fail(f"unknown document type(s) {bad}; known: {', '.join(DOCUMENT_TYPES)}", entry[1])
    return frozenset(values)


def _template_fields(template: str) -> set[str]:
    try:
        return {
            name.split(".")[0].split("[")[0]
            for _, name, _, _ in string.Formatter().parse(template)
            if name
        }
    except ValueError as exc:
        return {f"<{exc}>"}


def _regex(node: yaml.Node, fail: Any) -> re.Pattern[str]:
    value = _plain(node)
    if not isinstance(value, str) or not value:
        raise fail("a pattern must be a non-empty string", node)
    try:
        return re.compile(value, re.I | re.S)
    except re.error as exc:
        raise fail(f"bad regular expression: {exc}", node) from exc


def _parse_condition(node: yaml.Node, fail: Any) -> Condition:
    if not isinstance(node, yaml.MappingNode):
        raise fail("a check/when condition must be a mapping", node)
    fields = _mapping(node)
    for key, (key_node, _) in fields.items():
        if key not in _CONDITION_KEYS:
            raise fail(f"unknown condition key '{key}'", key_node)
    has_clause, has_term = "clause" in fields, "term" in fields
    if has_clause == has_term:
        raise fail("a condition needs exactly one of 'clause' or 'term'", node)
    unless_evidence = (
        _regex(fields["unless_evidence_matches"][1], fail)
        if "unless_evidence_matches" in fields
        else None
    )
    unless_document = (
        _regex(fields["unless_document_matches"][1], fail)
        if "unless_document_matches" in fields
        else None
    )
    if has_clause:
        clause_node = fields["clause"][1]
        clause = str(_plain(clause_node))
        if clause not in CLAUSE_TYPES:
            raise fail(
                f"unknown clause type '{clause}'; known: {', '.join(CLAUSE_TYPES)}", clause_node
            )
        present = _plain(fields["present"][1]) if "present" in fields else True
        if not isinstance(present, bool):
            raise fail("'present' must be true or false", fields["present"][1])
        min_conf = _plain(fields["min_confidence"][1]) if "min_confidence" in fields else 0.0
        if not isinstance(min_conf, int | float) or not 0 <= float(min_conf) <= 1:
            raise fail("'min_confidence' must be a number in 0..1", fields["min_confidence"][1])
        for key in ("op", "value"):
            if key in fields:
                raise fail(f"'{key}' applies to billing-term conditions only", fields[key][0])
        return Condition(
            clause=clause,
            present=present,
            min_confidence=float(min_conf),
            unless_evidence=unless_evidence,
            unless_document=unless_document,
        )
    term_node = fields["term"][1]
    term = str(_plain(term_node))
    if term not in BILLING_TERMS:
        raise fail(f"unknown billing term '{term}'; known: {', '.join(BILLING_TERMS)}", term_node)
    op = str(_plain(fields["op"][1])) if "op" in fields else "present"
    if op not in TERM_OPS:
        raise fail(f"unknown op '{op}'; known: {', '.join(TERM_OPS)}", fields["op"][1])
    value = _plain(fields["value"][1]) if "value" in fields else None
    if op in _OPS_WITH_VALUE and "value" not in fields:
        raise fail(f"op '{op}' needs a 'value'", fields["op"][1])
    if op in {"gt", "ge", "lt", "le"} and not isinstance(value, int | float):
        raise fail(f"op '{op}' needs a numeric value", fields["value"][1])
    for key in ("present", "min_confidence", "unless_evidence_matches"):
        if key in fields:
            raise fail(f"'{key}' applies to clause conditions only", fields[key][0])
    return Condition(term=term, op=op, value=value, unless_document=unless_document)


# --------------------------------------------------------------------------- evaluation


@dataclass
class _Outcome:
    holds: bool
    evidence: dict[str, Any] | None = None
    clause_type: str | None = None
    value: Any = None
    confidence: float | None = None


def _term_value(
    billing_terms: Mapping[str, Any], key: str
) -> tuple[Any, dict[str, Any] | None, float | None]:
    entry = billing_terms.get(key)
    if entry is None:
        return None, None, None
    if isinstance(entry, Mapping) and "value" in entry:
        return entry.get("value"), entry.get("evidence"), entry.get("confidence")
    return entry, None, None


def _compare(op: str, actual: Any, operand: Any) -> bool:
    if op == "absent":
        return actual is None or actual == [] or actual == {}
    if op == "present":
        return not _compare("absent", actual, operand)
    if actual is None:
        return False
    if op == "is_true":
        return actual is True
    if op == "is_false":
        return actual is False
    if op in {"contains", "not_contains"}:
        items = actual if isinstance(actual, list | tuple | set) else [actual]
        found = operand in items
        return found if op == "contains" else not found
    if op == "eq":
        return bool(actual == operand)
    if op == "ne":
        return bool(actual != operand)
    try:
        number = float(actual)
    except (TypeError, ValueError):
        return False
    limit = float(operand)
    return {
        "gt": number > limit,
        "ge": number >= limit,
        "lt": number < limit,
        "le": number <= limit,
    }[op]


def _evaluate(
    cond: Condition,
    billing_terms: Mapping[str, Any],
    clauses: Sequence[Mapping[str, Any]],
    text: str,
) -> _Outcome:
    if cond.unless_document is not None and cond.unless_document.search(text):
        return _Outcome(False)
    if cond.clause is not None:
        matching = [
            c
            for c in clauses
            if c.get("type") == cond.clause
            and float(c.get("confidence", 1.0)) >= cond.min_confidence
        ]
        if not cond.present:
            return _Outcome(not matching, clause_type=cond.clause)
        if cond.unless_evidence is not None:
            matching = [
                c
                for c in matching
                if not cond.unless_evidence.search(str((c.get("evidence") or {}).get("text", "")))
            ]
        if not matching:
            return _Outcome(False)
        best = max(matching, key=lambda c: float(c.get("confidence", 0.0)))
        return _Outcome(
            True,
            evidence=best.get("evidence"),
            clause_type=cond.clause,
            confidence=float(best.get("confidence", 0.0)),
        )
    assert cond.term is not None
    value, evidence, confidence = _term_value(billing_terms, cond.term)
    return _Outcome(
        _compare(cond.op, value, cond.value), evidence=evidence, value=value, confidence=confidence
    )


class _SafeFormat(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return ""


def _render(value: Any) -> str:
    if isinstance(value, Mapping):
        if "amount" in value:
            return f"{value.get('amount')} {value.get('currency') or ''}".strip()
        if "percent" in value:
            period = value.get("period") or (f"{value['days']} days" if "days" in value else "")
            return f"{value['percent']}% {period}".strip()
        return ", ".join(f"{k}={v}" for k, v in value.items())
    if isinstance(value, list | tuple):
        return ", ".join(_render(v) for v in value)
    if value is None:
        return "not stated"
    return str(value)


def evaluate_playbook(
    playbook: Playbook,
    billing_terms: Mapping[str, Any],
    clauses: Sequence[Mapping[str, Any]],
    text: str,
    doc_type: str | None = None,
) -> list[dict[str, Any]]:
    """Flags for every rule whose check holds (and whose ``when`` conditions all hold).

    Returns INTERFACES flag dicts ``{"rule", "clause_type", "severity", "message",
    "suggestion", "fallbacks", "evidence"}``; ``evidence`` is the offending clause's or
    term's evidence, or None when the flag is about something missing.
    """
    flags: list[dict[str, Any]] = []
    for rule in playbook.rules:
        if doc_type is not None:
            if rule.doc_types is not None and doc_type not in rule.doc_types:
                continue
            if doc_type in rule.skip_doc_types:
                continue
        if not all(_evaluate(c, billing_terms, clauses, text).holds for c in rule.when):
            continue
        outcome = _evaluate(rule.check, billing_terms, clauses, text)
        if not outcome.holds:
            continue
        evidence = dict(outcome.evidence) if outcome.evidence else None
        excerpt = " ".join(str((evidence or {}).get("text", "")).split())
        fields = _SafeFormat(
            rule=rule.id,
            clause_type=outcome.clause_type or rule.check.clause or "",
            term=rule.check.term or "",
            value=_render(outcome.value),
            limit=_render(rule.check.value),
            confidence=f"{outcome.confidence:.2f}" if outcome.confidence is not None else "",
            excerpt=excerpt[:160] + ("…" if len(excerpt) > 160 else ""),
        )
        flags.append(
            {
                "rule": rule.id,
                "clause_type": rule.check.clause,
                "severity": rule.severity,
                "message": rule.message.format_map(fields),
                "suggestion": rule.suggestion,
                "fallbacks": list(rule.fallbacks),
                "evidence": evidence,
            }
        )
    return flags
