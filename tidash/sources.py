"""The sources shipped in data/sources/, for the Données page (licence, vintage, files)."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Source:
    name: str
    folder: str
    producer: str
    licence: str
    vintage: str
    extracts: tuple[str, ...]
    short: str = ""  # in the sidebar's list of sources: what it is, by whom


SOURCES: tuple[Source, ...] = (
    Source("Périmètres officiels des Territoires d'industrie", "perimetres", "ANCT (superposeur-anct, superposeur-V2) ; "
           "signaux-faibles/datapi pour la liste d'octobre 2020", "Licence Ouverte 2.0", "2020-10, 2023-08, 2024-07",
           ("territories", "territory_members", "territory_communes"),
           short="périmètres (ANCT)"),
    Source("Découpage administratif (communes, EPCI, EPT, départements, régions)", "reference",
           "Etalab, @etalab/decoupage-administratif 3.1.1 et 6.0.0 (INSEE, COG)", "Licence Ouverte 2.0 (données)",
           "COG 2023 (population légale 2020) et 2026", ("communes", "communes_cog2023", "commune_history", "epci",
                                                         "departements", "regions"),
           short="communes et population (INSEE, COG)"),
    Source("Contours communaux simplifiés et points communaux", "geo", "IGN ADMIN EXPRESS 2018 via france-geojson",
           "Licence Ouverte 2.0", "2018 (codes 2026)", ("territory_shapes", "member_shapes", "region_shapes",
                                                        "departement_shapes"),
           short="contours (IGN)"),
    Source("Fonds vert 2023 — export national des projets subventionnés", "financements",
           "Ministère de la Transition écologique (data.gouv.fr, export du 2024-07-31)", "Licence Ouverte 2.0", "2023",
           ("projects", "project_territories", "funding_reconciliation"),
           short="Fonds vert 2023 (MTE)"),
    Source("Fonds vert 2024 — Provence-Alpes-Côte d'Azur", "financements",
           "Export 2024 du MTE, mis en forme par brunocpu/fonds-vert-paca-carto", "Licence Ouverte 2.0", "2024",
           ("projects",),
           short="Fonds vert 2024 PACA (MTE)"),
    Source("France Relance — projets industriels soutenus (liste géolocalisée, sans montant)",
           "financements/france_relance_projets_industriels", "DGE, jeu de données « plan-de-relance » (projets "
           "industriels)", "Licence Ouverte 2.0", "2021-02 → 2022-03 (date de publication dans la liste)",
           ("relance_projects", "relance_territories", "relance_reconciliation"),
           short="France Relance, projets industriels (DGE)"),
    Source("Baromètre France Relance : entreprises industrielles bénéficiaires", "financements",
           "Etalab, Baromètre des résultats de l'action publique", "Licence Ouverte 2.0", "2020-01 → 2022-12",
           ("france_relance_counts",),
           short="baromètre France Relance (Etalab)"),
    Source("Baromètre DITP : France 2030 et indicateurs industrie", "financements", "DITP", "données publiques (sans "
           "fichier de licence)", "2021 → 2026", ("indicators",),
           short="France 2030 et indicateurs industrie (DITP)"),
    Source("Chiffres cités du programme", "programme", "71 sources publiques (ministères, ANCT, Sénat, Cour des comptes, "
           "opérateurs, presse)", "citations avec lien", "2018 → 2025", ("programme_facts",),
           short="chiffres cités du programme (sources publiques)"),
    Source("Annonces régionales du Fonds d'accélération", "programme", "Préfectures, DREETS, DGE, presse régionale",
           "citations avec lien", "2020-10 → 2024-08", ("fund_snapshots",),
           short="annonces du Fonds d'accélération"),
    Source("Cartofriches — inventaire national des friches (sites signalés)", "contexte/cartofriches",
           "Cerema pour le Ministère de la Transition écologique ; attribution : « Source : Cerema, Cartofriches »",
           "Licence Ouverte 2.0", "données au 13 février 2024", ("friches", "friche_territories",
                                                                 "friches_reconciliation"),
           short="Cartofriches (Cerema)"),
)

FRICHES_ATTRIBUTION = "Source : Cerema, Cartofriches"


def sources_caption() -> str:
    """The sidebar's one line on sources: every source shipped in data/sources/ (its folder is
    there) and every list imported with a column mapping, read from the registries above."""
    from tidash import paths

    root = paths.sources_dir()
    shipped = [s.short for s in SOURCES if s.short and (root / s.folder).is_dir()]
    imported = sorted(imported_labels().values())
    text = "Sources : " + " · ".join(shipped)
    if imported:
        text += " · listes importées : " + ", ".join(imported)
    return text + ". Licences et millésimes : page Données."

class _Labels(dict):
    """``get`` falls back to the readable name of a list imported with a column mapping
    (kept in the import state, data/imports/state.json), so every screen names it."""

    def get(self, key, default=None):
        if key in self:
            return self[key]
        return imported_labels().get(key, default)


def imported_labels() -> dict[str, str]:
    from tidash import paths
    from tidash.ingest.store import list_labels

    try:
        return list_labels(paths.data_dir())
    except (OSError, ValueError):
        return {}


# Source ids as stored in the projects extract → the label every screen shows.
SOURCE_LABELS = {
    "fonds_vert_2023": "Fonds vert 2023 — export national (MTE, export du 31 juillet 2024)",
    "fonds_vert_2024_paca": "Fonds vert 2024 — Provence-Alpes-Côte d'Azur",
    "france_relance_industrie": "France Relance — projets industriels (DGE, 2021-2022, sans montant)",
}

# The date of each source as published (PROVENANCE.md), shown with the figures instead of the
# build date: the data are not « from today ».
SOURCE_DATES = {
    "fonds_vert_2023": ("Fonds vert 2023", "export du 31 juillet 2024"),
    "fonds_vert_2024_paca": ("Fonds vert 2024 PACA", "export du 31 juillet 2025"),
    # Latest `mise_a_jour` of the list (2022-03-31; PROVENANCE.md), checked against the extract by a test.
    "france_relance_industrie": ("France Relance industrie", "liste à jour au 31 mars 2022"),
    # tidash.extracts.friches.DATA_DATE, the latest update date in the inventory (PROVENANCE.md).
    "cartofriches": ("Cartofriches", "13 février 2024"),
}
SOURCE_LABELS = _Labels(SOURCE_LABELS)
