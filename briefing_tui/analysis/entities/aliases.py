"""Aliases: each entity's known forms (surname, acronym, short name) searched in the text to recover
mentions the model missed or cut short."""

from __future__ import annotations

from collections import Counter

from .. import gazetteer as gz
from .common import _ACRONYM_AFTER, _Context, _Lexicon, _Mention, _ws
from .known_names import _claim_known_forms, _Occupancy
from .merging import _defines_acronym, _is_person_name


def _recover_aliases(
    ctx: _Context,
    mentions: list[_Mention],
    clusters: list[list[int]],
    vetoed: list[tuple[int, int]],
    gaz: gz.Gazetteer,
    lex: _Lexicon,
) -> list[list[int]]:
    """Find further mentions of each entity's known forms (its surname, its acronym, its name)."""
    text = ctx.text
    alias_owner: dict[str, int] = {}
    clash: set[str] = set()
    for c, members in enumerate(clusters):
        forms = set()
        for i in members:
            surface = _ws(text[mentions[i].start : mentions[i].end])
            forms.add(surface)
            if _is_person_name(mentions[i]):
                forms.add(surface.split()[-1])
            words = surface.split()
            if (
                mentions[i].label == "ORG"
                and len(words) == 2
                and gaz.heads.get(words[1]) == "ORG"
                and gaz.lookup(words[0]) is None
                and not lex.any_word(words[0].lower())
            ):
                forms.add(words[0])  # "Eldridge" for "Eldridge Holdings"
            acr = _ACRONYM_AFTER.match(text, mentions[i].end)
            if acr and mentions[i].ntok > 1 and _defines_acronym(acr.group(1), surface, gaz):
                forms.add(acr.group(1))
        for f in forms:
            if len(f) < 2 or not f[:1].isupper() or f in gaz.not_names or f.lower() in lex.stop:
                continue
            if f in alias_owner and alias_owner[f] != c:
                clash.add(f)
            alias_owner[f] = c
    for f in clash:
        del alias_owner[f]
    if not alias_owner:
        return clusters

    by_lead: dict[str, list[str]] = {}
    for f in alias_owner:
        by_lead.setdefault(gz.lead_word(f), []).append(f)
    for v in by_lead.values():
        v.sort(key=len, reverse=True)

    taken = _Occupancy(vetoed, mentions)
    cluster_type = [Counter(mentions[i].label for i in members).most_common(1)[0][0] for members in clusters]
    is_norp = lambda form: cluster_type[alias_owner[form]] == "NORP"  # noqa: E731
    for pos, form in _claim_known_forms(ctx, by_lead, taken, lex, is_norp, supersede_any=False):
        c = alias_owner[form]
        m = _Mention(pos, pos + len(form), cluster_type[c], "alias", ntok=len(form.split()))
        taken.add(m)
        mentions.append(m)
        clusters[c].append(len(mentions) - 1)
    return clusters
