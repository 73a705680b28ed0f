"""Format 2's short forms, filled in on the plain data before it is structured, so that a minimal real case
fits in about 80 lines and the model stays one shape:

- `difficulty` defaults to intermediate, `minutes` to 15;
- an evidence item without a `key` is neutral, and its `source` may be left out;
- an option's `verdict`, `votes`, `feedback` and `counts_against` may sit on the option itself;
- an option with a `route` takes its place on the scale from the route (docs/routes.md);
- an option without `next` leads to the next stage in the file, or after the last stage to the first ending
  (in a stage with several decisions, the stage's `next` decides);
- a stage without `scores` is scored on what its options put at stake (see `default_scores`); at a stage with
  several decisions, each decision on what its own options do.
"""

from __future__ import annotations

import copy
from typing import Any

from simulator.domain.catalogue import ROUTES_BY_ID, Outcome

KEY_FIELDS = ("verdict", "votes", "feedback", "counts_against")
_CLOSING = {Outcome.CLOSE.value, Outcome.UNIVERSAL.value}


def default_scores(first: bool, outcomes: list[str]) -> list[str]:
    """What a stage's decision puts at stake, from its options' places on the scale: the front door at the first
    stage; a safe closure where closing is an option; the allegation investigated where a section 47 enquiry is;
    the response to immediate risk where immediate protection is; and proportionate help always (too little help
    and too much are both errors)."""
    scores = ["front-door"] if first else []
    if _CLOSING & set(outcomes):
        scores.append("safe-closure")
    if Outcome.SECTION_47.value in outcomes:
        scores.append("investigation")
    if Outcome.IMMEDIATE_PROTECTION.value in outcomes:
        scores.append("immediate-protection")
    scores.append("proportionate-help")
    return scores


def fill(data: Any) -> Any:
    """A copy of a format 2 file's data with its short forms filled in; anything malformed is left for
    structuring to report."""
    if not isinstance(data, dict):
        return data
    data = copy.deepcopy(data)
    data.setdefault("difficulty", "intermediate")
    data.setdefault("minutes", "15")
    for item in _list(data.get("evidence")):
        if isinstance(item, dict):
            item.setdefault("key", {"kind": "neutral"})
            item.setdefault("source", "")
    stages = [s for s in _list(data.get("stages")) if isinstance(s, dict)]
    endings = [e for e in _list(data.get("endings")) if isinstance(e, dict)]
    first_ending = endings[0].get("id") if endings else None
    for index, stage in enumerate(stages):
        following = stages[index + 1].get("id") if index + 1 < len(stages) else first_ending
        groups = [d for d in _list(stage.get("decisions")) if isinstance(d, dict)]
        if not groups:
            options = [o for o in _list(stage.get("options")) if isinstance(o, dict)]
            for option in options:
                _option(option)
                if "next" not in option and isinstance(following, str):
                    option["next"] = following
            if "scores" not in stage:
                stage["scores"] = default_scores(index == 0, [str(o.get("outcome")) for o in options])
            continue
        if "next" not in stage and isinstance(following, str):
            stage["next"] = following
        stage_scores: list[str] = []
        for group in groups:
            options = [o for o in _list(group.get("options")) if isinstance(o, dict)]
            for option in options:
                _option(option)
            if "scores" not in stage and "scores" not in group:
                # Each decision is scored on what its own options put at stake: Jade's private fostering route
                # is not an allegation investigated because Tyler's decision beside it is.
                group["scores"] = default_scores(index == 0, [str(o.get("outcome")) for o in options])
            stage_scores += [c for c in _list(group.get("scores")) if isinstance(c, str)]
        if "scores" not in stage:
            stage["scores"] = list(dict.fromkeys(stage_scores))
    return data


def _option(option: dict[str, Any]) -> None:
    key = option.get("key")
    if key is None:
        key = option["key"] = {}
    if isinstance(key, dict):
        for name in KEY_FIELDS:
            if name in option and name not in key:
                key[name] = option.pop(name)
    route = option.get("route")
    if "outcome" not in option and isinstance(route, str) and route in ROUTES_BY_ID:
        option["outcome"] = ROUTES_BY_ID[route].level.value


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []
