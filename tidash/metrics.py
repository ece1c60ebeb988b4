"""The map and ranking indicators: one entry per metric with its label, the source it counts,
its unit and its French formatters. Pages, maps, URL state and slides read this registry."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from tidash import formatting as fmt


@dataclass(frozen=True)
class Metric:
    key: str                          # column of territory_metrics.sql
    label: str                        # selector, legend, table header
    source: str                       # what it counts, said next to every figure
    value_format: Callable[[object], str]
    tick_format: Callable[[object], str]


def _hectares_tick(value) -> str:
    return fmt.integer(value) + "\u00a0ha"  # a legend's scale: one unit


def _per_inhabitant(value) -> str:
    text = fmt.euros_per_inhabitant(value)
    return text if text == fmt.MISSING else text + "/hab."  # never « —/hab. »


RELANCE = "France Relance 2021-2022 (DGE, projets industriels)"


def fonds_vert_label(year: int | None) -> str:
    """The Fonds vert lists behind an amount or a count under the year filter."""
    if year == 2024:
        return "Fonds vert 2024 (Provence-Alpes-Côte d'Azur seulement)"
    if year is None:
        return "Fonds vert 2023 (France) et 2024 (PACA seulement)"
    return f"Fonds vert {year}"


METRICS: dict[str, Metric] = {m.key: m for m in (
    Metric("amount_eur", "Montant engagé", "{fonds_vert} — projets situés dans les territoires",
           fmt.euros, fmt.euros_compact),
    Metric("euros_per_inhabitant", "€ par habitant", "{fonds_vert} — montant engagé / population légale 2020",
           _per_inhabitant, _per_inhabitant),
    Metric("n_projects", "Nombre de projets", "{fonds_vert} — projets situés dans les territoires",
           fmt.integer, fmt.integer),
    Metric("population", "Population", "population légale 2020 (INSEE, COG 2023)", fmt.integer, fmt.number_compact),
    Metric("n_relance", "Projets France Relance industrie", RELANCE + " — projets situés dans les territoires "
           "(point GPS), toutes mesures ; sans montant", fmt.integer, fmt.integer),
    Metric("n_relance_ti", "Projets du fonds Territoires d'industrie", RELANCE + " — mesure « Soutien à "
           "l'investissement industriel dans les territoires », projets situés dans les territoires ; sans montant",
           fmt.integer, fmt.integer),
    Metric("n_friches_sans_projet", "Friches sans projet (Cartofriches)",
           "sites signalés à l'inventaire Cartofriches (Cerema, données au 13/02/2024) au statut « friche sans "
           "projet » : un inventaire de sites signalés, pas de toutes les friches ; les écarts entre territoires "
           "reflètent aussi l'activité des observatoires locaux qui signalent les sites", fmt.integer, fmt.integer),
    Metric("friches_surface_ha", "Surface de friches connue (ha, Cartofriches)",
           "surface des sites de l'inventaire Cartofriches (Cerema, données au 13/02/2024) qui en ont une, "
           "tous statuts ; surfaces telles que déclarées (quelques sites déclarent des milliers d'hectares)",
           fmt.hectares, _hectares_tick),
)}
DEFAULT_METRIC = "amount_eur"


def metric_label(key: str) -> str:
    return METRICS[key].label


def metric_source(key: str, year: int | None = None) -> str:
    """« Fonds vert 2023 — projets situés dans les territoires »: what a figure counts, with its year."""
    return METRICS[key].source.format(fonds_vert=fonds_vert_label(year))


def per_inhabitant_scope(kpis) -> tuple[str, str | None]:
    """The label of the « € par habitant » KPI (kpis.sql) and, when the project lists cover only
    some of the territories in view (2024: PACA), what it divides by: the euros of the covered
    territories over their own inhabitants, not over every territory's, said on the tile."""
    covered, total = kpis["n_territories_with_data"], kpis["n_territories"]
    if partial_coverage(kpis):
        return ("€ par habitant des territoires couverts",
                f"Montant engagé rapporté aux {fmt.integer(kpis['population_with_data'])} habitants des "
                f"{fmt.integer(covered)} territoires dont la région a une liste de projets, pas aux "
                f"{fmt.integer(kpis['population'])} habitants des {fmt.integer(total)} territoires.")
    return "€ par habitant", None


def national_comparison_label(summary) -> str:
    """What a région's « € par habitant » is compared with (region_summary.sql, national row): the
    country's territories, or only those of the régions the project lists cover (2024: PACA)."""
    return "territoires des régions couvertes" if partial_coverage(summary) else "France (territoires)"


def partial_coverage(summary) -> bool:
    """The project lists cover some of the territories in view, not all (2024: PACA only)."""
    return bool(0 < summary["n_territories_with_data"] < summary["n_territories"])
