"""Who this app process is serving, as the centre's server says: a trainer or a trainee, and their group.

The server (``case-review serve``) starts each browser session's app process with ``CASE_REVIEW_ROLE``
(``trainee`` or ``trainer``, from the centre's config naming trainers) and may name the trainee's group in
``CASE_REVIEW_GROUP`` (``simulator/application/centre.py`` names them, and gives the whole identity a served
process has). These ask the role and group alone, so that a trainer at a terminal, with no sign-in, can set
``CASE_REVIEW_ROLE`` too. Nothing here is imported by anything heavy, so the library's first frame may ask.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

from simulator.application.centre import GROUP_ENV_VAR, ROLE_ENV_VAR, TRAINER, group_named, role_named


def role_from_env(environ: Mapping[str, str] | None = None) -> str:
    """``trainer`` or ``trainee``: anything else, or nothing, is a trainee (who sees only their own sessions).
    Read as the served app's identity reads it (``centre.role_named``), so the two never disagree."""
    env = os.environ if environ is None else environ
    return role_named(env.get(ROLE_ENV_VAR, ""))


def is_trainer(environ: Mapping[str, str] | None = None) -> bool:
    return role_from_env(environ) == TRAINER


def group_from_env(environ: Mapping[str, str] | None = None) -> str:
    """The group the centre puts this trainee in ('' for none)."""
    env = os.environ if environ is None else environ
    return group_named(env.get(GROUP_ENV_VAR, ""))
