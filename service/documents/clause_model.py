"""The clause classifier as one scikit-learn pipeline: features, then a named multi-label head.

``build_clause_pipeline`` is the single definition training, tests and the bundled model use.
The head (:class:`MultiLabelClauseClassifier`) remembers which clause type each output column
is and turns linear margins into calibrated probabilities (Platt scaling on out-of-fold
margins, folds grouped by contract), at two levels: the paragraph and the document.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import accumulate
from typing import Any

import numpy as np
from scipy import sparse
from sklearn.base import BaseEstimator, ClassifierMixin, TransformerMixin, clone
from sklearn.compose import ColumnTransformer
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer
from sklearn.linear_model import LogisticRegression, SGDClassifier
from sklearn.model_selection import GroupKFold
from sklearn.multiclass import OneVsRestClassifier
from sklearn.pipeline import Pipeline
from sklearn.svm import LinearSVC

from service.documents.clause_features import (
    _PHRASE_TESTS,
    _SECOND_GATES,
    CUAD_CLAUSE_TYPES,
    SENTENCE_CUES,
    ClauseCueFeatures,
    LegalPhraseFeatures,
    SentenceCueFeatures,
)

# Chosen on a validation split carved out of the training contracts (never the held-out
# contracts): a linear SVM beat logistic regression on paragraph mAP and contract macro-F1;
# class weighting, word trigrams, previous-paragraph context and a document-level stack over
# all types' scores did not help (see training/clauses/README.md). ``extra_cues`` (the second
# wording-cue set) and ``excerpt_rows`` (gold excerpts as extra training positives, see
# ``training.clauses.dataset.excerpt_rows``) won in grouped cross-validation over the training
# contracts, and so did ``sentence_cues`` (``SentenceCueFeatures``: termination on notice or at
# will with no condition in the same sentence), and sentence windows scored and trained on
# (``window_sizes`` + ``window_train``: +0.018 / +0.020 macro-F1 on the two fold assignments).
# NB-SVM scaling (``nb_scale``) stays off: its gain did not reproduce across assignments.
DEFAULT_PARAMS: dict[str, Any] = {
    "estimator": "svm",
    "C": 0.3,
    "class_weight": None,
    "word_max_features": 40000,
    "word_ngrams": 2,
    "heading_max_features": 4000,
    "char_max_features": 0,
    "context_max_features": 0,
    "phrases": True,
    "cues": True,
    "cue_weight": 1.0,
    "extra_cues": True,
    "sentence_cues": True,
    "excerpt_rows": True,
    "calibration_folds": 3,
    "tune_thresholds": True,
    "threshold_min_gain": 0.2,
    # NB-SVM (Wang & Manning 2012), off by default: per type, the word n-gram block is
    # (optionally binarized and) scaled by that type's log-count ratio before the linear head.
    "nb_scale": False,
    "nb_alpha": 1.0,
    "nb_binary": True,
    "nb_beta": 1.0,
    "nb_blocks": ["words"],
    # Sentence windows (``SentenceWindows``): paragraphs of at least ``window_min_chars`` are
    # also scored as runs of ``window_sizes`` consecutive sentences; a paragraph's margin is
    # the maximum over itself and its windows (in calibration too), so one decisive sentence
    # is not diluted by a long paragraph. ``window_train``: single sentences of those
    # paragraphs are extra training rows too (``training.clauses.dataset.window_rows``,
    # labelled by gold overlap, never calibrating). Empty lists switch either off.
    "window_sizes": [1, 2, 3],
    "window_min_chars": 400,
    "window_cues": True,
    "window_train": [1],
}

# Candidate document-level cuts for ``document_thresholds_`` (see ``choose_thresholds``).
THRESHOLD_GRID: tuple[float, ...] = tuple(round(0.15 + 0.05 * i, 2) for i in range(10))


class MultiLabelClauseClassifier(BaseEstimator, ClassifierMixin):  # type: ignore[misc]
    """One-vs-rest linear head over named clause types, calibrated twice per type.

    ``fit(X, Y, groups=...)``: ``Y`` is an (n, k) 0/1 matrix in ``clause_types`` order and
    ``groups`` names each row's document. Out-of-fold margins (folds grouped by document, so no
    document calibrates itself) fit two Platt scalings per type:

    - ``predict_proba``: the probability that *this paragraph* carries the clause;
    - ``document_proba``: the probability that *the document* contains the clause when this
      paragraph is its best-scoring one for the type (fitted on per-document maxima). This is
      the question a reviewer asks first ("does this contract cap liability, and where?").
    """

    # Defaults for heads pickled before the NB-SVM option existed (get_params reads them).
    nb_scale: bool = False
    nb_alpha: float = 1.0
    nb_binary: bool = True
    nb_beta: float = 1.0
    nb_blocks: Sequence[str] = ("words",)

    def __init__(
        self,
        estimator: Any = None,
        clause_types: Sequence[str] = CUAD_CLAUSE_TYPES,
        calibration_folds: int = 3,
        tune_thresholds: bool = False,
        threshold_min_gain: float = 0.2,
        nb_scale: bool = False,
        nb_alpha: float = 1.0,
        nb_binary: bool = True,
        nb_beta: float = 1.0,
        nb_blocks: Sequence[str] = ("words",),
    ) -> None:
        self.estimator = estimator
        self.clause_types = clause_types
        self.calibration_folds = calibration_folds
        self.tune_thresholds = tune_thresholds
        self.threshold_min_gain = threshold_min_gain
        self.nb_scale = nb_scale
        self.nb_alpha = nb_alpha
        self.nb_binary = nb_binary
        self.nb_beta = nb_beta
        self.nb_blocks = nb_blocks

    def _base(self) -> Any:
        base = self.estimator if self.estimator is not None else LogisticRegression(C=10.0)
        if self.nb_scale:
            return NBLinearOVR(
                clone(base),
                self.nb_columns_,
                alpha=self.nb_alpha,
                binary=self.nb_binary,
                beta=self.nb_beta,
            )
        return OneVsRestClassifier(clone(base))

    def fit(
        self,
        X: Any,
        Y: Any,
        groups: Any = None,
        calibrate: Any = None,
        nb_columns: Any = None,
        windows: WindowedRows | None = None,
    ) -> MultiLabelClauseClassifier:
        """Fit the head on all rows; fit both calibrations on grouped out-of-fold margins.

        ``calibrate`` (optional 0/1 per row) marks the rows that are real paragraphs: extra
        training rows (excerpt positives) help fit the margins but must not calibrate them,
        since no document ever presents them. ``nb_columns`` (a boolean mask over the feature
        columns; default all) names the n-gram columns ``nb_scale`` rescales. ``windows``
        (sentence windows of the rows, ``WindowedRows.windows`` / ``owners``) raise each row's
        out-of-fold margin to its best window's, as ``decision_function`` does at scoring.
        """
        Y = np.asarray(Y, dtype=np.int64)
        self.classes_ = np.asarray(list(self.clause_types), dtype=object)
        if self.nb_scale:
            self.nb_columns_ = (
                np.ones(X.shape[1], dtype=bool)
                if nb_columns is None
                else np.asarray(nb_columns, dtype=bool)
            )
        self.model_ = self._base().fit(X, Y)
        k = Y.shape[1]
        if groups is None:
            groups = np.arange(Y.shape[0]) // 200  # no documents given: pseudo-documents
        groups = np.asarray(groups)
        n_groups = len(np.unique(groups))
        folds = GroupKFold(n_splits=max(2, min(self.calibration_folds, n_groups)))
        oof = np.zeros(Y.shape, dtype=np.float64)
        for train_idx, test_idx in folds.split(X, Y, groups):
            part = self._base().fit(X[train_idx], Y[train_idx])
            oof[test_idx] = np.asarray(part.decision_function(X[test_idx])).reshape(
                len(test_idx), k
            )
            if windows is not None and windows.owners.size:
                held = np.isin(windows.owners, test_idx)
                if held.any():
                    np.maximum.at(
                        oof, windows.owners[held], self._window_margins(part, windows.windows[held])
                    )
        if calibrate is not None:
            keep = np.asarray(calibrate, dtype=bool)
            oof, Y, groups = oof[keep], Y[keep], groups[keep]
        self.paragraph_calibration_ = _platt(oof, Y)
        doc_scores, doc_labels = _group_max(oof, groups), _group_max(Y, groups)
        self.document_calibration_ = _platt(doc_scores, doc_labels)
        # Per-type cuts on the same out-of-fold document scores: the training contracts pick
        # them, so the held-out contracts never do.
        self.document_thresholds_ = (
            choose_thresholds(
                _sigmoid(doc_scores, self.document_calibration_),
                doc_labels,
                min_gain=self.threshold_min_gain,
            )
            if self.tune_thresholds
            else np.full(k, 0.5)
        )
        return self

    def decision_function(self, X: Any) -> np.ndarray:
        """Raw one-vs-rest margins, one column per clause type.

        For :class:`WindowedRows` (a paragraph matrix plus sentence windows), each paragraph's
        margin is the maximum over itself and its windows.
        """
        if isinstance(X, WindowedRows):
            if X.margins is None or X.margins[0] is not self.model_:
                margins = self._margins(self.model_, X.paragraphs)
                if X.owners.size:
                    np.maximum.at(margins, X.owners, self._window_margins(self.model_, X.windows))
                X.margins = (self.model_, margins)
            return X.margins[1].copy()
        return self._margins(self.model_, X)

    @staticmethod
    def _margins(model: Any, X: Any) -> np.ndarray:
        return np.asarray(model.decision_function(X), dtype=np.float64).reshape(X.shape[0], -1)

    @staticmethod
    def _window_margins(model: Any, X: Any) -> np.ndarray:
        """Margins of many window rows: one product with the stacked one-vs-rest weights."""
        estimators: list[Any] = list(getattr(model, "estimators_", None) or [])
        if not isinstance(model, OneVsRestClassifier) or not all(
            hasattr(e, "coef_") for e in estimators
        ):
            return MultiLabelClauseClassifier._margins(model, X)
        weights = np.vstack([np.ravel(e.coef_) for e in estimators]).T
        bias = np.asarray([np.ravel(e.intercept_)[0] for e in estimators])
        return np.asarray(X @ weights, dtype=np.float64) + bias

    def predict_proba(self, X: Any) -> np.ndarray:
        """Calibrated probability that each paragraph (row) carries each clause type (column)."""
        return _sigmoid(self.decision_function(X), self.paragraph_calibration_)

    def document_proba(self, X: Any) -> np.ndarray:
        """Calibrated probability that the document holds the type, if this row is its best."""
        return _sigmoid(self.decision_function(X), self.document_calibration_)

    def predict(self, X: Any) -> np.ndarray:
        """0/1 matrix at paragraph probability 0.5."""
        return (self.predict_proba(X) >= 0.5).astype(np.int64)


class WindowedRows:
    """Feature rows of paragraphs plus their sentence windows (``owners``: paragraph row)."""

    def __init__(self, paragraphs: Any, windows: Any, owners: np.ndarray) -> None:
        self.paragraphs = paragraphs
        self.windows = windows
        self.owners = np.asarray(owners, dtype=np.int64)
        # (fitted model, max-pooled margins): predict_proba and document_proba share one pass.
        self.margins: tuple[Any, np.ndarray] | None = None

    @property
    def shape(self) -> tuple[int, int]:
        """Shape of the paragraph matrix (one output row per paragraph)."""
        return tuple(self.paragraphs.shape)  # type: ignore[return-value]


_WINDOW_SENTENCE_END = re.compile(r"(?<=[.;:])\s+(?=\S)|\n\s*(?=\(?[a-z0-9ivx]{1,4}\)\s)")


def sentence_spans(text: str, min_chars: int = 20) -> list[tuple[int, int]]:
    """Sentence (start, end) offsets in ``text``; pieces shorter than ``min_chars`` join the next."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _WINDOW_SENTENCE_END.finditer(text):
        if match.start() - start >= min_chars:
            spans.append((start, match.start()))
            start = match.end()
    if len(text) - start >= min_chars or not spans:
        spans.append((start, len(text)))
    else:
        spans[-1] = (spans[-1][0], len(text))
    return spans


class SentenceWindows(BaseEstimator, TransformerMixin):  # type: ignore[misc]
    """The feature step plus sentence windows of long paragraphs, which the head max-pools.

    ``inner`` is the ``ColumnTransformer`` (fitted on whole rows). A paragraph of at least
    ``min_chars`` is cut into sentences and each run of ``sizes`` consecutive sentences becomes
    a window row, so one decisive sentence is not diluted by a long paragraph:

    - word n-grams: each sentence is counted once; the paragraph's counts are the sum over its
      sentences (n-grams across a sentence end are dropped, in training and scoring alike) and
      each window's the sum over its own, then TF-IDF;
    - phrases, wording cues and sentence cues (``window_cues``): the paragraph keeps its own
      indicators; a window has an indicator when its paragraph has it *and* one of the
      window's sentences matches it (only the paragraph's hits are re-tested, sentence by
      sentence); with ``window_cues=False`` windows copy their paragraph's indicators;
    - log length: the window's; heading and lead-in blocks: the paragraph's.

    ``transform`` returns :class:`WindowedRows`.
    """

    def __init__(
        self,
        inner: Any,
        sizes: Sequence[int] = (1, 2, 3),
        min_chars: int = 400,
        sentence_cues: bool = True,
    ) -> None:
        self.inner = inner
        self.sizes = sizes
        self.min_chars = min_chars
        self.sentence_cues = sentence_cues

    def fit(self, X: Any, y: Any = None) -> SentenceWindows:
        """Fit the wrapped feature step on whole rows."""
        self.inner.fit(X, y)
        self.fitted_ = True
        return self

    def fit_transform(self, X: Any, y: Any = None, **params: Any) -> Any:
        """Fit, then return the rows' features (no windows)."""
        return self.fit(X, y).transform(X).paragraphs

    def transform(self, X: Any) -> WindowedRows:
        """Rows' and windows' features (see the class docstring)."""
        texts = X["text"].astype(str).tolist()
        docs: list[str] = []  # short rows whole, long rows sentence by sentence
        doc_row: list[int] = []
        owners_list: list[int] = []
        ranges: list[tuple[int, int]] = []  # each window's doc range
        lengths: list[int] = []
        split_rows: list[tuple[int, int, int, int, int]] = []  # row, its docs, its windows
        for i, text in enumerate(texts):
            if len(text) < self.min_chars:
                doc_row.append(i)
                docs.append(text)
                continue
            first, first_window = len(docs), len(ranges)
            spans = sentence_spans(text)
            for a, b in spans:
                doc_row.append(i)
                docs.append(text[a:b])
            for size in self.sizes:
                for a in range(len(spans) - size + 1) if size < len(spans) else ():
                    owners_list.append(i)
                    ranges.append((first + a, first + a + size))
                    lengths.append(spans[a + size - 1][1] - spans[a][0])
            split_rows.append((i, first, len(docs), first_window, len(ranges)))
        n, n_docs, n_win = len(texts), len(docs), len(ranges)
        owners = np.asarray(owners_list, dtype=np.int64)
        window_log_length = np.log1p(np.asarray(lengths, dtype=np.float64)) / 10.0
        to_rows = sparse.csr_matrix(
            (np.ones(n_docs), (np.asarray(doc_row), np.arange(n_docs))), shape=(n, n_docs)
        )
        to_windows = sparse.csr_matrix(
            (
                np.ones(sum(b - a for a, b in ranges)),
                np.concatenate([np.arange(a, b) for a, b in ranges]) if ranges else [],
                np.r_[0, np.cumsum([b - a for a, b in ranges])].astype(np.int64),
            ),
            shape=(n_win, n_docs),
        )
        lower: list[str] | None = None
        par_blocks: list[Any] = []
        win_blocks: list[Any] = []
        for name, trans, cols in self.inner.transformers_:
            if trans == "drop":
                continue
            if name == "words":
                counts = sparse.csr_matrix(CountVectorizer.transform(trans, docs), dtype=np.float64)
                par_blocks.append(trans._tfidf.transform(to_rows @ counts))
                win_blocks.append(
                    trans._tfidf.transform(to_windows @ counts)
                    if n_win
                    else sparse.csr_matrix((0, counts.shape[1]))
                )
                continue
            block = sparse.csr_matrix(trans.transform(X[cols]), dtype=np.float64)
            par_blocks.append(block)
            tests = _indicator_tests(trans)
            if not n_win or tests is None:
                win_blocks.append(block[owners])
                continue
            width = block.shape[1]
            keep = np.ones(width)
            rows: list[int] = []
            cols_hit: list[int] = []
            values: list[float] = []
            if self.sentence_cues:
                keep[: len(tests)] = 0.0
                if lower is None:
                    lower = [d.lower() for d in docs]
                indices, data = block.indices.tolist(), block.data.tolist()
                for i, first, stop, first_window, last_window in split_rows:
                    spans = ranges[first_window:last_window]
                    for k in range(block.indptr[i], block.indptr[i + 1]):
                        j = indices[k]
                        if j >= len(tests):
                            continue
                        test = tests[j]
                        seen = list(accumulate((test(lower[d]) for d in range(first, stop)),
                                               initial=0))
                        for w, (a, b) in enumerate(spans, first_window):
                            if seen[b - first] > seen[a - first]:
                                rows.append(w)
                                cols_hit.append(j)
                                values.append(data[k])
            if isinstance(trans, LegalPhraseFeatures):  # last column: log length / 10
                keep[width - 1] = 0.0
                rows.extend(range(n_win))
                cols_hit.extend([width - 1] * n_win)
                values.extend(window_log_length.tolist())
            added = sparse.csr_matrix((values, (rows, cols_hit)), shape=(n_win, width))
            win_blocks.append(block[owners] @ sparse.diags(keep) + added)
        paragraphs = sparse.hstack(par_blocks, format="csr", dtype=np.float32)
        windows = sparse.hstack(win_blocks, format="csr", dtype=np.float32)
        return WindowedRows(paragraphs, windows, owners)


def _indicator_tests(trans: Any) -> list[Any] | None:
    """Per-column text tests of an indicator block (its leading columns), or None."""
    if isinstance(trans, LegalPhraseFeatures):
        return [
            lambda low, phrases=phrases, pattern=pattern: any(p in low for p in phrases)
            and (pattern is None or pattern.search(low) is not None)
            for phrases, pattern in _PHRASE_TESTS
        ]
    if isinstance(trans, ClauseCueFeatures):
        return [
            lambda low, gate=gate, second=second, pattern=pattern: any(g in low for g in gate)
            and (not second or any(g in low for g in second))
            and pattern.search(low) is not None
            for (gate, pattern), second in zip(trans._tests(), _SECOND_GATES, strict=False)
        ]
    if isinstance(trans, SentenceCueFeatures):
        return list(SENTENCE_CUES.values())
    return None


class NBLinearOVR:
    """One-vs-rest linear models on NB-scaled n-grams (NB-SVM, Wang & Manning 2012).

    For each type, the ``columns`` block (word n-grams) is binarized (``binary``) and every
    column is multiplied by its log-count ratio ``r = log((p / |p|_1) / (q / |q|_1))``, with
    ``p`` / ``q`` the ``alpha``-smoothed column sums over the type's positive / negative rows;
    the other columns (heading, phrases, cues) pass unscaled. The base estimator is fitted on
    the scaled matrix; its weights on the block are then interpolated towards their mean
    magnitude (``beta`` < 1, the paper's ``w' = (1 - beta) mean|w| + beta w``) and folded
    with ``r`` into one weight matrix, so scoring is a single sparse product after the
    binarization.
    """

    def __init__(
        self, estimator: Any, columns: np.ndarray, *, alpha: float = 1.0, binary: bool = True,
        beta: float = 1.0,
    ) -> None:
        self.estimator = estimator
        self.columns = np.asarray(columns, dtype=bool)
        self.alpha = alpha
        self.binary = binary
        self.beta = beta

    def _prepare(self, X: Any) -> sparse.csr_matrix:
        X = sparse.csr_matrix(X, dtype=np.float64, copy=True)
        if self.binary:
            block = self.columns[X.indices]
            X.data[block] = (X.data[block] > 0).astype(np.float64)
        return X

    def fit(self, X: Any, Y: Any) -> NBLinearOVR:
        """Fit one scaled linear model per column of ``Y``."""
        Xp = self._prepare(X)
        Y = np.asarray(Y)
        block = self.columns
        coef = np.zeros((Y.shape[1], Xp.shape[1]), dtype=np.float64)
        intercept = np.zeros(Y.shape[1], dtype=np.float64)
        for j in range(Y.shape[1]):
            y = Y[:, j].astype(bool)
            scale = np.ones(Xp.shape[1], dtype=np.float64)
            if y.any() and not y.all():
                p = self.alpha + np.asarray(Xp[y].sum(axis=0)).ravel()[block]
                q = self.alpha + np.asarray(Xp[~y].sum(axis=0)).ravel()[block]
                scale[block] = np.log(p / p.sum()) - np.log(q / q.sum())
            else:  # one class only: a constant score
                intercept[j] = 1.0 if y.all() else -1.0
                continue
            model = clone(self.estimator).fit(Xp @ sparse.diags(scale), y.astype(np.int64))
            w = np.asarray(model.coef_, dtype=np.float64).ravel().copy()
            if self.beta < 1.0:
                w[block] = (1.0 - self.beta) * np.abs(w[block]).mean() + self.beta * w[block]
            coef[j] = w * scale
            intercept[j] = float(np.ravel(model.intercept_)[0])
        self.coef_ = np.ascontiguousarray(coef.T, dtype=np.float32)
        self.intercept_ = intercept
        return self

    def decision_function(self, X: Any) -> np.ndarray:
        """Margins, one column per type."""
        return np.asarray(self._prepare(X) @ self.coef_) + self.intercept_


def choose_thresholds(
    proba: np.ndarray,
    labels: np.ndarray,
    grid: Sequence[float] = THRESHOLD_GRID,
    min_gain: float = 0.0,
) -> np.ndarray:
    """Per-column cut on document-level probabilities that maximises contract-level F1.

    Calibrated probabilities are honest about frequency, not about F1: for a rare type the
    F1-optimal cut lies below 0.5 (at about F1*/2), so a uniform 0.5 under-detects rare clauses
    such as most-favoured-nation. F1 is smoothed over neighbouring grid points (a 3-point mean)
    so a few contracts cannot pull the cut to an isolated spike; ties go to the cut nearest 0.5.
    A type keeps 0.5 unless the best cut beats 0.5's smoothed F1 by ``min_gain``: every extra
    detection of a frequent type that is wrong also costs span precision, so only types whose
    0.5 cut is badly placed (the rare ones) move.
    """
    grid_arr = np.asarray(grid, dtype=np.float64)
    out = np.full(proba.shape[1], 0.5)
    for j in range(proba.shape[1]):
        y = labels[:, j].astype(bool)
        if not y.any():
            continue
        f1 = np.empty(len(grid_arr))
        for i, cut in enumerate(grid_arr):
            pred = proba[:, j] >= cut
            tp = float(np.sum(pred & y))
            f1[i] = 2 * tp / (pred.sum() + y.sum()) if pred.sum() + y.sum() else 0.0
        smooth = np.convolve(np.pad(f1, 1, mode="edge"), np.ones(3) / 3, mode="valid")
        best = np.flatnonzero(smooth >= smooth.max() - 1e-9)
        cut = float(grid_arr[best[np.argmin(np.abs(grid_arr[best] - 0.5))]])
        at_half = np.flatnonzero(np.isclose(grid_arr, 0.5))
        if at_half.size and smooth.max() - smooth[at_half[0]] < min_gain:
            cut = 0.5
        out[j] = cut
    return out


def _platt(scores: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """Per-column Platt scaling (a, b) as a (2, k) array; identity-ish for one-class columns."""
    k = scores.shape[1]
    out = np.vstack([np.ones(k), np.zeros(k)])
    for j in range(k):
        if labels[:, j].min() == labels[:, j].max():
            continue
        platt = LogisticRegression(C=1e4).fit(scores[:, [j]], labels[:, j])
        out[0, j] = float(platt.coef_[0, 0])
        out[1, j] = float(platt.intercept_[0])
    return out


def _sigmoid(margins: np.ndarray, calibration: np.ndarray) -> np.ndarray:
    z = np.clip(margins * calibration[0] + calibration[1], -50.0, 50.0)
    return np.asarray(1.0 / (1.0 + np.exp(-z)))


def _group_max(values: np.ndarray, groups: Any) -> np.ndarray:
    """Column-wise maximum of ``values`` within each group (rows: groups in first-seen order)."""
    codes, _ = _factorize(groups)
    out = np.full((codes.max() + 1, values.shape[1]), -np.inf)
    np.maximum.at(out, codes, values)
    return out


def _factorize(groups: Any) -> tuple[np.ndarray, np.ndarray]:
    uniques, codes = np.unique(np.asarray(groups), return_inverse=True)
    return codes.astype(np.int64), uniques


class GroupedPipeline(Pipeline):
    """A Pipeline whose ``fit`` forwards ``groups`` to the final step (for grouped calibration)."""

    def fit(
        self, X: Any, y: Any = None, groups: Any = None, calibrate: Any = None, **params: Any
    ) -> GroupedPipeline:
        """Fit the feature steps, then the head with ``groups`` (and ``calibrate``)."""
        Xt = X
        extra: dict[str, Any] = {}
        for _, step in self.steps[:-1]:
            if step is None or step == "passthrough":
                continue
            if isinstance(step, SentenceWindows):
                extra["windows"] = step.fit(Xt, y).transform(Xt)
                Xt = extra["windows"].paragraphs
            else:
                Xt = step.fit_transform(Xt, y)
        head = self.steps[-1][1]
        if getattr(head, "nb_scale", False):
            extra["nb_columns"] = _block_mask(self.steps[0][1], head, Xt.shape[1])
        if extra:
            head.fit(Xt, y, groups=None if groups is None else np.asarray(groups),
                     calibrate=None if calibrate is None else np.asarray(calibrate), **extra)
        elif groups is not None and calibrate is not None:
            head.fit(Xt, y, groups=np.asarray(groups), calibrate=np.asarray(calibrate))
        elif groups is not None:
            head.fit(Xt, y, groups=np.asarray(groups))
        else:
            head.fit(Xt, y)
        drop_vectorizer_stop_words(self)
        return self


def _block_mask(features: Any, head: Any, width: int) -> np.ndarray:
    """Boolean mask of the feature columns produced by the ``nb_blocks`` transformers."""
    blocks = tuple(getattr(head, "nb_blocks", ("words",)))
    features = getattr(features, "inner", features)
    mask = np.zeros(width, dtype=bool)
    for name, where in (getattr(features, "output_indices_", None) or {}).items():
        if name in blocks:
            mask[where] = True
    return mask


def drop_vectorizer_stop_words(estimator: Any) -> None:
    """Delete fitted TF-IDF vectorizers' ``stop_words_`` (every term cut by min_df/max_features).

    scikit-learn keeps it only for introspection; it is most of a saved model's size (tens of
    MB for CUAD) and plays no part in ``transform``.
    """
    stack = [estimator]
    while stack:
        obj = stack.pop()
        if isinstance(obj, TfidfVectorizer) and hasattr(obj, "stop_words_"):
            del obj.stop_words_
        for attr in ("steps", "transformers_"):
            for item in getattr(obj, attr, None) or []:
                stack.append(item[1])
        if isinstance(obj, SentenceWindows):
            stack.append(obj.inner)


def document_proba(pipeline: Any, X: Any) -> np.ndarray:
    """``document_proba`` of a fitted clause pipeline (features, then the head)."""
    features = pipeline[:-1].transform(X)
    return np.asarray(pipeline[-1].document_proba(features))


def build_clause_pipeline(params: dict[str, Any] | None = None) -> GroupedPipeline:
    """The untrained clause pipeline: text/heading TF-IDF (+ phrases, + char n-grams) -> head.

    Input is a DataFrame with columns ``text`` and ``heading`` (see ``paragraph_frame``).
    """
    p = {**DEFAULT_PARAMS, **(params or {})}
    parts: list[tuple[str, Any, Any]] = [
        (
            "words",
            TfidfVectorizer(
                ngram_range=(1, int(p["word_ngrams"])),
                min_df=2,
                max_features=int(p["word_max_features"]),
                sublinear_tf=True,
                dtype=np.float32,
            ),
            "text",
        ),
        (
            "heading",
            TfidfVectorizer(
                ngram_range=(1, 2),
                min_df=2,
                max_features=int(p["heading_max_features"]),
                sublinear_tf=True,
                dtype=np.float32,
            ),
            "heading",
        ),
    ]
    if int(p["char_max_features"]) > 0:
        parts.append(
            (
                "chars",
                TfidfVectorizer(
                    analyzer="char_wb",
                    ngram_range=(3, 5),
                    min_df=3,
                    max_features=int(p["char_max_features"]),
                    sublinear_tf=True,
                    dtype=np.float32,
                ),
                "text",
            )
        )
    if int(p["context_max_features"]) > 0:
        parts.append(
            (
                "context",
                TfidfVectorizer(
                    ngram_range=(1, 1),
                    min_df=3,
                    max_features=int(p["context_max_features"]),
                    sublinear_tf=True,
                    dtype=np.float32,
                ),
                "context",
            )
        )
    if p["phrases"]:
        parts.append(("phrases", LegalPhraseFeatures(), ["text"]))
    if p.get("cues", False):
        cues = ClauseCueFeatures(float(p.get("cue_weight", 1.0)), bool(p.get("extra_cues", False)))
        parts.append(("cues", cues, ["text", "context"]))
    if p.get("sentence_cues", False):
        parts.append(("sentence_cues", SentenceCueFeatures(), "text"))
    estimator: Any
    if p["estimator"] == "svm":
        estimator = LinearSVC(C=float(p["C"]), class_weight=p["class_weight"])
    elif p["estimator"] == "sgd":
        estimator = SGDClassifier(
            loss="hinge",
            alpha=float(p.get("alpha", 1e-4)),
            max_iter=int(p.get("epochs", 20)),
            tol=None,
            class_weight=p["class_weight"],
            random_state=0,
        )
    else:
        estimator = LogisticRegression(
            C=float(p["C"]), class_weight=p["class_weight"], solver="liblinear", max_iter=300
        )
    head = MultiLabelClauseClassifier(
        estimator=estimator,
        clause_types=CUAD_CLAUSE_TYPES,
        calibration_folds=int(p["calibration_folds"]),
        tune_thresholds=bool(p.get("tune_thresholds", False)),
        threshold_min_gain=float(p.get("threshold_min_gain", 0.2)),
        nb_scale=bool(p.get("nb_scale", False)),
        nb_alpha=float(p.get("nb_alpha", 1.0)),
        nb_binary=bool(p.get("nb_binary", True)),
        nb_beta=float(p.get("nb_beta", 1.0)),
        nb_blocks=tuple(p.get("nb_blocks", ("words",))),
    )
    features: Any = ColumnTransformer(parts)
    if p.get("window_sizes"):
        features = SentenceWindows(
            features,
            sizes=tuple(int(n) for n in p["window_sizes"]),
            min_chars=int(p.get("window_min_chars", 400)),
            sentence_cues=bool(p.get("window_cues", True)),
        )
    return GroupedPipeline([("features", features), ("head", head)])
