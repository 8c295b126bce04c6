"""Replies as Matrix content: Markdown to HTML plus a plain body, options as a numbered list."""
from bot.messages import Option, OutgoingMessage
from integrations.matrix.render import content


def message(text: str, *options: Option) -> OutgoingMessage:
    return OutgoingMessage("matrix", "@anna.schmid:localhost", text, options)


def test_markdown_becomes_html_and_the_body_stays_readable():
    rendered = content(message("Ihr Laptop **NB-104233** liegt bereit.\nAbholung: Rathaus"))
    assert rendered["msgtype"] == "m.text" and rendered["format"] == "org.matrix.custom.html"
    assert rendered["body"] == "Ihr Laptop **NB-104233** liegt bereit.\nAbholung: Rathaus"
    assert rendered["formatted_body"] == "<p>Ihr Laptop <strong>NB-104233</strong> liegt bereit.<br />\nAbholung: Rathaus</p>"


def test_options_are_a_numbered_list_in_both_forms():
    rendered = content(message("Was möchten Sie tun?", Option("Verlängern", "/extend"), Option("Nichts", "/deny")))
    assert rendered["body"] == "Was möchten Sie tun?\n\n1. Verlängern\n2. Nichts"
    assert rendered["formatted_body"].endswith("<ol>\n<li>Verlängern</li>\n<li>Nichts</li>\n</ol>")


def test_html_in_a_text_is_escaped_not_rendered():
    rendered = content(message('Sie schrieben: <img src="x" onerror="alert(1)">'))
    assert "<img" not in rendered["formatted_body"] and "&lt;img" in rendered["formatted_body"]
