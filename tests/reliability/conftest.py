"""Settings for the reliability tests: Hypothesis profiles and the opt-in long runs.

Profiles are registered here and read per test (not loaded globally, so other folders keep their
own settings). `HYPOTHESIS_PROFILE=thorough` turns the fuzzers' moderate example counts into a
long recorded run; the default keeps the whole suite within a few minutes on two cores.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

settings.register_profile("reliability", max_examples=80, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
settings.register_profile("thorough", max_examples=5000, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "reliability")
if PROFILE not in ("reliability", "thorough"):
    PROFILE = "reliability"


def fuzz_settings(scale: float = 1.0) -> settings:
    """The active profile, with this test's share of its examples (slow targets take fewer)."""
    base = settings.get_profile(PROFILE)
    return settings(base, max_examples=max(10, int(base.max_examples * scale)))
