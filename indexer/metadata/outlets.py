"""Which outlet published a page, and one name per outlet across an archive.

Evidence, strongest first: the site's own name in structured data (`og:site_name`, JSON-LD
`publisher.name`; a tagline after a separator cut off), the title suffix ("… | St.Galler
Tagblatt") when it matches the page's host, a blog's title before a colon, a copyright holder
that spells out the host ("© 2019 Handelsblatt GmbH" on handelsblatt.com), the site's domain
as the site writes it ("Express.co.uk", kept as the outlet's own spelling), the canonical host
mapped through the alias table, and, for text dumps, the masthead and title suffix repeated in
the text, signed by the copyright line or a self-reference ("Also on rt.com"). Names are given
without their legal form ("Deutscher Turner-Bund", not "… e.V."). A news agency credited on
the page (AFP, Reuters, dpa …) is never the outlet, and neither is a name merely quoted in the
body ("told The National"), nor a site name that does not name the host (a parent company, a
network, a CMS default): unknown beats wrong.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from urllib.parse import urlsplit

from indexer.metadata import rules
from indexer.model import Value

_SCHEME = re.compile(r"^(?:[a-z][a-z0-9+.-]*:)?//", re.IGNORECASE)
_DOMAIN = re.compile(r"^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,24}$", re.IGNORECASE)
# Top-level domains beyond the two-letter country codes: enough to tell "MTB-News.de" and
# "Tarnkappe.info" (domains) from "St.GEORG" (a name with a dot).
_GENERIC_TLDS = frozenset("com org net info biz edu gov int mil news media online blog site web "
                          "tv fm app dev io xyz eu asia mobi pro name shop store club live life "
                          "world today press radio museum swiss wien berlin hamburg koeln bayern".split())
_TITLE_SEPARATORS = re.compile(r"\s+(?:[|–—»«›‹·:>ǀ]|-|::|//)\s+")


def _key(name: str) -> str:
    return " ".join(name.casefold().split())


def host_of(url: str | None) -> str | None:
    """The host of `url` without "www.", looking through archive wrappers to the page inside."""
    if not url:
        return None
    url = url.strip()
    if not _SCHEME.match(url):
        url = "//" + url
    try:
        host = (urlsplit(url).hostname or "").lower()
    except ValueError:
        return None
    if any(host == w or host.endswith("." + w) for w in rules.WRAPPER_HOSTS):
        inner = re.search(r"https?(?::|%3A)(?://|%2F%2F)([^/%?#]+)", url[8:], re.IGNORECASE)
        if not inner:
            return None
        host = inner.group(1).lower().split(":")[0]
    host = host.removeprefix("www.")
    return host if _DOMAIN.match(host) else None


def registrable(host: str) -> str:
    """The site a host belongs to: "news.bbc.co.uk" → "bbc.co.uk", "wien.orf.at" → "orf.at",
    but "someone.wordpress.com" stays itself (a blog of its own on a hosting platform)."""
    labels = host.lower().removeprefix("www.").split(".")
    size = 3 if len(labels) >= 3 and ".".join(labels[-2:]) in rules.TWO_LEVEL_SUFFIXES else 2
    if len(labels) > size and _platform(".".join(labels[-size:])):
        size += 1
    return ".".join(labels[-size:])


def _platform_site(host: str) -> bool:
    """A blog of its own on a hosting platform ("someone.wordpress.com"): its name is free."""
    return registrable(host) != ".".join(host.split(".")[-2:]) and _platform(".".join(host.split(".")[-2:]))


def _platform(domain: str) -> bool:
    # blogspot has a domain per country (blogspot.de, blogspot.co.uk): all the same platform
    return domain in rules.HOSTING_PLATFORMS or domain.split(".")[0] == "blogspot"


def normalise_outlet(name: str, aliases: Mapping[str, str] | None = None) -> str:
    """One outlet, one name: "www.rt.com", "https://rt.com/", "RT" → "RT".

    `aliases` are the archive's own merges (alias → canonical, as the user made them); they win
    over the built-in table. A domain with no known name comes back as its registrable domain
    in lower case ("tagblatt.ch"), which reads well and stays stable across pages, unless it is
    written as the outlet writes its own name ("Express.co.uk", "KentNews.Online"; see
    `self_styled`).
    """
    cleaned = " ".join(name.strip().split())
    if not cleaned:
        return cleaned
    if aliases:
        user = {_key(k): v for k, v in aliases.items()}
        for candidate in (_key(cleaned), _key(_as_domain(cleaned) or "")):
            if candidate and candidate in user:
                return user[candidate]
    domain = _as_domain(cleaned)
    if domain:
        for candidate in (domain, registrable(domain)):
            if candidate in rules.OUTLET_ALIASES:
                return _user_alias(rules.OUTLET_ALIASES[candidate], aliases)
        return _user_alias(cleaned if self_styled(cleaned) else registrable(domain), aliases)
    known = rules.OUTLET_ALIASES.get(_key(cleaned))
    return _user_alias(known, aliases) if known else cleaned


def _user_alias(name: str, aliases: Mapping[str, str] | None) -> str:
    if aliases:
        for alias, canonical in aliases.items():
            if _key(alias) == _key(name):
                return canonical
    return name


def domain_of(text: str) -> str | None:
    """`text` as a lower-case domain without "www.", if it is one ("Tarnkappe.info" is,
    "St.GEORG" and "story.html.gz" are not)."""
    domain = _as_domain(text)
    if domain and _FILE_EXTENSIONS & set(domain.split(".")[1:]):
        return None
    return domain


_FILE_EXTENSIONS = frozenset("txt text htm html gz bz2 xz zip warc json xml pdf md csv js py".split())


def _as_domain(text: str) -> str | None:
    """The host when `text` is a URL or a bare domain, else None."""
    if " " in text:
        return None
    if _SCHEME.match(text) or "/" in text:
        return host_of(text)
    candidate = text.lower().removeprefix("www.").rstrip("/.")
    tld = candidate.rsplit(".", 1)[-1]
    return candidate if _DOMAIN.match(candidate) and (len(tld) == 2 or tld in _GENERIC_TLDS) else None


def is_agency(name: str) -> bool:
    key = re.sub(r"[^\w\s-]", "", _key(name)).strip()
    return key in rules.AGENCIES or key.removesuffix(" news") in rules.AGENCIES


def usable_name(name: str | None) -> str | None:
    """`name` cleaned, or None when it is no outlet name (generic, an agency, a sentence)."""
    if not name:
        return None
    name = " ".join(name.split()).strip(" -|:·»")
    if not 2 <= len(name) <= 60 or len(name.split()) > 6:
        return None
    if _key(name) in rules.NOT_OUTLET_NAMES or is_agency(name):
        return None
    if not any(ch.isalpha() for ch in name):
        return None
    return name


_FOLDS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "æ": "ae", "ø": "oe", "å": "aa"})


def _fold(text: str) -> str:
    """Lower case, German umlauts spelt out as in domains ("Süddeutsche" → "sueddeutsche"),
    other accents dropped ("Le Monde diplomatique", "El País" → "el pais")."""
    import unicodedata

    text = text.casefold().translate(_FOLDS)
    return "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))


def _squash(text: str) -> str:
    return re.sub(r"[\W_]+", "", _fold(text))


def belongs_to_host(name: str, host: str) -> bool:
    """Whether `name` plausibly names the site at `host`: "ZEIT ONLINE"/zeit.de,
    "Frankfurter Allgemeine Zeitung"/faz.net (initials), "St.Galler Tagblatt"/tagblatt.ch."""
    alias = rules.OUTLET_ALIASES.get(registrable(host)) or rules.OUTLET_ALIASES.get(host)
    if alias and _key(alias) == _key(normalise_outlet(name)):
        return True
    labels = [label for label in registrable(host).split(".")[:-1] if len(label) >= 2]
    labels += [label for label in host.split(".")[:-2] if len(label) >= 3 and label not in ("www", "m")]
    squashed = _squash(name)
    words = [w for w in re.split(r"[\W_]+", _fold(name)) if w]
    initials = "".join(w[0] for w in words)
    for label in labels:
        flat = label.replace("-", "")
        if len(squashed) >= 2 and (flat in squashed or squashed in flat):
            return True
        if len(initials) >= 2 and (initials == flat or flat.startswith(initials)):
            return True
        if any(len(w) >= 4 and w in flat for w in words):
            return True
    return False


def title_suffixes(title: str | None, *, colon: bool = True) -> list[str]:
    """The parts of "Headline | Outlet" that could be the outlet (the shorter ends); with
    `colon`, also "Outlet: Headline" (but that is as often "Topic: Headline")."""
    if not title:
        return []
    parts = [p.strip(" -|") for p in _TITLE_SEPARATORS.split(title) if p.strip(" -|")]
    if len(parts) < 2 and colon:
        # "Ökonomenstimme: Eine realistische Interpretation …": a short name before a colon
        head, colon, rest = title.partition(": ")
        parts = [head, rest] if colon and len(head.split()) <= 4 and len(rest) > len(head) else []
    if len(parts) < 2:
        return []
    longest = max(parts, key=len)
    return [p for p in dict.fromkeys((parts[-1], parts[0])) if p is not longest and usable_name(p)]


def from_host(host: str | None, source: str, confidence: float) -> Value | None:
    if not host:
        return None
    name = normalise_outlet(host)
    return Value(name, source, confidence)


def self_styled(name: str) -> bool:
    """Whether `name` is a site's domain written as the outlet writes its own name: with capitals
    ("Express.co.uk", "KentNews.Online", "SWIM.DE"), the whole site and nothing else: no
    scheme, path or "www.", no subdomain ("wien.ORF.at" is a section of "ORF.at")."""
    name = name.strip()
    if name == name.lower() or "/" in name or name.lower().startswith("www."):
        return False
    domain = _as_domain(name)
    return bool(domain) and registrable(domain) == domain and name.lower() == domain


def _brand_of(name: str, host: str | None) -> str | None:
    """`name` when it is a self-styled brand of the site at `host` (any site, without a host)."""
    if not self_styled(name):
        return None
    domain = _as_domain(name)
    return name.strip() if not host or registrable(host) == domain else None


_LEGAL_FORM = re.compile(  # "e.V." also as "e. V." and "e.V" (a copyright line's full stop cut off)
    r"(?:,?\s+(?:" + "|".join(r"\s*".join(map(re.escape, form.split())) + (r"?" if form.endswith(".") else "")
                              for form in sorted(rules.LEGAL_FORMS, key=len, reverse=True)) + r"))+\s*$")


def without_legal_form(name: str) -> str:
    """"Deutscher Turner-Bund e.V." → "Deutscher Turner-Bund", "Handelsblatt GmbH" →
    "Handelsblatt": an outlet is named without its legal form."""
    stripped = _LEGAL_FORM.sub("", name).strip(" ,")
    return stripped if stripped and any(ch.isalpha() for ch in stripped) else name


def _labels(host: str, *, alone: bool = True) -> list[str]:
    """The labels that name a site: "world.kbs.co.kr" → kbs, world, kbsworld, worldkbs (not "co");
    without `alone`, a subdomain's label only joined to the site's ("world" is no name)."""
    site = registrable(host).split(".")
    suffix = 2 if ".".join(site[-2:]) in rules.TWO_LEVEL_SUFFIXES else 1
    labels = [label for label in site[:-suffix] if len(label) >= 2]
    subs = [label for label in host.split(".")[:-len(site)] if len(label) >= 3 and label not in ("www", "m")]
    joined = [a + b for sub in subs for label in labels[-1:] for a, b in ((label, sub), (sub, label))]
    return labels + (subs if alone else []) + joined


def names_host(name: str, host: str) -> bool:
    """Whether `name` names the site at `host` as a whole, not just shares a word with it (which
    a section or a topic does: "Sport" on sportnews.example): the name spelt out is the host's
    label or contains it ("Handelsblatt", "Lebensmittel Praxis"), its initials are the label
    ("Konrad-Adenauer-Stiftung e.V."/kas), or the label is made of the name's words
    ("Bündnis 90/Die Grünen Bundestagsfraktion"/gruene-bundestag, "SPD-Bundestagsfraktion"/
    spdfraktion)."""
    alias = rules.OUTLET_ALIASES.get(registrable(host)) or rules.OUTLET_ALIASES.get(host)
    if alias and _key(alias) == _key(normalise_outlet(name)):
        return True
    for form in dict.fromkeys((name, without_legal_form(name))):
        squashed = _squash(form)
        words = [w for w in re.split(r"[\W_]+", _fold(form)) if w]
        initials = "".join(w[0] for w in words)
        for label in _labels(host):
            flat = label.replace("-", "")
            if len(flat) >= 3 and flat in squashed or squashed == flat:
                return True
            if len(initials) >= 2 and initials == flat:
                return True
            if len(words) <= 5 and _made_of(label, squashed):
                return True
    return False


def _made_of(label: str, squashed: str) -> bool:
    """Whether a host label is two or more pieces of the name: its hyphenated parts
    ("gruene-bundestag"), or a short head and a longer word ("spd" + "fraktion")."""
    pieces = [p for p in label.split("-") if len(p) >= 4]
    if "-" in label:
        return len(pieces) >= 2 and all(p in squashed for p in pieces)
    return any(len(label) - cut >= 5 and label[:cut] in squashed and label[cut:] in squashed
               and squashed.index(label[:cut]) < squashed.rindex(label[cut:])
               for cut in range(3, len(label) - 4))


def _tagline_parts(name: str) -> list[str]:
    """A site name's parts around a separator ("Anglerboard – Forum mit den besten Tipps zum
    Angeln"): the name is usually one of them, the rest a tagline."""
    parts = [p.strip(" -|") for p in _TITLE_SEPARATORS.split(name) if p.strip(" -|")]
    return parts if len(parts) >= 2 else []


_COPYRIGHT_HOLDER = re.compile(
    r"(?:©|\(c\)|copyright\b)(?:\s*(?:©|\(c\)|copyright\b|by\b))*[\s:]*(?:(?:19|20)\d\d(?:\s*[-–]\s*(?:19|20)\d\d)?[\s,.]*)?"
    r"(?P<name>[^|©•·,;:()\[\]\n]{2,60}?)"
    r"(?=\s*(?:[|©•·,;:()\[\]]|\s[-–]\s|(?:19|20)\d\d|(?<![\s.][A-Za-z])\.\s|\.?$|all rights|alle rechte|tous droits|todos los))",
    re.IGNORECASE)


def copyright_holders(lines: Iterable[str], *, dated: bool = False) -> list[str]:
    """Who a copyright line names ("© 2022 Deutscher Turner-Bund e.V." → "Deutscher
    Turner-Bund e.V."), as written; with `dated`, only lines with a year (a site's footer, not
    a photo credit)."""
    found: list[str] = []
    for line in lines:
        if not _COPYRIGHT_WORD.search(line) or dated and not re.search(r"\b(?:19|20)\d\d\b", line):
            continue
        for m in _COPYRIGHT_HOLDER.finditer(line):
            name = m.group("name").strip(" .-–")
            if name and usable_name(name) and name not in found:
                found.append(name)
    return found


def html_outlet(meta_site: str | None, publishers: list[str], title: str | None,
                host: str | None, *, site_names: list[str] = (), footer: list[str] = (),
                app_names: list[str] = ()) -> Value | None:
    """The outlet of an HTML page from its site name, publisher, title and host.

    `site_names` are JSON-LD WebSite/Organization names; `footer` the last lines of the visible
    text, where a copyright line may repeat the title's suffix or name the site's owner;
    `app_names` the `application-name` and `apple-mobile-web-app-title` meta tags (the name
    under a home-screen icon: "Tarnkappe" where og:site_name says "Tarnkappe.info"; as often
    the page's headline, so taken only when it spells out the host).

    A name is taken when it names the page's host (a site name unrelated to the host is as
    often a parent company, a network, a syndication partner or a CMS default as the outlet's
    real name: the host is safer), in this order: the site's own statements (og:site_name,
    JSON-LD publisher and site names; a tagline after a separator cut off), the title's ends,
    a part in the title's middle or a copyright holder that names the whole host, then the
    site's domain as the site writes it ("Express.co.uk"), else the host's domain.
    """
    offers: list[tuple[str, str]] = []
    if meta_site:
        offers.append((meta_site, "og:site_name"))
    offers += [(p, "json-ld") for p in publishers]
    offers += [(n, "json-ld") for n in site_names]
    confidence = 0.95 if host else 0.85
    brands: list[Value] = []  # the site's domain as the site writes it: taken when no name is
    taglines: set[str] = set()  # what follows a site name that is the domain ("site.example | Slogan")
    # Three passes: whole names; then a name with its tagline cut off ("Anglerboard – Forum mit
    # den besten Tipps zum Angeln", with a host to tell which part is the name; "site.example |
    # Das Portal": the domain is the name); then a whole name with its tagline.
    split = {name: _tagline_parts(" ".join(name.split())) if host else [] for name, _ in offers}
    for step in ("whole", "part", "tagline"):
        for name, source in offers:
            parts = split[name]
            if step == "whole" and parts or step == "tagline" and not parts:
                continue
            # "site.example | Das Portal": the domain first is the name, the rest a tagline (but
            # "The Jerusalem Post | JPost.com" is a name and its domain: kept whole, as before)
            domains = parts[:1] if parts and _as_domain(parts[0]) == host else []
            if step == "part" and domains:
                taglines.update(_key(p) for p in parts if not _as_domain(p))
            forms = (domains[:1] or parts) if step == "part" else [name] if not domains else []
            for form in forms:
                clean = usable_name(form)
                if not clean:
                    continue
                if _as_domain(clean):
                    brand = _brand_of(clean, host)
                    if brand and step != "tagline":
                        brands.append(Value(brand, source, confidence))
                    continue  # a bare domain as site name: the host mapping below does this better
                if host and not _platform_site(host) and not (
                        names_host(clean, host) or step != "part" and belongs_to_host(clean, host)):
                    # A site name unrelated to the host is as often a parent company, a network, a
                    # syndication partner or a CMS default as the outlet's real name: the host is safer.
                    continue
                return Value(_outlet_name(clean), source, confidence)
    for name in app_names if host else []:
        clean = usable_name(name)
        if clean and not _as_domain(clean) and _whole_name_of(clean, host):
            return Value(_outlet_name(clean), "app-name", 0.9)
        brand = _brand_of(clean, host) if clean else None
        if brand:
            brands.append(Value(brand, "app-name", 0.9))
    ends = title_suffixes(title)
    own_domain = next((s for s in ends if host and _as_domain(s) and belongs_to_host(s, host)), None)
    for suffix in ends if not own_domain else []:  # the title names the site by its domain: the rest is the headline
        if _as_domain(suffix) or _key(suffix) in taglines:
            continue
        if host and belongs_to_host(suffix, host):
            return Value(_outlet_name(suffix), "title-suffix", 0.85)
        key = _key(suffix)
        if any(_COPYRIGHT_WORD.search(line) and key in _key(line) for line in footer):
            return Value(_outlet_name(suffix), "title-suffix", 0.8)
    holders = copyright_holders(footer) if host else []
    if host and not own_domain:
        # "EMACSPEAK The Complete Audio Desktop: Meta-Programming In Emacs" (a blog's own title
        # before its post's): a head that names the whole host
        head, colon, rest = (title or "").partition(": ")
        if colon and usable_name(head) and not _as_domain(head) and len(rest) > len(head) \
                and names_host(head, host) and _key(head) not in taglines:
            return Value(_outlet_name(head), "title-suffix", 0.85)
    if host:
        # "Headline - Advents Shopping - Weihnachten für alle Sinne", "Eawag - News": a part
        # inside the title that names the whole site (the longest part only if it spells it out)
        parts = _title_parts(title)
        longest = max(parts, key=len) if parts else None
        for part in reversed(parts) if not own_domain else []:
            if not usable_name(part) or _as_domain(part) or _key(part) in taglines or _looks_like_section(part):
                continue
            if _whole_name_of(part, host) if part is longest else names_host(part, host):
                return Value(_outlet_name(part), "title-suffix", 0.85)
        for holder in holders:
            if not _as_domain(holder) and _whole_name_of(holder, host):
                return Value(_outlet_name(holder), "copyright", 0.8)
    if brands:
        return brands[0]
    if own_domain:
        return Value(normalise_outlet(own_domain), "title-suffix", 0.85)
    for part in _title_parts(title) if host else []:  # "Headline | DOMRADIO.DE - Katholische Nachrichten"
        brand = _brand_of(part, host) if usable_name(part) else None
        if brand:
            return Value(brand, "title-suffix", 0.85)
    for holder in holders:
        brand = _brand_of(holder.split()[0], host)
        if brand:
            return Value(brand, "copyright", 0.8)
    return from_host(host, "canonical-host", 0.7)


def _same_site(domain: str, host: str | None) -> bool:
    return bool(host) and registrable(domain) == registrable(host)


def _whole_name_of(name: str, host: str) -> bool:
    """Stricter than `names_host`, for a copyright holder (often the publishing company, "TAZ
    Verlags- und Vertriebs GmbH"): the name without its legal form spells out the host's label
    or has it as initials, three at least ("Konrad-Adenauer-Stiftung e.V."/kas: two initials
    match a two-letter host by chance too often)."""
    form = without_legal_form(name)
    squashed = _squash(form)
    initials = "".join(w[0] for w in re.split(r"[\W_]+", _fold(form)) if w)
    return any(squashed == label.replace("-", "") or (len(initials) >= 3 and initials == label.replace("-", ""))
               for label in _labels(host, alone=False))


def _outlet_name(name: str) -> str:
    return normalise_outlet(without_legal_form(name))


def _title_parts(title: str | None) -> list[str]:
    if not title:
        return []
    parts = [p.strip(" -|") for p in _TITLE_SEPARATORS.split(title) if p.strip(" -|")]
    return parts if len(parts) >= 2 else []


_SELF_REFERENCE = re.compile(
    r"^(?:also on|more on|read more on|more from|mehr auf|auch auf|plus sur|más en)\s+"
    r"((?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,24})\b", re.IGNORECASE | re.MULTILINE)
_MASTHEAD = re.compile(r"^logo of (?:the )?([\w .&'’-]{2,40}?) (?:newspaper|magazine|website|logo)\b",
                       re.IGNORECASE)
_MENTIONED_DOMAIN = re.compile(
    r"(?<![\w.@-])(?:https?://)?(?:www\.)?((?:[a-z0-9-]+\.)+(?:com|net|org|info|de|at|ch|fr|it|es|uk|"
    r"nl|be|eu|pl|ru|tr|ae|kh|pk|in|jp|kr|cn|au|ca|us|io|news|media|online|tv))\b"
    r"|@((?:[a-z0-9-]+\.)+[a-z]{2,6})\b", re.IGNORECASE)
_DOMAIN_SHAPE = re.compile(r"[a-z0-9-]\.[a-z]", re.IGNORECASE)
_NOT_SELF = frozenset({"facebook.com", "twitter.com", "x.com", "instagram.com", "youtube.com",
                       "google.com", "linkedin.com", "pinterest.com", "tiktok.com", "whatsapp.com",
                       "apple.com", "gmail.com", "gmx.de", "web.de", "t-online.de", "outlook.com",
                       "wikipedia.org", "paypal.com", "amazon.com", "amazon.de", "bit.ly"})


def mentioned_domains(lines: list[str]) -> list[str]:
    """Sites a text names in its frame (emails, "© site.de", links), most frequent first."""
    found: dict[str, int] = {}
    for line in lines:
        if not _DOMAIN_SHAPE.search(line):
            continue  # most lines name no site; the full pattern is slow to try on them
        for m in _MENTIONED_DOMAIN.finditer(line):
            domain = registrable((m.group(1) or m.group(2)).lower())
            if domain not in _NOT_SELF and not re.search(r"\.(?:jpe?g|png|gif|html?|php|pdf)$", domain):
                found[domain] = found.get(domain, 0) + 1
    # Named once, a site is as likely a source the page cites as the page's own.
    return sorted((d for d in found if found[d] >= 2), key=lambda d: -found[d])


def text_outlet(text: str, *, host: str | None = None, host_source: str = "path") -> Value | None:
    """The outlet of a text dump, only when the text vouches for it: a masthead, a title suffix
    confirmed by the page's own domain, copyright line or repeated masthead, a self-reference
    ("Also on rt.com"); else the host named by the file's path, if any."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if not lines:
        return from_host(host, host_source, 0.6)
    head, tail = lines[:80], lines[-120:]
    for line in head[:5]:
        logo = _MASTHEAD.match(line)
        if logo and usable_name(logo.group(1)):
            return Value(normalise_outlet(logo.group(1)), "masthead", 0.85)
    frame = head + tail
    domains = [host] if host else mentioned_domains(frame)[:3]
    for suffix in title_suffixes(lines[0], colon=False):
        if _as_domain(suffix):
            if any(registrable(suffix.lower()) == registrable(d) for d in domains):
                return Value(normalise_outlet(suffix), "title-suffix", 0.8)
            if not host and self_styled(suffix):
                # "… | SWIM.DE": a domain written as a brand is the site's own signature (a
                # lower-case one is as often another site's, and needs the text to confirm it)
                return Value(suffix, "title-suffix", 0.75)
            continue
        if any(belongs_to_host(suffix, d) for d in domains):
            return Value(normalise_outlet(suffix), "title-suffix", 0.85)
        key = _key(suffix)
        if key in rules.OUTLET_ALIASES and not is_agency(suffix):
            return Value(normalise_outlet(suffix), "title-suffix", 0.8)  # a name the alias table knows
        if any(_COPYRIGHT_WORD.search(line) and key in _key(line) for line in tail):
            return Value(normalise_outlet(suffix), "title-suffix", 0.8)
        words = set(re.split(r"[\W_]+", _fold(suffix)))
        alone = sum(1 for line in frame[1:] if _key(line) == key)
        if alone >= 1 and words & rules.OUTLET_WORDS and not _looks_like_section(suffix) \
                and not _opens_the_headline(suffix, lines):
            return Value(normalise_outlet(suffix), "masthead", 0.75)
    holders = copyright_holders(tail)
    signed = {_key(without_legal_form(h)) for h in copyright_holders(tail, dated=True)}
    for part in reversed(_title_parts(lines[0])):
        # "News - Eawag" and "© Eawag, 2022": a part of the title the copyright line signs
        # (even the longest: a headline is not what a site signs)
        if _key(without_legal_form(part)) in signed and usable_name(part) and not _as_domain(part) \
                and not _looks_like_section(part):
            return Value(_outlet_name(part), "title-suffix", 0.8)
    for holder in holders if host else []:
        if not _as_domain(holder) and _whole_name_of(holder, host):
            return Value(_outlet_name(holder), "copyright", 0.75)
    m = _SELF_REFERENCE.search(text)
    if m:
        return Value(normalise_outlet(m.group(1)), "self-reference", 0.8)
    return from_host(host, host_source, 0.6)


def _opens_the_headline(part: str, lines: list[str]) -> bool:
    """Whether a title part is how the page's headline begins ("Star Wars Jedi: Fallen Order
    review" of "… review – shoots for the moon, lands among the stars", repeated above the
    article): a headline's head, not a masthead, however the words read."""
    key = _key(part)
    return any(len(line) > len(part) + 10 and _key(line).startswith(key)
               and not _key(line)[len(key):len(key) + 1].isalnum() for line in lines[1:40])


_COPYRIGHT_WORD = re.compile(r"©|\(c\)|copyright", re.IGNORECASE)


def _looks_like_section(name: str) -> bool:
    return _key(name) in {"home", "news", "politik", "politics", "world", "sport", "kultur",
                          "wirtschaft", "business", "opinion", "meinung", "local", "lokales"}


def learn_aliases(observations: Iterable[tuple[str | None, str]]) -> dict[str, str]:
    """Alias-table entries that make one outlet one name across an archive.

    `observations` are `(url or host, outlet)` pairs from pages already described. For each site
    whose pages name it (not just by its domain in lower case; "MOPO.de" is a name), the
    commonest spelling becomes the name; the site's domain and the other spellings of that name
    ("Zeit Online" for "ZEIT ONLINE") become aliases of it. A site whose pages give two different names (a network's site name on some pages) is
    left alone: merging those is the user's call.
    """
    names: dict[str, Counter[str]] = {}
    for where, outlet in observations:
        host = host_of(where) if where else None
        if not host or not outlet or _as_domain(outlet) and not self_styled(outlet):
            continue
        names.setdefault(registrable(host), Counter())[outlet.strip()] += 1
    aliases: dict[str, str] = {}
    for site, spellings in names.items():
        by_key: dict[str, Counter[str]] = {}
        for spelling, n in spellings.items():
            by_key.setdefault(_key(spelling), Counter())[spelling] += n
        if len(by_key) != 1:
            continue
        (variants,) = by_key.values()
        name = max(variants, key=lambda v: (variants[v], v))
        aliases[site] = name
        for spelling in variants:
            if spelling != name:
                aliases[spelling] = name
    return aliases
