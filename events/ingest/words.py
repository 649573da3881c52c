"""The words the extractor reads as cues, in English and Russian.

Each list is of lower-case words or Russian dictionary forms (see
sentences.word_keys), so one entry finds every case of a word.
"""

import re

# A post held: the words a position begins with or is made of.
POST_WORDS = frozenset(
    [
        "deputy",
        "secretary",
        "general",
        "plenipotentiary",
        "plenipotentiaries",
        "representative",
        "representatives",
        "ambassador",
        "minister",
        "director",
        "head",
        "chairman",
        "chairwoman",
        "chair",
        "president",
        "rector",
        "professor",
        "vice",
        "executive",
        "permanent",
        "envoy",
        "spokesman",
        "adviser",
        "заместитель",
        "генеральный",
        "секретарь",
        "полномочный",
        "представитель",
        "посол",
        "министр",
        "директор",
        "председатель",
        "руководитель",
        "глава",
        "ректор",
        "профессор",
        "президент",
        "исполнительный",
        "постоянный",
        "советник",
        "вице-президент",
    ]
)

# Head words of organizations' names: "Gorchakov Fund", "Институт ОДКБ".
ORGANIZATION_HEADS = frozenset(
    [
        "organization",
        "organisation",
        "fund",
        "foundation",
        "association",
        "institute",
        "league",
        "secretariat",
        "university",
        "council",
        "committee",
        "centre",
        "center",
        "union",
        "ministry",
        "agency",
        "assembly",
        "society",
        "commission",
        "network",
        "bank",
        "office",
        "club",
        "организация",
        "фонд",
        "ассоциация",
        "институт",
        "лига",
        "секретариат",
        "университет",
        "совет",
        "комитет",
        "центр",
        "союз",
        "министерство",
        "агентство",
        "ассамблея",
        "общество",
        "комиссия",
        "сеть",
    ]
)

# Head words of events and their series: "CSTO Academy", "Молодёжная школа".
SERIES_HEADS = {
    "academy": "academy_session",
    "академия": "academy_session",
    "school": "school",
    "школа": "school",
    "conference": "conference",
    "конференция": "conference",
    "forum": "conference",
    "форум": "conference",
    "summit": "conference",
    "саммит": "conference",
    "congress": "conference",
    "конгресс": "conference",
    "readings": "conference",
    "чтения": "conference",
    "seminar": "meeting",
    "семинар": "meeting",
    "meeting": "meeting",
    "встреча": "meeting",
    "session": "meeting",
    "заседание": "meeting",
}

# Words written capitalised at a sentence's start that begin no name.
SENTENCE_STARTS = frozenset(
    [
        "the",
        "a",
        "an",
        "on",
        "in",
        "at",
        "for",
        "from",
        "by",
        "of",
        "to",
        "this",
        "that",
        "these",
        "those",
        "it",
        "its",
        "he",
        "she",
        "they",
        "we",
        "our",
        "their",
        "his",
        "her",
        "during",
        "after",
        "before",
        "when",
        "while",
        "however",
        "besides",
        "thus",
        "also",
        "and",
        "but",
        "or",
        "as",
        "with",
        "according",
    ]
)

# Short words an English name holds inside: "Organization of the ...".
NAME_CONNECTORS = frozenset(["of", "the", "for", "on", "de"])

# Verbs a position phrase stops before: "plenipotentiaries of ... spoke".
CLAUSE_VERB = re.compile(
    r"\s(?:spoke|said|were|was|took|made|opened|addressed|delivered|presented|"
    r"gave|talked|noted|stressed|выступил\w*|рассказал\w*|отметил\w*|"
    r"подчеркнул\w*|открыл\w*|сообщил\w*|приветствовал\w*)\b",
    re.IGNORECASE,
)

OPENING_SPEAKER = re.compile(
    r"opened by|opening (?:speech|remarks|address)|открыл|приветственн",
    re.IGNORECASE,
)
MODERATOR = re.compile(r"moderat|модератор|модерировал", re.IGNORECASE)
SPEAKER = re.compile(
    r"spoke|speaker|presentation|said|lectur|выступ|доклад|лекци|рассказал",
    re.IGNORECASE,
)

# A sentence that says who took part: its countries are participants.
PARTICIPATION = re.compile(
    r"\bfrom\b|took part|participants|delegations?|gathered|attended|"
    r"(?<![а-яё])из(?![а-яё])|приняли участие|делегаци|собрал",
    re.IGNORECASE,
)

# A sentence that says who held the event: its organizations organized it.
ORGANIZER = re.compile(
    r"\b(?:which|who) held\b|\bheld by\b|organi[sz](?:ed|er|ers|ing)\b|joined by|"
    r"hosted|with the support|in partnership|организатор|организова|"
    r"при поддержке|провел|провод|совместно с",
    re.IGNORECASE,
)

# The sentence that reports the event itself.
EVENT_VERB = re.compile(
    r"\b(?:opened|was held|took place|started|began|will be held|is planned|"
    r"will take place)\b|открыл[аио]сь|состоял[аио]?сь|прош(?:ла|ел|ёл|ло)|"
    r"стартовал|состоится|пройд[её]т|планируется",
    re.IGNORECASE,
)

# An event still to come.
ANNOUNCED = re.compile(
    r"will be held|will take place|is planned|is to be held|"
    r"состоится|пройд[её]т|планируется|запланирован",
    re.IGNORECASE,
)

# Phrases that name what was discussed; group "topic" is the subject.
_END = r"(?=\s+(?:which|that|is|are|was|were|has|have|will|который|которая|"
_END += r"которые|является)\b|[,.;:?!()]|$)"
TOPIC_CUES = tuple(
    re.compile(pattern, re.IGNORECASE)
    for pattern in (
        r"\bin the (?:field|area|sphere) of (?P<topic>[^,.;:?!()]+?)" + _END,
        r"\b(?:priority|focus) (?:was|is) (?:in|on) (?P<topic>[^,.;:?!()]+?)" + _END,
        r"\bopposition to (?P<topic>[^,.;:?!()]+?)" + _END,
        r"\bthe issue of (?P<topic>[^,.;:?!()]+?)" + _END,
        r"(?P<topic>[A-Z][^,.;:?!()]+?) is (?:another |a |an )?"
        r"(?:burning|key|important|pressing|topical) issue",
        r"(?P<topic>[A-Z][^,.;:?!()]+?) (?:is|are) a subject of "
        r"(?:special |particular )?concern",
        r"(?<![а-яё])в (?:сфере|области) (?P<topic>[^,.;:?!()]+?)" + _END,
        r"(?<![а-яё])приоритет\w* [^,.;:?!()]*?— (?P<topic>[^,.;:?!()]+?)" + _END,
        r"(?<![а-яё])противодействи[ея] (?P<topic>[^,.;:?!()]+?)" + _END,
        r"(?<![а-яё])вопрос\w* (?P<topic>(?:сотрудничеств|взаимодейств|безопасност)"
        r"[^,.;:?!()]+?)" + _END,
        r"(?P<topic>[А-ЯЁ][^,.;:?!()]+?) — (?:ещё |еще )?(?:одна )?"
        r"(?:острая|актуальная|важная|ключевая) (?:тема|проблема)",
        r"(?P<topic>[А-ЯЁ][^,.;:?!()]+?) вызыва\w+ (?:особую )?(?:обеспокоенность|"
        r"озабоченность|тревогу)",
    )
) + (
    # A quoted term in lower case: “soft power”, «мягкая сила».
    re.compile(r"[“«\"](?P<topic>[a-zа-яё][^”»\"]{2,40})[”»\"]"),
)
