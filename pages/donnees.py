"""Données: every source with licence, vintage, row counts and coverage; the SQL behind every figure."""
import streamlit as st

from tidash import db, friches_view, lists_view, panels, paths, repository, settings, ui
from tidash import formatting as fmt
from tidash.charts import STATUS_LABELS
from tidash.ingest import publish, reader, service
from tidash.sources import SOURCE_LABELS, SOURCES
from tidash.vintages import label as vintage_label

st.title("Données et méthode")
rows = repository.extract_rows()
counts = dict(zip(rows["table_name"], rows["n_rows"]))
built = rows["built_at"].iloc[0] if not rows.empty else None
st.caption(f"Extraits construits le {fmt.date_fr(built[:10]) if built else '—'} à partir de data/sources/ "
           "(chaque dossier contient son PROVENANCE.md).")

st.subheader("Sources")
# Four columns that fit 1366×768 (904 px); the files and extracts of each source in the next table.
st.dataframe([
    {"Source": s.name, "Producteur": fmt.months_fr(s.producer), "Licence": s.licence, "Millésime": fmt.months_fr(s.vintage)}
    for s in SOURCES
], hide_index=True, column_config=panels.column_widths({"Source": 300, "Producteur": 300, "Licence": 120,
                                                          "Millésime": 160}))
st.caption("Dossier de chaque source et extraits construits à partir d'elle :")
st.dataframe([
    {"Source": s.short or s.name, "Dossier": f"data/sources/{s.folder}", "Extrait": f"{e}.parquet",
     "Lignes": fmt.integer(counts.get(e))}
    for s in SOURCES for e in s.extracts
], hide_index=True, column_config=panels.column_widths({"Source": 300, "Dossier": 300, "Extrait": 190, "Lignes": 90}))

st.subheader("Couverture des financements : part des euros rattachée à un territoire")
coverage = repository.sources_coverage()
st.dataframe(ui.french_table(coverage, {
    "source": lambda s: SOURCE_LABELS.get(s, s), "vintage": vintage_label, "status": STATUS_LABELS.get, "n_projects": fmt.integer, "amount_eur": lambda v: fmt.euros(v, cents=True),
    "source_amount_eur": lambda v: fmt.euros(v, cents=True), "share_of_amount": fmt.percent,
}, {"source": "Source", "vintage": "Périmètre", "status": "Situation", "n_projects": "Projets",
    "amount_eur": "Montant", "share_of_amount": "Part des euros", "source_amount_eur": "Total de la source"}),
    hide_index=True, column_config=panels.column_widths(
        {"Source": 230, "Périmètre": 125, "Situation": 110, "Projets": 60, "Montant": 130, "Part des euros": 90,
         "Total de la source": 130}))
st.caption("Pour chaque source et chaque périmètre : dans les territoires + hors territoire + non rattaché = total "
           "de la source, au centime (vérifié à la construction et par les tests).")
lists_view.overlap_notes()  # rows an imported list shares with another source (counted twice)
ui.show_sql("sources_coverage")

panels.relance_data_section()

friches_view.reconciliation_section()

st.subheader("Lignes non rapprochées")
st.dataframe(ui.french_table(repository.query("data_quality"), {
    "vintage": vintage_label, "id_ti": fmt.text_or("sans objet"), "detail": fmt.text_or("non renseigné"), "n": fmt.integer,
}, {"issue": "Problème", "vintage": "Millésime", "id_ti": "Territoire", "detail": "Détail", "n": "Nombre"}),
    hide_index=True)
ui.show_sql("data_quality")

st.subheader("Le SQL derrière chaque chiffre")
names = db.query_names()
name = st.selectbox("Requête", names, format_func=lambda n: f"{n}.sql")
st.code(db.sql_text(name), language="sql")
st.caption("Chaque page propose aussi « Voir la requête SQL » sous ses chiffres. Les paramètres ($vintage, $region…) "
           "sont liés par DuckDB, jamais insérés dans le texte.")

st.subheader("Importer un fichier")
if not settings.upload_enabled():
    st.caption("L'import par le navigateur est désactivé sur ce serveur (variable TI_ENABLE_UPLOAD). "
               "En ligne de commande : `python -m tidash.ingest FICHIER` (voir docs/contrat-suivi-projets.md).")
elif settings.operator_token() is None:
    st.warning("L'import par le navigateur est activé, mais aucun jeton d'exploitant n'est configuré "
               "(TI_OPERATOR_TOKEN, ou operator_token dans .streamlit/secrets.toml, 16 caractères au moins) : "
               "publication impossible. Voir « Publier en sécurité » dans le README.", icon="🔒")
else:
    given = st.text_input("Jeton d'exploitant", type="password", key="operator_token",
                          help="Requis pour prévisualiser, publier ou annuler une publication.")
    if given and not settings.operator_allowed(given):
        st.error("Jeton d'exploitant incorrect : rien ne peut être publié.", icon="🔒")
    who = f"jeton d'exploitant, depuis {st.context.ip_address or 'une adresse inconnue'}"
    if settings.operator_allowed(given):
        upload = st.file_uploader("Suivi des projets (modèle docs/modele_suivi_projets) ou export Fonds vert",
                                  type=["csv", "xlsx"], key="upload",
                                  help=f"CSV ou XLSX, {reader.max_bytes() // reader.MEGABYTE} Mo au plus.")
        year = st.number_input("Année (export Fonds vert seulement)", min_value=2020, max_value=2100, value=None,
                               step=1, key="upload_year")
        if upload is not None:
            result = service.check(upload.getvalue(), upload.name, int(year) if year else None)
            if not result.ok:
                st.error(service.report(result), icon="🚫")
            else:
                st.success(f"Fichier valide : {fmt.count(len(result.frame), 'ligne')} ({result.kind}). "
                           "Aperçu des 50 premières lignes ci-dessous ; rien n'est publié avant votre confirmation.")
                st.dataframe(result.frame.head(50), hide_index=True)
                if st.button("Publier ces données", type="primary", key="publish"):
                    outcome = publish.publish(result.kind, result.frame, paths.sources_dir(), paths.data_dir(),
                                              who=who, source_name=upload.name)
                    if outcome.published:
                        st.session_state["last_published"] = result.kind
                        st.success(f"Publié. {outcome.message} Toutes les sessions, y compris celles déjà ouvertes, "
                                   "voient ces données à leur prochaine interaction.")
                    else:
                        st.info(outcome.message)
        last = st.session_state.get("last_published")
        if last and st.button(f"Annuler la dernière publication ({last})", key="undo"):
            if publish.restore(last, paths.sources_dir(), paths.data_dir(), who=who):
                st.success("Version précédente restaurée.")
                del st.session_state["last_published"]
            else:
                st.warning("Aucune version précédente à restaurer.")
        lists_view.section(who)
