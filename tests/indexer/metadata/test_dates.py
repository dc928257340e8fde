"""Publication dates a librarian can trust: labelled and structured dates are read, and dates
that belong to something else (a banner, a copyright, a comment, related stories) are not."""

from __future__ import annotations

import datetime as dt

import pytest

from indexer.metadata import DATE_CONFIDENCE_THRESHOLD, describe, extract
from indexer.metadata.datefind import find_dates, parse_iso
from indexer.model import Page

TODAY = dt.date(2024, 6, 1)


def _text(body: str, path: str | None = None) -> Page:
    return Page(body, "text", path=path)


def _facet(page: Page) -> str | None:
    meta = extract(page, today=TODAY)
    return meta.date.value if meta.date and meta.date.confidence >= DATE_CONFIDENCE_THRESHOLD else None


ARTICLE = "\n\n".join(
    "The council met again on the question of the new bridge, and members argued for hours "
    "about its cost, its route and who should pay for the repairs that the old one still needs."
    for _ in range(6)
)


@pytest.mark.parametrize(
    ("line", "day"),
    [
        ("Veröffentlicht am 19. Oktober 2019, 19:08 Uhr", "2019-10-19"),
        ("Publié le 3 mars 2021 à 10h15", "2021-03-03"),
        ("Publicado el 5 de junio de 2018", "2018-06-05"),
        ("Pubblicato il 12 gennaio 2020", "2020-01-12"),
        ("Published: Oct 19, 2019 07:00", "2019-10-19"),
        ("Stand: 17.11.2021, 14:02 Uhr", "2021-11-17"),
        ("Опубликовано 21 февраля 2020", "2020-02-21"),
        ("2020年2月21日 19:53", "2020-02-21"),
        ("শনিবার, আগস্ট ২৯, ২০২০ | ১০:৪৬", "2020-08-29"),
    ],
)
def test_labelled_stamp_below_the_headline_is_the_date(line, day):
    page = _text(f"Bridge vote delayed | Gazette\n\nBridge vote delayed\n\n{line}\n\n{ARTICLE}")
    assert _facet(page) == day


def test_scrape_banner_above_the_headline_is_not_the_date():
    page = _text(
        "Bridge vote delayed | Gazette\n\nLondon, UKSaturday 25 September 2021\n\n"
        f"Bridge vote delayed\n\n{ARTICLE}\n\nUpdated: August 27, 2019 10:28 PM\n\nMost Popular"
    )
    assert _facet(page) == "2019-08-27"


def test_copyright_and_comment_dates_are_never_the_date():
    page = _text(
        f"Bridge vote delayed | Gazette\n\nBridge vote delayed\n\n{ARTICLE}\n\n"
        "3 Comments\n\nJane says:\n12. März 2022 um 10:11\n\nGreat article!\n\n"
        "© 2023 Gazette Media. All rights reserved."
    )
    assert _facet(page) is None


def test_related_story_dates_are_not_the_date():
    teasers = "\n\n".join(f"Other story number {n}\n\n{n + 1}.01.2020" for n in range(1, 7))
    page = _text(f"Bridge vote delayed | Gazette\n\nBridge vote delayed\n\n{ARTICLE}\n\nRelated stories\n\n{teasers}")
    assert _facet(page) is None


def test_a_page_without_any_date_is_undated_not_guessed():
    page = _text(f"Bridge vote delayed\n\n{ARTICLE}\n\nNovember 28\n\nSign up to our newsletter")
    meta = extract(page, today=TODAY)
    assert meta.date is None


def test_low_confidence_candidate_is_still_returned_for_the_user_to_confirm():
    # A date buried in prose is a weak candidate: offered, but below the facet's threshold.
    page = _text("Notes\n\n" + "word " * 40 + "and on 4 May 2020 the museum reopened its doors. " + "word " * 60)
    meta = extract(page, today=TODAY)
    assert meta.date is not None and meta.date.confidence < DATE_CONFIDENCE_THRESHOLD
    assert describe(page)["date"] is None  # the CLI shows only filed dates


def test_update_line_is_the_modified_date_and_publication_stays_the_original():
    page = _text(
        "Bridge vote delayed | Gazette\n\nBridge vote delayed\n\nBy Jane Doe\n\n"
        f"14 May 2022 10:00\n\nUpdated: 16 May 2022 09:30\n\n{ARTICLE}"
    )
    meta = extract(page, today=TODAY)
    assert meta.date.value == "2022-05-14"
    assert meta.modified and meta.modified.value == "2022-05-16"


def test_us_and_european_numeric_dates_follow_the_page():
    us = _text(f"Vote | Herald\n\nVote\n\n11/28/2023 10:46 PM\n\nPosted 11/8/2023 10:46 PM\n\n{ARTICLE}")
    assert extract(us, today=TODAY).date.value in ("2023-11-28", "2023-11-08")
    assert all(h.day != dt.date(2023, 8, 11) for h in find_dates("Posted 11/8/2023 10:46 PM")
               if h.form != "ambiguous")


def test_future_dates_are_impossible():
    assert find_dates("Event on 3 March 2031", latest=TODAY) == []
    assert parse_iso("2031-01-01T00:00:00Z", latest=TODAY) is None


def test_structured_values_keep_the_written_day():
    assert parse_iso("2019-10-19T01:00:00+02:00") == dt.date(2019, 10, 19)
    assert parse_iso("20191019") == dt.date(2019, 10, 19)
    assert parse_iso("Sat, 19 Oct 2019 07:00:00 GMT") == dt.date(2019, 10, 19)


@pytest.mark.parametrize(
    ("url", "day"),
    [
        ("https://www.example-news.com/2021/03/04/bridge-vote", "2021-03-04"),
        ("https://www.example-news.com/politik/bridge-vote-20210304.html", "2021-03-04"),
        ("https://www.example-verein.de/meldungen/04-03-2021", "2021-03-04"),
        ("https://www.example-news.com/v1.2.2021/bridge-vote", None),
        ("https://www.example-news.com/2031/03/04/in-the-future", None),
    ],
)
def test_a_day_in_the_url_path_is_read_in_either_order(url, day):
    from indexer.metadata.dates import url_date

    found = url_date(url, TODAY)
    assert (found.isoformat() if found else None) == day


def test_url_like_file_name_gives_a_date_and_a_url():
    page = _text(f"Bridge vote\n\n{ARTICLE}", path="/dumps/https___www.example-news.com_2021_03_04_bridge-vote.txt")
    meta = extract(page, today=TODAY)
    assert meta.date and meta.date.value == "2021-03-04" and meta.date.source == "url-path"
    assert meta.url and "example-news.com/2021/03/04" in meta.url.value


HTML = """<!doctype html><html lang="de"><head><title>Brücke verschoben | Stadtanzeiger</title>
<meta property="og:site_name" content="Stadtanzeiger">
<link rel="canonical" href="https://www.stadtanzeiger.de/lokales/2022/05/14/bruecke">
{head}</head><body><header>Heute ist Samstag, 1. Juni 2024</header>
<h1>Brücke verschoben</h1><div class="byline">Von Anna Berg</div>{stamp}
<article>{body}</article>
<footer>© 2024 Stadtanzeiger GmbH</footer></body></html>"""


def _html(head: str = "", stamp: str = "") -> Page:
    body = "".join(f"<p>{p}</p>" for p in ARTICLE.split("\n\n"))
    return Page(HTML.format(head=head, stamp=stamp, body=body), "html")


def test_json_ld_url_and_stamp_agreeing_give_a_confident_date():
    ld = ('<script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2022-05-14T08:00:00+02:00",'
          '"dateModified":"2022-05-16T09:00:00+02:00","author":{"@type":"Person","name":"Anna Berg"},'
          '"publisher":{"@type":"Organization","name":"Stadtanzeiger"}}</script>')
    meta = extract(_html(ld, '<time class="published" datetime="2022-05-14">14.05.2022</time>'),
                   today=TODAY, use_htmldate=False)
    assert meta.date.value == "2022-05-14" and meta.date.confidence >= 0.95
    assert meta.modified.value == "2022-05-16"
    assert meta.author.value == "Anna Berg"
    assert meta.outlet.value == "Stadtanzeiger" and meta.language.value == "de"


def test_html_today_header_is_not_the_date():
    meta = extract(_html(stamp="<p class='date'>14.05.2022</p>"), today=TODAY, use_htmldate=False)
    assert meta.date.value == "2022-05-14"


@pytest.mark.parametrize(
    ("line", "day"),
    [
        ("Dieser Beitrag wurde am 14. Dezember 2015 um 14:48 Uhr veröffentlicht.", "2015-12-14"),
        ("Deze pagina is op 3 mei 2020 gepubliceerd", "2020-05-03"),
    ],
)
def test_a_verb_after_the_date_labels_it(line, day):
    page = _text(f"Bridge vote delayed | Gazette\n\nBridge vote delayed\n\n{line}\n\n{ARTICLE}")
    assert _facet(page) == day


def test_a_date_named_only_in_prose_is_a_candidate_at_most():
    prose = "The council first met on 3 March 2019 to discuss the bridge and its many problems. " * 2
    page = _text(f"Bridge vote delayed | Gazette\n\nBridge vote delayed\n\n{ARTICLE}\n\n{prose}")
    assert _facet(page) is None


def test_html_unmarked_time_agreeing_with_the_url_gives_the_date():
    meta = extract(_html(stamp='<time datetime="2022-05-14">14. Mai 2022</time>'), today=TODAY, use_htmldate=False)
    assert meta.date.value == "2022-05-14"
    assert meta.date.confidence >= DATE_CONFIDENCE_THRESHOLD


def test_year_gate_reads_years_in_any_digits_and_leaves_numbers_alone():
    assert [h.day.isoformat() for h in find_dates("শনিবার, আগস্ট ২৯, ২০২০")] == ["2020-08-29"]
    assert [h.day.isoformat() for h in find_dates("Stand 19.10.19, Oct 19, 2019", TODAY)] == ["2019-10-19", "2019-10-19"]
    assert find_dates("Order 1234 5678 items, 12:30") == []


@pytest.mark.parametrize(
    ("line", "day"),
    [
        ("Publié le 02/11/23 à 16h33", "2023-11-02"),
        ("14 Feb ’20", "2020-02-14"),
        ("Autor: G. Muniér, Datum: 03.Mär.19", "2019-03-03"),
        ("01.21.2020 07:00 AM", "2020-01-21"),
    ],
)
def test_short_years_and_dotted_us_dates_are_read(line, day):
    assert [h.day.isoformat() for h in find_dates(line, TODAY)] == [day]


def test_a_short_year_is_no_time_of_day_and_no_fraction():
    assert find_dates("Treffen am 3. Mai 19 Uhr, dazu 3/4 Tasse Zucker und 24/7/365", TODAY) == []


def test_two_digit_slash_dates_follow_a_twelve_hour_clock():
    page = _text(f"Vote | Herald\n\nVote\n\nBy Ann Lee\n\n11/08/23 5:19pm\n\n{ARTICLE}")
    assert extract(page, today=TODAY).date.value == "2023-11-08"


@pytest.mark.parametrize(
    "ld",
    [
        '{"@type":"https://schema.org/NewsArticle","datePublished":"2022-05-14T08:00:00+02:00"}',
        '{"@type":"WebPage","mainEntity":{"@type":"Article","datePublished":"2022-05-14"}}',
        # not JSON (a single-quoted string, as some sites write it), still read for its dates
        '{"@type": "NewsArticle", "description": \'A "bridge"\', "datePublished": "2022-05-14T08:00:00Z"}',
    ],
)
def test_json_ld_dates_are_read_however_the_block_is_written(ld):
    from indexer.metadata.dates import structured_dates
    from indexer.metadata.htmlpage import read_html

    facts = read_html(_html(f'<script type="application/ld+json">{ld}</script>').text)
    published, _ = structured_dates(facts, TODAY)
    assert [(e.day.isoformat(), e.source) for e in published] == [("2022-05-14", "json-ld")]


def test_hatom_abbr_marks_the_publication_and_the_update():
    from indexer.metadata.dates import structured_dates
    from indexer.metadata.htmlpage import read_html

    stamp = ('<abbr class="published" title="2022-05-14T08:00:00+02:00">vor zwei Jahren</abbr>'
             '<abbr class="updated" title="2022-05-16">vorgestern</abbr><abbr title="Europäische Union">EU</abbr>')
    published, modified = structured_dates(read_html(_html(stamp=stamp).text), TODAY)
    assert [(e.day.isoformat(), e.source) for e in published] == [("2022-05-14", "time-element")]
    assert [e.day.isoformat() for e in modified] == ["2022-05-16"]


def test_a_byline_split_over_lines_still_marks_the_stamp():
    page = _text(f"Bridge vote delayed | Gazette\n\nMenu\n\n{ARTICLE[:300]}\n\nBridge vote delayed\n\nBy\n\nAnn Lee\n\n/\n\n"
                 f"June 12, 2020 9:49 am EST\n\n{ARTICLE}")
    meta = extract(page, today=TODAY)
    assert meta.date.value == "2020-06-12" and meta.date.source == "text:byline"


def test_a_page_saying_when_it_was_posted_labels_the_date():
    page = _text(f"Bridge vote delayed | Gazette\n\nBridge vote delayed\n\n{ARTICLE}\n\n"
                 "Der Beitrag wurde am Mittwoch, den 27. November 2019 in Allgemein abgelegt.")
    meta = extract(page, today=TODAY)
    assert meta.date.value == "2019-11-27" and meta.date.source == "text:published-line"


def test_a_stamp_beside_the_headline_outweighs_htmldate_naming_a_teaser_day():
    # htmldate is asked of the real page; here its answer is given: a teaser's day, as it
    # sometimes returns. The day written just under the headline is the article header's;
    # the same day written after the article is only one more date on the page.
    from indexer.metadata.dates import decide_html
    from indexer.metadata.htmlpage import read_html

    teasers = "".join(f"<div><a>Schule {i} eröffnet</a><p>0{i + 1}.05.2022</p></div>" for i in range(3))
    body = "".join(f"<p>{p}</p>" for p in ARTICLE.split("\n\n"))

    def verdict(before: str, after: str):
        page = (f"<html lang='de'><head><title>Brücke verschoben | Stadtanzeiger</title></head><body>"
                f"<h1>Brücke verschoben</h1>{before}<article>{body}</article>{after}<aside>{teasers}</aside>"
                "</body></html>")
        return decide_html(read_html(page), None, latest=TODAY, htmldate=dt.date(2022, 5, 2))

    beside = verdict("<p>14.05.2022</p>", "")
    assert beside.published == dt.date(2022, 5, 14) and beside.confidence >= DATE_CONFIDENCE_THRESHOLD
    assert verdict("", "<p>14.05.2022</p>").confidence < DATE_CONFIDENCE_THRESHOLD


def test_the_headline_is_the_heading_that_matches_the_title_not_a_navigation_h1():
    from indexer.metadata.dates import decide_html
    from indexer.metadata.htmlpage import read_html

    nav = "<h1>Navigation</h1><ul>" + "".join(f"<li><a>Rubrik {i}</a></li>" for i in range(12)) + "</ul>"
    teasers = "".join(f"<div><a>Schule {i} eröffnet</a><p>0{i + 1}.05.2022</p></div>" for i in range(3))
    body = "".join(f"<p>{p}</p>" for p in ARTICLE.split("\n\n"))
    page = (f"<html lang='de'><head><title>Brücke über die Lahn verschoben | Stadtanzeiger</title></head><body>"
            f"{nav}<main><h2>Brücke über die Lahn verschoben</h2><p>14.05.2022</p><article>{body}</article>"
            f"</main><aside>{teasers}</aside></body></html>")
    facts = read_html(page)
    assert facts.headline == "Brücke über die Lahn verschoben" and facts.h1 == "Navigation"
    verdict = decide_html(facts, None, latest=TODAY, htmldate=dt.date(2022, 5, 2))
    assert verdict.published == dt.date(2022, 5, 14) and verdict.confidence >= DATE_CONFIDENCE_THRESHOLD


def test_the_other_days_a_page_gives_are_offered_beside_the_chosen_one():
    """Structured data says one day, the visible stamp another: whichever is filed, the other
    is kept for the user to choose in one click (on news pages the two disagree by convention:
    first publication against the update the page shows)."""
    page = Page(
        '<html><head><script type="application/ld+json">{"@type": "NewsArticle", '
        '"datePublished": "2019-11-08T15:30:00-05:00"}</script><title>Air in Delhi</title></head>'
        "<body><h1>Air in Delhi</h1><p>Nov 13, 2019, 10:28am EST</p><p>"
        + "The smog over the city thickened again this week. " * 20 + "</p></body></html>",
        "html", "delhi.html")
    meta = extract(page, today=dt.date(2026, 1, 1))
    days = {meta.date.value} | {other.value for other in meta.other_dates}
    assert days == {"2019-11-08", "2019-11-13"}
    assert meta.date.value not in {other.value for other in meta.other_dates}


def test_a_dump_offers_its_next_stamps_but_never_an_update_or_a_comment_date():
    text = ("Harbour budget approved\nPublished 3 May 2020\nBy Ann Lee, 2 May 2020\n"
            + "The council met on Tuesday to discuss the harbour budget. " * 12
            + "\nUpdated 5 May 2020\nComments\nReply from Bob, 9 June 2020: I disagree.")
    meta = extract(Page(text, "text", "harbour.txt"), today=dt.date(2026, 1, 1))
    assert meta.date.value == "2020-05-03"
    offered = [other.value for other in meta.other_dates]
    assert "2020-05-02" in offered
    assert "2020-05-05" not in offered and "2020-06-09" not in offered
