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


def assert_counts_consistent(lib_path: Path) -> None:
    """The counts kept on library entities agree with their links (what `entities` lists)."""
    import sqlite3

    with sqlite3.connect(lib_path) as conn:
        wrong = conn.execute(
            "SELECT e.id, e.name, e.articles, e.mentions, count(l.id), coalesce(sum(l.mentions), 0) "
            "FROM lib_entities e LEFT JOIN entity_links l ON l.entity_id = e.id GROUP BY e.id "
            "HAVING e.articles != count(l.id) OR e.mentions != coalesce(sum(l.mentions), 0) OR count(l.id) = 0"
        ).fetchall()
    assert wrong == []


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
    assert_counts_consistent(lib_path)


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


# ---------------------------------------------------------------------------- corrections
def _changed_taxonomy(tmp_path: Path) -> Path:
    from briefing_tui import analysis

    default = Path(analysis.__file__).resolve().parent.parent / "taxonomy" / "default.toml"
    text = default.read_text(encoding="utf-8").replace('"alliance" = 2.0', '"alliance" = 2.5', 1)
    out = tmp_path / "topics.toml"
    out.write_text(text, encoding="utf-8")
    return out


def _edit(tmp_path: Path, name: str, extra: str) -> Path:
    """A copy of a forms article with the same source path semantics: re-import of a changed file."""
    target = tmp_path / name
    target.write_text((FORMS / name).read_text(encoding="utf-8") + extra, encoding="utf-8")
    return target


def test_a_retype_survives_reimport_and_a_new_taxonomy_and_undo_restores(capsys, lib_path: Path, tmp_path: Path) -> None:
    from briefing_tui.library import Library

    moved = _edit(tmp_path, "a-talks-open.txt", "\nThe next round opens in Porto.\n")
    assert cli(capsys, lib_path, "import", str(moved))[0] == 0  # an article of its own, to be re-imported
    code, out, err = cli(capsys, lib_path, "entities", "retype", "Marta Vilanova", "ORG")
    assert code == 0, err
    d = dossier(capsys, lib_path, "Vilanova")
    assert d["type"] == "ORG" and len(d["articles"]) == 5
    # re-import with a changed text: re-analysed, still an ORG
    moved.write_text(moved.read_text(encoding="utf-8") + "\nVilanova left for Porto on Saturday.\n", encoding="utf-8")
    code, out, _ = cli(capsys, lib_path, "import", str(moved))
    assert "1 updated" in out
    d = dossier(capsys, lib_path, "Vilanova")
    assert d["type"] == "ORG" and len(d["articles"]) == 5
    # a new taxonomy: the article is analysed again (lazily, when read) and the correction still holds
    with Library.open(lib_path, taxonomy=_changed_taxonomy(tmp_path)) as lib:
        aid = next(a.id for a in lib.articles() if a.source == str(moved))
        assert not lib.has_cached_analysis(lib.article(aid).text_sha256)
        analysis = lib.analysis(aid)
        assert {e.type for e in analysis.entities if "Vilanova" in e.name} == {"ORG"}
    d = dossier(capsys, lib_path, "Vilanova")
    assert d["type"] == "ORG"
    # undo: a person again, everywhere
    code, out, _ = cli(capsys, lib_path, "corrections", "--json")
    (only,) = json.loads(out)
    assert only["kind"] == "retype" and only["type"] == "ORG"
    assert cli(capsys, lib_path, "corrections", "undo", str(only["id"]))[0] == 0
    d = dossier(capsys, lib_path, "Vilanova")
    assert d["type"] == "PERSON" and len(d["articles"]) == 5
    assert json.loads(cli(capsys, lib_path, "corrections", "--json")[1]) == []
    code, _, err = cli(capsys, lib_path, "corrections", "undo", str(only["id"]))
    assert code != 0 and "no such correction" in err


def test_a_merge_survives_reimport_and_undo_restores(capsys, lib_path: Path, tmp_path: Path) -> None:
    before = dossier(capsys, lib_path, "Elke Brandt")
    assert cli(capsys, lib_path, "entities", "merge", "Tomas Brandt", "Elke Brandt")[0] == 0
    tomas = dossier(capsys, lib_path, "Tomas Brandt")
    code, _, err = cli(capsys, lib_path, "entity", "Elke Brandt")
    assert code == 0  # the alias now names Tomas Brandt
    assert "Elke Brandt" in tomas["aliases"]
    moved = _edit(tmp_path, "c-two-envoys.txt", "\nElke Brandt said the customs text was ready.\n")
    cli(capsys, lib_path, "import", str(moved))
    merged = dossier(capsys, lib_path, "Elke Brandt")
    assert merged["name"] == "Tomas Brandt"
    assert "A second envoy joins the harbour talks" in [a["title"] for a in merged["articles"]]
    (c,) = json.loads(cli(capsys, lib_path, "corrections", "--json")[1])
    cli(capsys, lib_path, "corrections", "undo", str(c["id"]))
    again = dossier(capsys, lib_path, "Elke Brandt")
    assert again["name"] == "Elke Brandt" and len(again["articles"]) == len(before["articles"]) + 1
    assert_counts_consistent(lib_path)


def test_a_correction_applies_to_an_article_imported_after_it(capsys, lib_path: Path, tmp_path: Path) -> None:
    assert cli(capsys, lib_path, "entities", "rename", "Marta Vilanova", "Marta Vilanova Reis")[0] == 0
    assert dossier(capsys, lib_path, "Vilanova")["name"] == "Marta Vilanova Reis"
    later = tmp_path / "later.txt"
    later.write_text(
        "Title: Talks end\nDate: 2024-06-01\n\nForeign Minister Marta Vilanova said on Saturday that the harbour talks were over.\n",
        encoding="utf-8",
    )
    cli(capsys, lib_path, "import", str(later))
    d = dossier(capsys, lib_path, "Marta Vilanova")
    assert d["name"] == "Marta Vilanova Reis"
    assert d["articles"][-1]["title"] == "Talks end"


def test_split_reject_quote_speaker_and_section_topic(capsys, lib_path: Path) -> None:
    from briefing_tui.library import Library

    assert cli(capsys, lib_path, "entities", "split", "Marta Vilanova", "Vilanova")[0] == 0
    full = dossier(capsys, lib_path, "Marta Vilanova")
    assert "Vilanova" not in full["aliases"]
    alone = json.loads(cli(capsys, lib_path, "entity", "Vilanova", "--json")[1])
    assert alone.get("name") == "Vilanova"  # kept apart although the surname is unique
    assert cli(capsys, lib_path, "entities", "reject", "Porto")[0] == 0
    code, _, err = cli(capsys, lib_path, "entity", "Porto")
    assert code != 0
    b = article_id(capsys, lib_path, "b-talks-resume")
    assert cli(capsys, lib_path, "quotes", "speaker", str(b), "1", "Tomas Brandt")[0] == 0
    said = [q["text"] for q in dossier(capsys, lib_path, "Tomas Brandt")["quotes"]]
    assert any("door is open" in q for q in said)
    code, _, err = cli(capsys, lib_path, "quotes", "speaker", str(b), "99", "Tomas Brandt")
    assert code != 0 and "no quote 99" in err
    assert cli(capsys, lib_path, "topics", "set", str(b), "1", "nato-posture")[0] == 0
    with Library.open(lib_path) as lib:
        assert lib.analysis(b).sections[0].topic == "nato-posture"
    code, _, err = cli(capsys, lib_path, "topics", "set", str(b), "1", "astrology")
    assert code != 0 and "not a topic" in err
    kinds = [c["kind"] for c in json.loads(cli(capsys, lib_path, "corrections", "--json")[1])]
    assert kinds == ["split", "reject", "speaker", "topic"]
    assert_counts_consistent(lib_path)


def test_corrections_travel_in_the_json_export(capsys, lib_path: Path, tmp_path: Path) -> None:
    cli(capsys, lib_path, "entities", "retype", "Tomas Brandt", "ORG")
    out = tmp_path / "shared.json"
    assert cli(capsys, lib_path, "export", "--all", "--format", "json", "-o", str(out))[0] == 0
    assert json.loads(out.read_text(encoding="utf-8"))["corrections"][0]["kind"] == "retype"
    other = tmp_path / "other.sqlite3"
    # a colleague's library: already has the articles (fast), takes in the corrections
    shutil.copyfile(lib_path, other)
    with __import__("sqlite3").connect(other) as conn:
        conn.execute("UPDATE corrections SET undone = 'x'")
    main(["corrections", "--library", str(other)])
    code, text, _ = cli(capsys, other, "import", str(out))
    assert code == 0 and "1 correction taken in" in text
    assert dossier(capsys, other, "Tomas Brandt")["type"] == "ORG"
    code, text, _ = cli(capsys, other, "import", str(out))
    assert "0 corrections taken in" in text


def test_the_dossier_lists_the_roles_its_articles_give(capsys, lib_path: Path) -> None:
    """"Foreign Minister Marta Vilanova" in one article: the library entity's roles carry the title."""
    d = dossier(capsys, lib_path, "Marta Vilanova")
    assert "Foreign Minister" in d["roles"]
    assert all(role and "\n" not in role for role in d["roles"])
