"""Mode réunion: a full-screen deck of slides built from the data, driven by buttons, the
keyboard (← →, P) or a timer; the deck is in the URL and exports to PDF."""
import time

import plotly.graph_objects as go
import streamlit as st

from tidash import formatting as fmt
from tidash import maps, svg_map, ui
from tidash.briefing import deck, export, screen, slides

MIN_CHART_HEIGHT = 150  # charts grow to fill their box (screen.CSS); this is only their floor
view = ui.current_view()
filters = view.filters
options = ui.options()
if "deck" not in st.query_params:  # opened from the page bar: the deck of the current view, as the
    st.query_params.from_dict(ui.briefing_params(view))  # sidebar's link gives it (its URL can be shared)
pinned = {f"{t}@{v}" for v, ids in options.territories.items() for t in ids}  # territoire:ti-8413@2024-07
specs, notices = deck.parse_deck(st.query_params.get("deck"), set(options.regions),
                                 options.territories.get(filters.vintage, set()) | pinned)
interval = deck.parse_interval(st.query_params.get("interval"), notices)

state = st.session_state
deck_key = f"{filters}|{deck.deck_param(specs)}"
if state.get("deck_key") != deck_key:
    state.update(deck_key=deck_key, slide=0, playing=True, last_change=time.time())
    if notices:  # one grouped notice, however many entries were ignored
        st.toast("\n\n".join(ui.safe_text(n) for n in notices), icon="⚠️")  # they quote the address
state["deck_notices"] = notices
state["deck_ignored"] = notices.ignored

screen.style()


def go_to(index: int) -> None:
    state["slide"] = index % len(specs)
    state["last_change"] = time.time()


def toggle_play() -> None:
    state["playing"] = not state["playing"]
    state["last_change"] = time.time()


def deck_pdf() -> bytes:
    built = [slides.build(s, filters) for s in specs]
    return export.deck_pdf(built, [slides.data_dates(filters, s) for s in built])


@st.fragment(run_every=interval if state["playing"] else None)
def current_slide() -> None:
    if state["playing"] and time.time() - state["last_change"] >= interval - 0.5:
        go_to(state["slide"] + 1)
    index = state["slide"]
    slide = slides.build(specs[index], filters)
    data_date = slides.data_dates(filters, slide)  # the own date of each source this slide counts
    screen.header(slide, data_date)
    right = slide.side_html is not None or slide.table is not None
    if slide.has_main:
        left, side = st.columns([3, 2]) if right else (st.container(), None)
        # The chart fills a box sized from the screen height (screen.CSS): the slide never scrolls. A copy
        # gets the screen's height: the PNG/PDF export reads the same figure.
        with left.container(key="slide_main" if slide.kpis else "slide_main_tall"):
            if slide.screen_map is not None:  # plain SVG: no plotly.js for a map
                svg_map.draw(slide.screen_map, key=f"slide_map_{index}")
            else:
                st.plotly_chart(go.Figure(slide.main).update_layout(height=MIN_CHART_HEIGHT), key=f"slide_chart_{index}",
                                height="stretch", config={"displayModeBar": False, "staticPlot": False,
                                                          "topojsonURL": maps.TOPOJSON_URL})
        if side is not None:
            with side:
                if slide.side_html is not None:  # HTML bars: no plotly.js
                    with st.container(key="slide_side"):
                        st.html(slide.side_html)
                screen.table(slide)
        screen.message(slide)
    else:  # a slide of text keeps the chart's box: the buttons stay where they are on every slide
        with st.container(key="slide_main" if slide.kpis else "slide_main_tall"):
            screen.message(slide)

    nav = st.columns([1.6, 1.45, 1.4, 2.65, 1.2, 0.9, 1.2], vertical_alignment="center")  # « Lecture » whole
    nav[0].button("Précédent", icon=":material/arrow_back:", on_click=go_to, args=(index - 1,), shortcut="Left",
                  key="previous")
    nav[1].button("Pause" if state["playing"] else "Lecture", icon=":material/pause:" if state["playing"] else
                  ":material/play_arrow:", on_click=toggle_play, shortcut="P", key="play")
    nav[2].button("Suivant", icon=":material/arrow_forward:", on_click=go_to, args=(index + 1,), shortcut="Right",
                  key="next")
    timer = f" · défilement {interval} s" if state["playing"] else " · en pause"
    skipped = f" · {fmt.count(state['deck_ignored'], 'entrée ignorée', 'entrées ignorées')}" if state["deck_ignored"] else ""
    nav[3].markdown(f'<div class="slide-footer">Diapositive <b>{index + 1} / {len(specs)}</b>'
                    f'{timer}{skipped}</div>', unsafe_allow_html=True)
    nav[4].download_button("PDF", icon=":material/picture_as_pdf:", data=deck_pdf,
                           file_name="diaporama_territoires_industrie.pdf", mime="application/pdf", key="pdf",
                           on_click="ignore")
    if slide.has_main:
        nav[5].download_button("PNG", data=lambda: export.figure_png(export.titled(slide, data_date)),
                               file_name=f"diapositive_{index + 1}.png", mime="image/png", key="png", on_click="ignore")
    else:  # greyed, not gone: the buttons keep their places on every slide
        nav[5].button("PNG", disabled=True, key="png_none", help="Pas de graphique à exporter sur cette diapositive")
    # The way back to the pages (the briefing has no page bar): the national view, same filters.
    if nav[6].button("Quitter", icon=":material/close:", key="quit", help="Revenir à la vue nationale"):
        ui.switch_page("pages/national.py")


current_slide()
