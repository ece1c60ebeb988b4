"""Slides built from the data: each is a title, KPI tiles, one main chart or map, an optional
side chart and a short table. The screen and the PDF draw the same Slide objects."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd
import plotly.graph_objects as go

from tidash import charts, html_bars, lineage, maps, ranking, repository, svg_map, timeline
from tidash import formatting as fmt
from tidash.briefing.deck import SlideSpec
from tidash.metrics import METRICS, RELANCE, metric_source, partial_coverage
from tidash.sources import SOURCE_DATES
from tidash.state import Filters
from tidash.vintages import VINTAGES

SLIDE_FONT = 24
# Maps are fitted to the chart box of the smallest screen (1366×768: ≈ 700×370 px), so that the
# whole country, région or territory shows on every screen; a larger screen shows it bigger.
MAP_BOX = (700, 370)


@dataclass
class Slide:
    title: str
    subtitle: str
    kpis: list[tuple[str, str]] = field(default_factory=list)
    main: go.Figure | None = None          # chart, left/centre: on screen and in the exports
    screen_map: dict | None = None         # or a map as the screen draws it (svg_map) …
    export_map: Callable[[], go.Figure] | None = None  # … and as the PNG/PDF draw it, built only when exported
    side_html: str | None = None           # the side chart as the screen draws it (html_bars) …
    export_side: Callable[[], go.Figure] | None = None  # … and as the PNG/PDF draw it, built only when exported
    table: pd.DataFrame | None = None
    table_title: str = ""
    message: str = ""
    # What the slide counts (keys of sources.SOURCE_DATES; « fonds_vert » = the Fonds vert lists of
    # the year filter): its « Données : … » line gives the date of each, and only of those.
    sources: tuple[str, ...] = ("fonds_vert",)

    @property
    def has_main(self) -> bool:
        return self.main is not None or self.export_map is not None

    def export_figure(self) -> go.Figure | None:
        """The chart, or the map with its layers inline (kaleido has no server to fetch them from):
        plotly's copy of a national map costs ≈ 0,3 s, so a slide on screen never builds it."""
        if self.main is None and self.export_map is not None:
            self.main = self.export_map()
        return self.main


def _big(figure: go.Figure, height: int) -> go.Figure:
    figure.update_layout(font=dict(size=SLIDE_FONT), height=height, title=None, margin=dict(l=10, r=10, t=10, b=10))
    figure.update_xaxes(tickfont_size=SLIDE_FONT)
    figure.update_yaxes(tickfont_size=SLIDE_FONT)
    return figure


def _titled(figure: go.Figure, title: str) -> go.Figure:
    """A side chart says what it shows; its text in the size of the table beside it, so that
    every bar keeps its label in the small side box (at 24 px plotly dropped one label in two)."""
    figure.update_layout(title=dict(text=title, x=0, xanchor="left", y=1, yanchor="top",
                                    font=dict(size=SIDE_FONT, color="#222222")),
                         margin=dict(t=SIDE_FONT + 14))
    figure.update_yaxes(tickfont=dict(size=SIDE_FONT, color="#222222"))
    figure.update_traces(insidetextfont=dict(size=SIDE_FONT, color="white"),  # on the blue bar
                         outsidetextfont=dict(size=SIDE_FONT, color="#222222"), selector=dict(type="bar"))
    return figure


SIDE_FONT = 18


SIDE_BARS = 6  # bars in the side box of the smallest screen


def _first_of(count: int) -> str:
    """Said in a side chart's title when it shows only the first bars (a top 6 is not « every measure »)."""
    return f" ({SIDE_BARS} premières sur {count})" if count > SIDE_BARS else ""


def _side_pair(frame: pd.DataFrame, value: str, title: str, value_format, colour: str = charts.OKABE_ITO[0],
               colour_column: str | None = None):
    """The side chart of `frame`'s first SIDE_BARS rows (column « measure »): on screen, HTML bars
    (no plotly.js) in the side box's type, never zoomed smaller, each name whole and cut by its box where its width
    ends; for the PNG/PDF export (built when exported), plotly bars, names cut at 26 characters."""
    if frame.empty:
        return None, None
    top = frame.head(SIDE_BARS)
    screen = html_bars.horizontal_bars(top, "measure", value, title, value_format=value_format, colour=colour,
                                       css_class="ti-bars-slide", colour_column=colour_column)
    short = top.assign(measure=top["measure"].map(lambda m: _short(m, 26)))
    return (lambda: _titled(_big(charts.horizontal_bars(short, "measure", value, "", value_format=value_format,
                                                        colour=colour, colour_column=colour_column), 330), title)), screen


def _kpis(k) -> list[tuple[str, str]]:
    return [("Territoires", fmt.integer(k["n_territories"])), ("Habitants", fmt.number_compact(k["population"])),
            ("Projets financés", fmt.integer(k["n_projects"])), ("Montant engagé", fmt.euros_compact(k["amount_eur"])),
            # the value says « €/hab. »; under it, one line at 1366: which territories it divides over
            ("territoires couverts" if partial_coverage(k) else "€ par habitant",
             METRICS["euros_per_inhabitant"].value_format(k["euros_per_inhabitant"]))]


def _map_pair(metrics, vintage, region, metric, height, scale="quantile", legend_title: str | None = None):
    """The choropleth on screen (svg_map: layers by URL, fetched once by the browser, no plotly.js)
    and for the PNG/PDF export (plotly, its layers inline: kaleido has no server to fetch them
    from; built when exported, see Slide.export_figure). Both colour the territories with the same classes (maps.quantile_classes)."""
    screen = svg_map.on_slide(svg_map.map_data(
        metrics, metric, scale, repository.territory_layer_url(vintage, region), repository.region_layer_url(region),
        insets=region is None, legend_title=legend_title))

    return screen, lambda: maps.side_colour_bar(_big(maps.choropleth(
        metrics, repository.territory_layer(vintage, region), metric, repository.region_layer(region), height=height,
        insets=region is None, scale=scale, legend_title=legend_title), height))


def outline_pair(build, region: str, label: str, height: int = 600) -> tuple[dict, Callable[[], go.Figure]]:
    """A territory's map on screen (svg_map, read from the figure `build` makes with the région's
    layer by URL) and for the export (the same figure with the layer inline, see _map_pair)."""
    screen = svg_map.on_slide(svg_map.points_map_data(build(repository.region_layer_url(region)), label))
    return screen, lambda: _big(build(repository.region_layer(region)), height)


def programme_slide(filters: Filters) -> Slide:
    filters = filters.whole_country()  # the whole country's, whatever région the deck was opened with
    k = repository.kpis(filters)
    facts = timeline.dated_facts(repository.programme_facts())
    counts = timeline.territory_counts(facts)  # from the launch: 124 announced, November 2018
    figure = _big(charts.counts_step(counts, ""), 560)
    return Slide("Territoires d'industrie : le programme", _scope(filters),
                 [("EPCI et EPT", fmt.integer(k["n_epci"])), *_kpis(k)], main=figure,
                 message="Nombre de territoires selon les sources citées (page Programme) ; "
                         f"projets et montants : {metric_source('amount_eur', filters.year)}.")


def national_map_slide(filters: Filters, metric: str = "amount_eur") -> Slide:
    filters = filters.whole_country()  # the whole country's, whatever région the deck was opened with
    k = repository.kpis(filters)
    metrics = repository.territory_metrics(filters)
    screen, export = _map_pair(metrics, filters.vintage, None, metric, 700)
    top = ranking.ranked(metrics, metric).head(8)
    table = pd.DataFrame({"Rang": top["rang"], "Territoire": top["nom"],
                          "Montant engagé": top["amount_eur"].map(fmt.euros_compact)})
    return Slide("Carte nationale : montant engagé par territoire", _scope(filters), _kpis(k),
                 screen_map=screen, export_map=export, table=table, table_title="Les 8 premiers",
                 message=f"Source : {metric_source(metric, filters.year)}.")


def region_slide(filters: Filters, region: str) -> Slide:
    scoped = Filters(filters.vintage, region, filters.scheme, filters.year)
    summary = repository.region_summary(filters, region).set_index("scope")
    reg, nat = summary.loc["region"], summary.loc["national"]
    metrics = repository.territory_metrics(scoped)
    name = metrics["nom_reg"].iloc[0] if not metrics.empty else region
    screen, export = _map_pair(metrics, filters.vintage, region, "amount_eur", 640)
    top = ranking.ranked(metrics, "amount_eur").head(6)
    table = pd.DataFrame({"Rang": top["rang"], "Territoire": top["nom"], "Montant": top["amount_eur"].map(fmt.euros_compact),
                          "€/hab.": top["euros_per_inhabitant"].map(fmt.euros_per_inhabitant)})  # as the pages write it
    kpis = [("Territoires", fmt.integer(reg["n_territories"])), ("Habitants", fmt.number_compact(reg["population"])),
            ("Projets financés", fmt.integer(reg["n_projects"])), ("Montant engagé", fmt.euros_compact(reg["amount_eur"])),
            # The unit with the value, the national figure for comparison in the label (was « 28,5 (26,4) »);
            # none when the lists cover only some régions (2024: the « national » figure is theirs alone)
            ("€ par habitant" if partial_coverage(nat) else
             f"€/hab. (France\u00a0: {fmt.euros_per_inhabitant(nat['euros_per_inhabitant'])})",
             fmt.euros_per_inhabitant(reg["euros_per_inhabitant"]))]  # « — » without data, never « — € »
    return Slide(f"Région {name}", _scope(scoped), kpis, screen_map=screen, export_map=export, table=table,
                 table_title="Territoires en tête (montant engagé)",
                 message=f"Source : {metric_source('amount_eur', filters.year)}. {_no_data(reg['amount_eur'], filters)}"
                 .strip())


def territory_slide(filters: Filters, id_ti: str) -> Slide:
    profile = repository.territory_profile(filters.vintage, id_ti)
    metrics = repository.territory_metrics(filters, whole_country=True)
    standing = ranking.standing(metrics, id_ti, "amount_eur")
    row = metrics.set_index("id_ti").loc[id_ti]
    members = repository.territory_members(filters.vintage, id_ti)
    points = repository.territory_project_points(filters, id_ti)
    screen, export = outline_pair(lambda outline: maps.territory_map(members, points, outline, aspect=MAP_BOX[0] / MAP_BOX[1]),
                                  profile["code_reg"], f"Carte des membres de {profile['nom']} et de ses projets financés")
    measures = repository.funding_by_measure(filters, id_ti)
    side, side_html = _side_pair(measures, "amount_eur", "Montant engagé par mesure" + _first_of(len(measures)),
                                 fmt.euros_compact)
    # Three one-line rows: with the measures chart beside the map, the slide fits 1366×768.
    projects = repository.projects(filters, id_ti=id_ti, status="inside", limit=3)
    table = pd.DataFrame({"Projet": projects["title"].map(lambda t: _short(t, 36)),
                          "Montant": projects["amount_eur"].map(fmt.euros_compact)})
    kpis = [("Habitants", fmt.integer(profile["population"])), ("Projets financés", fmt.integer(row["n_projects"])),
            ("Montant engagé", fmt.euros_compact(row["amount_eur"])),
            ("€ par habitant", METRICS["euros_per_inhabitant"].value_format(row["euros_per_inhabitant"])),
            ("Rang national", standing.national() if standing else "pas de données")]
    return Slide(str(profile["nom"]), f"{profile['nom_reg']} · {_scope(filters)}", kpis,
                 screen_map=screen, export_map=export, export_side=side, side_html=side_html, table=table,
                 table_title="Principaux projets",
                 message=f"Source : {metric_source('amount_eur', filters.year)}. {_no_data(row['amount_eur'], filters)}"
                 .strip())


def _no_data(value, filters: Filters) -> str:
    """No data is not zero: said on the slide when the project lists do not cover the région."""
    if not pd.isna(value):
        return ""
    when = "" if filters.year is None else f" en {filters.year}"
    return f"Pas de données de projets financés pour cette région{when} (ce n'est pas zéro)."


def followed_territory_slide(filters: Filters, key: str) -> Slide:
    """``ti-8413@2024-07`` is the territory of 2024 followed into the deck's vintage by its
    communes (ids are reused across phases); a bare id is the territory of the deck's vintage."""
    id_ti, _, origin = key.partition("@")
    followed, note = lineage.follow_one(origin or filters.vintage, filters.vintage, id_ti, short=True)
    if followed is None:
        return Slide(f"Territoire absent du périmètre {filters.vintage[:4]}", _scope(filters), message=note)
    slide = territory_slide(filters, followed)
    if note:  # followed from another vintage: its own id in the title (ids are reused across vintages)
        slide.title = f"{slide.title} ({followed})"
    slide.message = " ".join(part for part in (note, slide.message) if part)
    return slide


NO_CHANGES = ("Aucune publication à comparer : les données n'ont pas changé depuis leur construction. "
              "Après l'import d'une nouvelle liste de projets, cette diapositive montrera les nouveaux projets, "
              "les euros ajoutés et les territoires qui changent de rang.")


def fonds_vert_sources(year: int | None) -> list[str]:
    """The Fonds vert lists counted under the year filter."""
    if year == 2023:
        return ["fonds_vert_2023"]
    if year == 2024:
        return ["fonds_vert_2024_paca"]
    return ["fonds_vert_2023", "fonds_vert_2024_paca"]


def data_dates(filters: Filters, counted: tuple[str, ...] | Slide = ("fonds_vert",)) -> str:
    """Each source's own date for this view (perimeter list, then every list the slide counts),
    never the build date. ``counted``: a slide (its ``sources``) or source keys."""
    if isinstance(counted, Slide):
        counted = counted.sources
    month = fmt.date_fr(filters.vintage)
    parts = [f"périmètres de {month}"]
    sources: list[str] = []
    for key in counted:
        sources += fonds_vert_sources(filters.year) if key == "fonds_vert" else [key]
    for source in dict.fromkeys(sources):
        label, date = SOURCE_DATES[source]
        parts.append(f"{label} : {date}")
    return "Données : " + " · ".join(parts)


def publication_diff_slide(filters: Filters) -> Slide:
    changes = repository.publication_diff(filters)
    title = "Ce qui a changé depuis la dernière publication"
    if changes is None:
        return Slide(title, _scope(filters), message=NO_CHANGES)
    moved = changes.territories[changes.territories["rank_change"].fillna(0) != 0]
    kpis = [("Nouveaux projets", fmt.integer(len(changes.new_projects))),
            ("Projets retirés", fmt.integer(len(changes.removed_projects))),
            ("Euros ajoutés", fmt.euros_compact(changes.euros_added)),
            ("Territoires qui changent de rang", fmt.integer(len(moved)))]
    metrics = changes.territories.rename(columns={"delta_eur": "amount_eur_delta"})
    metrics = metrics.assign(amount_eur=metrics["amount_eur_delta"])
    screen, export = _map_pair(metrics, filters.vintage, None, "amount_eur", 640, scale="linear",
                               legend_title="Euros ajoutés")
    top = changes.territories[changes.territories["delta_eur"] != 0].head(6)
    # territory_metrics ranks the territories in view: the région's only when one is chosen
    rank_label = "Rang dans la région" if filters.region else "Rang national"
    table = pd.DataFrame({"Territoire": top["nom"], "Euros ajoutés": top["delta_eur"].map(fmt.euros_compact),
                          rank_label: [f"{_rank(b)} → {_rank(a)}" for b, a in zip(top["rank_amount_national_before"],
                                                                               top["rank_amount_national"])]})
    region = f"{repository.options().regions.get(filters.region, filters.region)} · " if filters.region else ""
    return Slide(title, region + _scope(filters), kpis, screen_map=screen, export_map=export, table=table,
                 table_title="Territoires les plus concernés")


def _short(text: str, size: int = 32) -> str:
    return text if len(text) <= size else text[: size - 1].rstrip() + "…"


def _rank(value) -> str:
    return "—" if pd.isna(value) else str(int(value))


def _scope(filters: Filters) -> str:
    year = "toutes années" if filters.year is None else f"année {filters.year}"  # never two bare years in a row
    return f"{VINTAGES[filters.vintage].label} · {year}"


def build(spec: SlideSpec, filters: Filters) -> Slide:
    if spec.kind == "programme":
        return programme_slide(filters)
    if spec.kind == "carte":
        return national_map_slide(filters)
    if spec.kind == "region":
        return region_slide(filters, spec.key)
    if spec.kind == "territoire":
        return followed_territory_slide(filters, spec.key)
    if spec.kind == "foncier":
        from tidash.briefing.foncier import land_slide

        return land_slide(filters, spec.key)
    if spec.kind == "relance":
        return relance_slide(filters, spec.key)
    if spec.kind == "suivi":
        return ledger_slide(filters)
    return publication_diff_slide(filters)


# France Relance industrial projects (count source) and the programme ledger -------------

def relance_slide(filters: Filters, id_ti: str | None = None) -> Slide:
    """`relance`: the national map of France Relance industrial projects (counts, no amounts);
    `relance:ti-XXXX`: one territory's projects at their GPS points."""
    metrics = repository.territory_metrics(filters.whole_country())
    reconciliation = repository.relance_reconciliation()
    status = reconciliation[reconciliation["vintage"] == filters.vintage].set_index("status")
    scope = VINTAGES[filters.vintage].label  # the source (France Relance, no amounts) is in the title and message
    if id_ti is None:
        screen, export = _map_pair(metrics, filters.vintage, None, "n_relance", 700)
        top = metrics.nlargest(8, "n_relance")
        table = pd.DataFrame({"Territoire": top["nom"].map(lambda t: _short(t, 36)),
                              "Projets": top["n_relance"].map(fmt.integer),
                              "Fonds TI": top["n_relance_ti"].map(fmt.integer)})
        kpis = [("Projets dans les territoires", fmt.integer(status.loc["inside", "n_projects"])),
                ("dont fonds TI", fmt.integer(status.loc["inside", "n_ti_fund"])),
                ("Hors territoire", fmt.integer(status.loc["outside", "n_projects"])),
                ("Non rattachés", fmt.integer(status.loc["unresolved", "n_projects"]))]
        return Slide("France Relance : projets industriels dans les territoires", scope, kpis,
                     screen_map=screen, export_map=export, table=table, table_title="Les 8 premiers (projets)",
                     sources=("france_relance_industrie",),
                     message=f"Source : {RELANCE}, projets situés dans les territoires par leur point GPS. "
                             "Comptes de projets, sans montant.")
    profile = repository.territory_profile(filters.vintage, id_ti)
    row = metrics.set_index("id_ti").loc[id_ti]
    standing = ranking.standing(metrics, id_ti, "n_relance")
    projects = repository.relance_projects(filters.vintage, id_ti=id_ti, status="inside")
    members = repository.territory_members(filters.vintage, id_ti)
    screen, export = outline_pair(lambda outline: maps.relance_map(members, projects, outline, aspect=MAP_BOX[0] / MAP_BOX[1]),
                                  profile["code_reg"], f"Carte des projets France Relance de {profile['nom']}")
    by_measure = maps.relance_by_measure(projects.assign(short=projects["measure_short"].fillna(projects["measure"])),
                                         "short")
    side, side_html = _side_pair(by_measure.sort_values("n", ascending=False, kind="stable"), "n",
                                 "Projets par mesure" + _first_of(len(by_measure)), fmt.integer, colour_column="colour")
    table = pd.DataFrame({"Entreprise": projects["company"].fillna("—").map(lambda t: _short(t, 30)).head(3),
                          "Mesure": projects["measure_short"].fillna("—").map(lambda t: _short(t, 22)).head(3)})
    kpis = [("Projets France Relance", fmt.integer(row["n_relance"])),
            ("dont fonds TI", fmt.integer(row["n_relance_ti"])),
            ("Rang national", standing.national())]
    return Slide(f"{profile['nom']} : projets France Relance", f"{profile['nom_reg']} · {scope}", kpis,
                 screen_map=screen, export_map=export, export_side=side, side_html=side_html,
                 table=table if not projects.empty else None,
                 table_title="Projets (fonds TI d'abord)", sources=("france_relance_industrie",),
                 message=f"Source : {RELANCE}, sans montant. Orange : fonds Territoires d'industrie.")


def ledger_slide(filters: Filters) -> Slide:
    """`suivi`: the imported programme ledger by axis, committed vs paid; says how to load one."""
    title = "Suivi des projets du programme"
    loaded = repository.programme_ledger_rows()
    here = loaded[loaded["vintage"] == filters.vintage]
    if here.empty:
        what = ("Aucun suivi des projets du programme n'est chargé." if loaded.empty else
                f"Le suivi importé ne contient aucun projet du périmètre {VINTAGES[filters.vintage].label}.")
        # On a meeting-room screen: who can load it, not a shell command.
        return Slide(title, VINTAGES[filters.vintage].label, sources=(), message=what + " L'équipe données peut "
                     "l'importer à partir du modèle de suivi des projets fourni avec l'outil (page « Données »).")
    row = here.iloc[0]
    by_axis = repository.programme_ledger(filters.vintage, "axis")
    figure = _big(charts.grouped_bars(by_axis, "value", [("amount_committed_eur", "Engagé"),
                                                       ("amount_paid_eur", "Versé (renseigné)")], "",
                                      value_format=fmt.euros_compact), 560)
    by_territory = repository.programme_ledger(filters.vintage, "territory").head(6)
    table = pd.DataFrame({"Territoire": by_territory["value"].map(lambda t: _short(t, 34)),
                          "Projets": by_territory["n_projects"].map(fmt.integer),
                          "Engagé": by_territory["amount_committed_eur"].map(fmt.euros_compact)})
    paid = row["amount_paid_eur"]
    kpis = [("Projets suivis", fmt.integer(row["n_projects"])),
            ("Montant engagé", fmt.euros_compact(row["amount_committed_eur"])),
            ("Montant versé", "non renseigné" if pd.isna(paid) else fmt.euros_compact(paid))]
    return Slide(title, f"{VINTAGES[filters.vintage].label} · fichier de suivi importé", kpis, main=figure,
                 table=table, table_title="Par territoire (engagé)", sources=(),
                 message="Source : suivi des projets du programme importé (contrat docs/contrat-suivi-projets.md) ; "
                         "montants déclarés, jamais additionnés au Fonds vert.")

