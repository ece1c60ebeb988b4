"""The list of extracts: file name, description, source and vintage (read by the build,
the Données page and the docs test)."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Extract:
    name: str
    description: str
    source: str
    vintage: str


EXTRACTS: tuple[Extract, ...] = (
    Extract("territories", "Territoires par millésime de périmètre (clé : vintage, id_ti), superficie comprise",
            "ANCT (périmètres), @etalab/decoupage-administratif 3.1.1", "2020-10, 2023-08, 2024-07"),
    Extract("territory_members", "Membres (EPCI, EPT, communes isolées) de chaque territoire",
            "ANCT ; pour 2020, déduit des communes (EPCI du COG 2023)", "2020-10, 2023-08, 2024-07"),
    Extract("territory_communes", "Communes de chaque territoire (code source et code COG 2023)",
            "ANCT ; liste d'octobre 2020 (signaux-faibles/datapi)", "2020-10, 2023-08, 2024-07"),
    Extract("territory_lineage", "Filiation des territoires d'un millésime à l'autre : communes en commun "
            "(parts dans les deux sens), territoire suivi quand le millésime change (les identifiants sont "
            "réutilisés d'une phase à l'autre)", "Calculé (communes des périmètres ANCT, COG 2023)",
            "2020-10, 2023-08, 2024-07"),
    Extract("communes", "Communes du COG courant (2026) : département, région, EPCI, population, point",
            "@etalab/decoupage-administratif 6.0.0 ; france-geojson (points)", "COG 2026"),
    Extract("communes_cog2023", "Communes du COG 2023 (clé des périmètres), population légale 2020",
            "@etalab/decoupage-administratif 3.1.1", "COG 2023"),
    Extract("commune_history", "Codes communaux anciens → commune 2023 et 2026",
            "@etalab/decoupage-administratif 3.1.1 et 6.0.0", "COG 2023, 2026"),
    Extract("epci", "EPCI et EPT (COG 2023 et 2026)", "@etalab/decoupage-administratif", "COG 2023, 2026"),
    Extract("departements", "Départements", "@etalab/decoupage-administratif 6.0.0", "COG 2026"),
    Extract("regions", "Régions", "@etalab/decoupage-administratif 6.0.0", "COG 2026"),
    Extract("territory_shapes", "Contours des territoires (GeoJSON simplifié ; encarts outre-mer pour la carte nationale)",
            "Dissous des communes IGN ADMIN EXPRESS 2018 (france-geojson)", "2020-10, 2023-08, 2024-07"),
    Extract("member_shapes", "Contours des membres de chaque territoire", "idem", "2020-10, 2023-08, 2024-07"),
    Extract("region_shapes", "Contours des régions", "idem", "COG 2023"),
    Extract("departement_shapes", "Contours des départements", "idem", "COG 2023"),
    Extract("epci_shapes", "Contours de tous les EPCI (COG 2023)", "idem", "COG 2023"),
    Extract("communes_without_shape", "Communes de territoire sans polygone (créées après 2018)", "idem",
            "2020-10, 2023-08, 2024-07"),
    Extract("projects", "Projets financés réels, un par ligne, montant exact au centime",
            "Fonds vert 2023 (export national) ; Fonds vert 2024 PACA ; imports", "2023, 2024"),
    Extract("project_territories", "Rattachement de chaque projet à un territoire par millésime (ou raison)",
            "Calculé (commune, puis SIREN)", "2020-10, 2023-08, 2024-07"),
    Extract("funding_reconciliation", "Réconciliation par source et millésime : dedans + hors + non rattaché = total",
            "Calculé", "2020-10, 2023-08, 2024-07"),
    Extract("programme_facts", "177 chiffres cités du programme, chacun avec sa source",
            "Sources publiques citées (71 URL)", "2018–2025"),
    Extract("fund_snapshots", "Annonces régionales du Fonds d'accélération (instantanés, non additifs)",
            "Préfectures, DREETS, DGE, presse régionale", "2020-10 → 2024-08"),
    Extract("france_relance_counts", "Entreprises industrielles bénéficiaires de France Relance (cumul mensuel)",
            "Baromètre des résultats de l'action publique (etalab)", "2020-01 → 2022-12"),
    Extract("indicators", "Indicateurs France 2030 et industrie par région", "Baromètre DITP", "2021–2026"),
    Extract("relance_projects", "Projets industriels France Relance, un par ligne, placés par leur point GPS "
            "(commune COG 2023, département du point et de la ligne) ; sans montant",
            "DGE, France Relance — projets industriels (data/sources/financements/france_relance_projets_industriels)",
            "2021-02 → 2022-03"),
    Extract("relance_territories", "Rattachement de chaque projet France Relance à un territoire par millésime "
            "(ou raison)", "Calculé (point GPS dans les contours communaux, geopandas sjoin, EPSG:4326)",
            "2020-10, 2023-08, 2024-07"),
    Extract("relance_reconciliation", "France Relance par millésime : dedans + hors + non rattaché = lignes du "
            "fichier (dont fonds Territoires d'industrie)", "Calculé", "2020-10, 2023-08, 2024-07"),
    Extract("friches", "Friches de l'inventaire Cartofriches, une par site : statut, type, activité ancienne, "
            "surface, pollution, candidature au Fonds friches, règle « site industriel », point",
            "Cerema, Cartofriches (sites signalés)", "données au 2024-02-13"),
    Extract("friche_territories", "Rattachement de chaque friche à un territoire par millésime (commune → COG 2023)",
            "Calculé (commune, via l'historique des codes)", "2020-10, 2023-08, 2024-07"),
    Extract("friches_reconciliation", "Friches par millésime : dans un territoire + hors + non rattachées = 23 878 sites",
            "Calculé", "2020-10, 2023-08, 2024-07"),
    Extract("programme_projects", "Suivi des projets du programme (import ANCT/DGE/Régions)",
            "Fichiers importés (python -m tidash.ingest)", "selon import"),
)
