"""SVG charts: an image with a title and a pointer to its table; suppressed bars are marked, not drawn."""
import xml.etree.ElementTree as ET

from bot.admin.charts import Bar, bar_chart

SVG = "{http://www.w3.org/2000/svg}"


def test_chart_is_a_labelled_image():
    svg = bar_chart([Bar("27.11.", 12, "12"), Bar("28.11.", None, "< 5")], "Nachrichten pro Tag", "c1")
    root = ET.fromstring(svg.replace("<svg ", '<svg xmlns="http://www.w3.org/2000/svg" ', 1))
    assert root.get("role") == "img" and root.get("aria-labelledby") == "c1-title"
    assert root.find(f"{SVG}title").text == "Nachrichten pro Tag"
    assert "Tabelle" in root.find(f"{SVG}desc").text
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "12" in texts and "< 5" in texts
    fills = [r.get("fill") for r in root.iter(f"{SVG}rect")]
    assert fills == ["#00508c", "none"]


def test_labels_are_escaped():
    assert "<b>" not in bar_chart([Bar("<b>", 1, "1")], "x", "c")
