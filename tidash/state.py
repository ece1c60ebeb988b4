"""The current view (vintage, région, scheme, year, metric, territories) and its URL form.

Every URL value is checked against the known ids; anything else is ignored and reported,
so a copied link opens the same view and a hostile link changes nothing."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Mapping

from tidash import formatting as fmt
from tidash.metrics import DEFAULT_METRIC, METRICS
from tidash.vintages import DEFAULT_VINTAGE, VINTAGES
from tidash.vintages import label as vintage_label

DEFAULT_YEAR = 2023  # the only year with national coverage (2024 is PACA only)
MAX_TERRITORIES = 6
MAX_PARAM_LENGTH = 200
TERRITORY_ID = re.compile(r"^ti-\d{4}$")
PROJECT_SORTS = ("amount_desc", "amount_asc", "title", "territory")  # Projets page, sorted in SQL
DEFAULT_PROJECT_SORT = "amount_desc"
# The territory profile shows one section at a time (?section=): a whole profile was ≈ 1 400 page
# elements, four times a bare page to draw on a PC without a GPU.
PROFILE_SECTIONS = {"synthese": "Synthèse", "fonds-vert": "Fonds vert", "relance": "France Relance",
                    "friches": "Friches", "suivi": "Suivi importé", "histoire": "Histoire du périmètre"}
DEFAULT_PROFILE_SECTION = "synthese"
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


@dataclass(frozen=True)
class Filters:
    vintage: str = DEFAULT_VINTAGE
    region: str | None = None
    scheme: str | None = None
    year: int | None = DEFAULT_YEAR

    def whole_country(self) -> Filters:
        """The same view without its région: the figures of every territory."""
        return Filters(self.vintage, None, self.scheme, self.year)


@dataclass
class View:
    filters: Filters = field(default_factory=Filters)
    metric: str = DEFAULT_METRIC
    territories: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    # Projets page filters (search text, measure, sort), kept in the URL too
    project_text: str = ""
    project_measure: str | None = None
    project_sort: str = DEFAULT_PROJECT_SORT
    project_located: bool = False  # Projets: the région read as « projects located in its départements »
    project_min_amount: float | None = None  # Projets: « Montant minimal / maximal (€) »
    project_max_amount: float | None = None
    profile_section: str = DEFAULT_PROFILE_SECTION


@dataclass(frozen=True)
class Options:
    regions: dict[str, str]            # code → name
    schemes: tuple[str, ...]
    years: tuple[int, ...]
    territories: dict[str, set[str]]   # vintage → ids
    measures: frozenset[str] = frozenset()  # project measures (Projets page); empty: not checked


def parse_view(params: Mapping[str, str], options: Options) -> View:
    view = View()
    notices = view.notices

    def get(name: str) -> str | None:
        value = params.get(name)
        if value is None:
            return None
        if isinstance(value, list):  # st.query_params.to_dict() keeps the last; be safe
            value = value[-1] if value else ""
        value = str(value)
        if len(value) > MAX_PARAM_LENGTH:
            notices.append(f"Paramètre « {name} » trop long : ignoré.")
            return None
        return value

    vintage = get("vintage") or DEFAULT_VINTAGE
    if vintage not in VINTAGES:
        notices.append(f"Millésime « {vintage[:20]} » inconnu : périmètre {VINTAGES[DEFAULT_VINTAGE].label} affiché.")
        vintage = DEFAULT_VINTAGE
    region = get("region")
    if region is not None and region not in options.regions:
        notices.append(f"Région « {region[:20]} » inconnue : toutes les régions affichées.")
        region = None
    scheme = get("scheme")
    if scheme is not None and scheme not in options.schemes:
        notices.append(f"Dispositif « {scheme[:30]} » inconnu : tous les dispositifs affichés.")
        scheme = None
    year: int | None = DEFAULT_YEAR
    year_text = get("year")
    if year_text is not None:
        if year_text == "all":
            year = None
        elif re.fullmatch(r"[0-9]{4}", year_text) and int(year_text) in options.years:
            year = int(year_text)
        else:
            notices.append(f"Année « {year_text[:10]} » inconnue : année {DEFAULT_YEAR} affichée.")
    view.filters = Filters(vintage, region, scheme, year)

    metric = get("metric")
    if metric is not None and metric not in METRICS:
        notices.append(f"Indicateur « {metric[:30]} » inconnu : montant engagé affiché.")
        metric = None
    view.metric = metric or DEFAULT_METRIC

    ids = [t for t in (get("territory") or "").split(",") if t]
    known = options.territories.get(vintage, set())
    for territory in ids:
        if TERRITORY_ID.match(territory) and territory in known and territory not in view.territories:
            if len(view.territories) < MAX_TERRITORIES:
                view.territories.append(territory)
            else:
                notices.append(f"Plus de {MAX_TERRITORIES} territoires demandés : les suivants sont ignorés.")
                break
        else:
            notices.append(f"Territoire « {territory[:20]} » inconnu pour le périmètre {vintage_label(vintage)} : ignoré.")
    _parse_project_filters(get, view, options)
    section = (get("section") or "").strip().lower() or None  # « Friches » typed by hand is friches
    if section is not None and section not in PROFILE_SECTIONS:
        notices.append(f"Rubrique « {section[:20]} » inconnue : synthèse de la fiche affichée.")
        section = None
    view.profile_section = section or DEFAULT_PROFILE_SECTION
    return view


def _parse_project_filters(get, view: View, options: Options) -> None:
    """Projets page: ?q= (search text, bound as a parameter, never formatted into SQL),
    ?measure= (a known measure), ?sort= (one of PROJECT_SORTS), ?located=1 (the région filter read
    as « projects located in its départements », not the default « projects of its territories »),
    ?min= and ?max= (amounts in euros, « 1500000 » or as typed in the page, « 1,5 M€ »)."""
    view.project_text = _CONTROL.sub("", get("q") or "").strip()
    measure = get("measure")
    if measure is not None and options.measures and measure not in options.measures:
        view.notices.append(f"Mesure « {measure[:30]} » inconnue : toutes les mesures affichées.")
        measure = None
    view.project_measure = measure or None
    sort = get("sort")
    if sort is not None and sort not in PROJECT_SORTS:
        view.notices.append(f"Tri « {sort[:20]} » inconnu : montant décroissant.")
        sort = None
    view.project_sort = sort or DEFAULT_PROJECT_SORT
    located = get("located")
    if located not in (None, "1"):
        view.notices.append(f"Lecture « {located[:20]} » inconnue : projets des territoires de la région.")
    view.project_located = located == "1"
    for param, attribute, said in (("min", "project_min_amount", "minimal"), ("max", "project_max_amount", "maximal")):
        try:
            setattr(view, attribute, fmt.parse_euros(get(param)))
        except ValueError:
            view.notices.append(f"Montant {said} « {get(param)[:20]} » illisible : filtre ignoré.")


def amount_param(amount: float) -> str:
    """« 1500000 », « 12.5 »: an amount as the URL carries it."""
    return f"{amount:.2f}".rstrip("0").rstrip(".")


def to_params(view: View) -> dict[str, str]:
    """The URL form of a view (defaults left out so links stay short)."""
    f = view.filters
    params: dict[str, str] = {"vintage": f.vintage}
    if f.region:
        params["region"] = f.region
    if f.scheme:
        params["scheme"] = f.scheme
    if f.year != DEFAULT_YEAR:
        params["year"] = "all" if f.year is None else str(f.year)
    if view.metric != DEFAULT_METRIC:
        params["metric"] = view.metric
    if view.territories:
        params["territory"] = ",".join(view.territories)
    if view.project_text:
        params["q"] = view.project_text
    if view.project_measure:
        params["measure"] = view.project_measure
    if view.project_sort != DEFAULT_PROJECT_SORT:
        params["sort"] = view.project_sort
    if view.project_located:
        params["located"] = "1"
    if view.project_min_amount is not None:
        params["min"] = amount_param(view.project_min_amount)
    if view.project_max_amount is not None:
        params["max"] = amount_param(view.project_max_amount)
    if view.profile_section != DEFAULT_PROFILE_SECTION:
        params["section"] = view.profile_section
    return params
