"""Write the data scientists' notebooks (no outputs) from the cell sources below.

    .venv/bin/python notebooks/make_notebooks.py

Editing the cells here (not in Jupyter) keeps the committed notebooks output-free and reviewable
as plain Python; tests/ml/test_notebooks.py runs every notebook top to bottom with nbclient.
Each notebook uses the repository's own data, prefers the served model (registry champion, else
bundled ``models/``), and says so plainly when a model or dataset is not there instead of failing.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

HERE = Path(__file__).resolve().parent

SETUP = '''\
import os, sys, warnings
from pathlib import Path
os.environ["MLFLOW_DISABLE_TELEMETRY"] = "true"
ROOT = Path.cwd() if (Path.cwd() / "pyproject.toml").exists() else Path.cwd().parent
sys.path.insert(0, str(ROOT))
warnings.filterwarnings("ignore")
import numpy as np
import pandas as pd
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
pd.set_option("display.width", 140, "display.max_columns", 30)
SAMPLES = ROOT / "data" / "samples"
print("project root:", ROOT)'''

SERVED = '''\
from service.config import Settings
from service.ml.registry import ModelStore, ModelUnavailable

settings = Settings()
def served(name):
    """The served model (champion, else bundled), or None with the reason printed."""
    store = ModelStore(settings, names=(name,), optional=())
    store.load_all()
    try:
        model = store.get(name)
    except ModelUnavailable as exc:
        print("not available:", exc)
        return None
    print(f"{name}: {model.source} version {model.version}; held-out metrics at training:",
          {k: round(v, 4) for k, v in list(model.metrics.items())[:6]})
    return model'''


def nb01() -> list:
    return [
        new_markdown_cell("# 01 — Explore the sample data\n\nThe repository's own samples: "
                          "timesheets (synthetic, labeled anomalies), invoices (synthetic, "
                          "labeled disputes, plus a foreign AR export) and sample SOWs."),
        new_code_cell(SETUP),
        new_code_cell('''\
ts_path = SAMPLES / "timesheets" / "timesheets.csv"
timesheets = pd.read_csv(ts_path, parse_dates=["work_date"]) if ts_path.exists() else pd.DataFrame()
print(timesheets.shape)
timesheets.head()'''),
        new_code_cell('''\
if not timesheets.empty:
    print("anomaly rate:", round(timesheets["is_anomaly"].mean(), 4))
    display(timesheets["anomaly_kind"].value_counts())
    daily = timesheets.groupby(["consultant_id", "work_date"])["hours"].sum()
    fig, axes = plt.subplots(1, 2, figsize=(10, 3))
    timesheets["hours"].plot.hist(bins=40, ax=axes[0], title="hours per entry")
    daily.plot.hist(bins=40, ax=axes[1], title="hours per consultant-day")
    plt.show()'''),
        new_code_cell('''\
inv_path = SAMPLES / "invoices" / "invoices.csv"
invoices = pd.read_csv(inv_path, parse_dates=["invoice_date", "due_date"]) if inv_path.exists() else pd.DataFrame()
print(invoices.shape)
if not invoices.empty:
    print("dispute rate:", round(invoices["disputed"].mean(), 4))
    display(invoices.groupby("billing_model")["disputed"].agg(["mean", "size"]).round(3))
    display(invoices[["amount", "line_items", "days_work_to_invoice"]].describe().round(1))'''),
        new_code_cell('''\
foreign = SAMPLES / "invoices" / "foreign_ar_export.csv"
if foreign.exists():
    ar = pd.read_csv(foreign)
    print("foreign export columns (mapped with --map SRC=DST at train/score time):")
    print(list(ar.columns))
    display(ar.head(3))'''),
        new_code_cell('''\
docs = sorted((SAMPLES / "documents").glob("*.txt"))
for path in docs:
    text = path.read_text()
    gold = path.with_name(path.name + ".gold.json")
    print(f"{path.name:<32} {len(text):>6} chars  gold: {gold.exists()}")'''),
    ]


def nb02() -> list:
    return [
        new_markdown_cell("# 02 — Timesheet anomaly detectors\n\nTrains the Tollgate detector "
                          "and its two anchors (hand rules, a plain IsolationForest) on the same "
                          "time-ordered split of the generator's firm, and compares them on the "
                          "held-out weeks only."),
        new_code_cell(SETUP),
        new_code_cell('''\
try:
    from training.timesheets import spec as ts_spec
    from training.spec import DataOptions
except ImportError as exc:
    ts_spec = None
    print("timesheet training code not available:", exc)'''),
        new_code_cell('''\
import time
result = None
if ts_spec is not None:
    frame = ts_spec.load(DataOptions()).frame
    train, heldout = ts_spec.split(frame)
    started = time.perf_counter()
    pipeline = ts_spec.fit(train)
    print(f"fit on {len(train)} rows in {time.perf_counter() - started:.1f}s")
    result = ts_spec.evaluate(pipeline, heldout)
    rows = {}
    for prefix, label in (("", "tollgate detector"), ("anchor_hand_rules_", "hand rules"),
                          ("anchor_isolation_forest_", "isolation forest")):
        rows[label] = {m: result.metrics.get(prefix + m) for m in ("roc_auc", "average_precision")}
    display(pd.DataFrame(rows).T.round(4))'''),
        new_code_cell('''\
if result is not None:
    from sklearn.metrics import precision_recall_curve
    y, s = np.asarray(result.y_true), np.asarray(result.y_score)
    precision, recall, _ = precision_recall_curve(y, s)
    plt.figure(figsize=(5, 4)); plt.plot(recall, precision)
    plt.xlabel("recall"); plt.ylabel("precision"); plt.title("held-out PR, tollgate detector")
    plt.show()
    recall_by_kind = {k[len("recall_"):]: v for k, v in result.metrics.items() if k.startswith("recall_")}
    display(pd.Series(recall_by_kind, name="held-out recall by injected kind").round(3))'''),
        new_code_cell('''\
# The detector on the bare export (fewer columns): it must still work on what is left.
minimal = SAMPLES / "timesheets" / "timesheets_minimal.csv"
if ts_spec is not None and minimal.exists():
    bare = pd.read_csv(minimal)
    print("bare export columns:", list(bare.columns))
    try:
        scores = pipeline.predict_proba(bare)[:, 1] if hasattr(pipeline, "predict_proba") else pipeline.predict(bare)
        print("scored", len(scores), "entries; share flagged at 0.5:", round(float(np.mean(np.asarray(scores) >= 0.5)), 4))
    except Exception as exc:
        print("scoring the bare export needs the service's intake:", type(exc).__name__, exc)'''),
    ]


def nb03() -> list:
    return [
        new_markdown_cell("# 03 — Dispute-risk calibration and error analysis\n\nThe served "
                          "invoice model (champion, else bundled) on the held-out, later "
                          "invoices of the repo's generator: reliability, Brier score vs the "
                          "base rate, and the invoices it gets most wrong."),
        new_code_cell(SETUP),
        new_code_cell(SERVED + '''

model = served("invoice-dispute-risk")'''),
        new_code_cell('''\
heldout = None
try:
    from training.invoices import spec as inv_spec
    from training.spec import DataOptions
    frame = inv_spec.load(DataOptions()).frame
    train, heldout = inv_spec.split(frame)
    print(f"train {len(train)} invoices, held-out {len(heldout)} (from {heldout['invoice_date'].min().date()})")
except ImportError as exc:
    print("invoice training code not available:", exc)'''),
        new_code_cell('''\
evaluation = None
if model is not None and heldout is not None:
    evaluation = inv_spec.evaluate(model.pipeline, heldout)
    display(pd.Series(evaluation.metrics).round(4))'''),
        new_code_cell('''\
if evaluation is not None:
    from sklearn.calibration import calibration_curve
    y, p = np.asarray(evaluation.y_true), np.asarray(evaluation.y_score)
    frac, mean = calibration_curve(y, p, n_bins=10, strategy="quantile")
    fig, axes = plt.subplots(1, 2, figsize=(10, 4))
    axes[0].plot(mean, frac, marker="o"); axes[0].plot([0, 1], [0, 1], "--", color="grey")
    axes[0].set(xlabel="predicted risk", ylabel="observed dispute rate", title="reliability (held-out)")
    axes[1].hist(p[y == 0], bins=30, alpha=0.6, label="not disputed")
    axes[1].hist(p[y == 1], bins=30, alpha=0.6, label="disputed"); axes[1].legend()
    axes[1].set(title="risk by outcome")
    plt.show()'''),
        new_code_cell('''\
if evaluation is not None:
    ordered = heldout.sort_values("invoice_date", kind="stable").reset_index(drop=True)
    errors = ordered.assign(risk=np.asarray(evaluation.y_score), truth=np.asarray(evaluation.y_true))
    errors["error"] = (errors["risk"] - errors["truth"]).abs()
    cols = ["invoice_id", "client_id", "billing_model", "amount", "po_number", "change_order_pending", "risk", "truth"]
    cols = [c for c in cols if c in errors.columns]
    print("most confident misses (disputed, low risk):")
    display(errors[errors.truth == 1].nsmallest(5, "risk")[cols])
    print("most confident false alarms (not disputed, high risk):")
    display(errors[errors.truth == 0].nlargest(5, "risk")[cols])
    display(errors.groupby("billing_model")[["risk", "truth"]].mean().round(3))'''),
    ]


def nb04() -> list:
    return [
        new_markdown_cell("# 04 — Clause classifier error analysis\n\nThe served clause "
                          "classifier (champion, else bundled) on the held-out CUAD contracts: "
                          "per-type F1, the types it confuses, and examples of misses."),
        new_code_cell(SETUP),
        new_code_cell(SERVED + '''

model = served("clause-classifier")'''),
        new_code_cell('''\
heldout = None
try:
    from training.clauses import spec as clause_spec
    from training.spec import DataOptions
    frame = clause_spec.load(DataOptions()).frame
    train, heldout = clause_spec.split(frame)
    print(f"{frame['contract'].nunique()} contracts; held-out {heldout['contract'].nunique()} contracts, {len(heldout)} paragraphs")
except (ImportError, FileNotFoundError, ValueError) as exc:
    print("clause data or training code not available:", exc)'''),
        new_code_cell('''\
evaluation = None
if model is not None and heldout is not None:
    evaluation = clause_spec.evaluate(model.pipeline, heldout)
    headline = {k: v for k, v in evaluation.metrics.items() if not k.startswith("f1_")}
    display(pd.Series(headline).round(4))
    per_type = pd.DataFrame(evaluation.extra.get("per_type", {})).T
    if not per_type.empty:
        display(per_type.sort_values("f1").round(3))'''),
        new_code_cell('''\
if evaluation is not None and evaluation.y_true is not None:
    types = list(evaluation.extra.get("types", []))
    y = np.asarray(evaluation.y_true); s = np.asarray(evaluation.y_score)
    if y.ndim == 2 and types:
        pred = s >= 0.5
        # Co-occurrence of a wrong prediction with the true types of the same contract.
        confusion = pd.DataFrame(0, index=types, columns=types)
        for row_true, row_pred in zip(y.astype(bool), pred):
            for j in np.where(row_pred & ~row_true)[0]:
                for i in np.where(row_true & ~row_pred)[0]:
                    confusion.iloc[i, j] += 1
        pairs = confusion.stack().sort_values(ascending=False)
        print("missed type -> predicted instead (contract level):")
        display(pairs[pairs > 0].head(10))
        fn = pd.Series((y.astype(bool) & ~pred).sum(axis=0), index=types, name="missed contracts")
        fp = pd.Series((~y.astype(bool) & pred).sum(axis=0), index=types, name="false alarms")
        display(pd.concat([fn, fp], axis=1).sort_values("missed contracts", ascending=False).head(10))'''),
    ]


NOTEBOOKS = {
    "01_explore_samples.ipynb": nb01,
    "02_timesheet_detectors.ipynb": nb02,
    "03_dispute_risk_calibration.ipynb": nb03,
    "04_clause_errors.ipynb": nb04,
}


def main() -> None:
    for filename, cells in NOTEBOOKS.items():
        notebook = new_notebook(cells=cells())
        notebook.metadata["kernelspec"] = {
            "name": "python3", "display_name": "Python 3", "language": "python",
        }
        notebook.metadata["language_info"] = {"name": "python"}
        nbformat.validate(notebook)
        nbformat.write(notebook, HERE / filename)
        print("wrote", filename)


if __name__ == "__main__":
    main()
