"""From what was extracted and what a person corrected to the values Broadsheet shows and indexes.

Pure functions: the precedence is user edit > import option > extracted, a date counts only
above the confidence threshold (below it, it is a candidate to confirm), and outlet names go
through the alias table so one outlet has one name.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from indexer.model import METADATA_FIELDS, Document, IndexDoc, Metadata, Value

USER = "user"


# Other dates a page gives are kept beside the fields as "other_date_1", "other_date_2", …
OTHER_DATE_KEY = "other_date_"


def metadata_values(metadata: Metadata, outlet_option: str | None = None) -> dict[str, Value]:
    """The extracted values of a page as a plain dict (what the catalog keeps)."""
    values = {name: v for name in METADATA_FIELDS if (v := metadata.get(name)) is not None}
    for rank, other in enumerate(metadata.other_dates, 1):
        values[f"{OTHER_DATE_KEY}{rank}"] = other
    if outlet_option:
        values["outlet"] = Value(outlet_option, "option", 1.0)
    return values


def other_dates(extracted: Mapping[str, Value], shown: Value | None) -> tuple[Value, ...]:
    """The other days a page gives as its date, likeliest first, without the one shown (after
    a user's correction, the day Broadsheet had chosen comes first: one click undoes it)."""
    keys = sorted((k for k in extracted if k.startswith(OTHER_DATE_KEY)), key=lambda k: int(k[len(OTHER_DATE_KEY):]))
    offered = [extracted[k] for k in (["date"] if "date" in extracted else []) + keys]
    seen = {shown.value} if shown else set()
    others = []
    for value in offered:
        if value.value not in seen:
            seen.add(value.value)
            others.append(value)
    return tuple(others)


def effective_values(
    extracted: Mapping[str, Value],
    edits: Mapping[str, str],
    aliases: Mapping[str, str],
) -> tuple[dict[str, Value], Value | None]:
    """(values to show and index, a below-threshold date candidate or None)."""
    # Imported here: the metadata package brings lxml and the date finders, which opening an
    # archive and showing the window do without (the first search loads it, off the GUI thread).
    from indexer.metadata import DATE_CONFIDENCE_THRESHOLD, normalise_outlet

    values: dict[str, Value] = {}
    candidate: Value | None = None
    for name in METADATA_FIELDS:
        if name in edits:
            if edits[name]:  # an empty edit means "the user says: unknown"
                values[name] = Value(edits[name], USER, 1.0)
            continue
        found = extracted.get(name)
        if found is None:
            continue
        if name == "date" and found.confidence < DATE_CONFIDENCE_THRESHOLD:
            candidate = found
            continue
        values[name] = found
    outlet = values.pop("outlet", None)
    if outlet is not None and (name := normalise_outlet(outlet.value, aliases)):
        values["outlet"] = Value(name, outlet.source, outlet.confidence)
    return values, candidate


def outlet_and_day(values: Mapping[str, Value]) -> tuple[str | None, str | None]:
    outlet = values.get("outlet")
    date = values.get("date")
    return (outlet.value if outlet else None), (date.value if date else None)


def document_from_row(row: dict, aliases: Mapping[str, str]) -> Document:
    values, candidate = effective_values(row["extracted"], row["edits"], aliases)
    title = row["edits"].get("title") or row["title"] or (values["title"].value if "title" in values else "")
    if title and "title" not in values:
        values["title"] = Value(title, "cleaner", 1.0)
    return Document(
        id=row["id"],
        kind=row["kind"],
        source_path=row["source_path"],
        size=row["size"],
        encoding=row["encoding"],
        imported_at=row["imported_at"],
        title=title,
        body=row["body"],
        metadata=values,
        date_candidate=candidate,
        other_dates=other_dates(row["extracted"], values.get("date") or candidate),
        tags=tuple(row["tags"]),
        removed=row["removed"],
    )


def index_doc(doc: Document) -> IndexDoc:
    date = doc.value("date")
    return IndexDoc(
        id=doc.id,
        title=doc.title,
        body=doc.body,
        boilerplate="\n".join(block.text for block in doc.removed),
        outlet=doc.outlet,
        date=dt.date.fromisoformat(date) if date else None,
        author=doc.value("author"),
        url=doc.url,
        tags=doc.tags,
    )
