"""The data contract of the programme's project tracking (documented in docs/contrat-suivi-projets.md).

Each column: the French header users write, the internal name, whether it is required
(``id_territoire`` only when the row gives no location: see ``LOCATION_HEADERS``)."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd


@dataclass(frozen=True)
class Column:
    header: str
    name: str
    required: bool
    description: str
    condition: str | None = None  # when an optional column is required after all


AXES = ("attirer", "recruter", "innover", "simplifier")
STATUSES = ("en projet", "engagé", "en cours", "terminé", "abandonné")

COLUMNS: tuple[Column, ...] = (
    Column("identifiant_projet", "project_id", True, "Identifiant unique du projet chez le producteur"),
    Column("millesime", "vintage", True, "Millésime du périmètre : 2020-10, 2023-08 ou 2024-07"),
    Column("id_territoire", "id_ti", False, "Identifiant ANCT du territoire (ti-RRNN) dans ce millésime ; sans lui, "
           "le territoire est déduit de code_commune, sinon du point longitude/latitude, sinon de siren_epci",
           "Obligatoire si la ligne ne donne ni code_commune, ni longitude/latitude, ni siren_epci"),
    Column("siren_epci", "siren_epci", False, "SIREN (9 chiffres) de l'EPCI porteur (ou d'une commune membre)"),
    Column("code_commune", "insee_com", False, "Code INSEE de la commune du projet (tout COG depuis 2018)"),
    Column("intitule", "title", True, "Intitulé du projet"),
    Column("axe", "axis", True, "attirer, recruter, innover ou simplifier"),
    Column("operateur_ou_dispositif", "operator", True, "Opérateur ou dispositif financeur (Banque des Territoires, Fonds vert…)"),
    Column("montant_engage_eur", "amount_committed_eur", True, "Montant engagé en euros (virgule décimale acceptée)"),
    Column("montant_verse_eur", "amount_paid_eur", False, "Montant versé en euros"),
    Column("statut", "status", False, "en projet, engagé, en cours, terminé ou abandonné"),
    Column("annee", "year", True, "Année d'engagement (AAAA)"),
    Column("binome", "binome", False, "Binôme élu + industriel référent"),
    Column("longitude", "longitude", False, "Longitude WGS84 du projet (degrés décimaux, ex. 4,6705), avec latitude"),
    Column("latitude", "latitude", False, "Latitude WGS84 du projet (degrés décimaux, ex. 45,2397), avec longitude"),
)
HEADERS = tuple(c.header for c in COLUMNS)
REQUIRED = tuple(c.header for c in COLUMNS if c.required)
# A row without id_territoire is placed by the first of these it gives (the commune, else the
# point, else the SIREN), in the territories of its millesime.
LOCATION_HEADERS = ("code_commune", "longitude", "siren_epci")
# How the territory of a row was found (the id_ti_method column of the extract).
GIVEN = "id_territoire"
METHODS = (GIVEN, "commune", "point GPS", "SIREN membre", "SIREN commune")


EXTRACT_COLUMNS = (*(c.name for c in COLUMNS), "id_ti_method")


def empty_programme_projects() -> pd.DataFrame:
    frame = pd.DataFrame({c: pd.Series(dtype="str") for c in EXTRACT_COLUMNS})
    frame["year"] = frame["year"].astype("Int64")
    for column in ("longitude", "latitude"):
        frame[column] = frame[column].astype("float64")
    for column in ("amount_committed_eur", "amount_paid_eur"):
        frame[column] = frame[column].astype("object")
    return frame
