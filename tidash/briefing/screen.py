"""Drawing a slide on a meeting-room screen (1920×1080 read from 4–5 m): big type, high
contrast, nothing to scroll. Data text is HTML-escaped before it enters the page."""
from __future__ import annotations

import html

import streamlit as st

from tidash import html_bars
from tidash.briefing.slides import Slide

# Drawn for 1920×1080. A smaller screen (1366×768 laptop, 1600×900 projector) gets the texts
# scaled (zoom) and the charts in boxes sized from the screen height, so the slide, its buttons
# and its date fit without scrolling. Plotly charts are not zoomed: Streamlit measures their
# width on screen, a zoomed chart would be shrunk twice. The page is one column as high as the
# screen, its buttons pushed to the bottom: they stay where they are on every slide, a text-only
# slide included (they rose by 80–120 px there). (No CSS comments below: st.markdown would read
# their asterisks as emphasis and break the next rule.)
CSS = """
<style>
[data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stSidebar"],
[data-testid="stSidebarCollapsedControl"], [data-testid="stDecoration"], footer { display: none !important; }
[data-testid="stMainBlockContainer"], .block-container { padding: 1.2rem 2.2rem 0.9rem 2.2rem !important; max-width: 100% !important; }
html, body, [data-testid="stApp"] { font-size: 28px; color: #111; background: #fff; }
.slide-title { font-size: 54px; font-weight: 700; line-height: 1.1; margin: 0; color: #0b2545; }
.slide-subtitle { font-size: 28px; color: #333; margin: 0.2rem 0 0.6rem 0; }
.slide-dates { font-size: 0.85em; }
.kpi-row { display: flex; gap: 18px; margin: 0 0 0.6rem 0; }
.kpi { flex: 1; border: 3px solid #0072B2; border-radius: 12px; padding: 8px 16px; background: #f3f8fc; }
.kpi-value { font-size: 64px; font-weight: 700; line-height: 1.1; color: #0b2545; white-space: nowrap; }
.kpi-label { font-size: 28px; color: #222; }
.slide-table { width: 100%; border-collapse: collapse; font-size: 28px; line-height: 1.2; }
.slide-table th, .slide-table td { border-bottom: 2px solid #ccd; padding: 3px 8px; text-align: left; }
.slide-table td:last-child, .slide-table th:last-child { white-space: nowrap; }
.slide-table th { background: #e8eef5; }
.slide-message { font-size: 34px; color: #111; margin-top: 2rem; max-width: 70%; }
.slide-note { font-size: 28px; color: #333; }
.slide-footer { font-size: 28px; color: #222; line-height: 1.2; }
/* Streamlit gives Markdown a negative bottom margin: centred beside the buttons, the footer hung ≈ 10 px below them. */
[data-testid="stMarkdownContainer"]:has(> .slide-footer) { margin-bottom: 0; }
[data-testid="stButton"] button p, [data-testid="stDownloadButton"] button p { font-size: 28px; }
.st-key-slide_main { height: calc(100vh - 540px) !important; }
.st-key-slide_main_tall { height: calc(100vh - 420px) !important; }
.st-key-slide_main, .st-key-slide_main_tall, .st-key-slide_side { overflow: hidden; flex: 0 0 auto !important; }
.st-key-slide_side { height: 250px !important; max-height: 250px !important; }
[data-testid="stMainBlockContainer"] { min-height: 100vh; box-sizing: border-box; display: flex; flex-direction: column; }
[data-testid="stMainBlockContainer"] > [data-testid="stVerticalBlock"] { flex: 1 0 auto; }
[data-testid="stMainBlockContainer"] > [data-testid="stVerticalBlock"] > [data-testid="stLayoutWrapper"]:has(.slide-footer) { flex: 1 0 auto; }
[data-testid="stMainBlockContainer"] > [data-testid="stVerticalBlock"] > [data-testid="stLayoutWrapper"]:has(.slide-footer) > [data-testid="stVerticalBlock"] { flex: 1 0 auto; }
[data-testid="stLayoutWrapper"]:has(> [data-testid="stHorizontalBlock"] .slide-footer) { margin-top: auto; }
@media (max-width: 1919px), (max-height: 1079px) {
  .slide-text, .kpi-row, .slide-table-box, [data-testid="stHorizontalBlock"]:has(.slide-footer) { zoom: 0.9; }
  .st-key-slide_main { height: calc(100vh - 513px) !important; }
  .st-key-slide_main_tall { height: calc(100vh - 405px) !important; }
  .st-key-slide_side { height: 240px !important; max-height: 240px !important; }
}
@media (max-width: 1727px), (max-height: 971px) {
  .slide-text, .kpi-row, .slide-table-box, [data-testid="stHorizontalBlock"]:has(.slide-footer) { zoom: 0.8; }
  .st-key-slide_main { height: calc(100vh - 486px) !important; }
  .st-key-slide_main_tall { height: calc(100vh - 390px) !important; }
  .st-key-slide_side { height: 215px !important; max-height: 215px !important; }
}
@media (max-width: 1535px), (max-height: 863px) {
  .slide-text, .kpi-row, .slide-table-box, [data-testid="stHorizontalBlock"]:has(.slide-footer) { zoom: 0.7; }
  .st-key-slide_main { height: calc(100vh - 395px) !important; }
  .st-key-slide_main_tall { height: calc(100vh - 375px) !important; }
  .st-key-slide_side { height: 195px !important; max-height: 195px !important; }
}
@media (max-width: 1343px), (max-height: 755px) {
  .slide-text, .kpi-row, .slide-table-box, [data-testid="stHorizontalBlock"]:has(.slide-footer) { zoom: 0.6; }
  .st-key-slide_main { height: calc(100vh - 432px) !important; }
  .st-key-slide_main_tall { height: calc(100vh - 360px) !important; }
  .st-key-slide_side { height: 170px !important; max-height: 170px !important; }
}
</style>
"""


def style() -> None:
    st.markdown(CSS, unsafe_allow_html=True)  # our own stylesheets, no data in them
    st.html(f"<style>{html_bars.BARS_CSS}</style>")


def header(slide: Slide, dates: str = "") -> None:
    """Title, scope and the date of each source (at the top: never below the fold), KPI tiles."""
    dates_html = f' · <span class="slide-dates">{html.escape(dates)}</span>' if dates else ""
    st.markdown(f'<div class="slide-text"><div class="slide-title">{html.escape(slide.title)}</div>'
                f'<div class="slide-subtitle">{html.escape(slide.subtitle)}{dates_html}</div></div>',
                unsafe_allow_html=True)
    if slide.kpis:
        tiles = "".join(f'<div class="kpi"><div class="kpi-value">{html.escape(v)}</div>'
                        f'<div class="kpi-label">{html.escape(l)}</div></div>' for l, v in slide.kpis)
        st.markdown(f'<div class="kpi-row">{tiles}</div>', unsafe_allow_html=True)


def table(slide: Slide) -> None:
    if slide.table is None:
        return
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in slide.table.columns)
    rows = "".join("<tr>" + "".join(f"<td>{html.escape(str(v))}</td>" for v in row) + "</tr>"
                   for row in slide.table.itertuples(index=False))
    caption = f"<b>{html.escape(slide.table_title)}</b>" if slide.table_title else ""
    st.markdown(f'<div class="slide-table-box"><div class="slide-note">{caption}</div>'
                f'<table class="slide-table"><tr>{head}</tr>{rows}</table></div>', unsafe_allow_html=True)


def message(slide: Slide) -> None:
    if slide.message:
        css = "slide-message" if not slide.has_main else "slide-note"
        st.markdown(f'<div class="slide-text"><div class="{css}">{html.escape(slide.message)}</div></div>',
                    unsafe_allow_html=True)
