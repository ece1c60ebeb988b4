"""Mode réunion: a full-screen deck of slides built from the data, driven by buttons, the
keyboard (← →, P) or a timer; the deck is in the URL and exports to PDF."""
import time

import streamlit as st

from tidash import formatting as fmt
from tidash import maps, repository, ui
from tidash.briefing import deck, export, screen, slides

SCREEN_CHART_HEIGHT = 540
view = ui.current_view()
filters = view.filters
options = ui.options()
specs, notices = deck.parse_deck(st.query_params.get("deck"), set(options.regions),
                                 options.territories.get(filters.vintage, set()))
interval = deck.parse_interval(st.query_params.get("interval"))

state = st.session_state
deck_key = f"{filters}|{deck.deck_param(specs)}"
if state.get("deck_key") != deck_key:
    state.update(deck_key=deck_key, slide=0, playing=True, last_change=time.time())
    for notice in notices:
        st.toast(notice, icon="⚠️")
state["deck_notices"] = notices

screen.style()
data_date = fmt.date_fr(repository.extract_rows()["built_at"].iloc[0][:10])


def go_to(index: int) -> None:
    state["slide"] = index % len(specs)
    state["last_change"] = time.time()


def toggle_play() -> None:
    state["playing"] = not state["playing"]
    state["last_change"] = time.time()


@st.fragment(run_every=interval if state["playing"] else None)
def current_slide() -> None:
    if state["playing"] and time.time() - state["last_change"] >= interval - 0.5:
        go_to(state["slide"] + 1)
    index = state["slide"]
    slide = slides.build(specs[index], filters)
    screen.header(slide)
    right = slide.side is not None or slide.table is not None
    if slide.main is not None:
        left, side = st.columns([3, 2]) if right else (st.container(), None)
        chart = slide.main.update_layout(height=SCREEN_CHART_HEIGHT if slide.kpis else SCREEN_CHART_HEIGHT + 120)
        left.plotly_chart(chart, key=f"slide_chart_{index}", config={"displayModeBar": False, "staticPlot": False,
                                                                    "topojsonURL": maps.TOPOJSON_URL})
        if side is not None:
            with side:
                if slide.side is not None:
                    st.plotly_chart(slide.side.update_layout(height=250), key=f"slide_side_{index}",
                                    config={"displayModeBar": False})
                screen.table(slide)
    screen.message(slide)

    nav = st.columns([1.5, 1.3, 1.4, 3.6, 1.5, 0.9], vertical_alignment="center")
    nav[0].button("Précédent", icon=":material/arrow_back:", on_click=go_to, args=(index - 1,), shortcut="Left",
                  key="previous")
    nav[1].button("Pause" if state["playing"] else "Lecture", icon=":material/pause:" if state["playing"] else
                  ":material/play_arrow:", on_click=toggle_play, shortcut="P", key="play")
    nav[2].button("Suivant", icon=":material/arrow_forward:", on_click=go_to, args=(index + 1,), shortcut="Right",
                  key="next")
    timer = f" · défilement {interval} s" if state["playing"] else " · en pause"
    skipped = f" · {len(state['deck_notices'])} entrée(s) ignorée(s)" if state["deck_notices"] else ""
    nav[3].markdown(f'<div class="slide-footer">Diapositive <b>{index + 1} / {len(specs)}</b> · '
                    f'données du {data_date}{timer}{skipped}</div>', unsafe_allow_html=True)
    nav[4].download_button("PDF", icon=":material/picture_as_pdf:", data=lambda: export.deck_pdf(
        [slides.build(s, filters) for s in specs], data_date), file_name="diaporama_territoires_industrie.pdf",
        mime="application/pdf", key="pdf", on_click="ignore")
    if slide.main_export is not None:
        nav[5].download_button("PNG", data=lambda: export.figure_png(slide.main_export),
                               file_name=f"diapositive_{index + 1}.png", mime="image/png", key="png", on_click="ignore")


current_slide()
