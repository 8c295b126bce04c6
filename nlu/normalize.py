"""Text normalisation: case, umlaut/ß variants, repeated letters, Swabian-to-standard words."""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

MAX_CHARS = 1000
"""Messages are cut to this many characters before parsing (documented limit)."""

_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "ẞ": "ss"})
_REPEATS = re.compile(r"(\w)\1{2,}")
_TOKEN = re.compile(r"[a-z0-9]+(?:[-'][a-z0-9]+)*")

# Frequent Swabian (and colloquial) spellings -> standard German, after umlaut folding.
SWABIAN = {
    "i": "ich", "mei": "mein", "meim": "meinem", "mim": "mit dem", "dei": "dein", "sei": "sein",
    "koi": "kein", "koin": "keinen", "koine": "keine", "koiner": "keiner", "koen": "kein",
    "han": "habe", "hann": "habe", "hab": "habe", "hend": "haben", "hen": "haben", "hosch": "hast",
    "hot": "hat", "hod": "hat", "isch": "ist", "ischs": "ist es", "bisch": "bist", "sin": "sind",
    "net": "nicht", "ned": "nicht", "nedd": "nicht", "nemme": "nicht mehr", "nimmer": "nicht mehr",
    "nix": "nichts", "scho": "schon", "des": "das", "dess": "das", "au": "auch", "ebbes": "etwas",
    "ebber": "jemand", "kannsch": "kannst", "kosch": "kannst", "kaasch": "kannst", "ka": "kann",
    "koa": "kein", "musch": "musst", "muesch": "musst", "willsch": "willst", "weisch": "weisst",
    "woisch": "weisst", "woiss": "weiss", "brauch": "brauche", "krieg": "kriege", "kriag": "kriege",
    "griag": "kriege", "goht": "geht", "gohd": "geht", "gehd": "geht", "got": "geht", "gange": "gegangen",
    "dauerts": "dauert es", "gibts": "gibt es", "gits": "gibt es", "hasch": "hast", "machsch": "machst",
    "haett": "haette", "daet": "wuerde", "dedd": "wuerde", "heit": "heute", "heut": "heute",
    "morge": "morgen", "moin": "hallo", "gruess": "gruss", "gruessle": "gruss", "adele": "tschuess",
    "ade": "tschuess", "tschuessle": "tschuess", "servus": "hallo", "dankschee": "danke schoen",
    "merci": "danke", "schaffe": "arbeiten", "schaffa": "arbeiten", "gschafft": "gearbeitet",
    "drhoim": "daheim", "dahoim": "daheim", "dahoam": "daheim", "drhoam": "daheim", "hoim": "heim",
    "ois": "eins", "do": "da", "dr": "der", "dia": "die", "zwoi": "zwei", "drei": "drei", "wo": "wo", "gell": "oder", "gelle": "oder",
    "noi": "nein", "noe": "nein", "naa": "nein", "jo": "ja", "joa": "ja", "jaa": "ja", "nee": "nein",
    "ebbr": "jemand", "bissle": "bisschen", "bissele": "bisschen", "a": "ein", "oin": "einen",
    "oen": "einen", "oine": "eine", "mr": "wir", "mir": "mir", "ons": "uns", "onser": "unser",
    "glei": "gleich", "grad": "gerade", "arg": "sehr", "halt": "halt", "emol": "einmal", "mol": "mal",
    "kaputtgange": "kaputtgegangen", "verlore": "verloren", "gfunde": "gefunden", "abgebe": "abgeben",
    "zruck": "zurueck", "zrugg": "zurueck", "zrueck": "zurueck", "nemmer": "nicht mehr",
}
# Words that must not be rewritten when the message is English.
_EN_SAFE = {"i", "a", "des", "au", "hot", "got", "sin", "mir", "wo", "ka", "sei", "hen", "mol", "do", "dr", "dia"}


def fold(text: str) -> str:
    """Lowercase, fold umlauts and ß to ASCII digraphs, drop accents, collapse letter runs."""
    text = unicodedata.normalize("NFC", text[:MAX_CHARS]).lower().translate(_UMLAUTS)
    text = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    return _REPEATS.sub(r"\1\1", text)


def tokens(folded: str) -> list[str]:
    """Word tokens of already folded text."""
    return _TOKEN.findall(folded)


def standardise(toks: list[str], language: str) -> list[str]:
    """Map Swabian/colloquial spellings to standard German (German messages only)."""
    out: list[str] = []
    for tok in toks:
        if language == "en" and tok in _EN_SAFE:
            out.append(tok)
        else:
            out.extend(SWABIAN.get(tok, tok).split())
    return out


_UNFOLD = (("ae", "ä"), ("oe", "ö"), ("ue", "ü"))


@lru_cache(maxsize=65536)
def lemma(token: str, language: str) -> str:
    """simplemma lemma of a folded token (tries the umlaut spelling for German), folded again."""
    if not token.isalpha() or len(token) < 3:
        return token
    langs = ("en", "de") if language == "en" else ("de", "en")
    candidate = token
    if language != "en":
        for digraph, umlaut in _UNFOLD:
            candidate = candidate.replace(digraph, umlaut)
    import simplemma  # training only: parsing uses the model's lemma table

    try:
        found = simplemma.lemmatize(candidate, lang=langs)
    except Exception:  # simplemma is an external table; never let it break parsing
        return token
    return fold(found) if found else token
