"""Built-in lookup tables: canonical value -> surface forms (folded, lower-case)."""
from __future__ import annotations

ORG_UNITS: dict[str, tuple[str, ...]] = {
    "Haupt- und Personalamt": ("haupt- und personalamt", "haupt und personalamt", "hauptamt", "personalamt", "personalabteilung", "hupa", "hr-abteilung", "amt 10"),
    "Stadtkämmerei": ("stadtkämmerei", "kämmerei", "stadtkaemmerei", "finanzverwaltung", "amt 20"),
    "Amt für Umweltschutz": ("amt für umweltschutz", "umweltschutzamt", "umweltamt", "amt 36"),
    "Jugendamt": ("jugendamt", "jugendamts", "amt 51"),
    "Sozialamt": ("sozialamt", "amt für soziales", "amt 50"),
    "Gesundheitsamt": ("gesundheitsamt", "amt 53"),
    "Tiefbauamt": ("tiefbauamt", "tiefbauamts", "amt 66"),
    "Hochbauamt": ("hochbauamt", "amt 65"),
    "Baurechtsamt": ("baurechtsamt", "bauamt", "amt 63"),
    "Branddirektion": ("branddirektion", "feuerwehr", "berufsfeuerwehr", "amt 37"),
    "Amt für öffentliche Ordnung": ("amt für öffentliche ordnung", "ordnungsamt", "amt 32"),
    "Statistisches Amt": ("statistisches amt", "statistikamt", "amt 12"),
    "Rechnungsprüfungsamt": ("rechnungsprüfungsamt", "rpa", "amt 14"),
    "Schulverwaltungsamt": ("schulverwaltungsamt", "schulamt", "amt 40"),
    "Amt für Stadtplanung und Wohnen": ("amt für stadtplanung und wohnen", "stadtplanungsamt", "stadtplanung", "amt 61"),
    "Stadtmessungsamt": ("stadtmessungsamt", "vermessungsamt", "amt 62"),
    "Garten-, Friedhofs- und Forstamt": ("garten-, friedhofs- und forstamt", "garten- friedhofs- und forstamt", "gartenamt", "friedhofsamt", "forstamt", "amt 67"),
    "Amt für Sport und Bewegung": ("amt für sport und bewegung", "sportamt", "amt 52"),
    "Kulturamt": ("kulturamt", "amt 41"),
    "Liegenschaftsamt": ("liegenschaftsamt", "amt für liegenschaften", "amt 23"),
    "Standesamt": ("standesamt", "amt 34"),
    "Stadtbibliothek": ("stadtbibliothek", "bibliothek", "bücherei"),
    "Abfallwirtschaft Stuttgart": ("abfallwirtschaft stuttgart", "abfallwirtschaft", "aws", "müllabfuhr"),
    "Bürgerbüro": ("bürgerbüro", "bürgerbüros", "buergerbuero"),
    "Stadtentwässerung": ("stadtentwässerung", "ses"),
    "Amt für Digitalisierung, Organisation und IT": ("amt für digitalisierung, organisation und it", "amt für digitalisierung", "digitalisierungsamt", "it-amt", "doit"),
}

DEVICE_TYPES: dict[str, tuple[str, ...]] = {
    "laptop": ("laptop", "laptops", "notebook", "notebooks", "läppi", "lappi", "lapi", "leptop", "labtop", "thinkpad", "dienstrechner", "rechner", "computer", "pc"),
    "monitor": ("monitor", "bildschirm", "zweitbildschirm", "zweitmonitor", "screen", "display", "moni", "bildschirme", "monitore", "monitors", "screens", "monitoren", "bildschirmen"),
    "headset": ("headset", "kopfhörer", "headsets", "headphones", "kopfhoerer", "hörer", "earphones", "headphone"),
    "docking_station": ("dockingstation", "docking station", "docking-station", "docking", "dock", "andockstation", "port replicator", "portreplikator", "docking stations", "dockingstations"),
    "smartphone": ("smartphone", "handy", "diensthandy", "mobiltelefon", "telefon", "phone", "iphone", "mobile phone", "smartphones", "handys"),
}
# Compound heads: "Dienstlaptop", "Ersatzmonitor", "USB-Headset" end with these.
DEVICE_HEADS = ("laptop", "notebook", "monitor", "bildschirm", "headset", "dockingstation", "handy", "smartphone", "telefon", "rechner")

WEEKDAYS: dict[str, tuple[str, ...]] = {
    "mon": ("montag", "montags", "monday", "mondays", "mäntig", "mändig", "maendig", "maentig"),
    "tue": ("dienstag", "dienstags", "tuesday", "tuesdays", "zeischdig", "dinschdig", "daeschdig"),
    "wed": ("mittwoch", "mittwochs", "wednesday", "wednesdays", "mittwoh", "mitwoch"),
    "thu": ("donnerstag", "donnerstags", "thursday", "thursdays", "donnschdig", "dunnschdig", "donnerschdag"),
    "fri": ("freitag", "freitags", "friday", "fridays", "freidig", "friedig", "friddig", "freidag"),
    "sat": ("samstag", "samstags", "sonnabend", "saturday", "saturdays"),
    "sun": ("sonntag", "sonntags", "sunday", "sundays"),
}
WEEKDAY_ABBREVIATIONS = {
    "mo": "mon", "di": "tue", "mi": "wed", "do": "thu", "fr": "fri", "sa": "sat",
    "mon": "mon", "tue": "tue", "tues": "tue", "wed": "wed", "thu": "thu", "thur": "thu", "thurs": "thu", "fri": "fri",
}

FIRST_NAMES = frozenset(
    """anna julia sabine petra claudia maria laura lena lea sarah sara lisa katharina christina
    sandra andrea stefanie nicole susanne monika birgit martina nina jana elena sophie sophia marie
    emma mia hannah hanna lara ayse fatma elif zeynep emine johanna franziska melanie tanja kerstin
    heike ute ulrike silke anja karin gabriele renate barbara eva ines jessica vanessa miriam carina
    mehmet thomas lukas michael andreas stefan markus martin peter klaus jürgen juergen frank uwe
    christian daniel tobias alexander jan jonas felix maximilian max paul leon david florian simon
    sebastian matthias dominik patrick philipp moritz niklas tim tom ali mustafa ahmet murat hans
    wolfgang dieter manfred bernd joachim ralf oliver sven dirk holger kai jens marco mario luca
    john james robert mary jennifer linda susan karen william richard joseph charles emily olivia
    """.split()
)
