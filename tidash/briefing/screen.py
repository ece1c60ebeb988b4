"""Drawing a slide on a meeting-room screen (1920×1080 read from 4–5 m): big type, high
contrast, nothing to scroll. Data text is HTML-escaped before it enters the page."""
from __future__ import annotations

import html

import streamlit as st

from tidash.briefing.slides import Slide

CSS = """
<style>
[data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stSidebar"],
[data-testid="stSidebarCollapsedControl"], [data-testid="stDecoration"], footer { display: none !important; }
[data-testid="stMainBlockContainer"], .block-container { padding: 1.2rem 2.2rem 0.5rem 2.2rem !important; max-width: 100% !important; }
html, body, [data-testid="stApp"] { font-size: 28px; color: #111; background: #fff; }
.slide-title { font-size: 54px; font-weight: 700; line-height: 1.1; margin: 0; color: #0b2545; }
.slide-subtitle { font-size: 28px; color: #333; margin: 0.2rem 0 0.6rem 0; }
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
.slide-footer { font-size: 28px; color: #222; }
[data-testid="stButton"] button p, [data-testid="stDownloadButton"] button p { font-size: 28px; }
</style>
"""


def style() -> None:
    st.markdown(CSS, unsafe_allow_html=True)  # our own stylesheet, no data in it


def header(slide: Slide) -> None:
    st.markdown(f'<div class="slide-title">{html.escape(slide.title)}</div>'
                f'<div class="slide-subtitle">{html.escape(slide.subtitle)}</div>', unsafe_allow_html=True)
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
    st.markdown(f'<div class="slide-note">{caption}</div><table class="slide-table"><tr>{head}</tr>{rows}</table>',
                unsafe_allow_html=True)


def message(slide: Slide) -> None:
    if slide.message:
        css = "slide-message" if slide.main is None else "slide-note"
        st.markdown(f'<div class="{css}">{html.escape(slide.message)}</div>', unsafe_allow_html=True)
