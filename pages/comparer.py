"""Comparer: 2 to 6 territories side by side, with suggestions of comparable territories."""
import streamlit as st

from tidash import formatting as fmt
from tidash import friches_view, html_bars, panels, repository, ui
from tidash.charts import OKABE_ITO
from tidash.metrics import fonds_vert_label, metric_source
from tidash.state import MAX_TERRITORIES

view = ui.current_view()
filters = view.filters
st.title("Comparer des territoires")
# Any territory can be compared with any other: the région filter does not apply here.
st.caption(ui.scope_caption(filters, with_region=False))
ui.show_lineage_notes()

metrics = repository.territory_metrics(filters, whole_country=True)
names = dict(zip(metrics["id_ti"], metrics["nom"]))
ids = sorted(names, key=lambda i: names[i])

SELECTION = "compare_selection"
ui.prepare_comparison(SELECTION, view, names)
selected = st.multiselect(f"Territoires à comparer (2 à {MAX_TERRITORIES})", ids, key=SELECTION,
                          max_selections=MAX_TERRITORIES, select_all=False,  # no English « Select all »; 6 at most
                          format_func=lambda i: f"{names[i]} ({i})",
                          placeholder="Choisissez des territoires (nom ou identifiant)")
st.session_state["territories"] = list(selected)
ui.sync_url()  # the sidebar wrote the URL before this run's choice

if selected:
    suggestions = repository.comparable_territories(filters.vintage, selected[0], limit=5)
    suggestions = suggestions[~suggestions["id_ti"].isin(selected)]
    if not suggestions.empty:
        st.caption(f"Territoires comparables à « {names[selected[0]]} » (même région d'abord, puis population la plus proche) :")
        cols = st.columns(len(suggestions))
        for col, (_, row) in zip(cols, suggestions.iterrows()):
            col.button(f"+ {row['nom']}", key=f"add_{row['id_ti']}",
                       help=f"{row['nom_reg']} · {fmt.integer(row['population'])} habitants",
                       disabled=len(selected) >= MAX_TERRITORIES, on_click=ui.add_to_comparison,
                       args=(SELECTION, row["id_ti"]))

if len(selected) < 2:
    ui.empty("Choisissez au moins deux territoires.")
    st.stop()

table = metrics[metrics["id_ti"].isin(selected)].set_index("id_ti").loc[selected].reset_index()
# Above the table: the legend of its short headers, and room for the toolbar the table shows on
# hover (right under the « + » buttons, it covered the last one).
st.caption("FV : Fonds vert ; FR : France Relance, projets industriels (DGE) ; n. d. : pas de données (ce n'est pas "
           "zéro). Le détail de chaque colonne est dans son en-tête (survol).")
st.dataframe(ui.french_table(table, {  # « n. d. » in the narrow columns: « pas de données » was cut at 1366
    "population": fmt.integer, "n_communes": fmt.integer, "n_projects": lambda v: ui.figure(v, fmt.integer, tile=True),
    "amount_eur": lambda v: ui.figure(v, fmt.euros),
    "euros_per_inhabitant": lambda v: ui.figure(v, fmt.euros_per_inhabitant, tile=True),
    "n_relance": fmt.integer, "n_relance_ti": fmt.integer,
}, {"nom": "Territoire", "nom_reg": "Région", "n_communes": "Communes", "population": "Habitants",
    "n_projects": "Projets FV", "amount_eur": "Montant FV", "euros_per_inhabitant": "€/hab. FV",
    "n_relance": "Projets FR", "n_relance_ti": "dont fonds TI"}),
    hide_index=True, column_config=panels.column_widths(  # every column visible at 1366×768 (904 px)
        {"Territoire": 150, "Région": 168, "Communes": 74, "Habitants": 84, "Projets FV": 74, "Montant FV": 112,
         "€/hab. FV": 72, "Projets FR": 74, "dont fonds TI": 88},
        helps={"Habitants": f"Habitants : {metric_source('population')}",
               "Projets FV": f"Projets financés — {fonds_vert_label(filters.year)}",
               "Montant FV": f"Montant engagé — {fonds_vert_label(filters.year)}",
               "€/hab. FV": f"Montant engagé par habitant — {fonds_vert_label(filters.year)}",
               "Projets FR": "Projets France Relance industrie (DGE, 2021-2022, sans montant)",
               "dont fonds TI": "dont projets du fonds Territoires d'industrie (France Relance)"}))
st.caption(repository.sources_line(filters, whole_country=True))

friches_view.comparison_table(table)

ui.show_funding_gap(filters.whole_country())
left, right = st.columns(2)
fonds_vert = fonds_vert_label(filters.year)
left.html(html_bars.horizontal_bars(table, "nom", "amount_eur", f"Montant engagé — {fonds_vert}"))
right.html(html_bars.horizontal_bars(table, "nom", "euros_per_inhabitant", f"Montant engagé par habitant — {fonds_vert}",
                                     value_format=fmt.euros_per_inhabitant, colour=OKABE_ITO[1]))
left.html(html_bars.horizontal_bars(table, "nom", "n_projects", f"Projets financés — {fonds_vert}",
                                    value_format=fmt.integer, colour=OKABE_ITO[2]))
right.html(html_bars.horizontal_bars(table, "nom", "population", f"Population — {metric_source('population')}",
                                     value_format=fmt.integer, colour=OKABE_ITO[3]))
left.html(html_bars.horizontal_bars(table, "nom", "n_relance", "Projets France Relance industrie (2021-2022)",
                                    value_format=fmt.integer, colour=OKABE_ITO[5]))
right.html(html_bars.horizontal_bars(table, "nom", "n_relance_ti", "Projets du fonds Territoires d'industrie "
                                     "(France Relance)", value_format=fmt.integer, colour=OKABE_ITO[4]))
ui.show_sql("territory_metrics")
