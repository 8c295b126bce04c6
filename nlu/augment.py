"""Training-time data augmentation: missing umlauts and small typos, seeded and reproducible."""
from __future__ import annotations

import random

_STRIP = str.maketrans({"ä": "a", "ö": "o", "ü": "u", "Ä": "A", "Ö": "O", "Ü": "U", "ß": "s"})


def strip_umlauts(text: str) -> str | None:
    out = text.translate(_STRIP)
    return out if out != text else None


def typo(text: str, rng: random.Random) -> str | None:
    """Swap, drop or double one letter in one longer word."""
    words = text.split(" ")
    long_words = [i for i, w in enumerate(words) if len(w) >= 5 and w.isalpha()]
    if not long_words:
        return None
    i = rng.choice(long_words)
    w = words[i]
    j = rng.randrange(1, len(w) - 1)
    kind = rng.randrange(3)
    if kind == 0:
        w = w[:j] + w[j + 1] + w[j] + w[j + 2 :]
    elif kind == 1:
        w = w[:j] + w[j + 1 :]
    else:
        w = w[:j] + w[j] + w[j:]
    words[i] = w
    return " ".join(words)


def augment(texts: list[str], labels: list[str], seed: int = 13) -> tuple[list[str], list[str], list[int]]:
    """Originals first, then one umlaut-stripped and one typo variant of each (where they
    differ); also returns, per output row, the index of the original it came from."""
    rng = random.Random(seed)
    out_t, out_l, origin = list(texts), list(labels), list(range(len(texts)))
    for i, (text, label) in enumerate(zip(texts, labels)):
        for variant in (strip_umlauts(text), typo(text, rng)):
            if variant:
                out_t.append(variant)
                out_l.append(label)
                origin.append(i)
    return out_t, out_l, origin
