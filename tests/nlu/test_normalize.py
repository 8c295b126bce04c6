from nlu.features import analyse
from nlu.language import detect_language
from nlu.normalize import MAX_CHARS, fold, lemma, standardise, tokens


def test_fold_lowercases_and_spells_out_umlauts():
    assert fold("Größe ÄRGER Übung") == "groesse aerger uebung"


def test_fold_treats_umlaut_and_digraph_spellings_alike():
    assert fold("Kämmerei") == fold("Kaemmerei")
    assert fold("Straße") == fold("Strasse")


def test_fold_collapses_repeated_letters():
    assert fold("kaputttttt!!!") == "kaputt!!!"
    assert fold("hallooooo") == "halloo"


def test_fold_drops_accents():
    assert fold("café") == "cafe"


def test_fold_cuts_at_the_documented_limit():
    assert len(fold("a" * (MAX_CHARS * 3))) <= MAX_CHARS


def test_tokens_keep_inventory_like_words():
    assert tokens(fold("Mein NB-104233 ist's")) == ["mein", "nb-104233", "ist's"]


def test_swabian_words_become_standard_german():
    assert standardise(tokens(fold("Isch mei Laptop scho do?")), "de") == ["ist", "mein", "laptop", "schon", "da"]
    assert standardise(["i", "han", "koi", "netz"], "de") == ["ich", "habe", "kein", "netz"]


def test_swabian_map_leaves_english_alone():
    assert standardise(["i", "do", "not"], "en") == ["i", "do", "not"]


def test_lemma_handles_folded_umlauts():
    assert lemma("gekuendigt", "de") == "kuendigen"
    assert lemma("devices", "en") == "device"
    assert lemma("vpn", "de") == "vpn"


def test_language_detection():
    assert detect_language(tokens(fold("Wo ist mein Laptop?"))) == "de"
    assert detect_language(tokens(fold("Where is my laptop?"))) == "en"
    assert detect_language(tokens(fold("i han koi Netz"))) == "de"
    assert detect_language([]) == "de"


def test_analyse_gives_words_and_lemmas():
    a = analyse("Wann kriag i mei Läptop?")
    assert a.language == "de"
    assert "ich" in a.words and "mein" in a.words
    assert len(a.words) == len(a.lemmas)
