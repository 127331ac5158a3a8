"""The analyser's version, in a module of its own: the library needs it for every cache lookup, and
importing it must not pull in the analysis pipeline (the reader's start-up path stays light)."""

# Bump when the output for the same text and taxonomy can change (it invalidates cached analyses).
ANALYSER_VERSION = "6"  # 6: "members of X", "X officials" make X a body; only caption labels cut before ":"; a quotation label's name; an "event" ending in "Herald" is a body; "the Alliance" no town; "Kwok Ka-ki" not cut to "Kwok"; hyphenated given names completed; "the Summit" no organisation; facility short forms; documents are no bodies; no sentence-initial adjective in a name; affiliations are bodies; two countries' ministries stay two; designations no names; a demonym is no initials' long form; Emeritus a title word; "the Sams" a family; "in Livorno, Tuscany," a region; 5: names: apposed titles, head nouns, events, typos, bracketed acronyms (4: merged analysis work)
