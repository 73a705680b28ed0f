"""Debrief and history exports: plain text, Markdown, HTML, JSON, xAPI and a
CPD record. Each exporter takes a SessionReport and returns text."""

from .cpd import export_cpd
from .formats import FORMAT_NAMES, ExportFormat, formats
from .html import export_html
from .json_export import export_json, session_to_json
from .loading import ReportError, load_report
from .markdown import export_markdown
from .session_report import SessionReport, TimelineEntry, build_report
from .xapi import export_xapi, xapi_statements

__all__ = [
    "FORMAT_NAMES",
    "ExportFormat",
    "ReportError",
    "SessionReport",
    "TimelineEntry",
    "build_report",
    "export_cpd",
    "export_html",
    "export_json",
    "export_markdown",
    "export_xapi",
    "formats",
    "load_report",
    "session_to_json",
    "xapi_statements",
]
