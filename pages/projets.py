"""Projets: the real funded projects, filterable and sortable, downloadable as CSV and XLSX."""
import streamlit as st

from tidash import formatting as fmt
from tidash import panels, repository, ui
from tidash.charts import STATUS_LABELS
from tidash.state import PROJECT_SORTS

DISPLAY_ROWS = 2000
view = ui.current_view()
filters = view.filters
st.title("Projets financés")
st.caption(ui.scope_caption(filters))
ui.region_meaning_caption(filters)
ui.funding_sources_notice()

metrics = repository.territory_metrics(filters, whole_country=True)
names = dict(zip(metrics["id_ti"], metrics["nom"]))
source = st.radio("Liste de projets", ["fonds_vert", "france_relance"], horizontal=True, key="project_source",
                  format_func={"fonds_vert": "Fonds vert (montants engagés)",
                               "france_relance": "France Relance — projets industriels (sans montant)"}.get)
if source == "france_relance":
    panels.relance_project_list(filters, names)
    st.stop()
measures = repository.project_measures()

row1 = st.columns([2, 2, 1])
territory = row1[0].selectbox("Territoire", [None, *sorted(names, key=names.get)],
                              format_func=lambda i: "Tous les territoires" if i is None else names[i])
measure = ui.persistent_widget(row1[1].selectbox, "Mesure", "project_measure", "_w_project_measure",
                               options=[ui.ALL, *measures["measure"]],
                               format_func=lambda m: "Toutes les mesures" if m == ui.ALL else m)
measure = None if measure == ui.ALL else measure
status = ui.optional_select(row1[2], "Situation", STATUS_LABELS, "project_status", "Toutes", STATUS_LABELS.get)
row2 = st.columns([2, 1, 1, 1])
text = ui.persistent_widget(row2[0].text_input, "Recherche (intitulé, bénéficiaire)", "project_q", "project_text",
                           max_chars=200)
min_amount, max_amount = ui.amount_range(row2[1], row2[2])
sort = ui.persistent_widget(row2[3].selectbox, "Trier par", "project_sort", "_w_project_sort", options=PROJECT_SORTS,
                           format_func={"amount_desc": "Montant décroissant", "amount_asc": "Montant croissant",
                                        "title": "Intitulé", "territory": "Territoire"}.get)

located = False
if filters.region:
    located = ui.persistent_widget(  # in the URL (?located=1): a shared link keeps the reading
        st.radio, "Filtre région", "project_located", "_w_project_located", options=[False, True], horizontal=True,
        format_func=lambda v: "projets situés dans les départements de la région" if v
        else "projets des territoires de la région (comme les autres pages)")
query = dict(id_ti=territory, measure=measure, status=status, min_amount=min_amount, max_amount=max_amount,
             text=text or None, sort=sort, located=located)
# Sorted in SQL before the limit: the table shows the first rows of the chosen order, the counts
# and the downloads cover every filtered row.
projects = repository.projects(filters, limit=DISPLAY_ROWS, **query)
if projects.empty:
    if not ui.show_funding_gap(filters):  # no project list covers the view: « pas de données », not zero
        ui.empty("Aucun projet ne correspond à ces filtres.")
    st.stop()

n_filtered = int(projects["n_filtered"].iloc[0])
unresolved = int(projects["n_unresolved_filtered"].iloc[0])
first = projects.iloc[0]
# Led by the projects inside a territory, the figure every other page shows for the same filters.
same_as_elsewhere = ("lecture propre à cette page : les autres pages comptent les projets des territoires de la région"
                     if located else "comme les autres pages")
inside = first["n_inside_filtered"]
st.write(f"**{fmt.integer(inside)}** {fmt.agree(inside, 'projet situé', 'projets situés')} dans un territoire "
         f"(**{fmt.euros(first['amount_inside_filtered'], cents=True)}**, {same_as_elsewhere})"
         f" · **{fmt.integer(n_filtered)}** {fmt.agree(n_filtered, 'projet listé', 'projets listés')} en tout, hors territoire compris "
         f"({fmt.euros(first['amount_filtered'], cents=True)})"
         + (f" · dont {fmt.integer(unresolved)} {fmt.agree(unresolved, 'non rattaché', 'non rattachés')} à un territoire "
            "(raison en dernière colonne)" if unresolved else ""))

labels = {"project_id": "Identifiant", "title": "Projet", "beneficiary": "Bénéficiaire", "siren": "SIREN",
          "measure": "Mesure", "year": "Année", "amount_eur": "Montant engagé (€)", "nom_commune_source": "Commune",
          "nom_dep": "Département", "territory": "Territoire", "status": "Situation", "reason": "Raison"}
# Pixels, ≈ 875 in all, the table's width at 1366×768; « Dans un territoire » whole (125).
ESSENTIAL_COLUMNS = {"title": 185, "beneficiary": 105, "territory": 110, "measure": 95, "year": 50, "amount_eur": 115,
                     "status": 125, "reason": 90}
if n_filtered > len(projects):
    st.caption(f"Affichage des {fmt.integer(len(projects))} premiers projets selon le tri ; "
               f"les téléchargements contiennent les {fmt.integer(n_filtered)} projets filtrés.")
# On screen, the columns that fit a 1366-px screen without sideways scrolling; every column on
# demand, and always in the downloads.
every_column = st.toggle("Toutes les colonnes (identifiant, SIREN, commune, département)", key="project_columns")
shown = labels if every_column else {k: labels[k] for k in ESSENTIAL_COLUMNS}
st.dataframe(ui.french_table(projects, {"amount_eur": lambda v: fmt.euros(v, cents=True),
                                        "status": STATUS_LABELS.get}, shown),
             hide_index=True, height=560,
             column_config=None if every_column else panels.column_widths({shown[k]: w for k, w in ESSENTIAL_COLUMNS.items()}))


def export():
    """Every filtered row, in the chosen order (queried when a download is asked for)."""
    return ui.export_table(repository.projects(filters, limit=None, **query), labels)


left, right, _ = st.columns([1, 1, 3])  # « Télécharger en XLSX » on one line at 1366
left.download_button("Télécharger en CSV", lambda: ui.csv_bytes(export()), "projets_territoires_industrie.csv", "text/csv")
right.download_button("Télécharger en XLSX", lambda: ui.xlsx_bytes(export()), "projets_territoires_industrie.xlsx",
                      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
ui.show_sql("projects")
st.caption("Les téléchargements contiennent toutes les lignes filtrées, pas seulement celles affichées, "
           "dans l'ordre choisi (même requête, sans limite de lignes).")
