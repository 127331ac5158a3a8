"""CI you can trust: the Hypothesis profile is chosen by the environment, and the CI profile draws the
same examples on every run (a property test cannot pass on one CI run and fail on the next)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from property_profiles import examples, fuzz_examples, profile_for

TESTS = Path(__file__).resolve().parent

PROBE = '''
import sys
sys.path.insert(0, {tests!r})
from property_profiles import register_and_load
from hypothesis import given, settings, strategies as st

print("profile", register_and_load())
DRAWN = []


@settings(max_examples=30)
@given(st.text(max_size=20))
def probe(s):
    DRAWN.append(s)


probe()
print("drawn", len(DRAWN), hash(tuple(DRAWN)))
'''


def run_probe(tmp_path: Path, **env: str) -> str:
    script = tmp_path / "probe.py"
    script.write_text(PROBE.format(tests=str(TESTS)), encoding="utf-8")
    clean = {k: v for k, v in os.environ.items() if k not in ("CI", "BRIEFING_PROPERTY_EXAMPLES")}
    proc = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=120,
                          cwd=tmp_path, env={**clean, "PYTHONHASHSEED": "0", **env})
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def test_the_environment_chooses_the_profile() -> None:
    assert profile_for({"CI": "true"}) == "ci"
    assert profile_for({"CI": "1"}) == "ci"
    assert profile_for({}) == "dev"
    assert profile_for({"CI": "false"}) == "dev"
    assert profile_for({"CI": "true", "BRIEFING_PROPERTY_EXAMPLES": "5000"}) == "fuzz"
    assert fuzz_examples({"BRIEFING_PROPERTY_EXAMPLES": "5000"}) == 5000
    assert fuzz_examples({"BRIEFING_PROPERTY_EXAMPLES": "lots"}) == 0


def test_a_fuzzing_run_widens_every_property_test(monkeypatch) -> None:
    monkeypatch.setenv("BRIEFING_PROPERTY_EXAMPLES", "5000")
    assert examples(150) == 5000
    monkeypatch.delenv("BRIEFING_PROPERTY_EXAMPLES")
    assert examples(150) == 150


def test_ci_runs_draw_the_same_examples_every_time(tmp_path: Path) -> None:
    first = run_probe(tmp_path, CI="true")
    second = run_probe(tmp_path, CI="true")
    assert first.startswith("profile ci") and "drawn 30" in first
    assert first == second


def test_other_runs_are_random(tmp_path: Path) -> None:
    runs = {run_probe(tmp_path) for _ in range(2)}
    assert all(r.startswith("profile dev") for r in runs)
    assert len(runs) > 1
