"""Article dates from metadata: the forms news sources write them in, normalised so they sort."""

from __future__ import annotations

import pytest

from briefing_tui.library.dates import article_date, metadata_date, normalise_date


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("2022-02-12", "2022-02-12"),
        ("2021-04-15T09:30:00+02:00", "2021-04-15T07:30:00Z"),
        ("Sat, 12 Feb 2022 10:00:00 +0100", "2022-02-12T09:00:00Z"),  # RFC 2822 (feeds, e-mail)
        ("Friday, September 9, 2016", "2016-09-09"),
        ("5 March 2024", "2024-03-05"),
        ("2020/1/3", "2020-01-03"),
        ("2022-02-30", None),  # no such day
        ("sometime last week", None),
        ("", None),
    ],
)
def test_dates_are_normalised(given: str, expected: str | None) -> None:
    assert normalise_date(given) == expected


def test_the_metadata_keys_and_a_cited_original_give_the_date() -> None:
    assert metadata_date({"date": "2024-05-03"}) == "2024-05-03"  # front matter (lower case)
    assert metadata_date({"Published": "Tue, 07 May 2024 08:00:00 GMT"}) == "2024-05-07T08:00:00Z"
    assert metadata_date({"Source": "example.org (original: https://example.org/x, 2022-02-12), Licence: x"}) == (
        "2022-02-12"
    )
    assert metadata_date({"Title": "No date"}) is None


def test_without_a_date_the_import_time_is_used_and_marked() -> None:
    assert article_date({"Title": "x"}, "2026-01-02T03:04:05.678Z") == ("2026-01-02T03:04:05Z", True)
    assert article_date({"Date": "2024-03-01"}, "2026-01-02T03:04:05.678Z") == ("2024-03-01", False)
