"""The « foncier:ti-RRNN » slide: one territory's Cartofriches sites (Cerema) on its members'
outlines, coloured by status, with the Fonds vert « Recyclage foncier » projects beside them
(counts and euros, never added to the sites)."""
from __future__ import annotations

import pandas as pd

from tidash import formatting as fmt
from tidash import maps, repository
from tidash.briefing.slides import MAP_BOX, Slide, _scope, _short, outline_pair
from tidash.friches_view import DATA_DATE_FR, no_recycling_data
from tidash.sources import FRICHES_ATTRIBUTION
from tidash.state import Filters


def land_slide(filters: Filters, id_ti: str) -> Slide:
    profile = repository.territory_profile(filters.vintage, id_ti)
    row = repository.friches_by_territory(filters.vintage).set_index("id_ti").loc[id_ti]
    sites = repository.territory_friches(filters.vintage, id_ti)
    members = repository.territory_members(filters.vintage, id_ti)
    counted = {status: f"{status} ({fmt.integer(n)})" for status, n in sites["statut"].value_counts().items()}
    screen, export = outline_pair(lambda outline: maps.friches_map(members, sites, outline, status_labels=counted,
                                                                   aspect=MAP_BOX[0] / MAP_BOX[1]), profile["code_reg"],
                                  f"Carte des friches de {profile['nom']} (Cartofriches)")
    kpis = [("Friches recensées", fmt.integer(row["n_friches"])),
            ("Sans projet", fmt.integer(row["n_friches_sans_projet"])),
            ("Avec projet", fmt.integer(row["n_friches_avec_projet"])),
            ("Sites industriels", fmt.integer(row["n_friches_industrielles"])),
            ("Surface connue", fmt.hectares(row["friches_surface_ha"]))]  # as the profile says it
    biggest = sites[sites["statut"] == "sans projet"].head(4)
    # Names wrap on two lines rather than being cut (« Saint-Barthélem… » on one line, the walk)
    table = pd.DataFrame({"Friche sans projet": biggest["nom"].map(lambda t: _short(str(t), 40)),
                          "Commune": biggest["commune"].map(lambda t: _short(str(t), 26)),
                          "Surface": biggest["surface_ha"].map(fmt.hectares)})
    recycling = repository.territory_land_recycling(filters, id_ti)
    year = "toutes années" if filters.year is None else str(filters.year)
    if recycling.empty and not repository.has_funding_data(filters, id_ti):  # no data is not zero
        funded = no_recycling_data(filters)
    elif recycling.empty:
        funded = "aucun projet Fonds vert « Recyclage foncier » situé dans le territoire pour ces filtres"
    else:
        funded = (f"Fonds vert « Recyclage foncier » ({year}) : {fmt.count(recycling['n_projects'].sum(), 'projet')}, "
                  f"{fmt.euros_compact(recycling['amount_eur'].sum())}, jamais additionnés aux sites")
    # The map carries its own colour legend: the message stays short so the slide never scrolls.
    message = f"{funded}. Sites signalés ; « potentielle » = non vérifiée."
    return Slide(f"Foncier : friches — {profile['nom']}", f"{profile['nom_reg']} · {_scope(filters)}", kpis,
                 screen_map=screen, export_map=export, table=table if not table.empty else None,
                 table_title=f"Plus grandes friches sans projet · {FRICHES_ATTRIBUTION}, {DATA_DATE_FR}",
                 message=message, sources=("cartofriches", "fonds_vert"))
