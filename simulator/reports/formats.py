"""The export formats by name, as the `export --format` option knows them."""

from __future__ import annotations

from collections.abc import Callable

import attrs

from .cpd import export_cpd
from .format_names import DEFAULT_HOMEPAGE, FORMAT_INFO, FORMAT_NAMES
from .html import export_html
from .json_export import export_json
from .markdown import export_markdown
from .session_report import SessionReport
from .terminal import json_safe, neutralise
from .xapi import export_xapi

__all__ = ["FORMAT_NAMES", "ExportFormat", "formats"]


@attrs.frozen
class ExportFormat:
    name: str
    suffix: str
    description: str
    render: Callable[[SessionReport], str]


def formats(xapi_homepage: str = DEFAULT_HOMEPAGE) -> dict[str, ExportFormat]:
    render: dict[str, Callable[[SessionReport], str]] = {
        "md": export_markdown,
        "html": export_html,
        "json": export_json,
        "xapi": lambda report: export_xapi(report, xapi_homepage),
        "cpd": export_cpd,
    }
    return {name: ExportFormat(name, suffix, description, _safe(render[name], json_safe if suffix == ".json"
                                                                  else neutralise))
            for name, (suffix, description) in FORMAT_INFO.items()}


def _safe(render: Callable[[SessionReport], str], clean: Callable[[str], str]) -> Callable[[SessionReport], str]:
    """Every format's text is fit for a terminal, whether printed or written to a file someone may `cat`:
    control characters and bidirectional overrides neutralised (in JSON, escaped, so nothing is lost)."""

    def rendered(report: SessionReport) -> str:
        return clean(render(report))

    return rendered
