"""Names on the development set beside the repository (../shared/devset: 19 GUM Wikinews articles with
gold mentions and identities), scored in process by the devset's own scorer (``devset_names.py``).

Two kinds of checks: issue 9's targets, and a floor for merges at the figure this code reached (a
change that loses merges fails here) while the merge target, not reached yet, is marked as an expected
failure (pytest reports XPASS the day it passes; then drop the mark). Skips when the devset is absent.
"""

from __future__ import annotations

import pytest

import devset_names

pytestmark = pytest.mark.skipif(not devset_names.available(), reason="../shared/devset not present")

# Reached: 0.925 / 0.918 / 91 of 125 (spaCy alone: 0.787 / 0.784 / 35; before issue 9: 0.840 / 0.814 / 61).
FLOOR = {"merged": 91}
# Issue 9's targets.
TARGET = {"micro_f1": 0.90, "mean_f1": 0.88, "merged_share": 0.80}
NOT_YET = pytest.mark.xfail(reason="issue 9's merge target not reached yet (see the floor test)", strict=False)


@pytest.fixture(scope="module")
def figures():
    return devset_names.evaluate()


def _worst(rows, n=3):
    return [(s, r["mention_f1"], r["mention_misses"][:4]) for s, r in sorted(rows, key=lambda r: r[1]["mention_f1"])[:n]]


def test_every_gold_article_is_scored(figures):
    total, rows = figures
    assert total["articles"] == len(devset_names.slugs()) >= 19
    assert total["multi"] >= 100


def test_name_mentions_reach_the_micro_f1_target(figures):
    total, rows = figures
    assert total["micro_f1"] >= TARGET["micro_f1"], (total, _worst(rows))


def test_name_mentions_reach_the_mean_f1_target(figures):
    total, rows = figures
    assert total["mean_f1"] >= TARGET["mean_f1"], (total, _worst(rows))


def test_entities_with_several_mentions_stay_merged(figures):
    total, rows = figures
    assert total["merged"] >= FLOOR["merged"], (total, {s: r.get("cluster_bad") for s, r in rows if r.get("cluster_bad")})


@NOT_YET
def test_merges_reach_the_target(figures):
    total, _ = figures
    assert total["merged"] >= TARGET["merged_share"] * total["multi"], total
