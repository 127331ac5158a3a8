"""Article dates: the publication date found in an article's metadata, normalised to ISO 8601.

Looked for in the metadata keys the readers fill (``Date:`` headers and front matter, a feed entry's
published/updated date, the date trafilatura finds in a page's metadata), then in a ``Source:`` line
that cites the original with its date. An article without one is dated by its import time, and marked
as such (``date_is_import``). Pure functions; no I/O.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone

_KEYS = ("date", "published", "pubdate", "publication date", "created", "updated", "modified", "dateline")
_MONTHS = {
    m: i
    for i, names in enumerate(
        (("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",),
         ("jun", "june"), ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"),
         ("oct", "october"), ("nov", "november"), ("dec", "december")),
        1,
    )
    for m in names
}
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?(Z|[+-]\d{2}:?\d{2})?)?")
_MONTH_FIRST = re.compile(r"\b([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b")
_DAY_FIRST = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]{3,9})\.?,?\s+(\d{4})\b")
_SLASHED = re.compile(r"\b(\d{4})/(\d{1,2})/(\d{1,2})\b")


def _valid(y: int, m: int, d: int) -> str | None:
    try:
        return datetime(y, m, d).strftime("%Y-%m-%d")
    except ValueError:
        return None


def normalise_date(value: str | None) -> str | None:
    """``value`` as ``YYYY-MM-DD`` (or ``YYYY-MM-DDTHH:MM:SSZ`` when it has a time), None if no date."""
    if not value:
        return None
    text = str(value).strip()
    m = _ISO.search(text)
    if m:
        day = _valid(int(m[1]), int(m[2]), int(m[3]))
        if day and m[4]:
            try:
                stamp = datetime.fromisoformat(
                    f"{day}T{m[4]}:{m[5]}:{m[6] or '00'}" + ((m[7] or "+00:00").replace("Z", "+00:00"))
                )
                if len(m[7] or "") == 5:  # +hhmm
                    stamp = datetime.fromisoformat(f"{day}T{m[4]}:{m[5]}:{m[6] or '00'}{m[7][:3]}:{m[7][3:]}")
                return stamp.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
            except ValueError:
                return day
        if day:
            return day
    try:  # RFC 2822, as feeds and e-mail headers write it
        from email.utils import parsedate_to_datetime

        stamp = parsedate_to_datetime(text)
        if stamp is not None:
            if stamp.tzinfo is None:
                stamp = stamp.replace(tzinfo=timezone.utc)
            return stamp.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    except (TypeError, ValueError, IndexError):
        pass
    m = _MONTH_FIRST.search(text)
    if m and m[1].lower() in _MONTHS:
        day = _valid(int(m[3]), _MONTHS[m[1].lower()], int(m[2]))
        if day:
            return day
    m = _DAY_FIRST.search(text)
    if m and m[2].lower() in _MONTHS:
        day = _valid(int(m[3]), _MONTHS[m[2].lower()], int(m[1]))
        if day:
            return day
    m = _SLASHED.search(text)
    if m:
        return _valid(int(m[1]), int(m[2]), int(m[3]))
    return None


def metadata_date(metadata: dict[str, str]) -> str | None:
    """The publication date in an article's metadata, normalised; None when it has none."""
    lowered = {str(k).strip().lower(): str(v) for k, v in metadata.items()}
    for key in _KEYS:
        found = normalise_date(lowered.get(key))
        if found:
            return found
    source = lowered.get("source", "")
    # a cited original: "(original: URL, 2022-02-12)" or "created 2016-09-09"
    m = re.search(r"(?:original:[^()]*?,\s*|created\s+|published\s+)(\d{4}-\d{2}-\d{2})", source)
    return normalise_date(m[1]) if m else None


def article_date(metadata: dict[str, str], imported: str) -> tuple[str, bool]:
    """(sortable date, whether it is only the import time)."""
    found = metadata_date(metadata)
    if found:
        return found, False
    return normalise_date(imported) or imported, True
