"""Checks on twin cases (``twins``): that twins differ only where they declare, and in every place they declare.

Twins share one file, so their stages, options, evidence and key are the same by construction; what can go wrong
is the text. Every ``((key))`` must be one the twins give, in text a twin may change (never an id, a reference
or the key's record terms, which would make twins score differently); every key the twins give must appear in
the text; every twin gives the same keys; and the twins really differ.
"""

from __future__ import annotations

from collections.abc import Iterator

from simulator.domain.model import Scenario
from simulator.domain.twins import placeholders, text_fields, written_anywhere

from .lint import SLUG, Finding, _closest, _ids

_DIFFER_ONLY = "twins may differ only in the text a trainee reads, so that they score alike"


def check(s: Scenario) -> list[Finding]:
    return list(_check(s))


def _check(s: Scenario) -> Iterator[Finding]:
    twins = s.twins
    if twins is None and not written_anywhere(s, "(("):
        return  # no twins and no placeholder: nothing to check
    keys: list[str] = [] if twins is None or not twins.each else list(twins.each[0].text)
    used: set[str] = set()
    for path, text, substituted in text_fields(s):
        for key in placeholders(text):
            if twins is None:
                yield Finding(path, f"this text has (({key})) but the case declares no `twins`",
                              "declare `twins` with what each twin says for it, or write the text itself")
            elif not substituted:
                yield Finding(path, f"(({key})) is in a field that is the same in every twin ({path[-1]!r})",
                              _DIFFER_ONLY + "; write the text itself here")
            elif key not in keys:
                meant = _closest(key, keys)
                yield Finding(path, f"no twin says what (({key})) stands for",
                              f"did you mean (({meant}))?" if meant else f"the twins' keys are: {', '.join(keys)}")
            used.add(key)
    if twins is None:
        return
    if len(twins.each) < 2:
        yield Finding(("twins", "each"), "twin cases need at least two twins",
                      "add another twin, or remove `twins`")
    yield from _ids(("twins", "each"), twins.each, "twin")
    for i, twin in enumerate(twins.each):
        path = ("twins", "each", i, "text")
        for key in twin.text:
            if not SLUG.fullmatch(key):
                yield Finding((*path, key), f"twin key {key!r} is not a short slug",
                              "use lower-case letters, digits and single hyphens, e.g. `mother-name`", on_key=True)
        missing = [k for k in keys if k not in twin.text]
        if missing:
            yield Finding(path, f"twin {twin.id!r} does not say what {', '.join(f'(({k}))' for k in missing)} "
                                "stands for", "every twin gives the same keys")
        for key, value in twin.text.items():
            if i and key not in keys:
                yield Finding((*path, key), f"only twin {twin.id!r} gives (({key}))", "every twin gives the same keys",
                              on_key=True)
            if not value.strip():
                yield Finding((*path, key), f"(({key})) stands for nothing in twin {twin.id!r}",
                              "give the text it stands for")
            elif placeholders(value) or "((" in value:
                yield Finding((*path, key), "a twin's text cannot itself hold a ((key))", "write the text itself")
    for key in keys:
        if key not in used:
            yield Finding(("twins", "each", 0, "text", key), f"(({key})) appears nowhere in the case's text",
                          "use it where the twins differ, or remove it from every twin", on_key=True)
    seen: dict[tuple[tuple[str, str], ...], str] = {}
    for i, twin in enumerate(twins.each):
        told = tuple(sorted((k, " ".join(v.split())) for k, v in twin.text.items()))
        if told in seen:
            yield Finding(("twins", "each", i, "text"), f"twin {twin.id!r} says the same as twin {seen[told]!r}",
                          "twins must differ in what they declare")
        seen.setdefault(told, twin.id)
