"""Programme: a timeline of the cited figures, each linked to its source; regional fund
announcements as dated snapshots (never summed); France Relance counts."""
import streamlit as st

from tidash import charts, panels, programme_fr, repository, timeline, ui
from tidash import formatting as fmt

view = ui.current_view()
st.title("Le programme en chiffres cités")
st.caption("Chaque chiffre provient d'une source publique citée (lien dans le tableau). Des sources différentes "
           "donnent parfois des chiffres différents : ils sont présentés côte à côte, sans arbitrage.")

facts = timeline.dated_facts(repository.programme_facts())
counts = timeline.territory_counts(facts)  # from the launch: 124 announced, November 2018
left, right = st.columns(2)
left.plotly_chart(charts.counts_step(counts, "Nombre de territoires d'industrie selon les sources"),
                  config=charts.PLOTLY_CONFIG)
right.plotly_chart(charts.facts_timeline(facts, "Chiffres cités par thème et par date"), config=charts.PLOTLY_CONFIG)
undated = int(facts["date"].isna().sum())
if undated:
    st.caption(f"{fmt.integer(undated)} chiffres sans date de référence dans leur source ne figurent pas sur la frise "
               "mais sont dans le tableau.")

themes = ["", *sorted(timeline.THEME_LABELS, key=timeline.THEME_LABELS.get)]
theme = st.selectbox("Thème", themes, format_func=lambda t: "Tous les thèmes" if not t else timeline.THEME_LABELS[t])
shown = programme_fr.facts_fr(timeline.dated_facts(repository.programme_facts(theme or None)))  # filtered in SQL ($theme)
st.dataframe(
    shown[["date_fr", "theme_label", "value_as_stated", "indicator_label", "note_fr", "source_publisher", "source_url"]]
    .rename(columns={"date_fr": "Date", "theme_label": "Thème", "value_as_stated": "Chiffre (texte de la source)",
                     "indicator_label": "Indicateur", "note_fr": "Précision", "source_publisher": "Source",
                     "source_url": "Lien"}),
    hide_index=True, height=420,
    # Widths for 1366×768 (≈ 870 px beside the sidebar): a French date (« 15 novembre 2018 ») whole,
    # the figure and its indicator wide; the long notes stay readable on hover.
    column_config={**panels.column_widths({"Date": 120, "Thème": 105, "Chiffre (texte de la source)": 170,
                                           "Indicateur": 180, "Précision": 120, "Source": 95}),
                   "Lien": st.column_config.LinkColumn("Lien", display_text="ouvrir la source", width=105)},
)
ui.show_sql("programme_facts")

st.subheader("Fonds d'accélération des investissements industriels : annonces régionales")
st.warning("Instantanés datés : vagues et cumuls se recouvrent. Ces montants ne doivent jamais être additionnés.",
           icon="⚠️")
snapshots = programme_fr.snapshots_fr(repository.fund_snapshots())
st.dataframe(ui.french_table(snapshots, {
    "date": programme_fr.date, "n_laureats": programme_fr.count, "aid_eur_m": programme_fr.millions,
    "investment_eur_m": programme_fr.millions, "jobs_created": programme_fr.count,
}, {"region": "Région", "date": "Date", "scope": "Nature", "n_laureats": "Lauréats", "aid_eur_m": "Aide",
    "investment_eur_m": "Investissement", "jobs_created": "Emplois créés", "note": "Précision", "source_url": "Lien"}),
    hide_index=True, column_config={
        **panels.column_widths({"Région": 160, "Date": 120, "Nature": 110, "Lauréats": 70, "Aide": 75,
                                "Investissement": 100, "Emplois créés": 90, "Précision": 110}),
        "Lien": st.column_config.LinkColumn("Lien", display_text="source", width=70)})

st.subheader("France Relance : entreprises industrielles bénéficiaires (cumul)")
region = view.filters.region
series = repository.france_relance_counts(region)
if series.empty:
    ui.empty("Pas de série France Relance pour cette région.")
else:
    name = series["libelle"].iloc[0]
    st.plotly_chart(charts.time_series(series, "date", "value", f"Entreprises bénéficiaires — {name}", "Entreprises"),
                    config=charts.PLOTLY_CONFIG)
    st.caption(f"Dernière valeur : {fmt.integer(series['value'].iloc[-1])} au {fmt.date_fr(series['date'].iloc[-1])}. "
               "Changement de définition en février 2022 (rupture visible)." + programme_fr.leading_zeros_note(series)
               + " Source : Baromètre des résultats de l'action publique.")
