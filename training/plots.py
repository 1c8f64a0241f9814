"""Held-out evaluation plots saved as PNG files for MLflow: ROC, PR, calibration, confusion.

Drawn from :class:`training.spec.Evaluation` arrays only, so they always describe the held-out
split. Binary truth gives the usual curves; an ``n x k`` multi-label truth (the clause
classifier) gives micro-averaged curves plus a per-label confusion summary. Scores outside
``[0, 1]`` (raw anomaly scores) skip the calibration plot, which would be meaningless. Uses the
``Agg`` backend: no display, thread-safe enough for a CLI and a notebook kernel.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

PLOT_NAMES = ("roc_curve", "pr_curve", "calibration", "confusion_matrix")


def _pyplot() -> Any:
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt

    return plt


def _as_arrays(y_true: Any, y_score: Any) -> tuple[np.ndarray, np.ndarray]:
    truth = np.asarray(y_true)
    score = np.asarray(y_score, dtype=float)
    if truth.dtype == bool or truth.dtype == object:
        truth = truth.astype(int)
    if truth.shape != score.shape:
        raise ValueError(f"y_true shape {truth.shape} != y_score shape {score.shape}")
    return truth.astype(int), score


def _flatten(truth: np.ndarray, score: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Micro-average view: every (row, label) cell is one binary decision."""
    return truth.ravel(), score.ravel()


def _save(fig: Any, path: Path) -> Path:
    fig.tight_layout()
    fig.savefig(path, dpi=90)
    _pyplot().close(fig)
    return path


def plot_roc(truth: np.ndarray, score: np.ndarray, path: Path, title: str) -> Path | None:
    """ROC curve with its AUC; None when only one class is present."""
    from sklearn.metrics import roc_auc_score, roc_curve

    if len(np.unique(truth)) < 2:
        return None
    fpr, tpr, _ = roc_curve(truth, score)
    auc = roc_auc_score(truth, score)
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(4.5, 4))
    ax.plot(fpr, tpr, label=f"AUC = {auc:.3f}")
    ax.plot([0, 1], [0, 1], linestyle="--", color="grey", linewidth=0.8)
    ax.set(xlabel="False positive rate", ylabel="True positive rate", title=f"ROC: {title}")
    ax.legend(loc="lower right")
    return _save(fig, path)


def plot_pr(truth: np.ndarray, score: np.ndarray, path: Path, title: str) -> Path | None:
    """Precision-recall curve with average precision and the base rate."""
    from sklearn.metrics import average_precision_score, precision_recall_curve

    if len(np.unique(truth)) < 2:
        return None
    precision, recall, _ = precision_recall_curve(truth, score)
    ap = average_precision_score(truth, score)
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(4.5, 4))
    ax.plot(recall, precision, label=f"AP = {ap:.3f}")
    ax.axhline(float(truth.mean()), linestyle="--", color="grey", linewidth=0.8, label="base rate")
    ax.set(xlabel="Recall", ylabel="Precision", title=f"PR: {title}", ylim=(0, 1.02))
    ax.legend(loc="upper right")
    return _save(fig, path)


def plot_calibration(truth: np.ndarray, score: np.ndarray, path: Path, title: str) -> Path | None:
    """Reliability diagram; None when scores are not probabilities."""
    from sklearn.calibration import calibration_curve

    if len(np.unique(truth)) < 2 or score.min() < 0 or score.max() > 1:
        return None
    frac_pos, mean_pred = calibration_curve(truth, score, n_bins=10, strategy="quantile")
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(4.5, 4))
    ax.plot(mean_pred, frac_pos, marker="o", label="model")
    ax.plot([0, 1], [0, 1], linestyle="--", color="grey", linewidth=0.8, label="perfect")
    ax.set(xlabel="Mean predicted probability", ylabel="Observed frequency",
           title=f"Calibration: {title}")
    ax.legend(loc="upper left")
    return _save(fig, path)


def plot_confusion(
    truth: np.ndarray,
    score: np.ndarray,
    path: Path,
    title: str,
    threshold: float,
    label_names: Sequence[str] | None = None,
) -> Path:
    """Confusion matrix at ``threshold`` (binary), or per-label TP/FP/FN counts (multi-label)."""
    from sklearn.metrics import confusion_matrix

    plt = _pyplot()
    predicted = (score >= threshold).astype(int)
    if truth.ndim == 1:
        matrix = confusion_matrix(truth, predicted, labels=[0, 1])
        fig, ax = plt.subplots(figsize=(4, 3.6))
        ax.imshow(matrix, cmap="Blues")
        for (i, j), count in np.ndenumerate(matrix):
            ax.text(j, i, str(count), ha="center", va="center")
        ax.set_xticks([0, 1], ["pred 0", "pred 1"])
        ax.set_yticks([0, 1], ["true 0", "true 1"])
        ax.set_title(f"Confusion @ {threshold:.2f}: {title}")
        return _save(fig, path)
    names = list(label_names or [f"label_{k}" for k in range(truth.shape[1])])
    tp = ((predicted == 1) & (truth == 1)).sum(axis=0)
    fp = ((predicted == 1) & (truth == 0)).sum(axis=0)
    fn = ((predicted == 0) & (truth == 1)).sum(axis=0)
    table = np.vstack([tp, fp, fn]).T
    fig, ax = plt.subplots(figsize=(6, 0.3 * len(names) + 1.5))
    ax.imshow(table, cmap="Blues", aspect="auto")
    for (i, j), count in np.ndenumerate(table):
        ax.text(j, i, str(count), ha="center", va="center", fontsize=7)
    ax.set_xticks([0, 1, 2], ["TP", "FP", "FN"])
    ax.set_yticks(range(len(names)), names, fontsize=7)
    ax.set_title(f"Per-label counts @ {threshold:.2f}: {title}")
    return _save(fig, path)


def evaluation_plots(
    y_true: Any,
    y_score: Any,
    out_dir: Path,
    *,
    title: str,
    threshold: float = 0.5,
    label_names: Sequence[str] | None = None,
) -> list[Path]:
    """Draw every plot that makes sense for these arrays into ``out_dir``; returns the files."""
    out_dir.mkdir(parents=True, exist_ok=True)
    truth, score = _as_arrays(y_true, y_score)
    flat_truth, flat_score = _flatten(truth, score)
    drawn = [
        plot_roc(flat_truth, flat_score, out_dir / "roc_curve.png", title),
        plot_pr(flat_truth, flat_score, out_dir / "pr_curve.png", title),
        plot_calibration(flat_truth, flat_score, out_dir / "calibration.png", title),
        plot_confusion(truth, score, out_dir / "confusion_matrix.png", title, threshold,
                       label_names),
    ]
    return [path for path in drawn if path is not None]
