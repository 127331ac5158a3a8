"""Names on the development set beside the repository (../shared/devset: 19 GUM Wikinews articles with
gold mentions and identities), scored in process by the devset's own scorer. The targets are the ones
issue 9 set, so a change that loses names or merges fails here. Skips when the devset is absent.
"""

from __future__ import annotations

import pytest

import devset_names

pytestmark = pytest.mark.skipif(not devset_names.available(), reason="../shared/devset not present")

# issue 9's targets (spaCy alone: 0.787 / 0.784 / 35 of 125; before the issue: 0.840 / 0.814 / 61)
MICRO_F1 = 0.90
MEAN_F1 = 0.88
MERGED = 0.80


@pytest.fixture(scope="module")
def figures():
    return devset_names.evaluate()


def test_name_mentions_micro_f1(figures):
    total, rows = figures
    worst = sorted(rows, key=lambda r: r[1]["mention_f1"])[:3]
    assert total["micro_f1"] >= MICRO_F1, (total, [(s, r["mention_f1"], r["mention_misses"][:5]) for s, r in worst])


def test_name_mentions_mean_f1_per_article(figures):
    total, rows = figures
    assert total["articles"] == len(devset_names.slugs()) >= 19
    assert total["mean_f1"] >= MEAN_F1, total


def test_entities_with_several_mentions_are_merged(figures):
    total, rows = figures
    bad = {slug: r.get("cluster_bad") for slug, r in rows if r.get("cluster_bad")}
    assert total["multi"] >= 100
    assert total["merged"] >= MERGED * total["multi"], (total, bad)
