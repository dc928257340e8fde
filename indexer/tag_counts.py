"""How many of a search's matching pages carry each tag (`Facets.tag`).

Tags live in the catalog; the index can say which pages match a query. So the engine is asked
which *tagged* pages match (the query restricted to them, so the answer stays small) and the
catalog says what they carry: one extra search, and none when nothing is tagged, nothing
matches, or every page does.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from typing import TYPE_CHECKING

from indexer.model import SearchRequest
from indexer.query import And, MatchAll, Node, Or, QueryError, parse

if TYPE_CHECKING:
    from indexer.catalog import Catalog
    from indexer.index import Engine

# Past this many tagged pages the counts are not made per search (the tag list then shows the
# archive's own counts): the restricted search would return that many ids each time.
TAG_COUNT_LIMIT = 5_000


def tag_counts(catalog: Catalog, engine: Engine, node: Node, request: SearchRequest) -> dict[str, int] | None:
    """{tag: matching pages carrying it}, A–Z; None past `TAG_COUNT_LIMIT` tagged pages."""
    tags_of = catalog.tags_by_document()
    if len(tags_of) > TAG_COUNT_LIMIT:
        return None
    if not tags_of:
        return {}
    if isinstance(node, MatchAll) and not (request.outlets or request.date_from or request.date_to
                                           or request.undated_only):
        return catalog.all_tags()  # every page matches: the archive's own counts
    names = sorted({tag for tags in tags_of.values() for tag in tags})
    any_tag = Or(tuple(n for n in map(_tag_node, names) if n is not None))
    if not any_tag.children:
        return {}
    restricted = any_tag if isinstance(node, MatchAll) else And((node, any_tag))
    found = engine.search(restricted, replace(request, limit=len(tags_of), offset=0, snippets=False, sort="relevance"))
    counts = Counter(tag for doc_id, _ in found.ranked for tag in tags_of.get(doc_id, ()))
    return {name: counts[name] for name in names if counts[name]}


def _tag_node(name: str) -> Node | None:
    """The query for pages carrying the tag `name` (None for a tag without a searchable word)."""
    try:
        node = parse('tag:"' + name.replace('"', " ") + '"')
    except QueryError:
        return None
    return None if isinstance(node, MatchAll) else node
