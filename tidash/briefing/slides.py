"""Slides built from the data: each is a title, KPI tiles, one main chart or map, an optional
side chart and a short table. The screen and the PDF draw the same Slide objects."""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd
import plotly.graph_objects as go

from tidash import charts, maps, ranking, repository, timeline
from tidash import formatting as fmt
from tidash.briefing.deck import SlideSpec
from tidash.metrics import METRICS
from tidash.state import Filters
from tidash.vintages import VINTAGES

SLIDE_FONT = 24


@dataclass
class Slide:
    title: str
    subtitle: str
    kpis: list[tuple[str, str]] = field(default_factory=list)
    main: go.Figure | None = None          # map or chart, left/centre
    main_export: go.Figure | None = None   # same figure with inline GeoJSON (no browser to fetch URLs)
    side: go.Figure | None = None
    table: pd.DataFrame | None = None
    table_title: str = ""
    message: str = ""


def _big(figure: go.Figure, height: int) -> go.Figure:
    figure.update_layout(font=dict(size=SLIDE_FONT), height=height, title=None, margin=dict(l=10, r=10, t=10, b=10))
    figure.update_xaxes(tickfont_size=SLIDE_FONT)
    figure.update_yaxes(tickfont_size=SLIDE_FONT)
    return figure


def _kpis(k) -> list[tuple[str, str]]:
    return [("Territoires", fmt.integer(k["n_territories"])), ("Habitants", fmt.number_compact(k["population"])),
            ("Projets financés", fmt.integer(k["n_projects"])), ("Montant engagé", fmt.euros_compact(k["amount_eur"])),
            ("€ par habitant", METRICS["euros_per_inhabitant"].value_format(k["euros_per_inhabitant"]))]


def _map_pair(metrics, vintage, region, metric, height, view=None, highlight=None, scale="quantile"):
    screen = maps.choropleth(metrics, repository.territory_layer_url(vintage, region), metric,
                             repository.region_layer_url(region), view=view, height=height, highlight=highlight,
                             insets=region is None, scale=scale)
    export = maps.choropleth(metrics, repository.territory_layer(vintage, region), metric,
                             repository.region_layer(region), view=view, height=height, highlight=highlight,
                             kind="map")
    return _big(screen, height), _big(export, height)


def programme_slide(filters: Filters) -> Slide:
    k = repository.kpis(filters)
    facts = timeline.dated_facts(repository.programme_facts())
    counts = facts[(facts["indicator"] == "n_territoires") & facts["date"].notna()].sort_values("date")
    figure = _big(charts.counts_step(counts, ""), 560)
    return Slide("Territoires d'industrie : le programme", _scope(filters),
                 [("EPCI et EPT", fmt.integer(k["n_epci"])), *_kpis(k)], main=figure, main_export=figure,
                 message="Nombre de territoires selon les sources citées (page Programme) ; "
                         "projets et montants : Fonds vert, projets situés dans les territoires.")


def national_map_slide(filters: Filters, metric: str = "amount_eur") -> Slide:
    k = repository.kpis(filters)
    metrics = repository.territory_metrics(Filters(filters.vintage, None, filters.scheme, filters.year))
    screen, export = _map_pair(metrics, filters.vintage, None, metric, 700)
    top = metrics.nlargest(8, metric)
    table = pd.DataFrame({"Territoire": top["nom"], "Montant engagé": top["amount_eur"].map(fmt.euros_compact)})
    return Slide("Carte nationale : montant engagé par territoire", _scope(filters), _kpis(k), main=screen,
                 main_export=export, table=table, table_title="Les 8 premiers")


def region_slide(filters: Filters, region: str) -> Slide:
    scoped = Filters(filters.vintage, region, filters.scheme, filters.year)
    summary = repository.region_summary(filters, region).set_index("scope")
    reg, nat = summary.loc["region"], summary.loc["national"]
    metrics = repository.territory_metrics(scoped)
    name = metrics["nom_reg"].iloc[0] if not metrics.empty else region
    view = maps.fit_view(repository.region_layer(region), width_px=1000, height_px=640)
    screen, export = _map_pair(metrics, filters.vintage, region, "amount_eur", 640, view=view)
    top = metrics.nlargest(6, "amount_eur")
    table = pd.DataFrame({"Territoire": top["nom"], "Montant": top["amount_eur"].map(fmt.euros_compact),
                          "€/hab.": top["euros_per_inhabitant"].map(lambda v: fmt.decimal(v, 1))})
    kpis = [("Territoires", fmt.integer(reg["n_territories"])), ("Habitants", fmt.number_compact(reg["population"])),
            ("Projets financés", fmt.integer(reg["n_projects"])), ("Montant engagé", fmt.euros_compact(reg["amount_eur"])),
            ("€/hab. (France)", f"{fmt.decimal(reg['euros_per_inhabitant'], 1)} ({fmt.decimal(nat['euros_per_inhabitant'], 1)})")]
    return Slide(f"Région {name}", _scope(scoped), kpis, main=screen, main_export=export, table=table,
                 table_title="Territoires en tête (montant engagé)")


def territory_slide(filters: Filters, id_ti: str) -> Slide:
    profile = repository.territory_profile(filters.vintage, id_ti)
    metrics = repository.territory_metrics(filters, whole_country=True)
    standing = ranking.standing(metrics, id_ti, "amount_eur")
    row = metrics.set_index("id_ti").loc[id_ti]
    members = repository.territory_members(filters.vintage, id_ti)
    points = repository.territory_project_points(filters, id_ti)
    figure = _big(member_map(members, points), 600)
    by_measure = repository.funding_by_measure(filters, id_ti).head(6)
    by_measure = by_measure.assign(measure=by_measure["measure"].map(_short))
    side = _big(charts.horizontal_bars(by_measure, "measure", "amount_eur", "", value_format=fmt.euros_compact), 330) \
        if not by_measure.empty else None
    projects = repository.projects(filters, id_ti=id_ti, status="inside", limit=4)
    table = pd.DataFrame({"Projet": projects["title"].map(lambda t: _short(t, 44)),
                          "Montant": projects["amount_eur"].map(fmt.euros_compact)})
    kpis = [("Habitants", fmt.integer(profile["population"])), ("Projets financés", fmt.integer(row["n_projects"])),
            ("Montant engagé", fmt.euros_compact(row["amount_eur"])),
            ("€ par habitant", METRICS["euros_per_inhabitant"].value_format(row["euros_per_inhabitant"])),
            ("Rang national", f"{standing.rank_national}/{standing.n_national}")]
    return Slide(str(profile["nom"]), f"{profile['nom_reg']} · {_scope(filters)}", kpis, main=figure,
                 main_export=figure, side=side, table=table, table_title="Principaux projets")


def changes_slide(filters: Filters) -> Slide:
    changes = repository.changes(filters)
    title = "Ce qui a changé depuis la dernière publication"
    if changes is None:
        return Slide(title, _scope(filters), message="Aucune publication depuis la construction des données : "
                     "rien à comparer. Importez un fichier (python -m tidash.ingest) pour voir ici les nouveaux "
                     "projets, les euros ajoutés et les changements de rang.")
    moved = changes.territories[changes.territories["rank_change"].fillna(0) != 0]
    kpis = [("Nouveaux projets", fmt.integer(len(changes.new_projects))),
            ("Projets retirés", fmt.integer(len(changes.removed_projects))),
            ("Euros ajoutés", fmt.euros_compact(changes.euros_added)),
            ("Territoires qui changent de rang", fmt.integer(len(moved)))]
    metrics = changes.territories.rename(columns={"delta_eur": "amount_eur_delta"})
    metrics = metrics.assign(amount_eur=metrics["amount_eur_delta"])
    screen, export = _map_pair(metrics, filters.vintage, None, "amount_eur", 640, scale="linear")
    for figure in (screen, export):
        for trace in figure.data:
            if trace.type in ("choropleth", "choroplethmap") and trace.showscale is not False:
                trace.colorbar.title.text = "Euros ajoutés"
    top = changes.territories[changes.territories["delta_eur"] != 0].head(6)
    table = pd.DataFrame({"Territoire": top["nom"], "Euros ajoutés": top["delta_eur"].map(fmt.euros_compact),
                          "Rang": [f"{_rank(b)} → {int(a)}" for b, a in zip(top["rank_amount_national_before"],
                                                                         top["rank_amount_national"])]})
    return Slide(title, _scope(filters), kpis, main=screen, main_export=export, table=table,
                 table_title="Territoires les plus concernés")


def _short(text: str, size: int = 32) -> str:
    return text if len(text) <= size else text[: size - 1].rstrip() + "…"


def _rank(value) -> str:
    return "—" if pd.isna(value) else str(int(value))


def member_map(members: pd.DataFrame, points: pd.DataFrame) -> go.Figure:
    """One territory's members (plotly, exportable) with its projects as points."""
    import json

    features = [{"type": "Feature", "id": s, "properties": {}, "geometry": json.loads(g)}
                for s, g in zip(members["siren"], members["geojson"]) if isinstance(g, str)]
    geojson = {"type": "FeatureCollection", "features": features}
    figure = go.Figure(go.Choroplethmap(
        geojson=geojson, locations=members["siren"], z=list(range(len(members))), featureidkey="id",
        colorscale=[[0, "#56B4E9"], [1, "#0072B2"]], showscale=False, marker_opacity=0.55,
        marker_line_color="white", marker_line_width=1.5, customdata=members["nom"],
        hovertemplate="%{customdata}<extra></extra>"))
    if not points.empty:
        amounts = points["amount_eur"].astype(float)
        figure.add_trace(go.Scattermap(
            lon=points["lon"], lat=points["lat"], mode="markers",
            marker=dict(size=(amounts / amounts.max()) ** 0.5 * 28 + 6, color="#D55E00", opacity=0.85),
            customdata=list(zip(points["title"].str.slice(0, 60), amounts.map(fmt.euros))),
            hovertemplate="%{customdata[0]}<br>%{customdata[1]}<extra></extra>", showlegend=False))
    figure.update_layout(map=dict(style="white-bg", **maps.fit_view(geojson, 900, 600)), separators=", ",
                         margin=dict(l=0, r=0, t=0, b=0))
    return figure


def _scope(filters: Filters) -> str:
    year = "toutes années" if filters.year is None else f"{filters.year}"
    return f"{VINTAGES[filters.vintage].label} · {year}"


def build(spec: SlideSpec, filters: Filters) -> Slide:
    if spec.kind == "programme":
        return programme_slide(filters)
    if spec.kind == "carte":
        return national_map_slide(filters)
    if spec.kind == "region":
        return region_slide(filters, spec.key)
    if spec.kind == "territoire":
        return territory_slide(filters, spec.key)
    return changes_slide(filters)
