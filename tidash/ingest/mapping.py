"""Any funding or project list, imported through a mapping of its columns (issue 9 §4).

A mapping says which column of the file holds each field (identifier, title, year,
scheme/measure, beneficiary and SIREN, amount, and at least one location: commune code,
SIREN, or longitude/latitude). It is given on the command line (``--colonne champ=Colonne``)
or in a small TOML/JSON file kept for next year's file (``docs/mappings/``)::

    source = "Fonds vert 2024 PACA"   # readable name (the slug becomes the projects' source)
    feuille = "Projets"                # XLSX only
    [colonnes]
    intitule = "nom_projet"
    code_commune = "code_commune"
    montant = "montant_engage_eur"
    [valeurs]                           # one value for every row, for fields the file lacks
    dispositif = "Fonds vert"

Rows become rows of the ``projects`` extract (source = slug of the readable name), located
by their commune (any COG code since 2018, through ``commune_history``), else by their point
(geopandas ``sjoin`` in the commune polygons), else by their SIREN (a member commune or EPCI,
the same rule as the Fonds vert). Nothing is written here: this module reads and checks."""
from __future__ import annotations

import json
import re
import tomllib
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

import pandas as pd

from tidash.extracts import funding
from tidash.ingest import overlap
from tidash.ingest.reader import Table, read_table
from tidash.ingest.validate import Problem, Result, _check_amount, _check_text, _rows_as_dicts, identifier_key

KIND_PREFIX = "liste_"
POINT = "point GPS"


@dataclass(frozen=True)
class Field:
    key: str
    label: str
    required: bool
    help: str
    guesses: tuple[str, ...] = ()


FIELDS: tuple[Field, ...] = (
    Field("identifiant", "Identifiant", False, "identifiant unique de la ligne (sinon : numéro de ligne)",
          ("identifiant", "id", "numero_dossier", "numero", "reference", "code_projet", "n_dossier")),
    Field("intitule", "Intitulé du projet", True, "intitulé ou objet du projet",
          ("intitule", "nom_projet", "nom_du_projet", "titre", "objet", "libelle", "projet")),
    Field("annee", "Année", True, "année d'attribution (AAAA, ou date) ; ou une valeur pour toutes les lignes",
          ("annee", "annee_attribution", "annee_engagement", "exercice", "millesime", "date")),
    Field("dispositif", "Dispositif / financeur", False, "dispositif ou financeur (sinon : le nom de la source)",
          ("dispositif", "financeur", "programme", "fonds", "operateur")),
    Field("mesure", "Mesure", False, "mesure ou volet du dispositif (sinon : le dispositif)",
          ("mesure", "mesure_courte", "nom_demarche_ds", "volet", "axe", "thematique")),
    Field("beneficiaire", "Bénéficiaire", False, "nom du bénéficiaire",
          ("beneficiaire", "nom_beneficiaire", "nom_beneficiaire_principal", "porteur", "raison_sociale",
           "entreprise")),
    Field("siren", "SIREN du bénéficiaire", False, "SIREN/SIRET ; localise le projet quand c'est une commune "
          "ou un EPCI membre", ("siren", "siren_beneficiaire", "siret", "siret_beneficiaire")),
    Field("montant", "Montant (€)", False, "montant en euros (facultatif : sans lui, la source compte des projets)",
          ("montant", "montant_engage", "montant_engage_eur", "montant_eur", "subvention", "montant_aide",
           "aide", "montant_attribue")),
    Field("code_commune", "Code commune INSEE", False, "code INSEE de la commune (tout COG depuis 2018)",
          ("code_commune", "code_insee", "insee", "insee_com", "code_commune_insee", "codgeo", "com")),
    Field("nom_commune", "Nom de la commune", False, "affiché tel quel, jamais utilisé pour localiser",
          ("nom_commune", "commune", "libelle_commune", "ville")),
    Field("code_departement", "Code département", False, "utilisé quand la commune est inconnue",
          ("code_departement", "departement", "code_dep", "dep")),
    Field("longitude", "Longitude", False, "longitude WGS84 (degrés décimaux)", ("longitude", "lon", "lng", "x")),
    Field("latitude", "Latitude", False, "latitude WGS84 (degrés décimaux)", ("latitude", "lat", "y")),
)
FIELD_KEYS = tuple(f.key for f in FIELDS)
LOCATIONS = ("code_commune", "siren", "longitude")
CONSTANT_FIELDS = ("dispositif", "mesure", "annee")


@dataclass
class Mapping:
    source: str | None = None
    sheet: str | None = None
    columns: dict[str, str] = field(default_factory=dict)
    values: dict[str, str] = field(default_factory=dict)

    def merged(self, other: "Mapping") -> "Mapping":
        """This mapping with ``other`` (the command line) taking precedence."""
        return Mapping(other.source or self.source, other.sheet or self.sheet,
                       {**self.columns, **other.columns}, {**self.values, **other.values})

    def as_toml(self) -> str:
        lines = []
        if self.source:
            lines.append(f"source = {json.dumps(self.source, ensure_ascii=False)}")
        if self.sheet:
            lines.append(f"feuille = {json.dumps(self.sheet, ensure_ascii=False)}")
        lines.append("\n[colonnes]")
        lines += [f"{k} = {json.dumps(v, ensure_ascii=False)}" for k, v in self.columns.items()]
        if self.values:
            lines.append("\n[valeurs]")
            lines += [f"{k} = {json.dumps(v, ensure_ascii=False)}" for k, v in self.values.items()]
        return "\n".join(lines) + "\n"


def slugify(label: str) -> str:
    text = unicodedata.normalize("NFKD", label).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "_", text).strip("_")[:48].strip("_")


def kind_of(slug: str) -> str:
    return KIND_PREFIX + slug


def _reserved(slug: str) -> bool:
    from tidash.sources import SOURCE_LABELS

    return dict.__contains__(SOURCE_LABELS, slug) or bool(re.fullmatch(r"fonds_vert_20\d\d(_import)?", slug))


def mapping_from_dict(data: dict, problems: list[Problem], where: str) -> Mapping:
    mapping = Mapping()
    for key, value in data.items():
        if key == "source" and isinstance(value, str):
            mapping.source = value
        elif key == "feuille" and isinstance(value, str):
            mapping.sheet = value
        elif key in ("colonnes", "valeurs") and isinstance(value, dict):
            for name, column in value.items():
                target = mapping.columns if key == "colonnes" else mapping.values
                if name not in FIELD_KEYS:
                    problems.append(Problem(None, None, f"{where} : champ « {name} » inconnu dans [{key}] "
                                                        f"(champs : {', '.join(FIELD_KEYS)})"))
                elif key == "valeurs" and name not in CONSTANT_FIELDS:
                    problems.append(Problem(None, None, f"{where} : [valeurs] n'accepte que "
                                                        f"{', '.join(CONSTANT_FIELDS)}, pas « {name} »"))
                elif not isinstance(column, str | int) or not str(column).strip():
                    problems.append(Problem(None, None, f"{where} : valeur vide ou illisible pour « {name} »"))
                else:
                    target[name] = str(column).strip()
        else:
            problems.append(Problem(None, None, f"{where} : clé « {key} » inconnue (attendu : source, feuille, "
                                                "[colonnes], [valeurs])"))
    return mapping


def load_mapping(path: Path, problems: list[Problem]) -> Mapping:
    """A TOML or JSON mapping file; problems are appended (in French), never raised."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        problems.append(Problem(None, None, f"fichier de correspondance {path.name} illisible : {error}"))
        return Mapping()
    try:
        data = json.loads(text) if path.suffix.lower() == ".json" else tomllib.loads(text)
    except (ValueError, tomllib.TOMLDecodeError) as error:
        problems.append(Problem(None, None, f"fichier de correspondance {path.name} mal formé : {error}"))
        return Mapping()
    if not isinstance(data, dict):
        problems.append(Problem(None, None, f"fichier de correspondance {path.name} : un objet est attendu"))
        return Mapping()
    return mapping_from_dict(data, problems, path.name)


def pairs(items: list[str], problems: list[Problem], option: str) -> dict[str, str]:
    out = {}
    for item in items or []:
        name, sep, value = item.partition("=")
        if not sep or not value.strip():
            problems.append(Problem(None, None, f"{option} « {item} » : écrivez champ=valeur"))
        else:
            out[name.strip()] = value.strip()
    return out


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "_", text).strip("_")


def guess(header: list[str]) -> dict[str, str]:
    """A first mapping from header names (exact names first, then names starting with a guess);
    each column serves one field at most."""
    normalised = {_norm(h): h for h in header if h}
    taken: set[str] = set()
    found: dict[str, str] = {}
    for exact in (True, False):
        for spec in FIELDS:
            if spec.key in found:
                continue
            for candidate in spec.guesses:
                hits = [h for n, h in normalised.items() if h not in taken
                        and (n == candidate if exact else n.startswith(candidate + "_"))]
                if hits:
                    found[spec.key] = hits[0]
                    taken.add(hits[0])
                    break
    return {k: found[k] for k in FIELD_KEYS if k in found}


class Places:
    """What a row is located with, read from the published extracts (and the commune polygons)."""

    def __init__(self, extracts: Path, sources: Path) -> None:
        self.extracts = extracts
        self.sources = sources
        communes = pd.read_parquet(extracts / "communes_cog2023.parquet",
                                   columns=["insee_com", "code_dep", "siren_commune"])
        history = pd.read_parquet(extracts / "commune_history.parquet", columns=["code", "insee_com_2023"])
        history = history.dropna(subset=["insee_com_2023"])
        self.communes_2023 = communes
        self.dep_of = dict(zip(communes["insee_com"], communes["code_dep"]))
        self.to2023 = dict(zip(history["code"], history["insee_com_2023"]))
        self.perimeters = SimpleNamespace(
            communes=pd.read_parquet(extracts / "territory_communes.parquet", columns=["vintage", "insee_com", "id_ti"]),
            members=pd.read_parquet(extracts / "territory_members.parquet", columns=["vintage", "siren", "id_ti"]))
        self._polygons = None
        self._by_commune = self._by_member = None

    def resolve(self, code: str | None) -> str | None:
        if not code:
            return None
        return code if code in self.dep_of else self.to2023.get(code)

    def polygons(self):
        """The 2018 commune polygons keyed by their COG-2023 code (as the build uses them)."""
        if self._polygons is None:
            import geopandas as gpd

            frame = gpd.read_parquet(self.sources / "geo" / "communes_2018_simplified.parquet",
                                     columns=["insee_com_2018", "geometry"])
            frame["insee_com"] = frame["insee_com_2018"].map(self.resolve)
            self._polygons = frame.dropna(subset=["insee_com"])[["insee_com", "geometry"]].to_crs("EPSG:4326")
        return self._polygons

    def communes_of_points(self, lon: pd.Series, lat: pd.Series) -> pd.Series:
        """COG-2023 commune of each point (None outside every polygon), by a geopandas sjoin;
        a point on a shared border takes the smallest code."""
        import geopandas as gpd

        points = gpd.GeoDataFrame({"row": lon.index}, geometry=gpd.points_from_xy(lon, lat), crs="EPSG:4326")
        joined = gpd.sjoin(points, self.polygons(), how="left", predicate="within")
        first = joined.dropna(subset=["insee_com"]).sort_values(["row", "insee_com"]).drop_duplicates("row")
        return pd.Series(dict(zip(first["row"], first["insee_com"])), index=lon.index, dtype=object)

    def territory_of_commune(self, vintage: str, commune: str) -> str | None:
        """The territory of a COG-2023 commune in a vintage (None: in no territory); a commune
        is in one territory at most per vintage (checked at build)."""
        if self._by_commune is None:
            communes = self.perimeters.communes.dropna(subset=["insee_com"])
            self._by_commune = {(v, c): t for v, c, t in zip(communes["vintage"], communes["insee_com"],
                                                              communes["id_ti"])}
        return self._by_commune.get((vintage, commune))

    def territories_of_siren(self, vintage: str, siren: str) -> tuple[str, tuple[str, ...] | None]:
        """How a SIREN places a project in a vintage, by the rule of the Fonds vert
        (tidash.extracts.funding): a member of territories (an EPCI may be split between two in
        2020-10) → ("SIREN membre", their ids); the SIREN of a commune → ("SIREN commune", its
        territory, or () when outside); unknown → ("inconnu", None)."""
        if self._by_member is None:
            members: dict[tuple[str, str], set[str]] = {}
            for v, s, t in zip(self.perimeters.members["vintage"], self.perimeters.members["siren"],
                               self.perimeters.members["id_ti"]):
                members.setdefault((v, s), set()).add(t)
            self._by_member = {k: tuple(sorted(v)) for k, v in members.items()}
            self._commune_by_siren = dict(zip(self.communes_2023["siren_commune"], self.communes_2023["insee_com"]))
        if (vintage, siren) in self._by_member:
            return "SIREN membre", self._by_member[(vintage, siren)]
        commune = self._commune_by_siren.get(siren)
        if commune is not None:
            territory = self.territory_of_commune(vintage, commune)
            return "SIREN commune", (territory,) if territory else ()
        return "inconnu", None


def _commune_code(text: str) -> str | None:
    text = text.strip().upper()
    if text.endswith(".0"):
        text = text[:-2]
    if re.fullmatch(r"\d{4}", text):  # a spreadsheet dropped the leading zero (01053 → 1053)
        text = text.zfill(5)
    return text or None


def _departement(text: str) -> str | None:
    text = text.strip().upper().removesuffix(".0")
    return (text.zfill(2) if re.fullmatch(r"\d", text) else text) or None


def _year(text: str) -> int | None:
    text = text.strip()
    match = (re.fullmatch(r"(\d{4})(?:\.0)?", text) or re.fullmatch(r"(\d{4})-\d\d-\d\d(?:[ T].*)?", text)
             or re.fullmatch(r"\d\d/\d\d/(\d{4})", text))
    return int(match.group(1)) if match else None


def _coordinate(text: str) -> float | None:
    try:
        return float(text.strip().replace(",", ".").replace("\u202f", "").replace(" ", ""))
    except ValueError:
        return None


@dataclass
class Checked:
    """A checked list: the rows ready to publish (result.frame) or the problems; what was read."""
    result: Result
    table: Table | None = None
    mapping: Mapping | None = None
    slug: str | None = None
    located: dict[str, int] = field(default_factory=dict)
    lines: list[int] = field(default_factory=list)            # line in the file of each row of result.frame
    overlaps: list = field(default_factory=list)              # tidash.ingest.overlap.Overlap, when accepted

    @property
    def ok(self) -> bool:
        return self.result.ok


def check_mapping(mapping: Mapping, header: list[str]) -> list[Problem]:
    problems = []
    if not mapping.source or not slugify(mapping.source):
        problems.append(Problem(None, None, "nom de la source manquant : --source \"Nom lisible\" "
                                            "(ou source = \"…\" dans le fichier de correspondance)"))
    elif _reserved(slugify(mapping.source)):
        problems.append(Problem(None, None, f"le nom « {mapping.source} » désigne une source déjà intégrée ; "
                                            "choisissez un autre nom"))
    for name in list(mapping.columns) + list(mapping.values):
        if name not in FIELD_KEYS:
            problems.append(Problem(None, None, f"champ « {name} » inconnu (champs : {', '.join(FIELD_KEYS)})"))
    for name, column in mapping.columns.items():
        if column.strip().lower() not in header:
            problems.append(Problem(1, column, f"colonne absente de l'en-tête (champ « {name} ») ; colonnes du "
                                               f"fichier : {', '.join(h for h in header if h)[:300]}"))
    for spec in FIELDS:
        if spec.required and spec.key not in mapping.columns and spec.key not in mapping.values:
            problems.append(Problem(None, None, f"champ obligatoire « {spec.key} » ({spec.label}) non associé à "
                                                "une colonne"))
    if not any(k in mapping.columns for k in LOCATIONS) and "latitude" not in mapping.columns:
        problems.append(Problem(None, None, "aucune localisation : associez au moins code_commune, siren, ou "
                                            "longitude et latitude"))
    if ("longitude" in mapping.columns) != ("latitude" in mapping.columns):
        problems.append(Problem(None, None, "longitude et latitude vont ensemble : associez les deux colonnes"))
    if "annee" in mapping.values and _year(mapping.values["annee"]) is None:
        problems.append(Problem(None, None, f"année « {mapping.values['annee']} » illisible (AAAA)"))
    return problems


def check_list(content: bytes, filename: str, mapping: Mapping, places: Places, today_year: int,
               accept_overlap: bool = False) -> Checked:
    """Reads the file with its mapping and checks every row; writes nothing. Rows another
    published source already holds (tidash.ingest.overlap) refuse the list unless
    ``accept_overlap`` (then ``checked.overlaps`` says which and how many)."""
    table = read_table(content, filename, sheet=mapping.sheet, choose_sheet=True)
    checked = Checked(Result("liste"), table, mapping)
    problems = checked.result.problems
    if table.problems:
        problems.extend(Problem(None, None, p) for p in table.problems)
        return checked
    problems.extend(check_mapping(mapping, table.header))
    if problems:
        return checked
    if not table.rows:
        problems.append(Problem(None, None, "aucune ligne de données sous l'en-tête"))
        return checked
    checked.slug = slugify(mapping.source)
    column = {k: v.strip().lower() for k, v in mapping.columns.items()}
    label = {k: mapping.columns[k] for k in mapping.columns}
    records, seen, points = [], {}, {}
    for line, row in _rows_as_dicts(table, problems):
        def get(key: str) -> str:
            return row.get(column[key], "") if key in column else ""

        identifier = get("identifiant") or f"L{line:05d}"
        if "identifiant" in column:
            if not get("identifiant"):
                problems.append(Problem(line, label["identifiant"], "identifiant manquant"))
            key = identifier_key(identifier)
            if key in seen:
                problems.append(Problem(line, label["identifiant"],
                                        f"identifiant « {identifier[:40]} » en double (déjà ligne {seen[key]})"))
            seen.setdefault(key, line)
        title = get("intitule")
        if not title:
            problems.append(Problem(line, label["intitule"], "intitulé manquant"))
        year_text = get("annee") if "annee" in column else mapping.values.get("annee", "")
        year = _year(year_text)
        if year is None:
            problems.append(Problem(line, label.get("annee", "annee"), f"« {year_text[:20]} » n'est pas une année"))
        elif not 2014 <= year <= today_year:
            problems.append(Problem(line, label.get("annee", "annee"), f"année {year} hors de 2014 à {today_year}"))
        amount = None
        if "montant" in column:
            amount = _check_amount(get("montant"), line, label["montant"], problems, True)
        lon = lat = None
        if "longitude" in column and (get("longitude") or get("latitude")):
            lon, lat = _coordinate(get("longitude")), _coordinate(get("latitude"))
            for key, value, limit, example in (("longitude", lon, 180, "5,3698"), ("latitude", lat, 90, "43,2965")):
                if not get(key):
                    problems.append(Problem(line, label[key], f"{key} manquante (l'autre coordonnée est remplie)"))
                elif value is None or not -limit <= value <= limit:
                    problems.append(Problem(line, label[key], f"« {get(key)[:20]} » n'est pas une {key} "
                                                              f"(degrés décimaux, ex. {example})"))
        for key in ("intitule", "beneficiaire", "identifiant", "mesure", "dispositif"):
            if key in column:
                _check_text(get(key), line, label[key], problems)
        scheme = get("dispositif") or mapping.values.get("dispositif") or mapping.source
        commune = _commune_code(get("code_commune")) if "code_commune" in column else None
        if lon is not None and lat is not None and places.resolve(commune) is None:
            points[len(records)] = (lon, lat)
        checked.lines.append(line)
        records.append({
            "project_id": f"{checked.slug.upper()}-{identifier}",
            "source": checked.slug,
            "scheme": scheme,
            "measure": get("mesure") or mapping.values.get("mesure") or scheme,
            "year": year,
            "amount_eur": amount,
            "insee_com_source": commune,
            "nom_commune_source": get("nom_commune") or None,
            "code_dep": _departement(get("code_departement")) if "code_departement" in column else None,
            "beneficiary": get("beneficiaire") or None,
            "siren": get("siren") or None,
            "title": title,
            "dossier_id": get("identifiant") or None,
            "location_note": None,
        })
    if problems:
        return checked
    frame = pd.DataFrame(records)
    if points:
        index = pd.Index(list(points))
        found = places.communes_of_points(pd.Series([p[0] for p in points.values()], index=index),
                                          pd.Series([p[1] for p in points.values()], index=index))
        for i, commune in found.items():
            lon, lat = points[i]
            if commune is None or pd.isna(commune):
                frame.at[i, "location_note"] = (f"point GPS ({lon:.5f}, {lat:.5f}) hors de toute commune "
                                                "(contours IGN 2018 simplifiés)")
            else:
                frame.at[i, "insee_com_source"] = commune
                frame.at[i, "location_note"] = POINT
    for column in ("insee_com_source", "code_dep", "location_note"):
        frame[column] = frame[column].astype(object).where(frame[column].notna(), None)
    resolved = frame["insee_com_source"].map(places.resolve)
    frame["code_dep"] = resolved.map(places.dep_of).where(resolved.notna(), frame["code_dep"])
    frame["code_dep"] = frame["code_dep"].astype(object).where(frame["code_dep"].notna(), None)
    frame["year"] = frame["year"].astype(int)
    checked.overlaps = overlap.find(enriched(frame, places), checked.lines,
                                    overlap.published_projects(places.extracts), checked.slug)
    if checked.overlaps and not accept_overlap:
        problems.extend(overlap.problems(checked.overlaps, len(frame)))
        return checked
    checked.result.kind = kind_of(checked.slug)
    checked.result.frame = frame
    return checked


def enriched(frame: pd.DataFrame, places: Places) -> pd.DataFrame:
    out = frame.copy()
    out["insee_com"] = out["insee_com_source"].map(places.resolve)
    return out


def preview_reconciliation(frame: pd.DataFrame, places: Places) -> pd.DataFrame:
    """Per vintage and status, what publishing this list would give (the build's own rules)."""
    projects = enriched(frame, places)
    attachments = funding.attach_projects(projects, places.perimeters, places)
    return funding.reconcile(projects, attachments)


def located_by(frame: pd.DataFrame, places: Places) -> dict[str, int]:
    """How rows are located: by commune code, by GPS point, by SIREN only, or not at all."""
    commune = frame["insee_com_source"].map(places.resolve)
    point = frame["location_note"].eq(POINT)
    siren = frame["siren"].fillna("").str.replace(r"\D", "", regex=True).str.len().isin([9, 14])
    return {"code commune": int((commune.notna() & ~point).sum()), "point GPS": int((commune.notna() & point).sum()),
            "SIREN seulement": int((commune.isna() & siren).sum()),
            "sans commune ni SIREN utilisable": int((commune.isna() & ~siren).sum())}


def located_text(located: dict[str, int]) -> str:
    from tidash import formatting as fmt

    return ", ".join(f"{fmt.integer(n)} par {k}" if k in ("code commune", "point GPS") else f"{fmt.integer(n)} {k}"
                     for k, n in located.items())


def total(frame: pd.DataFrame) -> Decimal | None:
    amounts = [a for a in frame["amount_eur"] if a is not None and not pd.isna(a)]
    return sum(amounts, Decimal(0)) if amounts else None
