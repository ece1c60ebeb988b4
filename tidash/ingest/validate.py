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
from tidash.ingest.contract import AXES, EXTRACT_COLUMNS, GIVEN, HEADERS, LOCATION_HEADERS, REQUIRED, STATUSES
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
    """What imported rows are checked against (read from the published extracts); ``places``
    (tidash.ingest.mapping.Places) places a row without id_territoire by its location."""
    territories: dict[str, set[str]]
    communes: set[str]
    places: object | None = None

    @classmethod
    def from_extracts(cls, extracts: Path, sources: Path | None = None) -> "Known":
        from tidash import paths
        from tidash.ingest.mapping import Places  # mapping imports this module

        territories = pd.read_parquet(extracts / "territories.parquet", columns=["vintage", "id_ti"])
        communes = set(pd.read_parquet(extracts / "communes_cog2023.parquet", columns=["insee_com"])["insee_com"])
        communes |= set(pd.read_parquet(extracts / "commune_history.parquet", columns=["code"])["code"])
        by_vintage = territories.groupby("vintage")["id_ti"].apply(set).to_dict()
        return cls(by_vintage, communes, Places(extracts, sources or paths.sources_dir()))


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
    if "id_territoire" not in table.header and not set(LOCATION_HEADERS) & set(table.header):
        problems.append(Problem(1, "id_territoire", "colonne absente de l'en-tête, et aucune colonne de localisation "
                                                    "(code_commune, longitude et latitude, siren_epci) pour déduire "
                                                    "le territoire"))
        return result
    if ("longitude" in table.header) != ("latitude" in table.header):
        problems.append(Problem(1, "latitude" if "longitude" in table.header else "longitude",
                                "longitude et latitude vont ensemble : colonne absente de l'en-tête"))
        return result
    if not table.rows:
        problems.append(Problem(None, None, "aucune ligne de données sous l'en-tête"))
        return result
    seen: dict[str, tuple[int, str]] = {}
    located: list[Where] = []
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
        point = _point(row, line, problems)
        located.append(Where(line, vintage if vintage in VINTAGES else None, territory, commune, point,
                             siren if re.fullmatch(r"\d{9}", siren) else None))
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
            "longitude": point[0] if point else None, "latitude": point[1] if point else None,
        })
    for record, where in zip(records, _locate(located, known, problems)):
        record["id_ti"], record["id_ti_method"] = where
    problems.sort(key=lambda p: p.line or 0)
    if not problems:
        frame = pd.DataFrame(records, columns=list(EXTRACT_COLUMNS))
        frame["year"] = frame["year"].astype("Int64")
        for column in ("longitude", "latitude"):
            frame[column] = frame[column].astype("float64")
        result.frame = frame.sort_values("project_id", ignore_index=True)
    return result


@dataclass
class Where:
    """What a ledger row says about its territory."""
    line: int
    vintage: str | None
    territory: str
    commune: str
    point: tuple[float, float] | None
    siren: str | None


def _point(row: dict[str, str], line: int, problems: list[Problem]) -> tuple[float, float] | None:
    lon_text, lat_text = row.get("longitude", ""), row.get("latitude", "")
    if not lon_text and not lat_text:
        return None
    from tidash.ingest.mapping import _coordinate

    values = []
    for column, text, limit, example in (("longitude", lon_text, 180, "4,6705"), ("latitude", lat_text, 90, "45,2397")):
        value = _coordinate(text) if text else None
        if not text:
            problems.append(Problem(line, column, f"{column} manquante (l'autre coordonnée est remplie)"))
        elif value is None or not -limit <= value <= limit:
            problems.append(Problem(line, column, f"« {text[:20]} » n'est pas une {column} (degrés décimaux, "
                                                  f"ex. {example})"))
        values.append(value)
    lon, lat = values
    return None if lon is None or lat is None or not (-180 <= lon <= 180 and -90 <= lat <= 90) else (lon, lat)


def _locate(rows: list[Where], known: Known, problems: list[Problem]) -> list[tuple[str, str | None]]:
    """(id_ti, how it was found) of each row. The location is the first the row gives: its
    commune (any COG code since 2018, through the commune history), else its point (in the
    commune polygons), else its SIREN (a member EPCI or commune, or a commune's SIREN), in the
    territories of the row's millesime. A given id_territoire must agree with that location;
    a location in no territory of the vintage, or in several, is a problem: a row is never
    re-attributed or dropped silently."""
    places = known.places
    points = {}
    if places is not None:
        points = {i: w.point for i, w in enumerate(rows)
                  if w.point and w.vintage and places.resolve(w.commune or None) is None}
    commune_of_point = {}
    if points:
        index = pd.Index(list(points))
        found = places.communes_of_points(pd.Series([p[0] for p in points.values()], index=index),
                                          pd.Series([p[1] for p in points.values()], index=index))
        commune_of_point = {i: c for i, c in found.items() if isinstance(c, str)}
    out = []
    for i, w in enumerate(rows):
        given = w.territory or None
        if places is None or w.vintage is None or (given and given not in known.territories.get(w.vintage, ())):
            out.append((given, GIVEN if given else None))  # the problem is already reported
            continue
        vintage = w.vintage
        column, what, method, candidates = None, None, None, None
        commune = places.resolve(w.commune or None)
        if commune is not None:
            column, method = "code_commune", "commune"
            what = f"la commune {w.commune}" + (f" (COG 2023 : {commune})" if commune != w.commune else "")
            territory = places.territory_of_commune(vintage, commune)
            candidates = (territory,) if territory else ()
        elif i in commune_of_point:
            column, method = "longitude", "point GPS"
            lon, lat = w.point
            what = f"le point ({lon:.5f}, {lat:.5f}), dans la commune {commune_of_point[i]}"
            territory = places.territory_of_commune(vintage, commune_of_point[i])
            candidates = (territory,) if territory else ()
        elif w.siren:
            how, found = places.territories_of_siren(vintage, w.siren)
            if found is not None:
                column, method, candidates = "siren_epci", how, found
                what = f"le SIREN {w.siren}" + (" (commune)" if how == "SIREN commune" else "")
        if candidates is None:  # nothing usable to place the row
            if given:
                out.append((given, GIVEN))
                continue
            out.append((None, None))
            if w.point and not w.commune:
                problems.append(Problem(w.line, "longitude", f"le point ({w.point[0]:.5f}, {w.point[1]:.5f}) n'est "
                                        "dans aucune commune (contours IGN 2018 simplifiés)" +
                                        (" et le SIREN ne désigne ni un membre ni une commune" if w.siren else "") +
                                        " : indiquez id_territoire ou le code de la commune"))
            elif w.siren:
                problems.append(Problem(w.line, "siren_epci", f"SIREN {w.siren} ni membre d'un territoire du "
                                        f"millésime {vintage} ni SIREN d'une commune : indiquez id_territoire "
                                        "ou le code de la commune"))
            elif w.commune:  # a code unknown to the COG is already reported
                if w.commune in known.communes:
                    problems.append(Problem(w.line, "code_commune", f"commune « {w.commune[:10]} » sans commune "
                                            "correspondante dans le COG 2023 : indiquez id_territoire"))
            else:
                problems.append(Problem(w.line, "id_territoire", "valeur manquante et aucune localisation "
                                        "(code_commune, longitude et latitude, siren_epci) pour déduire le "
                                        "territoire"))
            continue
        inside = ", ".join(candidates)
        placed = f"dans le territoire {inside}" if len(candidates) == 1 else \
            f"dans les territoires {inside}" if candidates else "hors de tout territoire"
        if given:
            if given not in candidates:
                problems.append(Problem(w.line, "id_territoire", f"« {given[:20]} » ne correspond pas à la "
                                        f"localisation : {what} est {placed} du millésime {vintage} (colonne "
                                        f"« {column} ») ; corrigez l'un ou l'autre, ou videz id_territoire"))
            out.append((given, GIVEN))
        elif len(candidates) == 1:
            out.append((candidates[0], method))
        else:
            out.append((None, None))
            if candidates:
                problems.append(Problem(w.line, column, f"{what} est membre de plusieurs territoires du millésime "
                                        f"{vintage} ({inside}) : indiquez id_territoire"))
            else:
                problems.append(Problem(w.line, column, f"{what} est hors de tout territoire du millésime {vintage} : "
                                        "le projet n'est attribuable à aucun territoire ; vérifiez le millésime, "
                                        "la localisation, ou indiquez id_territoire"))
    return out


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

