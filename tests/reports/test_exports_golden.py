"""Every export of two pinned sessions, compared byte for byte with the files
in tests/golden/. After a deliberate change, regenerate them and review the
diff before committing:

    CASE_REVIEW_REGENERATE_GOLDEN=1 .venv/bin/python -m pytest tests/reports/test_exports_golden.py
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from simulator.reports.cpd import export_cpd
from simulator.reports.html import export_html
from simulator.reports.json_export import export_json
from simulator.reports.markdown import export_markdown
from simulator.reports.session_report import SessionReport
from simulator.reports.xapi import export_xapi

from .samples import finished_report, hostile_report

GOLDEN = Path(__file__).resolve().parent.parent / "golden"
REGENERATE = os.environ.get("CASE_REVIEW_REGENERATE_GOLDEN") == "1"

SAMPLES: dict[str, Callable[[], SessionReport]] = {"finished": finished_report, "hostile": hostile_report}
RENDERERS: dict[str, Callable[[SessionReport], str]] = {
    "md": export_markdown,
    "html": export_html,
    "json": export_json,
    "xapi.json": export_xapi,
    "cpd.md": export_cpd,
}


@pytest.mark.parametrize("suffix", RENDERERS)
@pytest.mark.parametrize("sample", SAMPLES)
def test_export_matches_golden_file(sample: str, suffix: str) -> None:
    text = RENDERERS[suffix](SAMPLES[sample]())
    path = GOLDEN / f"{sample}.{suffix}"
    if REGENERATE:
        path.write_text(text, encoding="utf-8", newline="\n")
    assert path.is_file(), f"{path} is missing; see this module's docstring to regenerate it"
    assert text == path.read_text(encoding="utf-8"), (
        f"{path.name} differs from the export; if the change is intended, regenerate (see the docstring)")


def test_exports_are_deterministic() -> None:
    for sample in SAMPLES.values():
        for render in RENDERERS.values():
            assert render(sample()) == render(sample())
