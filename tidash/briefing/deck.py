"""A deck is a URL: ``?deck=programme,carte,region:84,territoire:ti-8401,changements``.
Unknown or malformed entries are skipped with a notice. ``territoire:ti-8413@2024-07`` names the
territory of that vintage: shown with another vintage, the slide follows its lineage."""
from __future__ import annotations

import re
from dataclasses import dataclass

from tidash import formatting as fmt

MAX_SLIDES = 30
MAX_ENTRIES = 60          # entries examined; a longer deck is cut with one notice
MAX_DECK_CHARS = 2000     # 60 entries of the longest form fit well within it
MAX_NOTICES = 5           # then one line counts the others
DEFAULT_DECK = "programme,carte,changements"
_ENTRY = re.compile(r"^(programme|carte|changements|relance|suivi|region:[0-9]{2,3}"
                    r"|territoire:ti-[0-9]{4}(@[0-9]{4}-[0-9]{2})?|(foncier|relance):ti-[0-9]{4})$")


class Notices(list):
    """The notices of a parsed deck, and how many entries were left out (however many notices)."""
    ignored: int = 0


@dataclass(frozen=True)
class SlideSpec:
    kind: str            # programme | carte | region | territoire | foncier | changements | relance | suivi
    key: str | None = None

    def token(self) -> str:
        return f"{self.kind}:{self.key}" if self.key else self.kind


def parse_deck(text: str | None, regions: set[str], territories: set[str]) -> tuple[list[SlideSpec], Notices]:
    specs: list[SlideSpec] = []
    notices: list[str] = []
    text = text or DEFAULT_DECK
    requested = sum(1 for e in text.split(",") if e.strip())
    cut = Notices()
    if len(text) > MAX_DECK_CHARS:
        text = text[:MAX_DECK_CHARS].rsplit(",", 1)[0]
        cut.append(f"Paramètre « deck » trop long (plus de {MAX_DECK_CHARS} caractères) : la fin est ignorée.")
    entries = [e.strip() for e in text.split(",") if e.strip()]
    if len(entries) > MAX_ENTRIES:
        cut.append(f"{len(entries)} entrées dans « deck » : seules les {MAX_ENTRIES} premières sont lues.")
        entries = entries[:MAX_ENTRIES]
    for entry in entries:
        if len(specs) >= MAX_SLIDES:
            notices.append(f"Plus de {MAX_SLIDES} diapositives demandées : les suivantes sont ignorées.")
            break
        if not _ENTRY.match(entry):
            notices.append(f"Diapositive « {entry[:30]} » non reconnue : ignorée.")
            continue
        kind, _, key = entry.partition(":")
        if kind == "region" and key not in regions:
            notices.append(f"Région « {key} » inconnue : diapositive ignorée.")
            continue
        if kind in ("territoire", "foncier", "relance") and key and key not in territories:
            notices.append(f"Territoire « {key} » inconnu pour ce millésime : diapositive ignorée.")
            continue
        specs.append(SlideSpec(kind, key or None))
    cut.ignored = requested - len(specs)
    if len(notices) > MAX_NOTICES:
        notices = notices[:MAX_NOTICES] + [f"… et {fmt.count(len(notices) - MAX_NOTICES, 'autre entrée ignorée', 'autres entrées ignorées')}."]
    if not specs:
        notices.append("Aucune diapositive valide : présentation par défaut.")
        specs = [SlideSpec(k) for k in DEFAULT_DECK.split(",")]
    cut.extend(notices)
    return specs, cut


def deck_param(specs: list[SlideSpec]) -> str:
    return ",".join(s.token() for s in specs)


DEFAULT_INTERVAL = 20


def parse_interval(text: str | None, notices: list[str] | None = None) -> int:
    """Seconds between slides when playing: 5 to 600, 20 by default. An invalid value adds a
    notice (ASCII digits only: « ² » is a digit for str.isdigit but not for int)."""
    if text is None or text == "":
        return DEFAULT_INTERVAL
    if re.fullmatch(r"[0-9]{1,4}", text) and 5 <= int(text) <= 600:
        return int(text)
    if notices is not None:
        notices.append(f"Intervalle « {text[:10]} » invalide (5 à 600 secondes) : {DEFAULT_INTERVAL} s.")
    return DEFAULT_INTERVAL
