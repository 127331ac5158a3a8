"""The schema of library entities, their links, the analyst's corrections and article dates (issue 10):
one migration, appended to ``store.MIGRATIONS`` (its own tables only). See ``entities.py``."""

MIGRATION = """
    CREATE TABLE article_cards (  -- small rows a dossier's timeline reads (articles' rows hold the text)
        article_id INTEGER PRIMARY KEY,
        sort_date TEXT NOT NULL,  -- ISO 8601 publication date, else the import time
        is_import INTEGER NOT NULL,  -- 1: no date in the metadata; sort_date is the import time
        title TEXT NOT NULL,
        linked_key TEXT  -- the index key its entity links were made with (NULL: not linked yet)
    );
    CREATE TABLE lib_entities (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        type TEXT NOT NULL,
        key TEXT NOT NULL,  -- analysis.corrections.name_key(name)
        surname TEXT,  -- persons: the last word of the name
        multi INTEGER NOT NULL,  -- the name has several words
        articles INTEGER NOT NULL DEFAULT 0,  -- links (one per article that names it), kept by link/unlink
        mentions INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX lib_entities_key ON lib_entities(key, type);
    CREATE INDEX lib_entities_rank ON lib_entities(mentions DESC, articles DESC);
    CREATE INDEX lib_entities_surname ON lib_entities(surname, multi);
    CREATE TABLE entity_links (  -- one per entity of an article
        id INTEGER PRIMARY KEY,
        article_id INTEGER NOT NULL REFERENCES articles(id),
        entity_id INTEGER NOT NULL REFERENCES lib_entities(id),
        local_id TEXT NOT NULL,  -- the entity's id in the article's analysis
        name TEXT NOT NULL,
        type TEXT NOT NULL,
        mentions INTEGER NOT NULL,
        surname TEXT,  -- set when the article names the person by a surname alone
        sort_date TEXT,
        roles TEXT  -- the titles and roles the article gives it, one a line (NULL: none)
    );
    CREATE INDEX entity_links_entity ON entity_links(entity_id, sort_date, article_id, mentions);
    CREATE INDEX entity_links_article ON entity_links(article_id, entity_id);
    CREATE INDEX entity_links_surname ON entity_links(surname) WHERE surname IS NOT NULL;
    CREATE TABLE link_names (
        link_id INTEGER NOT NULL,
        key TEXT NOT NULL,
        alias TEXT NOT NULL,
        matchable INTEGER NOT NULL,  -- may join other articles' entities to this one
        PRIMARY KEY (link_id, key)
    ) WITHOUT ROWID;
    CREATE INDEX link_names_key ON link_names(key, matchable);
    CREATE TABLE link_mentions (
        link_id INTEGER NOT NULL,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        sent_start INTEGER NOT NULL,
        sent_end INTEGER NOT NULL,
        PRIMARY KEY (link_id, start)
    ) WITHOUT ROWID;
    CREATE TABLE link_quotes (
        link_id INTEGER NOT NULL,
        idx INTEGER NOT NULL,  -- the quote's index in the article's analysis
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        text TEXT NOT NULL,
        cue TEXT,
        PRIMARY KEY (link_id, idx)
    ) WITHOUT ROWID;
    CREATE TABLE corrections (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL,
        article_source TEXT,  -- for a quote's speaker or a section's topic: the article's source
        args TEXT NOT NULL,  -- JSON: names, value, type, target_names, anchor, label
        created TEXT NOT NULL,
        undone TEXT  -- when it was taken back
    );
"""
