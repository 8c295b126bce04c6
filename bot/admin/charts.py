"""Bar charts as server-side SVG (no script). Each chart is an image whose numbers a table repeats."""
from __future__ import annotations

from dataclasses import dataclass
from html import escape

WIDTH, HEIGHT, PAD_BOTTOM, PAD_TOP = 640, 220, 36, 20
BAR = "#00508c"  # 8:1 on white: bars are UI parts that need 3:1
INK = "#1a1a1a"


@dataclass(frozen=True)
class Bar:
    label: str  # under the bar, e.g. "28.11."
    value: int | None  # None: suppressed (fewer than 5 employees)
    shown: str  # the text above the bar ("12", "< 5")


def bar_chart(bars: list[Bar], title: str, chart_id: str) -> str:
    """An SVG bar chart; suppressed bars are drawn as an outlined stub marked "< 5"."""
    top = max([b.value for b in bars if b.value] or [1])
    slot = WIDTH / max(len(bars), 1)
    inner = HEIGHT - PAD_BOTTOM - PAD_TOP
    parts = []
    for i, bar in enumerate(bars):
        x = i * slot + slot * 0.15
        w = slot * 0.7
        h = 4 if bar.value is None else max(round(inner * bar.value / top), 1 if bar.value else 0)
        y = HEIGHT - PAD_BOTTOM - h
        fill = "none" if bar.value is None else BAR
        parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h}" fill="{fill}" '
                     f'stroke="{BAR}" stroke-width="1"/>')
        parts.append(f'<text x="{x + w / 2:.1f}" y="{y - 4:.1f}" text-anchor="middle" font-size="11" '
                     f'fill="{INK}">{escape(bar.shown)}</text>')
        parts.append(f'<text x="{x + w / 2:.1f}" y="{HEIGHT - PAD_BOTTOM + 16}" text-anchor="middle" '
                     f'font-size="11" fill="{INK}">{escape(bar.label)}</text>')
    baseline = HEIGHT - PAD_BOTTOM
    return (f'<svg class="chart" id="{chart_id}" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
            f'aria-labelledby="{chart_id}-title" aria-describedby="{chart_id}-desc" '
            f'preserveAspectRatio="xMidYMid meet" focusable="false">'
            f'<title id="{chart_id}-title">{escape(title)}</title>'
            f'<desc id="{chart_id}-desc">Balkendiagramm; dieselben Zahlen stehen in der Tabelle darunter.</desc>'
            f'<line x1="0" y1="{baseline}" x2="{WIDTH}" y2="{baseline}" stroke="{INK}" stroke-width="1"/>'
            + "".join(parts) + "</svg>")
