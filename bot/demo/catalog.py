"""The demo city's Ämter: code, name, head count at 15,000 staff, eAkte wave, and the positions in each.

Names follow the Landeshauptstadt Stuttgart as far as we know them; codes follow the usual
municipal numbering (10 Haupt- und Personalamt, 20 Stadtkämmerei, …) and may differ from the
city's own. Place-bound positions (field crews, counters, fire service operations, Kita staff)
are not eligible for mobile work (§ 2 of the sample agreement).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

# eAkte (DMS) roll-out: wave -> start, in days relative to the build day (pilots first).
WAVE_OFFSETS: dict[int, int] = {1: -730, 2: -400, 3: -120, 4: 90, 5: 270}
LEAD_TITLE = "Amtsleitung"
ENTERPRISE_LEAD_TITLE = "Betriebsleitung"
TEAM_LEAD_TITLE = "Sachgebietsleitung"
STAFF_PER_TEAM_LEAD = 14


@dataclass(frozen=True)
class Unit:
    """One Amt (or Eigenbetrieb) of the demo city."""

    code: str
    name: str
    head_count: int  # at 15,000 employees; scaled for smaller builds
    wave: int | None
    office: tuple[str, ...]  # positions that may work mobile
    place_bound: tuple[tuple[str, float], ...] = ()  # (position, share of the unit's staff)
    enterprise: bool = False

    @property
    def lead_title(self) -> str:
        return ENTERPRISE_LEAD_TITLE if self.enterprise else LEAD_TITLE


def eakte_start(wave: int | None, today: dt.date) -> dt.date | None:
    """The first day of the month in which the unit's eAkte wave starts."""
    if wave is None:
        return None
    day = today + dt.timedelta(days=WAVE_OFFSETS[wave])
    return day.replace(day=1)


U = Unit
UNITS: tuple[Unit, ...] = (
    U("10", "Haupt- und Personalamt", 420, 1,
      ("Sachbearbeitung Personal", "Sachbearbeitung Entgeltabrechnung", "Personalentwicklung",
       "Sachbearbeitung Organisation", "Ausbildungsleitung", "IT-Service (Help-Desk)"),
      (("Poststelle und Botendienst", 0.05),)),
    U("12", "Statistisches Amt", 90, 2,
      ("Statistik", "Sachbearbeitung Wahlen", "Datenanalyse", "Sachbearbeitung Bevölkerungsstatistik")),
    U("13", "Abteilung Kommunikation", 60, 3,
      ("Redaktion", "Öffentlichkeitsarbeit", "Social-Media-Redaktion")),
    U("14", "Rechnungsprüfungsamt", 80, 2,
      ("Prüfung", "IT-Revision", "Vergabeprüfung")),
    U("17", "Amt für Digitalisierung, Organisation und IT", 380, 1,
      ("IT-Systemadministration", "Anwendungsbetreuung", "IT-Projektleitung", "Softwareentwicklung",
       "Organisationsberatung"),
      (("IT-Technik vor Ort (Rollout)", 0.08),)),
    U("20", "Stadtkämmerei", 330, 1,
      ("Sachbearbeitung Haushalt", "Sachbearbeitung Steuern und Abgaben", "Stadtkasse – Sachbearbeitung",
       "Finanzcontrolling", "Vollstreckungsinnendienst"),
      (("Vollstreckungsaußendienst", 0.06), ("Kassenschalter Stadtkasse", 0.04))),
    U("23", "Liegenschaftsamt", 170, 2,
      ("Sachbearbeitung Grundstücksverkehr", "Immobilienbewertung", "Sachbearbeitung Mietverwaltung")),
    U("30", "Rechtsamt", 60, 2, ("Juristische Sachbearbeitung", "Sachbearbeitung Rechtsangelegenheiten")),
    U("32", "Amt für öffentliche Ordnung", 520, 3,
      ("Sachbearbeitung Gewerbe", "Sachbearbeitung Straßenverkehrsbehörde", "Sachbearbeitung Bußgeldstelle",
       "Sachbearbeitung Waffenrecht", "Sachbearbeitung Veterinärwesen"),
      (("Lebensmittelkontrolle (Außendienst)", 0.08), ("Verkehrsüberwachung", 0.15))),
    U("32-BB", "Bürgerbüros", 300, 5,
      ("Bürgerservice Backoffice",), (("Bürgerbüro Schalterdienst", 0.7),)),
    U("32-KFZ", "Kfz-Zulassungsbehörde", 130, 5,
      ("Sachbearbeitung Fahrerlaubnis",), (("Zulassung Schalterdienst", 0.35),)),
    U("32-ABH", "Ausländerbehörde", 200, 5,
      ("Sachbearbeitung Aufenthaltsrecht", "Sachbearbeitung Einbürgerung"),
      (("Service-Center Schalterdienst", 0.2),)),
    U("32-SVD", "Städtischer Vollzugsdienst", 150, 5,
      ("Einsatzplanung",), (("Vollzugsdienst (Streife)", 0.75),)),
    U("34", "Standesamt", 70, 3,
      ("Standesbeamtin/Standesbeamter", "Sachbearbeitung Personenstandswesen"),
      (("Urkundenservice Schalterdienst", 0.2),)),
    U("36", "Amt für Umweltschutz", 200, 3,
      ("Sachbearbeitung Immissionsschutz", "Sachbearbeitung Naturschutz", "Klimaschutzmanagement",
       "Sachbearbeitung Wasserwirtschaft", "Energieberatung"),
      (("Messtechnik (Außendienst)", 0.06),)),
    U("37", "Branddirektion", 1100, 5,
      ("Sachbearbeitung Verwaltung", "Vorbeugender Brandschutz", "Sachbearbeitung Bevölkerungsschutz"),
      (("Brandmeister/in Einsatzdienst", 0.5), ("Oberbrandmeister/in Einsatzdienst", 0.08),
       ("Integrierte Leitstelle (Disposition)", 0.05), ("Fahrzeugwerkstatt", 0.03))),
    U("40", "Schulverwaltungsamt", 900, 4,
      ("Sachbearbeitung Schulentwicklung", "Sachbearbeitung Schulbau", "Sachbearbeitung Schülerbeförderung"),
      (("Hausmeister/in Schule", 0.22), ("Schulsekretariat", 0.16), ("Mensabetreuung", 0.04))),
    U("41", "Kulturamt", 200, 4,
      ("Kulturförderung", "Sachbearbeitung Veranstaltungen", "Kuratorische Arbeit StadtPalais"),
      (("Museumsaufsicht", 0.12),)),
    U("42", "Stadtbibliothek", 280, 4,
      ("Lektorat", "Medienbearbeitung", "Bibliothekspädagogik"),
      (("Ausleihe und Information (Theke)", 0.35), ("Fahrbibliothek", 0.04))),
    U("47", "Stadtarchiv", 40, 4, ("Archivarische Sachbearbeitung", "Digitalisierung"), (("Lesesaalaufsicht", 0.1),)),
    U("50", "Sozialamt", 850, 3,
      ("Sachbearbeitung Hilfe zum Lebensunterhalt", "Sachbearbeitung Eingliederungshilfe", "Sachbearbeitung Wohngeld",
       "Sachbearbeitung Grundsicherung", "Fachstelle Wohnungsnotfälle"),
      (("Hausmeister/in Sozialunterkunft", 0.04), ("Betreuung Flüchtlingsunterkunft", 0.08))),
    U("51", "Jugendamt", 3600, 4,
      ("Allgemeiner Sozialer Dienst", "Sachbearbeitung Wirtschaftliche Jugendhilfe", "Kita-Verwaltung",
       "Sachbearbeitung Unterhaltsvorschuss", "Fachberatung Kindertagesbetreuung", "Beistandschaften"),
      (("Erzieher/in Kita", 0.36), ("Kinderpfleger/in Kita", 0.07), ("Kita-Leitung", 0.04),
       ("Hauswirtschaft Kita", 0.03))),
    U("52", "Amt für Sport und Bewegung", 130, 4,
      ("Sportförderung", "Sportstättenvergabe"), (("Platzwart/in Sportanlagen", 0.35),)),
    U("53", "Gesundheitsamt", 330, 3,
      ("Ärztlicher Dienst Gesundheitsschutz", "Sachbearbeitung Infektionsschutz", "Sozialmedizinische Assistenz",
       "Gesundheitsplanung"),
      (("Hygienekontrolle (Außendienst)", 0.06), ("Impfstelle", 0.06))),
    U("JC", "Jobcenter", 450, 4,
      ("Arbeitsvermittlung", "Leistungssachbearbeitung", "Fallmanagement"), (("Eingangszone Schalterdienst", 0.1),)),
    U("61", "Amt für Stadtplanung und Wohnen", 300, 2,
      ("Stadtplanung", "Bauleitplanung", "Wohnungsbauförderung", "Verkehrsplanung", "Stadterneuerung")),
    U("62", "Stadtmessungsamt", 200, 4,
      ("Geoinformation", "Liegenschaftskataster", "Bodenordnung"), (("Vermessungstrupp (Außendienst)", 0.25),)),
    U("63", "Baurechtsamt", 260, 2,
      ("Sachbearbeitung Baugenehmigung", "Bautechnische Prüfung", "Denkmalschutz"),
      (("Baukontrolle (Außendienst)", 0.08),)),
    U("65", "Hochbauamt", 250, 4,
      ("Projektleitung Hochbau", "Gebäudetechnik", "Bauunterhaltung", "Energiemanagement"),
      (("Handwerk Bauunterhaltung", 0.12),)),
    U("66", "Tiefbauamt", 700, 4,
      ("Straßenbau (Ingenieurwesen)", "Verkehrstechnik", "Brückenbau", "Straßenverwaltung"),
      (("Straßenwärter/in (Kolonne)", 0.28), ("Winterdienst und Straßenreinigung", 0.1),
       ("Lichtsignalanlagen (Außendienst)", 0.04))),
    U("67", "Garten-, Friedhofs- und Forstamt", 650, 5,
      ("Landschaftsarchitektur", "Friedhofsverwaltung", "Forst und Naturschutz", "Baumkataster"),
      (("Gärtner/in Grünflächenpflege", 0.32), ("Friedhofsgärtner/in", 0.1), ("Forstwirt/in", 0.06),
       ("Baumpflege", 0.04))),
    U("AWS", "Abfallwirtschaft Stuttgart (AWS)", 850, None,
      ("Gebühren und Veranlagung", "Tourenplanung", "Abfallberatung"),
      (("Müllwerker/in", 0.42), ("Berufskraftfahrer/in", 0.15), ("Wertstoffhof", 0.06)), True),
    U("SES", "Stadtentwässerung Stuttgart (SES)", 450, None,
      ("Kanalplanung", "Abwassergebühren", "Anlagentechnik"),
      (("Kanalbetrieb (Kolonne)", 0.3), ("Klärwerksbetrieb", 0.18)), True),
    U("ELW", "Eigenbetrieb leben & wohnen", 900, None,
      ("Heimverwaltung", "Sozialdienst", "Qualitätsmanagement"),
      (("Pflegefachkraft", 0.38), ("Pflegehilfskraft", 0.16), ("Hauswirtschaft", 0.06)), True),
    U("BBS", "Bäderbetriebe Stuttgart", 300, None,
      ("Bäderverwaltung",), (("Fachangestellte/r für Bäderbetriebe", 0.55), ("Kasse Bad", 0.15)), True),
    U("BZA", "Bezirksämter", 250, 5,
      ("Sachbearbeitung Bezirksamt", "Geschäftsstelle Bezirksbeirat"), (("Bürgerservice Bezirksamt (Schalter)", 0.35),)),
    U("GPR", "Gesamtpersonalrat", 30, 3, ("Personalratsarbeit (freigestellt)", "Geschäftsstelle Gesamtpersonalrat")),
    U("WF", "Wirtschaftsförderung", 50, 3, ("Wirtschaftsförderung", "Gründungsberatung")),
    U("IP", "Abteilung Integrationspolitik", 30, 3, ("Integrationsförderung", "Referat Integration")),
    U("MS", "Stuttgarter Musikschule", 150, 5, ("Musikschulverwaltung",), (("Musikschullehrkraft", 0.8),)),
)

BY_CODE: dict[str, Unit] = {u.code: u for u in UNITS}
BY_NAME: dict[str, Unit] = {u.name: u for u in UNITS}
