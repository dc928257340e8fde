"""One outlet, one name — and never an agency, a quoted source or a guess."""

from __future__ import annotations

from indexer.metadata import extract, guess_outlet, learn_aliases, learn_fingerprints, normalise_outlet
from indexer.model import Page


def test_spellings_and_domains_of_one_outlet_become_one_name():
    assert {normalise_outlet(n) for n in ("www.rt.com", "rt.com", "RT", "https://www.rt.com/news/", "Russia Today")} == {"RT"}


def test_unknown_domain_gets_a_stable_readable_form():
    assert normalise_outlet("https://www.tagblatt.ch/kultur/x") == "tagblatt.ch"
    assert normalise_outlet("news.example.co.uk") == "example.co.uk"
    assert normalise_outlet("someone.wordpress.com") == "someone.wordpress.com"  # a blog of its own


def test_user_merges_win_over_the_built_in_table():
    aliases = {"RT": "Russia Today (RT)", "stadtanzeiger.de": "Stadt-Anzeiger"}
    assert normalise_outlet("www.rt.com", aliases) == "Russia Today (RT)"
    assert normalise_outlet("https://www.stadtanzeiger.de/x", aliases) == "Stadt-Anzeiger"
    assert normalise_outlet("Some Weekly", aliases) == "Some Weekly"


def _html(head: str, title: str = "Bridge vote delayed | Gazette") -> Page:
    return Page(f"<html><head><title>{title}</title>{head}</head><body><h1>Bridge</h1><p>Text.</p></body></html>", "html")


def test_site_name_of_the_host_is_the_outlet():
    meta = extract(_html('<meta property="og:site_name" content="Gazette">'
                         '<link rel="canonical" href="https://www.gazette.example/a">'), use_htmldate=False)
    assert meta.outlet.value == "Gazette" and meta.outlet.source == "og:site_name"


def test_agency_is_never_the_outlet():
    meta = extract(_html('<meta property="og:site_name" content="AFP">'
                         '<link rel="canonical" href="https://www.gazette.example/a">', title="Bridge | AFP"),
                   use_htmldate=False)
    assert meta.outlet.value == "gazette.example"  # the site that published it, not the wire


def test_site_name_of_another_site_gives_way_to_the_title_or_the_host():
    head = ('<meta property="og:site_name" content="Holding Media Group">'
            '<link rel="canonical" href="https://www.gazette.example/a">')
    meta = extract(_html(head), use_htmldate=False)
    assert meta.outlet.value == "Gazette" and meta.outlet.source == "title-suffix"
    meta = extract(_html(head, title="Bridge vote delayed"), use_htmldate=False)
    assert meta.outlet.value == "gazette.example" and meta.outlet.source == "canonical-host"


def test_archive_wrapper_is_looked_through():
    meta = extract(_html('<link rel="canonical" href="https://web.archive.org/web/2019/https://www.rt.com/news/1/">',
                         title="Story"), use_htmldate=False)
    assert meta.outlet.value == "RT"


def test_text_dump_title_suffix_needs_the_page_to_vouch_for_it():
    vouched = "Bridge vote delayed | Gazette\n\nBridge vote delayed\n\nText.\n\n© 2021 Gazette. All rights reserved."
    assert extract(Page(vouched, "text")).outlet.value == "Gazette"
    section = "Bridge vote delayed | Politics\n\nPolitics\n\nBridge vote delayed\n\nText."
    assert extract(Page(section, "text")).outlet is None


def test_quoted_outlet_in_the_body_is_not_the_outlet():
    text = "Talks continue\n\nTalks continue\n\n\"We will see\", the minister told The National on Monday."
    assert extract(Page(text, "text")).outlet is None


def test_fingerprints_name_an_unknown_page_by_its_recurring_frame():
    frame_top = "Gazette Online\nHome\nLocal\nSport\n"
    frame_end = "\nAbout the Gazette\nContact the newsroom\n"
    other_top = "Daily Wire-less\nHome\nWorld\n"
    pages = [(frame_top + f"Story {n}\nBody {n} text here." + frame_end, "Gazette") for n in range(3)]
    pages += [(other_top + f"Item {n}\nOther body {n}.\nImprint", "Daily") for n in range(3)]
    prints = learn_fingerprints(pages)
    assert "home" not in prints["Gazette"].lines  # shared by both: says nothing
    guess = guess_outlet(frame_top + "A new story\nNew body." + frame_end, prints)
    assert guess and guess.value == "Gazette" and guess.source == "fingerprint"
    assert guess_outlet("Unrelated page\nNothing in common.", prints) is None


def test_syndicated_page_is_filed_under_the_site_that_shows_it():
    head = ('<link rel="canonical" href="https://www.original-news.example/story">'
            '<meta property="og:url" content="https://www.gazette.example/story">'
            '<meta property="og:site_name" content="Gazette">')
    meta = extract(_html(head, title="Story"), use_htmldate=False)
    assert meta.outlet.value == "Gazette"
    assert meta.url.value == "https://www.gazette.example/story"


def test_an_archive_learns_one_name_per_site():
    seen = [
        ("https://www.tagblatt.ch/a", "St.Galler Tagblatt"),
        ("https://www.tagblatt.ch/b", "St.Galler Tagblatt"),
        ("https://www.tagblatt.ch/c", "St.galler Tagblatt"),
        ("https://www.tagblatt.ch/d", "tagblatt.ch"),
        ("https://network.example/x", "Network One"),
        ("https://network.example/y", "Network Two"),
    ]
    aliases = learn_aliases(seen)
    assert normalise_outlet("tagblatt.ch", aliases) == "St.Galler Tagblatt"
    assert normalise_outlet("St.galler Tagblatt", aliases) == "St.Galler Tagblatt"
    assert "network.example" not in aliases  # two names for one site: the user decides


def test_folder_named_after_the_site_names_the_outlet_of_a_dump():
    page = Page("Story\n\nA story that names no outlet.", "text", path="/crawls/www.rt.com/2020/story-1.txt")
    meta = extract(page)
    assert meta.outlet.value == "RT" and meta.outlet.source == "folder-name"


def test_known_outlet_in_a_dump_title_is_taken():
    page = Page("Klimaschutz: Bohren, bis es heiß wird | ZEIT ONLINE\n\nMenu\n\nText.", "text")
    assert extract(page).outlet.value == "ZEIT ONLINE"
    wire = Page("Talks continue | AFP\n\nText.", "text")
    assert extract(wire).outlet is None


def _page(head: str, title: str = "Bridge vote delayed", footer: str = "") -> Page:
    return Page(f"<html><head><title>{title}</title>{head}</head><body><h1>Bridge vote delayed</h1>"
                f"<p>The council put off the vote.</p><footer><p>{footer}</p></footer></body></html>", "html")


def _outlet(page: Page) -> tuple[str | None, str | None]:
    meta = extract(page, use_htmldate=False)
    return (meta.outlet.value, meta.outlet.source) if meta.outlet else (None, None)


def test_a_site_written_like_its_domain_keeps_its_own_spelling():
    head = ('<meta property="og:site_name" content="GazetteNews.online">'
            '<link rel="canonical" href="https://www.gazettenews.online/a">')
    assert _outlet(_page(head)) == ("GazetteNews.online", "og:site_name")
    assert normalise_outlet("GazetteNews.online") == "GazetteNews.online"
    assert normalise_outlet("https://www.GazetteNews.online/a") == "gazettenews.online"  # a URL, not a name
    assert normalise_outlet("wien.Gazette.at") == "gazette.at"  # a section's domain: the site's
    # another site's domain, however written, is no name for this one
    other = head.replace("GazetteNews.online", "DailyWire.online")
    assert _outlet(_page(other)) == ("gazettenews.online", "canonical-host")


def test_a_site_name_loses_its_tagline():
    head = ('<meta property="og:site_name" content="Anglerboard – Forum mit den besten Tipps zum Angeln">'
            '<link rel="canonical" href="https://www.anglerboard.de/a">')
    assert _outlet(_page(head)) == ("Anglerboard", "og:site_name")


def test_a_tagline_after_the_domain_is_no_name():
    head = ('<meta property="og:site_name" content="gazettenews.com | inside the machine">'
            '<link rel="canonical" href="https://gazettenews.com/a">')
    page = _page(head, title="Bridge vote delayed | inside the machine", footer="© 2021 inside the machine")
    assert _outlet(page) == ("gazettenews.com", "canonical-host")


def test_an_outlet_is_named_without_its_legal_form():
    head = ('<meta property="og:site_name" content="Deutscher Schwimm-Verband e.V.">'
            '<link rel="canonical" href="https://www.dsv.de/a">')
    assert _outlet(_page(head)) == ("Deutscher Schwimm-Verband", "og:site_name")


def test_a_copyright_line_names_the_outlet_only_when_it_spells_out_the_host():
    canonical = '<link rel="canonical" href="https://www.handelsblatt.com/a">'
    assert _outlet(_page(canonical, footer="© 2019 Handelsblatt GmbH - ein Unternehmen der Gruppe")) == \
        ("Handelsblatt", "copyright")
    initials = '<link rel="canonical" href="https://www.kas.de/a">'
    assert _outlet(_page(initials, footer="© Konrad-Adenauer-Stiftung e.V. 2021 | Impressum")) == \
        ("Konrad-Adenauer-Stiftung", "copyright")
    two = '<link rel="canonical" href="https://www.be.ch/a">'  # two initials match by chance too often
    assert _outlet(_page(two, footer="© 1996 - 2022 Baran Entertainment")) == ("be.ch", "canonical-host")
    # the publishing company, a photo credit: not the outlet
    company = '<link rel="canonical" href="https://taz.de/a">'
    assert _outlet(_page(company, footer="© TAZ Verlags- und Vertriebs GmbH")) == ("taz.de", "canonical-host")
    assert _outlet(_page(canonical, footer="Foto: © AFP / Jane Doe")) == ("handelsblatt.com", "canonical-host")


def test_a_name_made_of_the_hosts_words_names_it_but_a_section_does_not():
    from indexer.metadata.outlets import names_host

    assert names_host("SPD-Bundestagsfraktion", "spdfraktion.de")
    assert names_host("Bundestagsfraktion Bündnis 90/Die Grünen", "gruene-bundestag.de")
    assert names_host("Konrad-Adenauer-Stiftung e.V.", "kas.de")
    assert not names_host("Sport", "sportnews.bz")
    assert not names_host("Deutsche Reiterliche Vereinigung", "pferd-aktuell.de")


def test_an_archive_learns_a_self_styled_domain_as_the_name():
    aliases = learn_aliases([("https://www.mopo.de/a", "MOPO.de"), ("https://www.mopo.de/b", "mopo.de"),
                             ("https://www.mopo.de/c", "MOPO.de")])
    assert normalise_outlet("mopo.de", aliases) == "MOPO.de"


def test_a_blogs_own_title_before_a_colon_names_it():
    head = '<link rel="canonical" href="https://gazettenotes.blogspot.com/2020/01/a.html">'
    title = "Gazette Notes: Bridge vote delayed - again"
    assert _outlet(_page(head, title=title)) == ("Gazette Notes", "title-suffix")
    # a topic before the colon is no name
    title = "Bridges: the vote is delayed - again"
    assert _outlet(_page(head, title=title)) == ("gazettenotes.blogspot.com", "canonical-host")


def test_a_self_styled_domain_inside_the_title_names_the_site():
    head = '<link rel="canonical" href="https://www.domradio.de/a">'
    title = "Bridge vote delayed | DOMRADIO.DE - Katholische Nachrichten"
    assert _outlet(_page(head, title=title)) == ("DOMRADIO.DE", "title-suffix")


def test_a_subdomain_joined_to_the_site_is_a_name():
    head = '<link rel="canonical" href="https://world.kbs.co.kr/a">'
    assert _outlet(_page(head, footer="© 2023 KBS WORLD All Rights Reserved.")) == ("KBS WORLD", "copyright")
    # the subdomain alone is no name for the site
    assert _outlet(_page(head, footer="© 2023 World")) == ("kbs.co.kr", "canonical-host")


def test_a_dump_names_the_title_part_its_copyright_line_signs():
    signed = "News - Eawag\n\nNew sensor for lakes\n\nText of the story.\n\n© Eawag, 2022"
    assert extract(Page(signed, "text")).outlet.value == "Eawag"
    # a photo credit (no year) naming the headline's subject signs nothing
    credit = "Jane Doe-Smith - Gazette\n\nText of the story.\n\nPhoto: © Jane Doe-Smith"
    assert extract(Page(credit, "text")).outlet is None


def test_a_dump_with_its_url_takes_the_copyright_holder_that_spells_out_the_host():
    text = "Bridge vote delayed\n\nText of the story.\n\n© 2021 Gazette Weekly GmbH. Alle Rechte vorbehalten."
    page = Page(text, "text", path="/crawls/www.gazetteweekly.de/2021/story.txt")
    assert extract(page).outlet.value == "Gazette Weekly"
    other = Page(text.replace("Gazette Weekly GmbH", "Media Holding GmbH"), "text",
                 path="/crawls/www.gazetteweekly.de/2021/story.txt")
    assert extract(other).outlet.value == "gazetteweekly.de"


def test_a_name_before_its_own_domain_is_not_a_tagline():
    head = ('<meta property="og:site_name" content="The Gazette Post | GazettePost.com">'
            '<link rel="canonical" href="https://www.gazettepost.com/a">')
    assert _outlet(_page(head, footer="© 2020 Gpost")) == ("The Gazette Post", "og:site_name")


def test_the_name_under_the_home_screen_icon_names_the_site_when_it_spells_out_the_host():
    from indexer.metadata.outlets import html_outlet

    found = html_outlet("Tarnkappe.info", [], "Story", "tarnkappe.info", app_names=["Tarnkappe"])
    assert (found.value, found.source) == ("Tarnkappe", "app-name")
    # an application-name that is the page's headline is no name
    found = html_outlet(None, [], "Story", "tarnkappe.info", app_names=["Tarnkappe-Leser wählen: die Story"])
    assert (found.value, found.source) == ("tarnkappe.info", "canonical-host")


def test_a_dump_signed_with_a_self_styled_domain_names_it():
    body = "\n".join(f"Paragraph {n} of the story." for n in range(300))
    assert extract(Page(f"Bridge vote delayed | GazetteNews.de\n\n{body}", "text")).outlet.value == "GazetteNews.de"
    # the same domain in lower case may be another site's: the text must confirm it
    assert extract(Page(f"Bridge vote delayed | gazettenews.de\n\n{body}", "text")).outlet is None


def test_the_head_of_a_headline_is_no_masthead_whatever_its_words():
    # "review" reads like a publication's name ("… Review"), and the phrase recurs as a heading
    # in the article; but the page's headline begins with it: it is the headline, not the outlet.
    text = "\n".join([
        "Harbour Lights review - a quiet triumph on the quay - Example Games",
        "Subscribe to the newsletter",
        "Harbour Lights review – a quiet triumph on the quay",
        "By Ann Lee, 3 May 2020",
        *["The game follows a harbour pilot through one long night of fog and ferries." for _ in range(8)],
        "Harbour Lights Review",
        "Verdict: a small game that knows exactly what it is.",
    ])
    meta = extract(Page(text, "text", "review.txt"))
    assert meta.outlet is None or "Harbour Lights" not in meta.outlet.value
