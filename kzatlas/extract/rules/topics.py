"""Topic keyword stems per language. An event's topics are those whose stems occur
in its evidence sentence (or, failing that, in its article): word-start matches, case
folded. Add a topic by adding a key; the dashboard's topic filter lists what it finds."""

from __future__ import annotations

TOPIC_STEMS: dict[str, dict[str, tuple[str, ...]]] = {
    "space": {
        "en": ("space", "satellite", "rocket", "launch vehicle", "cosmodrome", "astrophys", "remote sensing", "baikonur"),
        "ru": ("космос", "космич", "спутник", "ракет", "космодром", "астрофиз", "микроспутник", "байконур"),
        "kk": ("ғарыш", "спутник", "зымыран", "астрофизика", "байқоңыр", "жерді қашықтан"),
        "fr": ("spatial", "spatiale", "satellite", "fusée", "lanceur", "cosmodrome", "astrophys", "baïkonour"),
    },
    "nuclear": {
        "en": ("nuclear", "reactor", "accelerator", "neutron", "isotope", "radiation"),
        "ru": ("ядерн", "атомн", "реактор", "ускорител", "нейтрон", "изотоп", "радиац"),
        "kk": ("ядролық", "атом", "реактор", "үдеткіш", "радиация"),
        "fr": ("nucléaire", "réacteur", "accélérateur", "neutron", "isotope"),
    },
    "ai_digital": {
        "en": ("artificial intelligence", "ai ", "digital", "robot", "machine vision", "computing", "supercomputer",
               "5g"),
        "ru": ("искусственн", "ии ", "цифров", "робот", "машинного зрения", "вычислит", "5g"),
        "kk": ("жасанды интеллект", "цифрланд", "цифрлық", "робот"),
        "fr": ("intelligence artificielle", "ia ", "numérique", "robot"),
    },
    "energy": {
        "en": ("energy", "power plant", "renewable", "hydrogen"),
        "ru": ("энерг", "электростанц", "водород"),
        "kk": ("энергетика", "энергия"),
        "fr": ("énergie", "énergétique", "hydrogène"),
    },
    "agriculture": {
        "en": ("agricultur", "agro", "farming", "food security"),
        "ru": ("сельск", "агро", "аграр"),
        "kk": ("агроном", "агроэколог", "ауыл шаруашылығ", "егіншілік", "агроөнеркәсіп"),
        "fr": ("agricole", "agriculture", "agro"),
    },
    "education": {
        "en": ("education", "student", "double degree", "academic mobility", "internship", "training", "teacher"),
        "ru": ("образован", "студент", "двойн", "академическ", "стажер", "стажёр", "магистр", "докторант"),
        "kk": ("білім", "студент", "қос диплом", "магистр", "доктор", "тағылымдама", "оқыту"),
        "fr": ("enseignement", "éducation", "étudiant", "double diplôme", "formation"),
    },
    "health": {
        "en": ("medic", "vaccine", "biotech", "health", "pharmac", "biomonitor"),
        "ru": ("медицин", "вакцин", "биотехнолог", "биомедицин", "фармац", "здравоохран"),
        "kk": ("медицина", "вакцина", "биотехнолог", "денсаулық"),
        "fr": ("médec", "médical", "vaccin", "biotech", "santé"),
    },
    "environment": {
        "en": ("climate", "green", "environment", "ecolog", "desertification"),
        "ru": ("климат", "зелен", "зелён", "эколог", "опустынивани"),
        "kk": ("климат", "жасыл", "экология", "экологиял"),
        "fr": ("climat", "vert", "verte", "environnement", "écolog"),
    },
    "physics_science": {
        "en": ("physics", "research", "laboratory", "scientific"),
        "ru": ("физик", "исследован", "лаборатор", "научн"),
        "kk": ("физика", "зерттеу", "зертхана", "ғылыми"),
        "fr": ("physique", "recherche", "laboratoire", "scientifique"),
    },
}
