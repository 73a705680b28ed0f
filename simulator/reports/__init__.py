"""Debrief and history exports: plain text, Markdown, HTML, JSON, xAPI and a
CPD record. Each exporter takes a SessionReport and returns text."""

from __future__ import annotations

from typing import TYPE_CHECKING

from simulator.lazy_exports import lazy_getattr

if TYPE_CHECKING:
    from .cpd import export_cpd
    from .formats import FORMAT_NAMES, ExportFormat, formats
    from .html import export_html
    from .json_export import export_json, session_to_json
    from .loading import ReportError, load_report
    from .markdown import export_markdown
    from .session_report import SessionReport, TimelineEntry, build_report
    from .xapi import export_xapi, xapi_statements

_EXPORTS: dict[str, str] = {
    "export_cpd": "cpd",
    "FORMAT_NAMES": "formats",
    "ExportFormat": "formats",
    "formats": "formats",
    "export_html": "html",
    "export_json": "json_export",
    "session_to_json": "json_export",
    "ReportError": "loading",
    "load_report": "loading",
    "export_markdown": "markdown",
    "SessionReport": "session_report",
    "TimelineEntry": "session_report",
    "build_report": "session_report",
    "export_xapi": "xapi",
    "xapi_statements": "xapi",
}


__getattr__ = lazy_getattr(__name__, _EXPORTS)

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
