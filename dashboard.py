"""Territoires d'industrie — tableau de bord. Declares the pages (top bar) and the shared sidebar (filters)."""
import streamlit as st

from tidash import panels, repository, ui

st.set_page_config(page_title="Territoires d'industrie — tableau de bord", page_icon="static/favicon.png", layout="wide")

PAGES = [
    st.Page("pages/national.py", title="Vue nationale", url_path="national", default=True),
    st.Page("pages/territoire.py", title="Territoire", url_path="territoire"),
    st.Page("pages/comparer.py", title="Comparer", url_path="comparer"),
    st.Page("pages/regions.py", title="Régions", url_path="regions"),
    st.Page("pages/financements.py", title="Financements", url_path="financements"),
    st.Page("pages/projets.py", title="Projets", url_path="projets"),
    st.Page("pages/programme.py", title="Programme", url_path="programme"),
    st.Page("pages/donnees.py", title="Données", url_path="donnees"),
]

BRIEFING = st.Page("pages/reunion.py", title="Mode réunion", icon=":material/slideshow:", url_path="reunion")

# Pages in the top bar, text only: the nine fit in one line at 1366×768 (with icons two went into an
# English « 2 more » menu), and the sidebar keeps its height for the filters, all on screen at 768 px.
navigation = st.navigation([*PAGES, BRIEFING], position="top")
if navigation.url_path != BRIEFING.url_path:  # the briefing is full screen: no sidebar
    ui.page_style()
    panels.tables_style()
    view = ui.sidebar()
    st.sidebar.page_link(BRIEFING, label="Mode réunion (plein écran)", query_params=ui.briefing_params(view))
    st.sidebar.caption(repository.sources_caption())
ui.note_page_catalogue()  # every full run, never a fragment's: see ui.rerun_page_if_republished
navigation.run()
