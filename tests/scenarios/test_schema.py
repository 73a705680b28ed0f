"""`case-review schema` is what editors check a file against as it is typed: every file the loader accepts, in
either format and in format 2's short form, fits it; what format 1 requires stays required there."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from simulator.scenarios.schema import scenario_schema

ROOT = Path(__file__).resolve().parents[2]
FILES = [*sorted((ROOT / "scenarios").glob("*.yaml")), ROOT / "tests" / "data" / "format2" / "household.yaml"]


class _Yaml12Loader(yaml.SafeLoader):
    """Reads scalars as an editor's YAML 1.2 does: only true and false are booleans (`sees_child: no` is text)."""


_Yaml12Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Yaml12Loader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|false)$"), list("tf"))


def _read(text: str) -> Any:
    return yaml.load(text, Loader=_Yaml12Loader)


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    return scenario_schema()


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_every_file_the_loader_reads_fits(schema: dict[str, Any], path: Path) -> None:
    jsonschema.validate(_read(path.read_text(encoding="utf-8")), schema)


def test_the_short_form_in_the_guide_fits(schema: dict[str, Any]) -> None:
    guide = (ROOT / "docs" / "scenario-format.md").read_text(encoding="utf-8")
    match = re.search(r"```yaml\n(format: 2\n.*?)```", guide, re.S)
    assert match is not None
    jsonschema.validate(_read(match.group(1)), schema)


def test_format_1_still_requires_what_it_required(schema: dict[str, Any]) -> None:
    data = _read((ROOT / "tests" / "data" / "mini.yaml").read_text(encoding="utf-8"))
    del data["stages"][0]["scores"]
    del data["stages"][0]["options"][0]["next"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, schema)
    data["format"] = 2
    jsonschema.validate(data, schema)
    data["format"] = 3
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, schema)
