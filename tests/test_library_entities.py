"""Library entities, dossiers and corrections as a user sees them through the CLI, on a library of the
shared corpus plus articles (tests/fixtures/forms) in which the same people appear under several forms.
The real analysis runs once per module; each test gets its own copy of the library."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from briefing_tui.cli import main

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
FORMS = Path(__file__).resolve().parent / "fixtures" / "forms"


def _corpus() -> Path:
    for candidate in (CORPUS, Path("/work/shared/corpus")):
        if candidate.is_dir():
            return candidate
    pytest.skip("the shared corpus is not here")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from briefing_tui.library import Library

    folder = tmp_path_factory.mktemp("entities")
    path = folder / "library.sqlite3"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("HOME", str(folder / "home"))
        mp.setenv("XDG_CONFIG_HOME", str(folder / "home" / "config"))
        lib = Library.open(path, seed=False)
        report = lib.import_paths([_corpus(), FORMS])
        lib.close()
    assert not report.failed
    return path


@pytest.fixture
def lib_path(built: Path, tmp_path: Path) -> Path:
    target = tmp_path / "library.sqlite3"
    shutil.copyfile(built, target)
    return target


def cli(capsys, lib_path: Path, *argv: str) -> tuple[int, str, str]:
    code = main([*argv, "--library", str(lib_path)])
    out, err = capsys.readouterr()
    return code, out, err


def dossier(capsys, lib_path: Path, name: str) -> dict:
    code, out, err = cli(capsys, lib_path, "entity", name, "--json")
    assert code == 0, err
    return json.loads(out)


def article_id(capsys, lib_path: Path, stem: str) -> int:
    code, out, _ = cli(capsys, lib_path, "list", "--json")
    return next(a["id"] for a in json.loads(out) if Path(a["source"]).stem == stem)


def test_one_person_under_several_forms_is_one_library_entity(capsys, lib_path: Path) -> None:
    d = dossier(capsys, lib_path, "vilanova")  # surname, lower case: any alias, any case
    assert list(d) == ["id", "name", "type", "aliases", "roles", "articles", "quotes", "mentions", "related"]
    assert d["name"] == "Marta Vilanova" and d["type"] == "PERSON"
    assert {"Marta Vilanova", "Vilanova"} <= set(d["aliases"])
    stems = [Path(a["title"]).stem for a in d["articles"]]
    dates = [a["date"] for a in d["articles"]]
    assert dates == sorted(dates) and dates[:2] == ["2024-03-01", "2024-03-05"]  # "5 March 2024" normalised
    assert len(stems) == 4  # articles a-d: full name in some, surname alone in another
    assert list(d["articles"][0]) == ["id", "title", "date", "mentions"]
    said = [q["text"] for q in d["quotes"]]
    assert any("partial deal" in q for q in said) and any("door is open" in q for q in said)
    assert [q["date"] for q in d["quotes"]] == sorted(q["date"] for q in d["quotes"])
    assert all(list(q) == ["text", "article", "date", "cue"] for q in d["quotes"])
    # every mention is in context: its sentence contains it
    assert d["mentions"] and all("Vilanova" in m["sentence"] for m in d["mentions"])
    assert sum(a["mentions"] for a in d["articles"]) == len(d["mentions"])
    related = {r["name"]: r["articles"] for r in d["related"]}
    assert related.get("Tomas Brandt", 0) >= 2
    counts = [r["articles"] for r in d["related"]]
    assert counts == sorted(counts, reverse=True)


def test_the_corpus_names_a_president_by_full_name_and_surname(capsys, lib_path: Path) -> None:
    by_surname = dossier(capsys, lib_path, "Biden")
    assert by_surname["name"].startswith("Joseph R. Biden")
    assert len(by_surname["articles"]) >= 4


def test_a_surname_shared_by_two_people_stays_apart_and_several_matches_are_listed(capsys, lib_path: Path) -> None:
    code, out, err = cli(capsys, lib_path, "entity", "Brandt")
    assert code == 1
    assert "Tomas Brandt" in out and "2 entities" in err
    code, out, _ = cli(capsys, lib_path, "entity", "Brandt", "--json")
    names = {m["name"] for m in json.loads(out)["matches"]}
    assert names == {"Tomas Brandt", "Brandt"}  # the lone surname (article e) joins neither Brandt
    tomas = dossier(capsys, lib_path, "Tomas Brandt")
    assert "Customs question still open" not in [a["title"] for a in tomas["articles"]]


def test_washington_the_city_and_the_person_stay_apart(capsys, lib_path: Path) -> None:
    code, out, _ = cli(capsys, lib_path, "entity", "Washington", "--json")
    assert code == 1
    types = {m["type"]: m["name"] for m in json.loads(out)["matches"]}
    assert types["GPE"] == "Washington" and types["PERSON"] == "Keisha Washington"
    city = json.loads(cli(capsys, lib_path, "entity", "Washington", "--type", "GPE", "--json")[1])
    assert "Customs question still open" not in [a["title"] for a in city["articles"]]


def test_deleting_the_only_other_brandt_lets_the_lone_surname_join_the_full_name(capsys, lib_path: Path) -> None:
    from briefing_tui.library import Library

    gone = article_id(capsys, lib_path, "c-two-envoys")
    with Library.open(lib_path) as lib:
        lib.delete_article(gone)
    d = dossier(capsys, lib_path, "Brandt")
    assert d["name"] == "Tomas Brandt"
    assert "Customs question still open" in [a["title"] for a in d["articles"]]
    assert gone not in [a["id"] for a in d["articles"]]
    code, _, err = cli(capsys, lib_path, "entity", "Elke Brandt")
    assert code != 0 and "no entity" in err


def test_entities_lists_most_mentioned_first_and_filters_by_type(capsys, lib_path: Path) -> None:
    code, out, _ = cli(capsys, lib_path, "entities", "--json")
    rows = json.loads(out)
    mentions = [r["mentions"] for r in rows]
    assert mentions == sorted(mentions, reverse=True)
    assert set(rows[0]) == {"id", "name", "type", "articles", "mentions"}
    code, out, _ = cli(capsys, lib_path, "entities", "--type", "person", "--json")
    people = json.loads(out)
    assert people and {r["type"] for r in people} == {"PERSON"}
    code, out, _ = cli(capsys, lib_path, "entities")
    assert "Marta Vilanova" in out
    code, _, err = cli(capsys, lib_path, "entities", "--type", "THING")
    assert code == 2 and "not an entity type" in err


def test_dates_come_from_metadata_or_are_marked_as_import_time(capsys, lib_path: Path, tmp_path: Path) -> None:
    undated = tmp_path / "undated.txt"
    undated.write_text("Title: No date here\n\nMarta Vilanova spoke in Porto on the harbour talks.\n", encoding="utf-8")
    assert cli(capsys, lib_path, "import", str(undated))[0] == 0
    code, out, _ = cli(capsys, lib_path, "list", "--json")
    rows = {Path(a["source"]).stem: a for a in json.loads(out)}
    assert rows["b-talks-resume"]["date"] == "2024-03-05" and not rows["b-talks-resume"]["date_is_import"]
    assert rows["undated"]["date_is_import"] is True
    assert rows["wh-2022-02-12-biden-putin-call-readout"]["date"] == "2022-02-12"  # the cited original's date
    code, out, _ = cli(capsys, lib_path, "list")
    assert "(imported; no date given)" in out


def test_search_entity_filter_covers_the_library_entitys_aliases(capsys, lib_path: Path) -> None:
    code, out, _ = cli(capsys, lib_path, "search", 'entity:"Marta Vilanova"', "--json", "--limit", "50")
    titles = {h["article_title"] for h in json.loads(out)}
    assert "Port fee talks resume after a pause" in titles  # that article says only "Vilanova"
