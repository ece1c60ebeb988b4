"""The « foncier:ti-RRNN » slide: one territory's Cartofriches sites (Cerema) on its members'
outlines, coloured by status, with the Fonds vert « Recyclage foncier » projects beside them
(counts and euros, never added to the sites)."""
from __future__ import annotations

import json

import pandas as pd
import plotly.graph_objects as go

from tidash import formatting as fmt
from tidash import maps, repository
from tidash.briefing.slides import MAP_BOX, Slide, _big, _scope, _short
from tidash.friches_view import DATA_DATE_FR
from tidash.sources import FRICHES_ATTRIBUTION
from tidash.state import Filters


def friches_map(members: pd.DataFrame, sites: pd.DataFrame) -> go.Figure:
    """For the PNG/PDF export (MapLibre): members in light grey, one point per site coloured by status
    (the screen draws maps.friches_map, SVG)."""
    features = [{"type": "Feature", "id": s, "properties": {}, "geometry": json.loads(g)}
                for s, g in zip(members["siren"], members["geojson"]) if isinstance(g, str)]
    geojson = {"type": "FeatureCollection", "features": features}
    figure = go.Figure(go.Choroplethmap(
        geojson=geojson, locations=members["siren"], z=[0] * len(members), featureidkey="id",
        colorscale=[[0, "#E4E4E4"], [1, "#E4E4E4"]], showscale=False, marker_opacity=0.9,
        marker_line_color="#333333", marker_line_width=1.2, customdata=members["nom"],
        hovertemplate="%{customdata}<extra></extra>"))
    for status, (rgb, _) in maps.FRICHE_STATUS_COLOURS.items():
        part = sites[sites["statut"] == status]
        if part.empty:
            continue
        figure.add_trace(go.Scattermap(
            lon=part["lon"], lat=part["lat"], mode="markers", name=f"{status} ({fmt.integer(len(part))})",
            marker=dict(size=13, color=f"rgb({rgb[0]},{rgb[1]},{rgb[2]})", opacity=0.95),
            customdata=[str(n)[:60] for n in part["nom"]], hovertemplate="%{customdata}<extra></extra>"))
    figure.update_layout(map=dict(style="white-bg", **maps.fit_view(geojson, *MAP_BOX)), separators=", ",
                         margin=dict(l=0, r=0, t=0, b=0),
                         legend=dict(x=0.01, y=0.99, bgcolor="rgba(255,255,255,0.85)", title=dict(text="Statut")))
    return figure


def land_slide(filters: Filters, id_ti: str) -> Slide:
    profile = repository.territory_profile(filters.vintage, id_ti)
    row = repository.friches_by_territory(filters.vintage).set_index("id_ti").loc[id_ti]
    sites = repository.territory_friches(filters.vintage, id_ti)
    members = repository.territory_members(filters.vintage, id_ti)
    # On screen SVG (plotly geo); MapLibre with inline GeoJSON for the PNG/PDF export.
    counted = {status: f"{status} ({fmt.integer(n)})" for status, n in sites["statut"].value_counts().items()}
    figure = _big(maps.friches_map(members, sites, repository.region_layer_url(profile["code_reg"]),
                                   status_labels=counted, aspect=MAP_BOX[0] / MAP_BOX[1]), 600)
    export = _big(friches_map(members, sites), 600)
    kpis = [("Friches recensées", fmt.integer(row["n_friches"])),
            ("Sans projet", fmt.integer(row["n_friches_sans_projet"])),
            ("Avec projet", fmt.integer(row["n_friches_avec_projet"])),
            ("Sites industriels", fmt.integer(row["n_friches_industrielles"])),
            ("Surface connue", fmt.integer(row["friches_surface_ha"]) + "\u00a0ha")]
    biggest = sites[sites["statut"] == "sans projet"].head(4)
    table = pd.DataFrame({"Friche sans projet": biggest["nom"].map(lambda t: _short(str(t), 28)),
                          "Commune": biggest["commune"].map(lambda t: _short(str(t), 16)),
                          "Surface": biggest["surface_ha"].map(lambda v: fmt.decimal(v, 1) + " ha"
                                                               if pd.notna(v) else fmt.MISSING)})
    recycling = repository.territory_land_recycling(filters, id_ti)
    if recycling.empty:
        funded = "aucun projet Fonds vert « Recyclage foncier » situé dans le territoire pour ces filtres"
    else:
        year = "toutes années" if filters.year is None else str(filters.year)
        funded = (f"Fonds vert « Recyclage foncier » ({year}) : {fmt.integer(recycling['n_projects'].sum())} projet(s), "
                  f"{fmt.euros_compact(recycling['amount_eur'].sum())}, jamais additionnés aux sites")
    # The map carries its own colour legend: the message stays short so the slide never scrolls.
    message = f"{funded}. Sites signalés ; « potentielle » = non vérifiée."
    return Slide(f"Foncier : friches — {profile['nom']}", f"{profile['nom_reg']} · {_scope(filters)}", kpis,
                 main=figure, main_export=export, table=table if not table.empty else None,
                 table_title=f"Plus grandes friches sans projet · {FRICHES_ATTRIBUTION}, {DATA_DATE_FR}",
                 message=message, sources=("cartofriches", "fonds_vert"))
