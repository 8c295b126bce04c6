"""CSV import from and export to the city's real systems (HR agreement database, IT inventory)."""
from bot.csvio.columns import KINDS, SPECS, Kind
from bot.csvio.exporter import export_csv
from bot.csvio.importer import ImportReport, import_csv

__all__ = ["KINDS", "SPECS", "ImportReport", "Kind", "export_csv", "import_csv"]
