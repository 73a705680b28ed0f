"""The export formats' names and descriptions, with nothing heavy imported,
so the command line can describe them without loading the exporters."""

from __future__ import annotations

DEFAULT_HOMEPAGE = "https://case-review.invalid/"

# name: (file suffix, description)
FORMAT_INFO: dict[str, tuple[str, str]] = {
    "md": (".md", "the debrief, timeline and reflection as Markdown"),
    "html": (".html", "the same as one self-contained web page"),
    "json": (".json", "a transcript `case-review score` reads, with the debrief and metadata"),
    "xapi": (".json", "xAPI 1.0.3 statements for a learning record store"),
    "cpd": (".md", "a CPD record laid out for Social Work England's form"),
}
FORMAT_NAMES: tuple[str, ...] = tuple(FORMAT_INFO)
