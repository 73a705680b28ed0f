"""Debrief and history exports: plain text, Markdown, HTML, JSON, xAPI and a CPD record. Each exporter takes
a SessionReport (``session_report``) built from the plain records in ``facts`` and returns text; nothing
here reads the store or a scenario file.

Import the modules themselves: this package face re-exports nothing, so naming the formats never loads the
exporters.
"""
