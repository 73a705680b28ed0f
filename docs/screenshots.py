"""Make the trainer's guide's screenshots (SVG) from the real app, on the
template scenario that `case-review new` writes.

    .venv/bin/python docs/screenshots.py

Writes docs/images/*.svg. Nothing is saved to any history database.
"""

from __future__ import annotations

import asyncio
import json
import tempfile
from pathlib import Path

from simulator.scenarios.loader import TEMPLATE
from simulator.ui.app import CaseReviewApp, make_app

IMAGES = Path(__file__).resolve().parent / "images"
SIZE = (120, 40)


async def _ready(app: CaseReviewApp, pilot: object) -> None:
    for _ in range(50):
        await pilot.pause()  # type: ignore[attr-defined]
        await app.workers.wait_for_complete()
        if app.library is not None and app.settings is not None:
            return
    raise RuntimeError("the library never loaded")


async def shoot(folder: Path, settings: Path) -> None:
    app = make_app([folder], bundled=False, author=True, keep_history=False, settings_file=settings)
    async with app.run_test(size=SIZE) as pilot:
        await _ready(app, pilot)
        (IMAGES / "library.svg").write_text(app.export_screenshot(title="The library"), encoding="utf-8")
        await pilot.press("enter", "enter", "e")  # open the case, take the first action, look at the evidence
        await pilot.pause()
        (IMAGES / "author-preview.svg").write_text(app.export_screenshot(title="The author preview"),
                                                   encoding="utf-8")


def main() -> None:
    IMAGES.mkdir(exist_ok=True)
    # A fixed folder name: the preview shows the path it watches, and the guide should not show a random one.
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp).parent / "case-review-guide" / "my-scenarios"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "mia.yaml").write_text(TEMPLATE.read_text(encoding="utf-8").replace(
            "id: my-first-case", "id: mia-hungry"), encoding="utf-8")
        settings = Path(tmp) / "settings.json"
        settings.write_text(json.dumps({"trainee": "Sam Trainer", "theme": ""}), encoding="utf-8")
        asyncio.run(shoot(folder, settings))
    print(f"wrote {IMAGES / 'library.svg'} and {IMAGES / 'author-preview.svg'}")


if __name__ == "__main__":
    main()
