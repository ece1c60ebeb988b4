"""Bar charts for the pages as plain HTML (st.html): a title, one row per category, a bar whose
width is its share of the longest, and the value written in French in a column of its own.

Why not plotly here: the territory page's charts are simple ranked bars, and plotly.js costs
about as much Chromium CPU as the rest of that page together on a PC without GPU (issue 12). HTML
bars are text the browser lays out: names wrap instead of being cut, a screen reader reads them,
nothing is drawn on a canvas. The slides draw their side bars with it on screen; their PNG/PDF
exports keep the plotly bars (tidash.charts), which kaleido draws. Every text is escaped here:
st.html also sanitises."""
from __future__ import annotations

import html

import pandas as pd

from tidash import formatting as fmt
from tidash.charts import OKABE_ITO

# Our stylesheet for these bars (ui.page_style adds it once per page; no data in it). One grid for
# the whole chart: the names, one bar track and the values each get a column, the values' column
# as wide as the longest value, so every bar shares one scale and no value is ever cut or drawn
# on a colour it does not read on.
BARS_CSS = """
.ti-bars { margin: 0 0 1rem 0; font-size: 15px; color: #222222; }
.ti-bars figcaption { font-size: 18px; font-weight: 600; margin-bottom: 0.5rem; line-height: 1.3; }
.ti-bars-legend { display: flex; flex-wrap: wrap; gap: 4px 14px; margin-bottom: 0.4rem; }
.ti-bars-legend i { display: inline-block; width: 16px; height: 12px; margin-right: 6px; vertical-align: -1px; }
.ti-bars-grid { display: grid; grid-template-columns: minmax(6rem, 38%) minmax(3rem, 1fr) max-content;
                column-gap: 10px; row-gap: 5px; align-items: center; }
.ti-bars-label { grid-column: 1; line-height: 1.25; overflow-wrap: anywhere; display: -webkit-box;
                 -webkit-box-orient: vertical; -webkit-line-clamp: 3; overflow: hidden; }
.ti-bars-track { grid-column: 2; height: 22px; }
.ti-bars-bar { height: 100%; min-width: 2px; }
.ti-bars-value { grid-column: 3; text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
.ti-bars-first { margin-top: 4px; }
.ti-bars-slide { font-size: clamp(18px, 1.1vw, 21px); line-height: 1.15; margin: 0; }
.ti-bars-slide figcaption { font-size: inherit; margin-bottom: 0.15rem; }
.ti-bars-slide .ti-bars-grid { row-gap: 3px; grid-template-columns: minmax(6rem, 56%) minmax(3rem, 1fr) max-content; }
.ti-bars-slide .ti-bars-first { margin-top: 0; }
.ti-bars-slide .ti-bars-label { -webkit-line-clamp: 1; line-height: 1.15; }
.ti-bars-slide .ti-bars-track { height: 0.9em; }
"""


def _top(values) -> float:
    known = [float(v) for v in values if pd.notna(v)]
    return max([0.0, *known])


def _category(name, bars: list[tuple[float, str, str, str]], top: float) -> str:
    """A category's name (spanning its bars' rows) and, per bar (value, text, colour, hover), a
    track with the bar (none for a missing value: « — » is written, never a bar at 0) and the value."""
    # A long name stops after three lines (« … »); its title gives it whole.
    cells = [f'<div class="ti-bars-label ti-bars-first" style="grid-row:span {len(bars)}" '
             f'title="{html.escape(str(name))}">{html.escape(str(name))}</div>']
    for index, (value, text, colour, hover) in enumerate(bars):
        first = " ti-bars-first" if index == 0 else ""
        bar = ""
        if pd.notna(value) and top > 0:
            bar = (f'<div class="ti-bars-bar" style="width:{100 * max(float(value), 0.0) / top:.1f}%;'
                   f'background:{colour}"></div>')
        title = html.escape(hover)
        cells.append(f'<div class="ti-bars-track{first}" title="{title}">{bar}</div>'
                     f'<div class="ti-bars-value{first}" title="{title}">{html.escape(text)}</div>')
    return "".join(cells)


def _figure(title: str, legend: str, cells: list[str], css_class: str = "") -> str:
    return (f'<figure class="ti-bars {css_class}" aria-label="{html.escape(title)}">'
            f'<figcaption>{html.escape(title)}</figcaption>{legend}<div class="ti-bars-grid">{"".join(cells)}</div></figure>')




def _text(value, value_format, missing: str) -> str:
    return missing if pd.isna(value) else value_format(value)


def horizontal_bars(frame: pd.DataFrame, label: str, value: str, title: str, value_format=fmt.euros,
                    colour: str = OKABE_ITO[0], css_class: str = "", missing: str = fmt.NO_DATA,
                    colour_column: str | None = None) -> str:
    """One bar per row of `frame`, the longest first; a missing value last, written (`missing`),
    not drawn. `colour_column`: a column of `frame` giving each bar its colour (as its map's legend
    does), else every bar is `colour`. `css_class`: « ti-bars-slide » for a slide's side box
    (its own type, tighter rows)."""
    frame = frame.sort_values(value, ascending=False, na_position="last")
    top = _top(frame[value])
    cells = []
    bar_colours = frame[colour_column] if colour_column else [colour] * len(frame)
    for name, v, c in zip(frame[label], frame[value], bar_colours):
        text = _text(v, value_format, missing)
        cells.append(_category(name, [(v, text, c, f"{name} : {text}")], top))
    return _figure(title, "", cells, css_class)


def grouped_bars(frame: pd.DataFrame, category: str, series: list[tuple[str, str]], title: str,
                 value_format=fmt.euros, missing: str = fmt.NO_DATA) -> str:
    """One group per category (in the frame's order: years stay in order), one bar per series,
    a legend when there are several series. All bars share one scale."""
    top = _top(frame[[column for column, _ in series]].to_numpy().ravel())
    colours = [OKABE_ITO[i % len(OKABE_ITO)] for i in range(len(series))]
    legend = ""
    if len(series) > 1:
        legend = '<div class="ti-bars-legend">' + "".join(
            f'<span><i style="background:{c}"></i>{html.escape(name)}</span>'
            for (_, name), c in zip(series, colours)) + "</div>"
    cells = [_category(row[category], [(row[column], _text(row[column], value_format, missing), c,
                                        f"{row[category]} · {name} : {_text(row[column], value_format, missing)}")
                                       for (column, name), c in zip(series, colours)], top)
             for _, row in frame.iterrows()]
    return _figure(title, legend, cells)
