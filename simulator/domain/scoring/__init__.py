"""Scoring a session against the criteria (design.md "Scoring, in principle"; formulas in docs/scoring.md).

A module per measure; `table.py` says which measures feed each criterion; `debrief.py` puts them together
(`score`), `results.py` holds what it produces.
"""
