"""The deck as a PDF (one landscape 1920×1080 page per slide) and any figure as PNG, made
offline by kaleido driving the system Chromium (no MathJax, plotly.js from the package)."""
from __future__ import annotations

import io
import os
import tempfile
from pathlib import Path

import plotly.graph_objects as go

from tidash import paths
from tidash.briefing.slides import Slide

WIDTH, HEIGHT = 1920, 1080
PNG_HEIGHT = 1000
CHROMIUM = "/usr/bin/chromium"
KALEIDO_OPTIONS = {"mathjax": False}
# The maps are plotly `geo` (SVG): plotly.js asks for a world topojson even with every base layer
# hidden, from a CDN unless told where; the empty local files served to the pages.
TOPOJSON = (paths.PROJECT_ROOT / "static" / "topojson").as_uri() + "/"


def _browser_env() -> None:
    if Path(CHROMIUM).exists():
        os.environ.setdefault("BROWSER_PATH", CHROMIUM)


def slide_figure(slide: Slide, number: int, total: int, data_date: str) -> go.Figure:
    """One slide composed into a single figure: title, KPIs, main chart or map, side chart, table."""
    figure = go.Figure()
    notes = [
        dict(text=f"<b>{_escape(slide.title)}</b>", x=0.0, y=1.0, xanchor="left", yanchor="top", font=dict(size=44)),
        dict(text=_escape(slide.subtitle), x=0.0, y=0.935, xanchor="left", yanchor="top", font=dict(size=22, color="#444")),
        dict(text=f"{number} / {total} · {_escape(data_date)}", x=1.0, y=0.0, xanchor="right", yanchor="bottom",
             font=dict(size=20, color="#444")),
    ]
    for index, (label, value) in enumerate(slide.kpis):
        x = (index + 0.5) / len(slide.kpis)
        notes.append(dict(text=f"<b>{_escape(value)}</b>", x=x, y=0.86, xanchor="center", yanchor="top", font=dict(size=54)))
        notes.append(dict(text=_escape(label), x=x, y=0.775, xanchor="center", yanchor="top", font=dict(size=22, color="#333")))
    if slide.message:
        alone = not slide.has_main
        notes.append(dict(text=_wrap(_escape(slide.message), 80 if alone else 150), x=0.5 if alone else 0.0,
                          y=0.45 if alone else 0.0, xanchor="center" if alone else "left",
                          yanchor="middle" if alone else "bottom", align="left",
                          font=dict(size=28 if alone else 16, color="#333")))
    top = 0.70 if slide.kpis else 0.88
    side = slide.export_side() if slide.export_side is not None else None
    right_column = side is not None or slide.table is not None
    main_x = [0.0, 0.56] if right_column else [0.0, 1.0]
    main = slide.export_figure()
    if main is not None:
        _place(figure, main, main_x, [0.07, top], axis_suffix="")
    if side is not None:
        _place(figure, side, [0.84, 1.0], [0.42, top], axis_suffix="2")
        side_title = side.layout.title.text  # _place copies traces and axes, not the title
        if side_title:
            notes.append(dict(text=f"<b>{_escape(side_title)}</b>", x=0.66, y=top + 0.005, xanchor="left",
                              yanchor="bottom", font=dict(size=18)))
    if slide.table is not None:
        table_y = [0.06, 0.36] if side is not None else [0.06, top - 0.04]
        figure.add_trace(go.Table(
            domain=dict(x=[0.66, 1.0], y=table_y),
            header=dict(values=[f"<b>{_escape(c)}</b>" for c in slide.table.columns], font=dict(size=18),
                        fill_color="#e8eef5", line_color="#cccccc", align="left", height=36),
            cells=dict(values=[[_escape(v) for v in slide.table[c]] for c in slide.table.columns],
                       font=dict(size=17, color="#111111"), fill_color="white", line_color="#cccccc",
                       align="left", height=34),
        ))
        if slide.table_title:
            notes.append(dict(text=f"<b>{_wrap(_escape(slide.table_title), 60)}</b>", x=0.66, y=table_y[1] + 0.005,
                              xanchor="left", yanchor="bottom", font=dict(size=20)))
    if main is not None:  # what a point's size means, at the top of the map's box
        shapes, size_notes = size_legend(main, main_x[0], top, (WIDTH - 100, HEIGHT - 80))
        figure.update_layout(shapes=shapes)
        notes += size_notes
    if not any(t.type in ("bar", "scatter") for t in figure.data):
        figure.update_layout(xaxis_visible=False, yaxis_visible=False)
    figure.update_layout(width=WIDTH, height=HEIGHT, separators=", ", paper_bgcolor="white", plot_bgcolor="white",
                         margin=dict(l=50, r=50, t=40, b=40), showlegend=bool(figure.layout.showlegend), font=dict(size=20),
                         annotations=[{**n, "xref": "paper", "yref": "paper", "showarrow": False} for n in notes])
    return figure


LEGEND_FONT = 16  # px, as the map's own legend in the export
_CHAR_PX = 0.55 * LEGEND_FONT  # a character's average width in that type (no text measuring without a browser)


def size_legend(map_figure: go.Figure, left: float, top: float, paper_px: tuple[int, int]) -> tuple[list, list]:
    """The point-size legend of a points map (maps.size_legend, in its layout.meta) as plotly shapes
    and annotations: one row on a white band from `left`, under `top` (paper units of a figure
    whose plotting area is `paper_px`), circles at their radius in pixels as the map's points.
    Left-aligned: text widths are estimated (no browser to measure them), so an error only moves
    the row's right end. ([], []) when the map has none."""
    meta = map_figure.layout.meta
    sizes = meta.get("size_legend") if isinstance(meta, dict) else None
    if not sizes:
        return [], []
    width, height = paper_px
    biggest = max(r for r, _ in sizes["entries"])
    row = [(None, sizes["title"])] + [(r, text) for r, text in sizes["entries"]]
    widths = [len(text) * _CHAR_PX + (2 * r + 6 if r else 0) + 16 for r, text in row]
    x = left * width + 8  # pixels from the plotting area's left edge
    middle = top * height - biggest - 10
    shapes = [dict(type="rect", xref="paper", yref="paper", x0=left, x1=(x + sum(widths)) / width,
                   y0=(middle - biggest - 6) / height, y1=(middle + biggest + 6) / height,
                   fillcolor="rgba(255,255,255,0.9)", line=dict(width=0), layer="above")]
    notes = []
    for (radius, text), step in zip(row, widths):
        text_x = x
        if radius:
            shapes.append(dict(type="circle", xref="paper", yref="paper", xsizemode="pixel", ysizemode="pixel",
                               xanchor=(x + radius) / width, yanchor=middle / height, x0=-radius, x1=radius,
                               y0=-radius, y1=radius, fillcolor="rgba(120,120,120,0.35)",
                               line=dict(color="#555555", width=1), layer="above"))
            text_x = x + 2 * radius + 6
        notes.append(dict(text=_escape(text), x=text_x / width, y=middle / height, xanchor="left", yanchor="middle",
                          font=dict(size=LEGEND_FONT, color="#222222"), xref="paper", yref="paper", showarrow=False))
        x += step
    return shapes, notes


def _wrap(text: str, width: int) -> str:
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + len(word) + 1 > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return "<br>".join([*lines, line])


def _escape(text) -> str:
    """Plotly annotations read HTML-like tags: data text is escaped."""
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _place(target: go.Figure, source: go.Figure, x: list[float], y: list[float], axis_suffix: str) -> None:
    layout = source.layout
    is_map = any(t.type in ("choropleth", "scattergeo") for t in source.data)
    for trace in source.data:
        if is_map:
            target.add_trace(trace)
        else:
            target.add_trace(trace.update(xaxis=f"x{axis_suffix}", yaxis=f"y{axis_suffix}"))
    if is_map:
        target.update_layout(geo={**layout.geo.to_plotly_json(), "domain": {"x": x, "y": y}})
        target.update_traces(selector=lambda t: t.type == "choropleth" and t.showscale is not False,
                             colorbar=dict(x=x[1], y=sum(y) / 2, len=0.9 * (y[1] - y[0])))
        if layout.showlegend:  # the map's own legend (statuses, funds), moved with it into its box
            legend = layout.legend.to_plotly_json()
            target.update_layout(showlegend=True, legend={
                **legend, "x": x[0] + legend.get("x", 0) * (x[1] - x[0]), "y": y[0] + legend.get("y", 0) * (y[1] - y[0])})
    else:
        target.layout[f"xaxis{axis_suffix}"] = {**layout.xaxis.to_plotly_json(), "domain": x,
                                                "anchor": f"y{axis_suffix}"}
        target.layout[f"yaxis{axis_suffix}"] = {**layout.yaxis.to_plotly_json(), "domain": y,
                                                "anchor": f"x{axis_suffix}", "automargin": True}


def figures_to_pdf(figures: list[go.Figure]) -> bytes:
    """One PDF page per figure, rendered in one Chromium session, merged in order."""
    import kaleido
    from pypdf import PdfWriter

    _browser_env()
    with tempfile.TemporaryDirectory() as folder:
        pages = [Path(folder) / f"page_{i:03d}.pdf" for i in range(len(figures))]
        specs = [{"fig": f, "path": str(p), "opts": {"format": "pdf", "width": WIDTH, "height": HEIGHT},
                  "topojson": TOPOJSON} for f, p in zip(figures, pages)]
        errors = kaleido.write_fig_from_object_sync(specs, kopts=KALEIDO_OPTIONS, cancel_on_error=True)
        if errors:
            raise RuntimeError(f"export PDF : {errors}")
        writer = PdfWriter()
        for page in pages:
            writer.append(str(page))
        buffer = io.BytesIO()
        writer.write(buffer)
        return buffer.getvalue()


def titled(slide: Slide, data_date: str) -> go.Figure:
    """The slide's map or chart alone, with its title, scope and sources: a PNG that says what it shows."""
    figure = go.Figure(slide.export_figure())
    figure.update_layout(
        title=dict(text=f"<b>{_escape(slide.title)}</b><br><span style='font-size:20px'>{_escape(slide.subtitle)}"
                        "</span>", x=0.01, xanchor="left", y=0.95, yanchor="top", font=dict(size=30)),
        margin=dict(l=20, r=20, t=120, b=60), showlegend=False)
    sources = data_date.removeprefix("Données : ")
    figure.add_annotation(text=_escape(f"Sources : {sources} · Territoires d'industrie — tableau de bord"),
                          x=0.0, y=-0.02, xref="paper", yref="paper", xanchor="left", yanchor="top",
                          showarrow=False, font=dict(size=18, color="#333333"))
    shapes, notes = size_legend(figure, 0.0, 1.0, (WIDTH - 40, PNG_HEIGHT - 180))  # layout.meta is copied
    for shape in shapes:
        figure.add_shape(shape)
    for note in notes:
        figure.add_annotation(note)
    return figure


def figure_png(figure: go.Figure, width: int = WIDTH, height: int = PNG_HEIGHT) -> bytes:
    import kaleido

    _browser_env()
    return kaleido.calc_fig_sync(figure, opts={"format": "png", "width": width, "height": height},
                                 kopts=KALEIDO_OPTIONS, topojson=TOPOJSON)


def deck_pdf(slides: list[Slide], data_date: str | list[str]) -> bytes:
    """``data_date``: one line for every slide, or one per slide (each names the sources it counts)."""
    dates = [data_date] * len(slides) if isinstance(data_date, str) else data_date
    return figures_to_pdf([slide_figure(s, i + 1, len(slides), d) for i, (s, d) in enumerate(zip(slides, dates))])
