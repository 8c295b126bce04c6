"""Realistic names for the demo staff (mostly German, some international) and their e-mail addresses."""
from __future__ import annotations

import itertools
import random
import re
import unicodedata
from dataclasses import dataclass

DOMAIN = "stuttgart.example"


@dataclass(frozen=True)
class NameGroup:
    weight: float
    female: tuple[str, ...]
    male: tuple[str, ...]
    last: tuple[str, ...]  # most frequent first
    english_share: float = 0.0  # how many prefer English in chat


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


GROUPS: tuple[NameGroup, ...] = (
    NameGroup(
        0.80,
        _words("Sabine Petra Claudia Andrea Stefanie Nicole Susanne Martina Monika Birgit Karin Ute Heike Gabriele "
               "Tanja Melanie Sandra Kerstin Silke Anja Daniela Simone Jessica Nadine Vanessa Franziska Johanna "
               "Lena Hannah Sophie Marie Lea Carina Jana Miriam Elke Ingrid Renate Bettina Cornelia Katrin "
               "Manuela Verena Alexandra Carolin Theresa Eva Ursula Angelika Barbara Christine Doris Marion Jutta "
               "Iris Nina Svenja Annika Larissa Selina Anna Maria Julia Laura Lisa Sarah Katharina Christina"),
        _words("Thomas Michael Andreas Stefan Frank Markus Christian Martin Peter Jürgen Klaus Wolfgang Uwe Ralf "
               "Matthias Alexander Daniel Tobias Florian Sebastian Jan Lukas Jonas Felix Maximilian David Simon "
               "Philipp Tim Niklas Dominik Benjamin Patrick Marco Holger Dirk Jörg Bernd Rainer Manfred Dieter "
               "Hans Werner Günter Joachim Karl Oliver Sven Carsten Heiko Timo Moritz Fabian Julian Kevin Marcel "
               "Dennis Robert Johannes Georg Hans-Peter Karl-Heinz Jochen Volker"),
        _words("Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann Schäfer Koch Bauer "
               "Richter Klein Wolf Schröder Neumann Schwarz Zimmermann Braun Krüger Hofmann Hartmann Lange "
               "Schmitt Werner Schmitz Krause Meier Lehmann Schmid Schulze Maier Köhler Herrmann König Walter "
               "Mayer Huber Kaiser Fuchs Peters Lang Scholz Möller Weiß Jung Hahn Schubert Vogel Friedrich "
               "Keller Günther Frank Berger Winkler Roth Beck Lorenz Baumann Franke Albrecht Schuster Simon "
               "Ludwig Böhm Winter Kraus Martin Schumacher Krämer Vogt Stein Jäger Otto Sommer Groß Seidel "
               "Heinrich Brandt Haas Schreiber Graf Dietrich Ziegler Kuhn Pohl Engel Horn Busch Bergmann "
               "Arnold Pfeiffer Häberle Bader Kächele Maurer Eisele Bühler Hägele Wörner Reutter Kienzle Schwab "
               "Gaiser Rapp Hauber Mäule Schäfer-Bader Riedel Dreher Ruoff Layer Knödler Wanner Seeger Widmann"),
        0.005,
    ),
    NameGroup(0.06, _words("Ayşe Elif Zeynep Fatma Emine Merve Derya Seda Esra"),
              _words("Mehmet Mustafa Ahmet Ali Murat Emre Hakan Can Serkan Deniz"),
              _words("Yılmaz Kaya Demir Şahin Çelik Yıldız Öztürk Aydın Arslan Doğan Koç Kılıç Polat"), 0.05),
    NameGroup(0.035, _words("Francesca Giulia Chiara Valentina Alessandra Paola"),
              _words("Giuseppe Marco Alessandro Luca Antonio Salvatore"),
              _words("Rossi Russo Esposito Romano Bianchi Greco Ferrara Lombardi Caruso Marino"), 0.05),
    NameGroup(0.025, _words("Eleni Maria Sofia Dimitra Katerina"),
              _words("Georgios Dimitrios Konstantinos Nikolaos Ioannis"),
              _words("Papadopoulos Georgiou Nikolaidis Dimitriou Pappas Vlachos"), 0.05),
    NameGroup(0.03, _words("Ana Jelena Mirela Ivana Marija Snežana"),
              _words("Ivan Marko Dragan Goran Zoran Nikola"),
              _words("Horvat Kovačević Jovanović Petrović Marić Babić Novak Đorđević"), 0.05),
    NameGroup(0.015, _words("Katarzyna Agnieszka Magdalena Joanna"), _words("Piotr Tomasz Paweł Krzysztof"),
              _words("Nowak Kowalczyk Lewandowski Wiśniewski Wójcik Zieliński"), 0.1),
    NameGroup(0.015, _words("Layla Fatima Amira Nour"), _words("Omar Ahmad Karim Youssef"),
              _words("Haddad Khalil Nasser Saleh Mansour"), 0.2),
    NameGroup(0.02, _words("Emily Sarah Olivia Rachel Emma"), _words("James Michael Daniel Andrew Ryan"),
              _words("Smith Johnson Brown Williams O'Connor Taylor Clarke Murphy"), 0.7),
)

_GROUP_CUM = list(itertools.accumulate(g.weight for g in GROUPS))
# Zipf-like surname frequencies: common names come up much more often than rare ones.
_LAST_CUM = [list(itertools.accumulate(1 / (rank + 1) ** 0.7 for rank in range(len(g.last)))) for g in GROUPS]

_TRANSLIT = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "ı": "i", "đ": "d", "ł": "l", "ø": "o"})


@dataclass(frozen=True)
class Person:
    first_name: str
    last_name: str
    language: str


def person(rng: random.Random) -> Person:
    """One random name; English chat language for some international staff."""
    index = rng.choices(range(len(GROUPS)), cum_weights=_GROUP_CUM)[0]
    group = GROUPS[index]
    first = rng.choice(group.female if rng.random() < 0.55 else group.male)
    last = rng.choices(group.last, cum_weights=_LAST_CUM[index])[0]
    return Person(first, last, "en" if rng.random() < group.english_share else "de")


def email_local(first_name: str, last_name: str) -> str:
    """`first.last` in ASCII: umlauts spelled out, other accents dropped, spaces and apostrophes removed."""
    parts = []
    for name in (first_name, last_name):
        text = unicodedata.normalize("NFKD", name.lower().translate(_TRANSLIT))
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
        parts.append(re.sub(r"[^a-z0-9-]", "", text.replace(" ", "-")))
    return ".".join(parts)


class EmailBook:
    """Hands out unique addresses; the second `max.mueller` becomes `max.mueller2`."""

    def __init__(self, taken: list[str]):
        self._taken = {address.lower() for address in taken}
        self._next: dict[str, int] = {}

    def issue(self, first_name: str, last_name: str) -> str:
        local = email_local(first_name, last_name)
        number = self._next.get(local, 1)
        while True:
            address = f"{local}{number if number > 1 else ''}@{DOMAIN}"
            number += 1
            if address not in self._taken:
                self._next[local] = number
                self._taken.add(address)
                return address
