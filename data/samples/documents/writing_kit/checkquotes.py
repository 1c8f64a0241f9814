"""Check gold files: schema keys and value shapes, and that every quote is verbatim in its document.

usage: python .helpers/checkquotes.py FOLDER   (checks every *.gold.json in FOLDER)
Quotes are compared with whitespace collapsed; " [...] " may join verbatim passages;
at most 300 characters each."""
import json
import re
import sys
from pathlib import Path

KEYS = ["billing_models", "payment_terms_days", "currency", "contract_value", "not_to_exceed",
        "invoice_frequency", "rates", "milestones", "late_payment_interest", "expenses_reimbursable",
        "early_payment_discount", "retainage_percent", "po_required", "period_of_performance"]
MODELS = {"fixed_fee", "time_and_materials", "milestone", "retainer", "subscription", "usage", "cost_reimbursement"}
FREQ = {"weekly", "biweekly", "semimonthly", "monthly", "quarterly", "annually", "milestone", "completion", "advance"}
UNITS = {"hour", "day", "week", "month", "year"}


def norm(t: str) -> str:
    return re.sub(r"\s+", " ", t.replace("\\", "")).strip()


def check(gold_file: Path) -> list[str]:
    problems = []
    g = json.loads(gold_file.read_text(encoding="utf-8"))
    doc = gold_file.parent / g.get("file", "")
    if not doc.is_file():
        return [f"document {g.get('file')!r} not found next to the gold file"]
    text = norm(doc.read_text(encoding="utf-8"))
    bt = g.get("billing_terms", {})
    if sorted(bt) != sorted(KEYS):
        problems.append(f"billing_terms keys differ: missing {set(KEYS) - set(bt)}, extra {set(bt) - set(KEYS)}")
    if bt.get("billing_models") is not None and not set(bt["billing_models"]) <= MODELS:
        problems.append(f"unknown billing model in {bt['billing_models']}")
    if bt.get("invoice_frequency") not in FREQ | {None}:
        problems.append(f"unknown invoice_frequency {bt['invoice_frequency']!r}")
    for r in bt.get("rates") or []:
        if set(r) != {"role", "amount", "currency", "unit"} or r.get("unit") not in UNITS:
            problems.append(f"bad rate item {r}")
    for m in bt.get("milestones") or []:
        if set(m) != {"name", "amount", "percent"}:
            problems.append(f"bad milestone item {m}")
    p = bt.get("period_of_performance")
    if p is not None and set(p) != {"start", "end", "months"}:
        problems.append(f"bad period_of_performance {p}")
    for key, value in bt.items():
        if value is not None and value != [] and key not in g.get("quotes", {}):
            problems.append(f"{key}: value without a quote")
    for key, quote in g.get("quotes", {}).items():
        if len(quote) > 300:
            problems.append(f"{key}: quote longer than 300 characters")
        for part in quote.split(" [...] "):
            if norm(part) not in text:
                problems.append(f"{key}: quote part not found verbatim: {part[:80]!r}")
                break
    return problems


if __name__ == "__main__":
    folder = Path(sys.argv[1])
    files = sorted(folder.glob("*.gold.json"))
    bad = 0
    for f in files:
        problems = check(f)
        bad += bool(problems)
        print(f"{f.name}: {'OK' if not problems else ''}")
        for problem in problems:
            print("   -", problem)
    print(f"{len(files)} gold files, {bad} with problems")
    sys.exit(1 if bad or not files else 0)
