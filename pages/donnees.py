"""Données: every source with licence, vintage, row counts and coverage; the SQL behind every figure."""
import streamlit as st

from tidash import db, repository, ui
from tidash import formatting as fmt
from tidash.build.funding import SOURCE_LABELS
from tidash.charts import STATUS_LABELS
from tidash.sources import SOURCES
from tidash.vintages import VINTAGES

st.title("Données et méthode")
rows = repository.extract_rows()
counts = dict(zip(rows["table_name"], rows["n_rows"]))
built = rows["built_at"].iloc[0] if not rows.empty else None
st.caption(f"Extraits construits le {fmt.date_fr(built[:10]) if built else '—'} à partir de data/sources/ "
           "(chaque dossier contient son PROVENANCE.md).")

st.subheader("Sources")
st.dataframe([
    {"Source": s.name, "Producteur": s.producer, "Licence": s.licence, "Millésime": s.vintage,
     "Dossier": f"data/sources/{s.folder}",
     "Extraits (lignes)": ", ".join(f"{e} ({fmt.integer(counts.get(e))})" for e in s.extracts)}
    for s in SOURCES
], hide_index=True)

st.subheader("Couverture des financements : part des euros rattachée à un territoire")
coverage = repository.sources_coverage()
coverage = coverage.assign(source=coverage["source"].map(lambda s: SOURCE_LABELS.get(s, s)),
                           vintage=coverage["vintage"].map(lambda v: VINTAGES[v].label if v in VINTAGES else v))
st.dataframe(ui.french_table(coverage, {
    "status": STATUS_LABELS.get, "n_projects": fmt.integer, "amount_eur": lambda v: fmt.euros(v, cents=True),
    "source_amount_eur": lambda v: fmt.euros(v, cents=True), "share_of_amount": fmt.percent,
}, {"source": "Source", "vintage": "Périmètre", "status": "Situation", "n_projects": "Projets",
    "amount_eur": "Montant", "share_of_amount": "Part des euros", "source_amount_eur": "Total de la source"}),
    hide_index=True)
st.caption("Pour chaque source et chaque périmètre : dans les territoires + hors territoire + non rattaché = total "
           "de la source, au centime (vérifié à la construction et par les tests).")
ui.show_sql("sources_coverage")

st.subheader("Lignes non rapprochées")
quality = repository.query("data_quality")
st.dataframe(quality.rename(columns={"issue": "Problème", "vintage": "Millésime", "id_ti": "Territoire",
                                     "detail": "Détail", "n": "Nombre"}), hide_index=True)
ui.show_sql("data_quality")

st.subheader("Le SQL derrière chaque chiffre")
names = db.query_names()
name = st.selectbox("Requête", names, format_func=lambda n: f"{n}.sql")
st.code(db.sql_text(name), language="sql")
st.caption("Chaque page propose aussi « Voir la requête SQL » sous ses chiffres. Les paramètres ($vintage, $region…) "
           "sont liés par DuckDB, jamais insérés dans le texte.")
