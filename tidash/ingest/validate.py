"""Checks every row of an imported table before anything is written; collects every problem."""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import pandas as pd

from tidash.extracts.funding import FONDS_VERT_2023_COLUMNS, parse_amount
from tidash.ingest.contract import AXES, COLUMNS, HEADERS, REQUIRED, STATUSES
from tidash.ingest.reader import Table
from tidash.textsafety import FORMULA_PREFIXES
from tidash.vintages import VINTAGES

MAX_AMOUNT = Decimal("1e11")  # 100 Md€: above any single project of the programme
MAX_PROBLEMS_SHOWN = 200


@dataclass
class Problem:
    line: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = []
        if self.line is not None:
            where.append(f"ligne {self.line}")
        if self.column:
            where.append(f"colonne « {self.column} »")
        return (", ".join(where) + " : " if where else "") + self.message


@dataclass
class Known:
    """What imported rows are checked against (read from the published extracts)."""
    territories: dict[str, set[str]]
    communes: set[str]

    @classmethod
    def from_extracts(cls, extracts: Path) -> "Known":
        territories = pd.read_parquet(extracts / "territories.parquet", columns=["vintage", "id_ti"])
        communes = set(pd.read_parquet(extracts / "communes_cog2023.parquet", columns=["insee_com"])["insee_com"])
        communes |= set(pd.read_parquet(extracts / "commune_history.parquet", columns=["code"])["code"])
        by_vintage = territories.groupby("vintage")["id_ti"].apply(set).to_dict()
        return cls(by_vintage, communes)


@dataclass
class Result:
    kind: str
    frame: pd.DataFrame | None = None
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems and self.frame is not None


def identifier_key(text: str) -> str:
    """Identifiers equal for a reader are equal here: « D-1 » = « d-1 », « é » composed or not, « ﬁ » = « fi »."""
    return unicodedata.normalize("NFKC", text).casefold()


def detect_kind(header: list[str]) -> str:
    if set(FONDS_VERT_2023_COLUMNS) <= set(header):
        return "fonds_vert"
    return "programme_projects"


def _check_amount(value: str, line: int, column: str, problems: list[Problem], required: bool):
    if not value.strip():
        if required:
            problems.append(Problem(line, column, "montant manquant"))
        return None
    try:
        amount = parse_amount(value, cents=False)  # rounded once its size is known
    except ValueError:
        problems.append(Problem(line, column, f"« {value[:40]} » n'est pas un montant (ex. 1 234,56)"))
        return None
    if amount < 0:
        problems.append(Problem(line, column, f"montant négatif ({value[:40]}) : un montant engagé est positif ou nul"))
    elif amount > MAX_AMOUNT:
        problems.append(Problem(line, column, f"montant démesuré ({value[:40]}) : supérieur à 100 milliards d'euros"))
    else:
        return amount.quantize(Decimal("0.01"))
    return None


def _check_text(value: str, line: int, column: str, problems: list[Problem]) -> None:
    if value.lstrip().startswith(FORMULA_PREFIXES):
        problems.append(Problem(line, column, f"« {value[:40]} » commence par une formule de tableur ; "
                                              "retirez le signe initial"))


def _rows_as_dicts(table: Table, problems: list[Problem]) -> list[tuple[int, dict[str, str]]]:
    out = []
    for index, row in enumerate(table.rows):
        line = index + 2
        if len(row) > len(table.header) and any(c.strip() for c in row[len(table.header):]):
            hint = (" : avec le séparateur « , », mettez les montants à virgule décimale entre guillemets "
                    "ou enregistrez le fichier avec « ; »") if table.delimiter == "," else ""
            problems.append(Problem(line, None, f"{len(row)} valeurs pour {len(table.header)} colonnes{hint}"))
            continue
        padded = row + [""] * (len(table.header) - len(row))
        out.append((line, dict(zip(table.header, (c.strip() for c in padded)))))
    return out


def validate_programme(table: Table, known: Known, today: dt.date | None = None) -> Result:
    today = today or dt.date.today()
    result = Result("programme_projects")
    problems = result.problems
    missing = [h for h in REQUIRED if h not in table.header]
    if missing:
        for header in missing:
            problems.append(Problem(1, header, "colonne obligatoire absente de l'en-tête"))
        if len(set(table.header) & set(HEADERS)) == 0:
            problems.append(Problem(1, None, "aucune colonne du contrat reconnue : vérifiez le séparateur "
                                             "(« ; » ou « , ») et l'en-tête du modèle"))
        return result
    if not table.rows:
        problems.append(Problem(None, None, "aucune ligne de données sous l'en-tête"))
        return result
    seen: dict[str, tuple[int, str]] = {}
    records = []
    for line, row in _rows_as_dicts(table, problems):
        for column in REQUIRED:
            if not row.get(column):
                problems.append(Problem(line, column, "valeur obligatoire manquante"))
        project_id = row.get("identifiant_projet", "")
        if project_id:
            key = identifier_key(project_id)
            if key in seen:
                first_line, first = seen[key]
                same = "" if first == project_id else f" « {first[:40]} », identique à la casse ou aux accents près"
                problems.append(Problem(line, "identifiant_projet",
                                        f"identifiant « {project_id[:40]} » en double (déjà ligne {first_line}{same})"))
            else:
                seen[key] = (line, project_id)
        vintage, territory = row.get("millesime", ""), row.get("id_territoire", "")
        if vintage and vintage not in VINTAGES:
            problems.append(Problem(line, "millesime", f"millésime « {vintage[:20]} » inconnu "
                                                       f"(attendu : {', '.join(VINTAGES)})"))
        elif vintage and territory and territory not in known.territories.get(vintage, set()):
            problems.append(Problem(line, "id_territoire",
                                    f"territoire « {territory[:20]} » inconnu pour le millésime {vintage}"))
        commune = row.get("code_commune", "")
        if commune and commune not in known.communes:
            problems.append(Problem(line, "code_commune", f"commune « {commune[:10]} » inconnue du COG"))
        siren = row.get("siren_epci", "")
        if siren and not re.fullmatch(r"\d{9}", siren):
            problems.append(Problem(line, "siren_epci", f"SIREN « {siren[:20]} » invalide (9 chiffres)"))
        axis = row.get("axe", "").lower()
        if axis and axis not in AXES:
            problems.append(Problem(line, "axe", f"axe « {axis[:20]} » inconnu (attendu : {', '.join(AXES)})"))
        status = row.get("statut", "").lower()
        if status and status not in STATUSES:
            problems.append(Problem(line, "statut", f"statut « {status[:20]} » inconnu (attendu : {', '.join(STATUSES)})"))
        year_text = row.get("annee", "")
        year = None
        if year_text:
            if not re.fullmatch(r"\d{4}", year_text):
                problems.append(Problem(line, "annee", f"« {year_text[:20]} » n'est pas une année (AAAA)"))
            elif not 2018 <= int(year_text) <= today.year:
                problems.append(Problem(line, "annee", f"année {year_text} hors de la période du programme "
                                                       f"(2018 à {today.year})"))
            else:
                year = int(year_text)
        committed = _check_amount(row.get("montant_engage_eur", ""), line, "montant_engage_eur", problems, True)
        paid = _check_amount(row.get("montant_verse_eur", ""), line, "montant_verse_eur", problems, False)
        for column in ("identifiant_projet", "intitule", "operateur_ou_dispositif", "binome"):
            _check_text(row.get(column, ""), line, column, problems)
        records.append({
            "project_id": project_id, "vintage": vintage, "id_ti": territory,
            "siren_epci": siren or None, "insee_com": commune or None, "title": row.get("intitule", ""),
            "axis": axis, "operator": row.get("operateur_ou_dispositif", ""),
            "amount_committed_eur": committed, "amount_paid_eur": paid, "status": status or None,
            "year": year, "binome": row.get("binome") or None,
        })
    if not problems:
        frame = pd.DataFrame(records, columns=[c.name for c in COLUMNS])
        frame["year"] = frame["year"].astype("Int64")
        result.frame = frame.sort_values("project_id", ignore_index=True)
    return result


def validate_fonds_vert(table: Table, known: Known, year: int, today: dt.date | None = None) -> Result:
    today = today or dt.date.today()
    result = Result("fonds_vert")
    problems = result.problems
    if not 2020 <= year <= today.year:
        problems.append(Problem(None, None, f"année {year} invalide pour un export Fonds vert (2020 à {today.year})"))
    if not table.rows:
        problems.append(Problem(None, None, "aucune ligne de données sous l'en-tête"))
    records = []
    for line, row in _rows_as_dicts(table, problems):
        amount = _check_amount(row.get("montant_engage", ""), line, "montant_engage", problems, True)
        commune = row.get("code_commune", "")
        if commune not in ("", "NULL") and commune not in known.communes:
            problems.append(Problem(line, "code_commune", f"commune « {commune[:10]} » inconnue du COG"))
        for column in ("nom_du_projet", "nom_beneficiaire_principal"):
            _check_text(row.get(column, ""), line, column, problems)
        records.append({**{c: row.get(c, "") for c in FONDS_VERT_2023_COLUMNS},
                        "montant_engage": str(amount) if amount is not None else ""})
    if not problems:
        result.frame = pd.DataFrame(records, columns=FONDS_VERT_2023_COLUMNS)
    return result

