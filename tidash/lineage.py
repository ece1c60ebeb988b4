"""Following territories from one perimeter vintage to another by the communes they share
(extract territory_lineage): ids are reused across phases, so the same id may be another
territory. Used by the sidebar when the vintage changes and by the briefing deck."""
from __future__ import annotations

from tidash import formatting as fmt
from tidash import repository


def note(row, origin: str, target: str) -> str:
    """« En 2020 : « Oyonnax – … » (ti-8408), 42 communes en commun : 100 % des communes de … »;
    a territory that kept exactly its communes is said so (127 of the 148 from 2020 to 2023)."""
    if row["share_here"] >= 1 and row["share_there"] >= 1:
        same = (f"qu'en {origin[:4]}" if (row["nom"], row["id_ti"]) == (row["other_nom"], row["other_id_ti"])
                else f"que « {row['nom']} » ({origin[:4]}, {row['id_ti']})")
        return (f"En {target[:4]} : « {row['other_nom']} » ({row['other_id_ti']}), les mêmes "
                f"{fmt.count(row['other_n_communes'], 'commune')} {same}.")
    return (f"En {target[:4]} : « {row['other_nom']} » ({row['other_id_ti']}), "
            f"{fmt.count(row['n_shared_communes'], 'commune')} en commun : "
            f"{fmt.percent(row['share_here'], 0)} des communes de « {row['nom']} » ({origin[:4]}, {row['id_ti']}), "
            f"{fmt.percent(row['share_there'], 0)} des {fmt.integer(row['other_n_communes'])} communes de "
            f"« {row['other_nom']} ».")


def short_note(row, origin: str, target: str) -> str:
    """For a slide, whose title already names the territory followed and whose subtitle says the
    vintage: one line with the slide's source at 1366×768 (two pushed the buttons under the screen)."""
    name = row["nom"] if len(row["nom"]) <= 38 else row["nom"][:37].rstrip() + "…"
    return (f"Depuis « {name} » ({origin[:4]}, {row['id_ti']}) : "
            f"{fmt.count(row['n_shared_communes'], 'commune')} en commun ({fmt.percent(row['share_here'], 0)}).")


def missing_note(name: str, id_ti: str, origin: str, target: str) -> str:
    return (f"En {target[:4]}, le territoire « {name} » ({origin[:4]}, {id_ti}) n'existait pas : "
            f"aucun territoire de {target[:4]} ne partage au moins la moitié de ses communes.")


def follow_one(origin: str, target: str, id_ti: str, short: bool = False) -> tuple[str | None, str]:
    """The territory of ``target`` that ``id_ti`` of ``origin`` becomes (None if it had no
    counterpart) and the sentence saying so ("" when the vintage does not change)."""
    if origin == target:
        return id_ti, ""
    lineage = repository.territory_lineage(origin, target).set_index("id_ti", drop=False)
    if id_ti in lineage.index and bool(lineage.loc[id_ti, "follows"]):
        row = lineage.loc[id_ti]
        return row["other_id_ti"], (short_note if short else note)(row, origin, target)
    profile = repository.territory_profile(origin, id_ti)
    return None, missing_note(id_ti if profile is None else profile["nom"], id_ti, origin, target)


def follow(origin: str, target: str, ids: list[str]) -> tuple[list[str], list[tuple[str | None, str]]]:
    """Several territories at once: the followed ids (each once) and one (id or None, note) each."""
    followed: list[str] = []
    notes: list[tuple[str | None, str]] = []
    for id_ti in ids:
        other, text = follow_one(origin, target, id_ti)
        if other is not None and other not in followed:
            followed.append(other)
        notes.append((other, text))
    return followed, notes
