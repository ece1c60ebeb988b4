"""Régions: one région's territories ranked, région against the nation, map zoomed on it."""
import streamlit as st

from tidash import formatting as fmt
from tidash import indicators, maps, repository, ui
from tidash.metrics import METRICS
from tidash.state import Filters

view = ui.current_view()
filters = view.filters
st.title("Régions")

options = ui.options()
regions = list(options.regions)
region = st.selectbox("Région", regions, index=regions.index(filters.region) if filters.region else
                      regions.index("84") if "84" in regions else 0, format_func=options.regions.get)
scoped = Filters(filters.vintage, region, filters.scheme, filters.year)
st.caption(ui.scope_caption(scoped))

summary = repository.region_summary(filters, region).set_index("scope")
reg, nat = summary.loc["region"], summary.loc["national"]
tiles = st.columns(5)
ui.kpi(tiles[0], "Territoires", fmt.integer(reg["n_territories"]))
tiles[0].caption(f"{fmt.percent(reg['n_territories'] / nat['n_territories'])} des {fmt.integer(nat['n_territories'])} territoires")
ui.kpi(tiles[1], "Habitants", fmt.integer(reg["population"]))
tiles[1].caption(f"{fmt.percent(reg['population'] / nat['population'])} de la population des territoires")
ui.kpi(tiles[2], "Projets financés", fmt.integer(reg["n_projects"]))
tiles[2].caption(f"{fmt.percent(reg['n_projects'] / nat['n_projects']) if nat['n_projects'] else '—'} du total national")
ui.kpi(tiles[3], "Montant engagé", fmt.euros_compact(reg["amount_eur"]), help=fmt.euros(reg["amount_eur"]))
tiles[3].caption(f"{fmt.percent(reg['amount_eur'] / nat['amount_eur']) if nat['amount_eur'] else '—'} du total national")
ui.kpi(tiles[4], "€ par habitant", fmt.decimal(reg["euros_per_inhabitant"], 1) + "\u00a0€")
tiles[4].caption(f"France (territoires) : {fmt.decimal(nat['euros_per_inhabitant'], 1)} €")
ui.show_sql("region_summary", {"vintage": filters.vintage, "region": region, "scheme": filters.scheme, "year": filters.year})

metric = ui.metric_select(st)


@st.fragment
def region_map() -> None:
    metrics = repository.territory_metrics(scoped)
    if metrics.empty:
        ui.empty("Aucun territoire dans cette région pour ce millésime.")
        return
    layer = repository.territory_layer_url(filters.vintage, region)
    outline = repository.region_layer(region)
    left, right = st.columns([3, 2])
    with left:
        st.caption(f"Carte : territoires de la région colorés selon « {METRICS[metric].label} ».")
        st.plotly_chart(maps.choropleth(metrics, layer, metric, repository.region_layer_url(region),
                                        view=maps.fit_view(outline), height=560),
                        config=maps.CONFIG, key="region_map")
    with right:
        ranked = metrics.sort_values(metric, ascending=False).reset_index(drop=True)
        ranked.insert(0, "rang", range(1, len(ranked) + 1))
        st.caption("Territoires de la région classés (équivalent tabulaire de la carte)")
        # A dict keeps one "population" column when it is also the chosen metric.
        labels = {"rang": "Rang", "nom": "Territoire", "population": "Habitants", metric: METRICS[metric].label}
        st.dataframe(ui.french_table(ranked, {metric: METRICS[metric].value_format, "population": fmt.integer}, labels),
                     hide_index=True, height=560)


region_map()

st.subheader("France 2030 et industrie dans la région")
indicators_frame = repository.region_indicators(region)
if indicators_frame.empty:
    ui.empty("Le baromètre de l'action publique ne donne pas d'indicateur pour cette région.")
else:
    st.dataframe(indicators.region_table(indicators_frame), hide_index=True)
    st.caption("Source : Baromètre des résultats de l'action publique (DITP), dernière valeur publiée. "
               "Ces chiffres couvrent toute la région, pas seulement ses territoires d'industrie.")
    ui.show_sql("region_indicators", {"region": region})
