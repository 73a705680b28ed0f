"""The export formats by name, as the `export --format` option knows them."""

from __future__ import annotations

from collections.abc import Callable

import attrs

from .cpd import export_cpd
from .html import export_html
from .json_export import export_json
from .markdown import export_markdown
from .session_report import SessionReport
from .xapi import DEFAULT_HOMEPAGE, export_xapi


@attrs.frozen
class ExportFormat:
    name: str
    suffix: str
    description: str
    render: Callable[[SessionReport], str]


def formats(xapi_homepage: str = DEFAULT_HOMEPAGE) -> dict[str, ExportFormat]:
    return {f.name: f for f in (
        ExportFormat("md", ".md", "the debrief, timeline and reflection as Markdown", export_markdown),
        ExportFormat("html", ".html", "the same as one self-contained web page", export_html),
        ExportFormat("json", ".json", "a transcript `case-review score` reads, with the debrief and metadata",
                     export_json),
        ExportFormat("xapi", ".json", "xAPI 1.0.3 statements for a learning record store",
                     lambda report: export_xapi(report, xapi_homepage)),
        ExportFormat("cpd", ".md", "a CPD record laid out for Social Work England's form", export_cpd),
    )}


FORMAT_NAMES: tuple[str, ...] = tuple(formats())
