"""Rules as data: month names, date labels, penalties, agencies and outlet aliases.

Everything the extractors match against lives here, so a librarian-minded reader can
review (and extend) the vocabulary without reading the matching code. Nothing in this
module may name a benchmark page, host or id: these lists are general knowledge about
how news pages are written, in the languages our users archive.
"""

from __future__ import annotations

# --- Month names -------------------------------------------------------------------------
# Full names and common abbreviations, lower case, by month number (Latin, Cyrillic, Greek,
# Arabic, Bengali and Devanagari scripts; digits of any script are read). Several languages share
# spellings ("april", "juni"); a name in two languages must mean the same month in both.
MONTHS: dict[int, tuple[str, ...]] = {
    1: ("january", "jan", "januar", "jänner", "jän", "janvier", "janv", "enero", "ene", "gennaio",
        "janeiro", "januari", "styczeń", "stycznia", "ocak", "január", "ledna", "leden",
        "января", "январь", "янв", "січня", "ιανουαρίου", "ιανουάριος", "يناير", "كانون الثاني", "জানুয়ারি", "जनवरी"),
    2: ("february", "feb", "februar", "feber", "février", "fevrier", "févr", "fevr", "febrero",
        "febbraio", "fevereiro", "februari", "luty", "lutego", "şubat", "subat", "február",
        "února", "únor", "февраля", "февраль", "фев", "лютого", "φεβρουαρίου", "φεβρουάριος",
        "فبراير", "شباط", "ফেব্রুয়ারি", "फ़रवरी", "फरवरी"),
    3: ("march", "mar", "märz", "maerz", "mrz", "mär", "mars", "marzo", "março", "marco", "maart",
        "mrt", "maret", "marca", "marzec", "mart", "március", "března", "březen", "марта", "март",
        "березня", "μαρτίου", "μάρτιος", "مارس", "آذار", "মার্চ", "मार्च"),
    4: ("april", "apr", "avril", "avr", "abril", "abr", "aprile", "kwietnia", "kwiecień", "nisan",
        "április", "dubna", "duben", "апреля", "апрель", "апр", "квітня", "απριλίου", "απρίλιος",
        "أبريل", "ابريل", "نيسان", "এপ্রিল", "अप्रैल"),
    5: ("may", "mai", "mayo", "maggio", "mag", "maio", "mei", "maj", "maja", "mayıs", "mayis",
        "május", "května", "květen", "мая", "май", "травня", "μαΐου", "μάιος", "مايو", "أيار", "মে", "मई"),
    6: ("june", "jun", "juni", "juin", "junio", "giugno", "giu", "junho", "czerwca", "czerwiec",
        "haziran", "június", "června", "červen", "июня", "июнь", "червня", "ιουνίου", "ιούνιος",
        "يونيو", "حزيران", "জুন", "जून"),
    7: ("july", "jul", "juli", "juillet", "juil", "julio", "luglio", "lug", "julho", "lipca",
        "lipiec", "temmuz", "július", "července", "červenec", "июля", "июль", "липня", "ιουλίου",
        "ιούλιος", "يوليو", "تموز", "জুলাই", "जुलाई"),
    8: ("august", "aug", "août", "aout", "agosto", "ago", "augustus", "agustus", "augusti",
        "sierpnia", "sierpień", "ağustos", "agustos", "augusztus", "srpna", "srpen", "августа",
        "август", "авг", "серпня", "αυγούστου", "αύγουστος", "أغسطس", "اغسطس", "آب", "আগস্ট", "अगस्त"),
    9: ("september", "sep", "sept", "septembre", "septiembre", "setiembre", "settembre",
        "setembro", "set", "września", "wrzesień", "eylül", "eylul", "szeptember", "září",
        "сентября", "сентябрь", "сен", "вересня", "σεπτεμβρίου", "σεπτέμβριος", "سبتمبر",
        "أيلول", "সেপ্টেম্বর", "सितंबर", "सितम्बर"),
    10: ("october", "oct", "oktober", "okt", "octobre", "octubre", "ottobre", "ott", "outubro",
         "out", "października", "październik", "ekim", "október", "října", "říjen", "октября",
         "октябрь", "окт", "жовтня", "οκτωβρίου", "οκτώβριος", "أكتوبر", "اكتوبر",
         "تشرين الأول", "অক্টোবর", "अक्टूबर"),
    11: ("november", "nov", "novembre", "noviembre", "novembro", "listopada", "listopad", "kasım",
         "kasim", "listopadu", "ноября", "ноябрь", "ноя", "листопада", "νοεμβρίου", "νοέμβριος",
         "نوفمبر", "تشرين الثاني", "নভেম্বর", "नवंबर", "नवम्बर"),
    12: ("december", "dec", "dezember", "dez", "décembre", "decembre", "déc", "diciembre", "dic",
         "dicembre", "dezembro", "desember", "grudnia", "grudzień", "aralık", "aralik",
         "december", "prosince", "prosinec", "декабря", "декабрь", "дек", "грудня",
         "δεκεμβρίου", "δεκέμβριος", "ديسمبر", "كانون الأول", "ডিসেম্বর", "दिसंबर", "दिसम्बर"),
}
WEEKDAYS = (
    "monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs fri "
    "sat sun montag dienstag mittwoch donnerstag freitag samstag sonnabend sonntag mo di mi do fr "
    "sa so lundi mardi mercredi jeudi vendredi samedi dimanche lunes martes miércoles miercoles "
    "jueves viernes sábado sabado domingo lunedì martedì mercoledì giovedì venerdì sabato "
    "domenica segunda terça quarta quinta sexta maandag dinsdag woensdag donderdag vrijdag "
    "zaterdag zondag"
).split()

# --- Labels around dates -----------------------------------------------------------------
# Words that, just before a date, say it is the publication date.
PUBLISHED_LABELS = (
    "published", "publish date", "publication date", "posted", "posted on", "first published",
    "released", "date", "dated", "erschienen", "veröffentlicht", "veroeffentlicht",
    "publiziert", "erstellt", "datum", "vom", "publié", "publie", "mis en ligne", "publicado",
    "publicada", "fecha", "pubblicato", "pubblicata", "data", "gepubliceerd", "geplaatst",
    "opublikowano", "опубликовано", "дата публикации", "yayınlanma", "yayınlandı",
    "publicerad", "udgivet", "julkaistu", "publikováno", "نشر", "تاريخ النشر",
    "발행", "입력", "公開", "発行", "发布", "發佈",
    # A page saying what it is and when ("Der Beitrag wurde am …", "This entry was posted on …")
    "beitrag wurde", "artikel wurde", "eintrag wurde", "entry was posted", "post was published",
)
# Words that say the date is an update: a real signal, and the last-modified date.
UPDATED_LABELS = (
    "updated", "update", "update vom", "update am", "updated on", "aktualisiert am",
    "zuletzt aktualisiert am", "mis à jour le", "last updated", "last modified", "modified", "edited", "revised", "aktualisiert",
    "zuletzt aktualisiert", "letzte aktualisierung", "geändert", "zuletzt geändert",
    "editiert", "bearbeitet", "stand", "mis à jour", "mise à jour", "modifié", "actualizado",
    "actualizada", "actualización", "aggiornato", "aggiornata", "bijgewerkt", "atualizado",
    "aktualizacja", "обновлено", "güncellendi", "güncelleme", "uppdaterad", "opdateret",
    "تحديث", "수정", "更新",
)
# Verbs that, just after a date, say what it dates ("Dieser Beitrag wurde am 3. Mai 2020
# veröffentlicht", "Deze pagina is op 3 mei 2020 gepubliceerd", "zuletzt am … geändert").
PUBLISHED_AFTER_WORDS = (
    "veröffentlicht", "veroeffentlicht", "publiziert", "erschienen", "gepostet", "geschrieben",
    "erstellt", "publié", "publiée", "publicado", "publicada", "pubblicato", "pubblicata",
    "gepubliceerd", "geplaatst", "published", "posted",
)
UPDATED_AFTER_WORDS = (
    "geändert", "aktualisiert", "bearbeitet", "modifié", "modifiée", "mis à jour",
    "actualizado", "actualizada", "modificato", "aggiornato", "bijgewerkt", "gewijzigd",
    "edited", "updated", "modified",
)
# Phrases on or just before a date's line that make it some other date.
COMMENT_WORDS = (
    "comment", "comments", "kommentar", "kommentare", "commentaire", "commentaires",
    "comentario", "comentarios", "commento", "commenti", "leserbrief", "reacties",
)
# Words of a comment thread itself: a date next to them is a comment's, wherever it stands.
THREAD_WORDS = (
    "says:", "said:", "sagt:", "schreibt:", "meint:", "reply", "replies", "antworten", "antwort",
    "répondre", "responder", "rispondi", "reageer", "quote", "zitieren",
)
RELATED_WORDS = (
    "related", "read more", "more from", "more stories", "also read", "recommended", "popular",
    "most read", "latest news", "trending", "previous article", "next article", "weitere",
    "mehr zum thema", "mehr aus", "ähnliche", "das könnte", "auch interessant", "lesen sie",
    "meistgelesen", "neueste", "verwandte", "à lire", "lire aussi", "voir aussi", "sur le même",
    "relacionad", "te puede interesar", "leggi anche", "vorheriger", "nächster", "älter",
    "neuer", "archiv", "archive", "older posts", "newer posts",
)
COPYRIGHT_WORDS = ("©", "(c)", "copyright", "all rights reserved", "alle rechte",
                   "tous droits", "todos los derechos")
# Event and validity words: the date is about what happened, not when it was written.
EVENT_WORDS = (
    "until", "bis", "ab ", "from ", "deadline", "frist", "einsendeschluss", "anmeldeschluss",
    "event", "veranstaltung", "termin", "geburtstag", "born", "geboren", "gestorben", "died",
    "gültig", "valid", "expires", "läuft", "ends", "endet", "beginnt", "starts", "spielzeit",
    "öffnungszeiten", "seit", "since", "nächste", "nächsten", "next", "findet", "upcoming",
    "prochain", "prochaine", "próximo", "próxima", "prossimo",
)
# A "today" banner: the scraping day printed by the site's header.
TODAY_WORDS = ("today", "heute", "aktuelle zeit", "current time", "it is currently", "es ist jetzt", "aujourd'hui", "hoy", "oggi", "vandaag", "dzisiaj", "сегодня")

# Bylines: the person written after one of these words is the author.
BYLINE_WORDS = ("by", "von", "par", "por", "di", "door", "av", "af", "autor", "author",
                "autorin", "text:", "von:", "by:", "written by", "geschrieben von")

# --- Outlets -----------------------------------------------------------------------------
# News agencies and wire services: a page credits them, it is never published by them as an
# outlet of its own on someone else's site. Lower case, compared after normalising.
AGENCIES = frozenset({
    "afp", "agence france-presse", "agence france presse", "reuters", "thomson reuters", "ap",
    "associated press", "the associated press", "dpa", "deutsche presse-agentur", "apa",
    "austria presse agentur", "sda", "keystone-sda", "ansa", "efe", "agencia efe", "epd", "kna",
    "dts", "ddp", "sid", "upi", "xinhua", "tass", "ria novosti", "interfax", "anadolu",
    "anadolu agency", "aa", "bloomberg news", "pa", "press association", "pa media", "ians",
    "pti", "kyodo", "yonhap", "belga", "anp", "tt", "ntb", "ritzau", "ctk", "pap", "mti",
    "getty images", "imago", "shutterstock",
})

# Outlet aliases: spelling or domain → one name. Domains are matched without "www." and
# subdomains fall back to their registrable parent. Keep to outlets that many users archive;
# an unknown domain gets a readable form instead (see outlets.readable_domain).
OUTLET_ALIASES: dict[str, str] = {
    "rt.com": "RT", "rt": "RT", "russia today": "RT", "rt international": "RT",
    "phnompenhpost.com": "Phnom Penh Post", "the phnom penh post": "Phnom Penh Post",
    "thenationalnews.com": "The National", "thenational.ae": "The National",
    "bbc.co.uk": "BBC", "bbc.com": "BBC", "bbc news": "BBC", "bbc": "BBC",
    "nytimes.com": "The New York Times", "new york times": "The New York Times",
    "washingtonpost.com": "The Washington Post", "washington post": "The Washington Post",
    "theguardian.com": "The Guardian", "guardian": "The Guardian", "the guardian": "The Guardian",
    "aljazeera.com": "Al Jazeera", "aljazeera": "Al Jazeera",
    "cnn.com": "CNN", "edition.cnn.com": "CNN", "foxnews.com": "Fox News",
    "spiegel.de": "DER SPIEGEL", "der spiegel": "DER SPIEGEL", "spiegel online": "DER SPIEGEL",
    "zeit.de": "ZEIT ONLINE", "die zeit": "ZEIT ONLINE", "zeit online": "ZEIT ONLINE",
    "faz.net": "Frankfurter Allgemeine Zeitung", "faz": "Frankfurter Allgemeine Zeitung",
    "sueddeutsche.de": "Süddeutsche Zeitung", "sz": "Süddeutsche Zeitung",
    "welt.de": "DIE WELT", "welt": "DIE WELT", "tagesschau.de": "tagesschau",
    "lemonde.fr": "Le Monde", "elpais.com": "El País", "el pais": "El País",
    "dailysabah.com": "Daily Sabah", "hurriyetdailynews.com": "Hürriyet Daily News",
    "aa.com.tr": "Anadolu Agency", "tass.com": "TASS", "tass.ru": "TASS",
    "sana.sy": "SANA", "dawn.com": "Dawn", "thenews.com.pk": "The News International",
}

# Legal forms ending an organisation's name: an outlet is named without them ("Deutscher
# Turner-Bund e.V." is "Deutscher Turner-Bund"). Matched at the end of a name, spaces optional.
LEGAL_FORMS = (
    "e.V.", "e. V.", "eV", "gGmbH", "GmbH", "mbH", "GmbH & Co. KG", "KG", "AG", "SE", "KGaA",
    "Ltd", "Ltd.", "Limited", "LLC", "Inc", "Inc.", "Corp.", "plc", "S.A.", "S.p.A.", "S.r.l.",
    "B.V.", "N.V.", "SARL", "Sàrl", "ApS", "A/S", "AB", "Oy",
)

# Generic site names that are not an outlet ("Home", "Startseite", a CMS name).
NOT_OUTLET_NAMES = frozenset({
    "home", "homepage", "startseite", "news", "nachrichten", "blog", "index", "accueil",
    "inicio", "wordpress", "blogger", "medium", "article", "artikel", "page", "untitled",
    "login", "facebook", "twitter", "youtube", "instagram", "linkedin", "google", "online",
})

# Hosts that hold someone else's page: the outlet is the page inside, not the archive.
WRAPPER_HOSTS = ("web.archive.org", "archive.org", "archive.today", "archive.ph", "archive.is",
                 "webcache.googleusercontent.com", "translate.goog")

# Second-level labels under which a registrable domain sits one level deeper ("co.uk").
TWO_LEVEL_SUFFIXES = frozenset({
    "co.uk", "org.uk", "ac.uk", "gov.uk", "com.au", "net.au", "org.au", "co.nz", "co.jp",
    "co.kr", "com.br", "com.tr", "com.pk", "com.cn", "com.hk", "com.sg", "co.za", "co.in",
    "com.mx", "com.ar", "co.il", "com.eg", "com.sa", "com.kh", "or.jp", "ne.jp", "gv.at",
    "co.at", "or.at",
})

# --- Language ----------------------------------------------------------------------------
# A few dozen of each language's commonest function words: enough to tell a page's language.
FUNCTION_WORDS: dict[str, frozenset[str]] = {
    "en": frozenset("the and of to in is that for it with as was on be by this are have from "
                    "not but at they his her which has were will their been would".split()),
    "de": frozenset("der die und das ist nicht zu den von mit sich des auf für im dem ein eine "
                    "auch es an als wird sind noch wie bei aus nach einer oder werden".split()),
    "fr": frozenset("le la les et des est un une du en que qui dans pour pas sur au avec ce il "
                    "sont plus par mais nous ont été cette aux elle".split()),
    "es": frozenset("el la los las de que y en un una es por con para no se del al lo como "
                    "más pero sus su fue son este entre cuando muy".split()),
    "it": frozenset("il la di che e un una per non sono del della con le gli dei nel anche più "
                    "come ma alla questo ha essere delle".split()),
    "pt": frozenset("o a os as de que e do da em um uma para com não por mais dos das se na no "
                    "ao foi como mas são pelo pela".split()),
    "nl": frozenset("de het een en van is dat op te in niet zijn met voor die aan er ook als "
                    "maar bij om dan naar wordt hij".split()),
    "pl": frozenset("i w nie na się z że do to jest o jak a po tak ale od przez za czy dla są "
                    "już może jego".split()),
    "tr": frozenset("ve bir bu da de için ile çok olarak daha gibi ama ne olan kadar sonra en "
                    "her değil ise şu".split()),
    "sv": frozenset("och att det som en på är av för med till den har inte om ett var jag men "
                    "de sig så kan".split()),
    "id": frozenset("yang dan di dari untuk dengan ini itu dalam tidak akan ke pada ada juga "
                    "oleh karena sudah bisa mereka".split()),
}
# Scripts that name their language well enough on their own (first match wins).
SCRIPT_LANGUAGES: tuple[tuple[str, str], ...] = (
    ("\u3040-\u30ff", "ja"), ("\uac00-\ud7af", "ko"), ("\u4e00-\u9fff", "zh"),
    ("\u0590-\u05ff", "he"), ("\u0e00-\u0e7f", "th"), ("\u0370-\u03ff", "el"),
    ("\u0900-\u097f", "hi"), ("\u0980-\u09ff", "bn"),
)

# --- Structured date fields --------------------------------------------------------------
# Meta tags (name/property/itemprop, lower case) that carry the publication date, best first.
PUBLISHED_META = (
    "article:published_time", "og:article:published_time", "og:published_time",
    "article.published", "datepublished", "pubdate", "publishdate", "publish-date",
    "publish_date", "published_time", "date_published", "parsely-pub-date", "sailthru.date",
    "dc.date.issued", "dcterms.issued", "dc.date.created", "dcterms.created", "dc.date.published",
    "citation_publication_date", "citation_date", "prism.publicationdate", "article.created",
    "originalpublicationdate", "article_date_original", "cxenseparse:recs:publishtime",
    "creation_date", "date", "dc.date", "dcterms.date", "release_date",
)
MODIFIED_META = (
    "article:modified_time", "og:updated_time", "og:article:modified_time", "datemodified",
    "dcterms.modified", "dc.date.modified", "last-modified", "lastmod", "article.updated",
    "modified_time", "revised",
)
# JSON-LD types that describe the page's own article (not a list of others, not the site).
ARTICLE_TYPES = frozenset({
    "article", "newsarticle", "reportagenewsarticle", "analysisnewsarticle", "opinionnewsarticle",
    "reviewnewsarticle", "backgroundnewsarticle", "blogposting", "socialmediaposting",
    "liveblogposting", "report", "scholarlyarticle", "techarticle", "medicalwebpage", "review",
    "pressrelease", "creativework", "videoobject", "podcastepisode", "recipe", "event",
    "satiricalarticle", "advertisercontentarticle", "askpublicnewsarticle", "howto",
    "discussionforumposting",
})
PAGE_TYPES = frozenset({"webpage", "itempage", "aboutpage", "collectionpage", "profilepage",
                        "qapage", "faqpage"})

# --- Date confidence models --------------------------------------------------------------
# Logistic weights, fitted on the dev benchmark (`benchmarks/metadata.py --fit`, which prints
# two-fold cross-validated figures beside the in-sample ones; docs/BENCHMARKS.md) over
# generic features only. HTML, in two steps: the ranker turns what speaks for a day and what
# for other days into a probability per day (features in `dates._day_features`: S structured,
# W weak meta, t marked `<time>`, u first unmarked `<time>`, U URL path, H htmldate, T the
# text's stamp with Tc its confidence and TL a labelled or near-headline stamp, Ts the text's
# best score for the day, TM also the last-modified day, M/M1 named by the markup's date or
# byline elements (only this day), A named only by such elements in asides, N written within a
# few text nodes of the headline, agree three or more kinds agreeing; "o…" the same kinds
# naming another day) …
HTML_DATE_WEIGHTS: dict[str, float] = {
    "bias": 0.503, "S": 0.476, "W": -0.092, "t": 0.363, "u": 0.088, "U": 0.486, "H": 1.092,
    "TL": 0.33, "T": -0.016, "Tc": 0.833, "Ts": 0.447, "TM": 0.798, "M": 0.117, "M1": 0.423,
    "A": 0.735, "N": 0.555, "agree": 0.286, "oS": -1.006, "oW": 0.185, "ot": -0.632,
    "ou": -0.306, "oU": -0.311, "oH": -1.362, "oTL": -0.598, "oT": -0.229, "oTc": -0.893,
    "oM": -0.577, "oN": -0.965,
}
# … then the confidence in the pick: the ranker's logit for it and for the runner-up day, how
# many kinds of source name it, and TM. Fitted with a wrong pick weighing 1.75 right ones: the
# facet counts wrong worse than unknown, and the HTML target allows 2% wrong (text: 4%, fitted
# evenly).
HTML_CONFIDENCE_WEIGHTS: dict[str, float] = {
    "bias": 0.32, "best": 0.994, "runner_up": 0.011, "kinds": -0.161, "TM": 0.264,
}
# Text stamps: the winner's score and lead over the runner-up (a lone date: over -1.5), its
# label, a clock time, whether the text is crowded with dates (lists, comments), whether the
# headline was found and the date sits under it, on a line of its own, in an unsure form.
TEXT_DATE_WEIGHTS: dict[str, float] = {
    "bias": 0.461, "score": 0.06, "margin": 0.639, "published": 0.006, "updated": -0.453,
    "byline": 0.022, "time": 0.209, "crowded": -0.73, "no_headline": -0.277,
    "near_headline": -0.232, "above_headline": 0.58, "stamp": 0.441, "unsure_form": -0.122,
    "named_form": -0.196, "iso_form": -0.023, "second_published": -0.143, "second_strong": -0.314,
    "dates": -0.609, "depth": -0.138, "near_score": 0.104, "labelled_margin": 0.032,
}

# Words that make a short name read as a publication ("… Zeitung", "… Post", "… Blog").
OUTLET_WORDS = frozenset("""
zeitung zeitungen tagblatt tageblatt tagesblatt anzeiger rundschau kurier courier nachrichten news
post presse press times tribune herald gazette gazzetta journal journaal daily weekly magazin
magazine magazyn revue review chronicle observer guardian telegraph express mail mirror monitor
spiegel stern online blog radio tv television rundfunk fernsehen wochenblatt abendblatt
morgenpost allgemeine volksstimme standard figaro monde tribuna diario periódico periodico
corriere repubblica stampa giornale libération liberation parisien dépêche depeche
""".split())
# Hosting platforms whose subdomains are separate sites ("someone.wordpress.com").
HOSTING_PLATFORMS = frozenset({
    "wordpress.com", "blogspot.com", "blogger.com", "tumblr.com", "substack.com", "medium.com",
    "wixsite.com", "weebly.com", "jimdo.com", "jimdofree.com", "github.io", "gitlab.io",
    "forumieren.com", "over-blog.com", "hatenablog.com", "livejournal.com", "typepad.com",
    "squarespace.com", "webnode.com", "ghost.io", "beehiiv.com", "netlify.app", "vercel.app",
})
