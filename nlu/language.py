"""Cheap German/English language detection from function words (Swabian counts as German)."""
from __future__ import annotations

_DE = set(
    "ich du sie er es wir ihr mein meine meinen meinem dein ist sind bin bist hat habe haben hab "
    "nicht kein keine keinen und oder aber der die das den dem des ein eine einen einem wie was "
    "wo wann warum wer mit fuer von zu zum zur im in am auf aus bei nach noch schon auch ja nein "
    "bitte danke hallo moin servus kann koennen darf duerfen muss soll geht gibt wird werden "
    "mal doch denn dass wenn ob man sich mir mich uns euch hier da jetzt heute morgen gerne "
    "isch mei koi han hend net ned scho dei des gell nix ebbes hosch bisch kannsch i guten tag "
    "tschuess wieder kaputt dienst homeoffice arbeiten arbeit woche tage geraet".split()
)
_EN = set(
    "i you he she it we they my your is are am was were have has had not no don't cannot can "
    "could would should will the a an and or but of to for from with in on at by what where when "
    "why who how which this that these those please thanks thank hello hi hey yes do does did "
    "get got need want work working from home office my laptop there any some me our us "
    "bye goodbye good morning broken again days week".split()
)


# Function words of languages employees may also write in (folded: no accents, ä -> ae).
_FOREIGN = set(
    "le la les un une des est et ou je tu il elle nous vous ils avec pour dans sur pas ne que qui quoi "
    "ou est c'est bonjour merci salut comment el los las es y por para con que como donde esta estoy "
    "hola gracias il lo gli di da che non sono come dove ciao grazie buongiorno per una "
    "ve bir bu ne nasil nerede merhaba tesekkurler icin ile var yok ben sen "
    "jest nie tak czy jak gdzie dzien dobry dziekuje sie na do co "
    "je sam si kako gdje dobar dan hvala li "
    "o os as um uma nao sim obrigado onde voce "
    "het een de is niet ik jij waar hoe dank goedemorgen "
    "si nu eu esti unde este multumesc buna ziua".split()
) - {"die", "der", "das", "des", "in", "an", "so", "was", "is", "a", "o", "da", "du", "de", "na", "do", "i", "je", "ja",
     "es", "ne", "per", "si", "um", "as", "nie", "la", "sie", "man", "mit"}


def is_foreign(tokens: list[str]) -> bool:
    """More function words of another language than of German and English together."""
    foreign = sum(1 for t in tokens if t in _FOREIGN)
    own = sum(1 for t in tokens if t in _DE or t in _EN)
    return foreign >= 2 and foreign > own


def detect_language(tokens: list[str]) -> str:
    """Return "en" when English function words clearly dominate, else "de" (the default)."""
    de = sum(1 for t in tokens if t in _DE)
    en = sum(1 for t in tokens if t in _EN)
    return "en" if en > de else "de"


def language_of(text: str) -> str:
    """Language of a raw message ("de" or "en")."""
    from nlu.normalize import fold, tokens

    return detect_language(tokens(fold(text)))
