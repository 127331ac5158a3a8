"""Hypothesis profiles for the property tests, loaded by conftest.py before any test module.

- ``ci`` (when ``CI`` is set to true/1/yes, as ``.ci/run`` does): derandomized — every run draws the
  same examples, so CI passes or fails the same way each time. Hypothesis ties ``derandomize=True`` to
  ``database=None`` (a derandomized run cannot replay a database: its examples come from a fixed seed),
  so examples once found failing are kept as explicit regression tests instead (for instance
  ``test_notes.py``'s one-letter note) — the "stored examples" CI replays on every run.
- ``fuzz`` (when ``BRIEFING_PROPERTY_EXAMPLES=N``): random, N examples for every property test, the
  local example database on (``.hypothesis/``) and the reproduction blob printed for any failure, to
  be turned into a regression test.
- ``dev`` (otherwise): Hypothesis's defaults (random, local database), the tests' own example counts.

Tests ask for their example count with ``examples(default)``, so a fuzzing run can widen all of them.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

from hypothesis import settings

FUZZ_ENV = "BRIEFING_PROPERTY_EXAMPLES"


def fuzz_examples(env: Mapping[str, str] = os.environ) -> int:
    """N from ``BRIEFING_PROPERTY_EXAMPLES=N`` (0 when unset or not a positive number)."""
    try:
        return max(0, int(env.get(FUZZ_ENV, "") or 0))
    except ValueError:
        return 0


def profile_for(env: Mapping[str, str] = os.environ) -> str:
    """The profile these environment variables select: fuzz, ci or dev."""
    if fuzz_examples(env):
        return "fuzz"
    if env.get("CI", "").strip().lower() in ("1", "true", "yes"):
        return "ci"
    return "dev"


def examples(default: int) -> int:
    """A property test's number of examples: its own ``default``, or N in a fuzzing run."""
    return fuzz_examples() or default


def register_and_load() -> str:
    settings.register_profile("ci", derandomize=True, database=None, deadline=None, print_blob=True)
    settings.register_profile(
        "fuzz", derandomize=False, max_examples=fuzz_examples() or 100, deadline=None, print_blob=True
    )
    settings.register_profile("dev", print_blob=True)
    name = profile_for()
    settings.load_profile(name)
    return name
