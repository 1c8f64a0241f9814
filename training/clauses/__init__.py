"""Clause-classifier training on CUAD (see ``spec.py`` for the ModelSpec the runner calls)."""
