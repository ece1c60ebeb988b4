"""Territoires d'industrie — tableau de bord. Declares the pages and the shared sidebar."""
import streamlit as st

from tidash import panels, repository, ui

st.set_page_config(page_title="Territoires d'industrie — tableau de bord", page_icon="static/favicon.png", layout="wide")

PAGES = [
    st.Page("pages/national.py", title="Vue nationale", icon=":material/map:", url_path="national", default=True),
    st.Page("pages/territoire.py", title="Territoire", icon=":material/location_on:", url_path="territoire"),
    st.Page("pages/comparer.py", title="Comparer", icon=":material/compare_arrows:", url_path="comparer"),
    st.Page("pages/regions.py", title="Régions", icon=":material/explore:", url_path="regions"),
    st.Page("pages/financements.py", title="Financements", icon=":material/euro:", url_path="financements"),
    st.Page("pages/projets.py", title="Projets", icon=":material/list_alt:", url_path="projets"),
    st.Page("pages/programme.py", title="Programme", icon=":material/timeline:", url_path="programme"),
    st.Page("pages/donnees.py", title="Données", icon=":material/database:", url_path="donnees"),
]

BRIEFING = st.Page("pages/reunion.py", title="Mode réunion", icon=":material/slideshow:", url_path="reunion")

navigation = st.navigation([*PAGES, BRIEFING])
if navigation.url_path != BRIEFING.url_path:  # the briefing is full screen: no sidebar
    ui.page_style()
    panels.tables_style()
    view = ui.sidebar()
    st.sidebar.page_link(BRIEFING, label="Mode réunion (plein écran)", query_params=ui.briefing_params(view))
    st.sidebar.caption(repository.sources_caption())
ui.note_page_catalogue()  # every full run, never a fragment's: see ui.rerun_page_if_republished
navigation.run()
