"""One outlet, one name across an archive: the spellings of one outlet that pages give apart.

Pages of one site name it in several ways: "FOCUS Online" and "FOCUS online" in two pages'
`og:site_name`, "Salon" in the HTML and "salon.com" from a dump's address, "@politifact" from a
Twitter card beside "PolitiFact". Each page's reading is right, but a facet listing both splits
the outlet's pages in two. `same_outlet_spellings` finds such spellings among an archive's outlet
names and says which one the others are filed under; the archive records the answer as ordinary
outlet rules, which the user can see and remove (Archive ▸ Outlet Rules…).

It is deliberately narrow, because a wrong merge hides an outlet: names are one outlet only when
they are the same letters and digits (case, spaces, punctuation and a leading "@" aside), or
when one is a domain whose site label is exactly the other name ("salon.com" and "Salon"). Two
different domains never merge ("express.co.uk" and "express.de" are two newspapers), a name
two domains could claim merges with neither, and when the archive knows the sites the pages came
from (their addresses), spellings whose pages come from different sites stay apart ("ZDNet" on
zdnet.com, "ZDNet.de" on zdnet.de: two editions).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping

from indexer.metadata.outlets import _as_domain, registrable

_NOT_LETTERS = re.compile(r"[\W_]+")


def _letters(name: str) -> str:
    return _NOT_LETTERS.sub("", name.casefold())


def _site_label(domain: str) -> str:
    """ "salon.com" → "salon", "express.co.uk" → "express", "zoo-berlin.de" → "zooberlin"."""
    return _letters(registrable(domain).split(".")[0])


def same_outlet_spellings(counts: Mapping[str, int],
                          sites_of: Callable[[str], Iterable[str]] | None = None) -> dict[str, str]:
    """For outlet names with their page counts, the names to file under another spelling of the
    same outlet: {name: kept name}. `sites_of(name)`, when given, tells the hosts of the pages
    filed under a name. The kept spelling is a name rather than a domain, then the one with
    most pages, then one written as a brand writes it (not in capitals or lower case only; with
    its words capitalised: "FOCUS Online" over "FOCUS online")."""
    groups: dict[str, list[str]] = defaultdict(list)
    domains_of: dict[str, set[str]] = defaultdict(set)  # letters key → the distinct domains it stands for
    for name in counts:
        domain = _as_domain(name.strip())
        key = _site_label(domain) if domain else _letters(name)
        if not key:
            continue
        groups[key].append(name)
        if domain:
            domains_of[key].add(registrable(domain))
    merges: dict[str, str] = {}
    for key, names in groups.items():
        if len(names) < 2 or len(domains_of[key]) > 1:
            continue
        if sites_of is not None:
            sites = set(domains_of[key]) | {registrable(host) for name in names for host in sites_of(name) if host}
            if len(sites) > 1:
                continue
        kept = max(names, key=lambda n: (_as_domain(n.strip()) is None, counts[n], not (n.isupper() or n.islower()),
                                         sum(ch.isupper() for ch in n), n))
        merges.update({name: kept for name in names if name != kept})
    return merges
