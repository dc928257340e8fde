"""The cleaner's rules that are data: lexicons of interface lines, in several languages.

Everything here is a pattern or a word list, never logic. The other cleaning modules ask
"is this line interface text?" through these tables, so adding a language or a new kind of
share button is an edit to this file alone. Patterns match a whole *normalised* line
(lower case, words separated by single spaces, see `indexer.cleaning.text.normalise_line`)
unless their name says otherwise.
"""

from __future__ import annotations

import re

# Lines that are interface text wherever they appear: buttons, counters, prompts.
# Each entry: (reason shown to the user, pattern over the normalised line).
_INTERFACE_WORDS: dict[str, tuple[str, ...]] = {
    "share or social button": (
        r"(share|shares|tweet|pin it|pinit|like|follow( us)?|e ?mail|email this|print|print this|whatsapp|"
        r"facebook|twitter|linkedin|reddit|pinterest|tumblr|telegram|vk|flipboard|pocket|instagram|youtube|rss|"
        r"copy link|copy url|link copied|compartir|partager|teilen|condividi|compartilhe|compartilhar|"
        r"поделиться|imprimir|imprimer|drucken|stampa|enviar|envoyer|senden|invia)"
        r"( (on|via|this|story|article|page|it|to|with|by email|link))*( \d+)?",
        r"share (this|the) (story|article|post|page|on \w+)( \w+)?",
        r"share this( \w+){0,12}",
        r"(click|tap) to [\w ]{0,60}opens in new window",
        r"think your friends would be interested( share this story)?",
        r"(share|tweet|email|print)( this)?( article| story)?( (on|via) \w+)?",
        r"(click|tap) to (share|print|email|tweet)( on \w+)?( opens in new window)?",
        r"opens in (a )?new (window|tab)",
        r"icon( [\w-]+){0,2}",
        r"icon [\w -]*icon [\w -]*icon[\w -]*",
    ),
    "subscription or account prompt": (
        r"(sign|log) (up|in|out)( (now|today|here|for (free|our|the)[\w ]*|to [\w ]*))?",
        r"(subscribe|subscribe now|subscribe today|subscribe here|become a (member|subscriber|patron))( to [\w ]*)?",
        r"(newsletter|newsletters|get our newsletter|join our newsletter|sign up for our newsletter|"
        r"sign up to our (daily|weekly) (email|newsletter))",
        r"(register|create an? account|my account|logout|login|account|profile|already a subscriber)( [\w ]{0,20})?",
        r"(abonnieren|abonnez vous|iscriviti|inscreva se|suscríbete|suscribete|registrieren|anmelden|"
        r"accedi|entrar|connexion|подписаться|войти|регистрация)( [\w ]{0,20})?",
        r"enter your e ?mail( address)?( here)?",
        r"(your )?e ?mail( address)?",
        r"(by|when) (clicking|signing up|subscribing)[\w ]*",
    ),
    "comment section": (
        r"(\d+ )?(comments?|responses?|replies|reply|kommentare?|commenti?|commentaires?|comentarios?|"
        r"comentários?|коммент\w*|댓글)( \d+)?",
        r"(leave|post|add|write|show|view|load|see|hide|read) (a |your |all |more |the )?(comments?|reply|replies|response)"
        r"( \(?\d+\)?)?( below)?",
        r"(post|submit) (your )?comments?",
        r"(no|\d+) comments?( yet| so far)?",
        r"be the first to comment( on this (story|article|post))?",
        r"fill (in )?all (the )?fields( below)?",
        r"(cancel|annulla) (reply|risposta)",
        r"you must be logged in to post a comment",
        r"join the (discussion|conversation)",
        r"(name|email|website|message|comment) ?\*?( required)?",
        r"lascia un commento|laisser un commentaire|deixe um comentário|deja un comentario|kommentar schreiben",
        r"this confirmation code will prevent auto submit",
    ),
    "navigation link": (
        r"(previous|next|prev|older|newer) (article|post|story|page|entry)\w*( \w+)*",
        r"(read|see|view|show) (more|all|full (story|article))( \w+){0,3}",
        r"(back to|go to|return to) (top|home|homepage|main page|the top)",
        r"(skip|jump) to (main )?(content|navigation|main)",
        r"(home|menu|search|close|open|toggle navigation|main menu|navigation|more|top)",
        r"(continue reading|keep reading|read the full story|read the rest)( \w+){0,3}",
        r"(page|seite|pagina|página) \d+( of \d+)?",
        r"(tags?|topics?|categories|category|filed under|posted in|schlagworte|etichette)",
        r"(related|recommended|popular|trending|latest|most (read|popular|viewed|shared|commented)|"
        r"editor s picks|top stories|more stories|more from [\w ]+|you (may|might) also like|"
        r"also read|read also|see also|more on this|related (articles|stories|posts|news|content|topics)|"
        r"latest news|recent posts|leia também|leia mais|lesen sie auch|mehr zum thema|"
        r"читайте также|à lire aussi|lire aussi|ti potrebbe interessare|potrebbe interessarti|"
        r"articoli correlati|artículos relacionados|notícias relacionadas)( \w+){0,3}",
    ),
    "advertisement": (
        r"(advertisement|advertising|sponsored|sponsored content|promoted|ad|ads|anzeige|publicidad|"
        r"publicité|pubblicità|publicidade|реклама|story continues below( advertisement)?|"
        r"article continues below( advertisement)?|continue reading below|scroll to continue( with content)?)",
    ),
    "copyright or legal line": (
        r"(copyright|all rights reserved|©|\(c\)|privacy policy|terms (of|and) (use|service|conditions)|"
        r"cookie policy|cookies?|impressum|datenschutz|mentions légales|aviso legal)( [\w ]{0,60})?",
        r"[\w ]{0,40}all rights reserved[\w ]{0,40}",
        r"we use cookies[\w ]*",
    ),
    "counter or rating": (
        r"[\d ,.k]+( (views?|reads?|shares?|likes?|comments?|votes?|letture|visualizações|просмотр\w*|"
        r"min read|minutes? read|minute read|read))?",
        r"(views?|reads?|likes?|votes?) [\d ,.k]+",
        r"\d+ (min|minute|minutes) (read|to read)",
        r"(rating|rated|score) [\d ,./]+( out of \d+)?( stars?)?",
    ),
}

# One alternation per reason, all in one pattern: a line is matched once, and the name of the
# group that matched says why (group "r3" is the fourth reason of INTERFACE_REASONS).
INTERFACE_REASONS: tuple[str, ...] = tuple(_INTERFACE_WORDS)
INTERFACE_LINE: re.Pattern[str] = re.compile(
    "|".join(
        f"(?P<r{number}>{'|'.join(f'(?:{p})' for p in patterns)})"
        for number, patterns in enumerate(_INTERFACE_WORDS.values())
    )
)

# Words that make a short line (ten words or fewer) interface text wherever they occur in it.
INTERFACE_WORDS_IN_SHORT_LINE = re.compile(
    r"\b(newsletters?|subscribe|subscribed|subscription|unsubscribe|sign up|signup|log ?in|sign in|no thanks|"
    r"stay up to date|follow us|follow \w+( \w+){0,6} on (facebook|twitter|instagram)|like us on|share this|share it|"
    r"share on|like this (story|article)|tweet this|cookies?|privacy policy|site index|"
    r"terms of (use|service)|all rights reserved|click here|tap here|download (the|our) app|"
    r"iscriviti|abonnieren|abonnez|inscreva|suscríbete|подпишитесь|newsletter abonnieren)\b",
    re.IGNORECASE,
)

# "Home | Local | Sport | Weather": short items separated by bars or bullets (tested on the raw line).
MENU_LINE = re.compile(r"^\s*[^|•·»]{1,30}(\s+[|•·»]\s+[^|•·»]{1,30}){2,}\s*$")

# A line that opens one of these sections ends the article: everything after it is readers'
# talk or a ticker, never the story (matched on the normalised line, whole line).
SECTION_END = re.compile(
    r"(\d+ (responses|comments|replies|thoughts) (to|on)( \w+)*|((top rated|top|reader|readers|all|latest|newest|recent) )?comments?|reader comments|leave a (comment|reply)|post your comments?|add (a|your) comment|"
    r"join the (discussion|conversation)|comments \d+|discussion|responses|latest news|x latest news|news ticker|"
    r"lascia un commento|kommentare|commentaires|comentarios|comentários|комментарии|댓글|"
    r"about the author|über den autor|über die autorin|sobre o autor|sobre el autor|à propos de l auteur|"
    r"a propos de l auteur|об авторе|l autore)"
)
# The signature of one reader's comment: "says:", "Jane on May 3, 2019 at 4:47 pm said:", "Reply".
COMMENT_MARKER = re.compile(
    r"^((says|said|wrote|writes|sagt|dice|dit|disse|пишет)\s*:?|reply|responder|rispondi|répondre|antworten|"
    r".{1,60}\s(on|at|am|le|el|em)\s.{3,40}\d{1,2}:\d{2}\s*([ap]\.?m\.?)?\s*((said|says|wrote)\s*:?)?|"
    r"\d+\s+(minutes?|hours?|days?|weeks?|months?|years?)\s+ago\s*(reply)?)$",
    re.IGNORECASE,
)
# Headings that open a block of links to other stories: they end the article when they come after it.
RELATED_HEADING = re.compile(
    r"(more|more news|explore further|most popular|most read|most viewed|editor s picks|related (articles|stories|posts|news|content|topics)?|"
    r"you (may|might) also like|recommended( for you)?|more stories|more from [\w ]+|trending( now)?|"
    r"read (more|next)|read th(is|ese) next|up next|what to read next|more news|top stories|popular (posts|stories|articles)|"
    r"читайте также|leia também|também pode gostar|artículos relacionados|articoli correlati|"
    r"weitere artikel|mehr zum thema|à lire aussi|lire aussi|관련 기사|関連記事|"
    r"você (também )?pode gostar|voce (tambem )?pode gostar|veja também|leia mais|mais lidas|relacionados|"
    r"te puede interesar|también te puede interesar|lo más leído|noticias relacionadas|"
    r"vous aimerez aussi|vous aimerez aussi|sur le même sujet|les plus lus|"
    r"potrebbe piacerti|ti potrebbe interessare|potrebbero interessarti|i più letti|"
    r"das könnte sie auch interessieren|meistgelesen|auch interessant|"
    r"вам может понравиться|вам (также )?может быть интересно|похожие статьи|weitere beiträge( zum thema)?|"
    r"популярное|читайте также|смотрите также|"
    r"baca juga|berita terkait|artikel terkait|"
    r"인기 기사|많이 본 뉴스|関連ニュース|人気記事|おすすめ記事|相关文章|推荐阅读)( \w+){0,2}"
)

# A copyright notice anywhere in a line marks the page footer, whatever else the line says.
COPYRIGHT = re.compile(r"©|\(c\) ?\d{4}|\bcopyright\b.{0,20}\d{4}|\ball rights reserved\b|\btodos os direitos\b|"
                       r"\btodos los derechos\b|\balle rechte vorbehalten\b|\btous droits réservés\b|\bвсе права защищены\b",
                       re.IGNORECASE)

# The site's own copyright notice (a year or "all rights reserved"), not a picture credit "© Reuters".
SITE_COPYRIGHT = re.compile(
    r"(©|\(c\)|copyright).{0,40}\b(19|20)\d\d\b|\ball rights reserved\b|\btodos os direitos\b|\btodos los derechos\b|"
    r"\balle rechte vorbehalten\b|\btous droits réservés\b|\bвсе права защищены\b",
    re.IGNORECASE,
)

# A caption says who is pictured, wherever in the line ("Kristi Noem, pictured at the White House",
# "In this Dec. 12, 2006, file photo, …").
PICTURED = re.compile(
    r"\(pictured\)|, pictured\b|\bpictured (left|right|above|below|here)\b|^in this [\w.,' ]{0,40}?(file )?photo\b",
    re.IGNORECASE,
)
# Shortcodes a CMS failed to render: "[button link=... ] Send us your review[/button]".
SHORTCODE = re.compile(r"\[/[a-z_]+\]|\[[a-z_]+\s+[a-z_]+\s*=\s*[\"”“']")

# Short label lines that introduce an out-of-article block (photo credits, captions).
CAPTION_PREFIX = re.compile(
    r"^(photo|image|picture|pictures|video|gallery|credit|source|foto|bild|imagen|immagine|фото|"
    r"content image|logo of|file photo|photograph)\b",
    re.IGNORECASE,
)
# A caption ends with the credit of the picture agency ("... Moscow, Russia, 2019. AP").
CAPTION_CREDIT_END = re.compile(
    r"(\.|,)\s*(AP|AFP|Reuters|EPA|Getty Images|Shutterstock|Bloomberg|Xinhua|TASS|Sputnik|Anadolu|"
    r"AP Photo|AFP Photo|Reuters Photo|File photo|Photo: [^.]{2,40})\.?$|"
    r"\b(credit|credits|image credit|photo credit|photograph|photo|photos|image|picture|foto|bild)\s*:\s*[^.:]{2,60}\)?\s*$|"
    r"^\((image|photo|picture|credit|foto|bild)[^)]{0,80}\)$|"
    r"^(the associated press|associated press|reuters|afp|getty images|ap|epa|shutterstock|ap photo)\s*$|"
    r"[/|]\s*(getty images|getty|ap|afp|reuters|epa|shutterstock|bloomberg|xinhua|istock|alamy|ap photo)\s*$",
    re.IGNORECASE,
)

# Words a teaser link line starts with: "Also on rt.com <headline>", "Read more: <headline>".
TEASER_PREFIX = re.compile(
    r"^((also on [\w.]+|also read|read also|see also|leia também|leia mais|lesen sie auch|lire aussi|"
    r"à lire aussi|читайте также|related story|related article)\s*[:\-–—|]?|"
    r"(read more|related|recommended|watch|listen|more|pictures|photos|video|gallery|"
    r"don't miss|dont miss|trending|most read|popular)\s*[:|»])\s*\S",
    re.IGNORECASE,
)

# "READ MORE Binge Eating Disorder: A Timeline": a capitalised link label glued to a headline.
TEASER_LABEL = re.compile(r"^(READ MORE|Read More|Read more|RELATED|Related|SEE ALSO|See also|MORE|WATCH|Watch)\s+[A-Z0-9“\"'‘]")

# A scraped date banner or dateline standing alone on a line ("Abu Dhabi, UAEFriday 25 September
# 2020", "Updated: August 27, 2019 10:28 PM", "21 Feb, 2020 19:53").
MONTHS = (
    r"jan(uary)?|feb(ruary)?|mar(ch)?|apr(il)?|may|june?|july?|aug(ust)?|sep(t(ember)?)?|oct(ober)?|"
    r"nov(ember)?|dec(ember)?|januar|februar|märz|mai|juni|juli|oktober|dezember|janvier|février|mars|"
    r"avril|juin|juillet|août|septembre|octobre|novembre|décembre|gennaio|febbraio|marzo|aprile|maggio|"
    r"giugno|luglio|agosto|settembre|ottobre|dicembre|enero|febrero|abril|mayo|junio|julio|septiembre|"
    r"octubre|noviembre|diciembre|janeiro|fevereiro|março|maio|junho|julho|setembro|outubro|novembro|"
    r"dezembro|января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря"
)
WEEKDAYS = (
    r"mon(day)?|tue(s(day)?)?|wed(nesday)?|thu(rs(day)?)?|fri(day)?|sat(urday)?|sun(day)?|montag|dienstag|"
    r"mittwoch|donnerstag|freitag|samstag|sonntag|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche"
)
DATE_WORDS = re.compile(rf"\b({MONTHS}|{WEEKDAYS})\b|\d{{1,4}}[./-]\d{{1,2}}[./-]\d{{1,4}}", re.IGNORECASE)
TIME_AGO = re.compile(r"^\d+\s?(m|h|d|min|mins|minutes?|hours?|hrs?|days?|weeks?)\s+ago$", re.IGNORECASE)
DATELINE_LEAD = re.compile(
    r"^(updated|published|posted|last updated|modified|created|date|aktualisiert|veröffentlicht|"
    r"publié|mis à jour|pubblicato|aggiornato|publicado|atualizado|опубликовано|обновлено)\b",
    re.IGNORECASE,
)
# "Monday November 18, 2019 7:45 am PST by Joe Rossignol", "By Louis Jacobson on Monday, …":
# a byline with its date, standing alone.
DATED_BYLINE = re.compile(r"^(by|von|par|por)\s+[^.!?]{2,60}\b(on|am|le|el)\b|\bby\s+[A-Z][\w.'-]+(\s+[A-Z][\w.'-]+){0,3}\s*$")

# A line that starts like an item of a list: a number, a fraction or a bullet.
LIST_ITEM = re.compile(r"^\s*(\d+([./-]\d+)?[.)]?\s+[^\W\d]|[•▪◦●■–-]\s+\w)")

# Sentence-final punctuation (western and CJK), optionally followed by closing quotes/brackets.
SENTENCE_END = re.compile(r"[.!?…。！？»”\"')\]]\s*$|[.!?…。！？][\"'”’»)\]]*\s*$")
# Characters that open a line continuing the previous one (a scraper broke it at an inline tag).
CONTINUATION_START = re.compile(r"^[,.;:!?)\]}’”»%…、。，]")
URL_LIKE = re.compile(r"(https?://|www\.)\S+|\S+@\S+\.\w+|^\S+\.(com|org|net|ru|de|co\.\w+|io)\S*$", re.IGNORECASE)
CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")

# Separators between a headline and the site name in a page's <title>.
TITLE_SEPARATORS = re.compile(r"\s+[|\-–—:·•»]\s+|\s+::\s+")
