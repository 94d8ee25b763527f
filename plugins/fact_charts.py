"""fact_charts: SVG line charts of a program's figures, drawn at build time.

One chart per metric and region with figures for two or more periods. The
SVG is an image with a title and a description that reads out every point,
sized by its viewBox so it fits a phone; the facts table stays beside it.
No JavaScript.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from html import escape
from itertools import groupby

from markupsafe import Markup
from pelican import signals

from indonesian import angka

WIDTH, HEIGHT = 360, 220
LEFT, RIGHT, TOP, BOTTOM = 58, 16, 16, 34


@dataclass
class Chart:
    id: str
    title: str
    description: str
    svg: Markup
    points: list  # (period label, value)


def nice_ceiling(value: float) -> float:
    """The smallest 1, 2 or 5 times a power of ten that is >= value."""
    if value <= 0:
        return 1
    power = 10 ** math.floor(math.log10(value))
    return next(step * power for step in (1, 2, 5, 10) if step * power >= value)


def line_chart(chart_id: str, title: str, unit: str, points: list[tuple]) -> Chart:
    """points: (date, period label, value), any order. Returns the Chart with its SVG."""
    points = sorted(points)
    dates = [p[0].toordinal() for p in points]
    top = nice_ceiling(max(p[2] for p in points))
    span = (max(dates) - min(dates)) or 1
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(day):
        return LEFT + (plot_w / 2 if len(set(dates)) == 1 else (day - min(dates)) / span * plot_w)

    def y(value):
        return TOP + plot_h - value / top * plot_h

    description = f"{title}, dalam {unit}: " + "; ".join(f"{label}: {angka(v)}" for _, label, v in points) + "."
    parts = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-labelledby="{chart_id}-judul {chart_id}-uraian" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{chart_id}-judul">{escape(title)}</title>',
        f'<desc id="{chart_id}-uraian">{escape(description)}</desc>',
    ]
    for i in range(5):  # horizontal grid with values
        value = top * i / 4
        parts.append(f'<line class="grid" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(value):.1f}" y2="{y(value):.1f}"/>')
        parts.append(f'<text class="tick" x="{LEFT - 6}" y="{y(value) + 4:.1f}" text-anchor="end">{angka(value)}</text>')
    coords = " ".join(f"{x(d):.1f},{y(p[2]):.1f}" for d, p in zip(dates, points))
    parts.append(f'<polyline class="line" points="{coords}"/>')
    for day, (_, label, value) in zip(dates, points):
        parts.append(f'<circle class="point" cx="{x(day):.1f}" cy="{y(value):.1f}" r="4" '
                     f'data-period="{escape(label)}" data-value="{value}"/>')
        parts.append(f'<text class="tick" x="{x(day):.1f}" y="{HEIGHT - 12}" text-anchor="middle">{escape(label)}</text>')
    parts.append("</svg>")
    return Chart(chart_id, title, description, Markup("".join(parts)), [(label, value) for _, label, value in points])


def charts_for(facts) -> list[Chart]:
    """A chart for every metric and region that has figures for two or more periods.
    Where two reports give a period, the most recent report's value is drawn."""
    key = lambda f: (f.label, f.unit, f.region.title, f.metric, f.region.slug)  # noqa: E731
    charts = []
    for (label, unit, region, metric, region_slug), group in groupby(sorted(facts, key=key), key=key):
        by_period = {}
        for fact in sorted(group, key=lambda f: f.report.date):
            by_period[fact.period] = (fact.period_start, fact.period, fact.value)
        if len(by_period) >= 2:
            charts.append(line_chart(f"grafik-{metric}-{region_slug}", f"{label}, {region}", unit,
                                     list(by_period.values())))
    return charts


def add_global(generator) -> None:
    generator.env.globals["fact_charts"] = charts_for


def register():
    signals.generator_init.connect(add_global)
