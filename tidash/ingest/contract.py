"""The data contract of the programme's project tracking (documented in docs/contrat-suivi-projets.md).

Each column: the French header users write, the internal name, whether it is required."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd


@dataclass(frozen=True)
class Column:
    header: str
    name: str
    required: bool
    description: str


AXES = ("attirer", "recruter", "innover", "simplifier")
STATUSES = ("en projet", "engagé", "en cours", "terminé", "abandonné")

COLUMNS: tuple[Column, ...] = (
    Column("identifiant_projet", "project_id", True, "Identifiant unique du projet chez le producteur"),
    Column("millesime", "vintage", True, "Millésime du périmètre : 2020-10, 2023-08 ou 2024-07"),
    Column("id_territoire", "id_ti", True, "Identifiant ANCT du territoire (ti-RRNN) dans ce millésime"),
    Column("siren_epci", "siren_epci", False, "SIREN (9 chiffres) de l'EPCI porteur"),
    Column("code_commune", "insee_com", False, "Code INSEE de la commune du projet"),
    Column("intitule", "title", True, "Intitulé du projet"),
    Column("axe", "axis", True, "attirer, recruter, innover ou simplifier"),
    Column("operateur_ou_dispositif", "operator", True, "Opérateur ou dispositif financeur (Banque des Territoires, Fonds vert…)"),
    Column("montant_engage_eur", "amount_committed_eur", True, "Montant engagé en euros (virgule décimale acceptée)"),
    Column("montant_verse_eur", "amount_paid_eur", False, "Montant versé en euros"),
    Column("statut", "status", False, "en projet, engagé, en cours, terminé ou abandonné"),
    Column("annee", "year", True, "Année d'engagement (AAAA)"),
    Column("binome", "binome", False, "Binôme élu + industriel référent"),
)
HEADERS = tuple(c.header for c in COLUMNS)
REQUIRED = tuple(c.header for c in COLUMNS if c.required)


def empty_programme_projects() -> pd.DataFrame:
    frame = pd.DataFrame({c.name: pd.Series(dtype="str") for c in COLUMNS})
    frame["year"] = frame["year"].astype("Int64")
    for column in ("amount_committed_eur", "amount_paid_eur"):
        frame[column] = frame[column].astype("object")
    return frame
