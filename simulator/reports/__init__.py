"""Debrief and history exports: plain text, Markdown, HTML, JSON, xAPI and a
CPD record. Each exporter takes a SessionReport and returns text."""

# Names resolve on first use, so importing one submodule (or `simulator.store.settings`)
# does not load them all: the app's start-up stays quick.
from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

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


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


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
