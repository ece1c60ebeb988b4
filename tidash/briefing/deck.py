"""A deck is a URL: ``?deck=programme,carte,region:84,territoire:ti-8401,changements``.
Unknown or malformed entries are skipped with a notice. ``territoire:ti-8413@2024-07`` names the
territory of that vintage: shown with another vintage, the slide follows its lineage."""
from __future__ import annotations

import re
from dataclasses import dataclass

MAX_SLIDES = 30
DEFAULT_DECK = "programme,carte,changements"
_ENTRY = re.compile(r"^(programme|carte|changements|region:[0-9]{2,3}|territoire:ti-[0-9]{4}(@[0-9]{4}-[0-9]{2})?)$")


@dataclass(frozen=True)
class SlideSpec:
    kind: str            # programme | carte | region | territoire | changements
    key: str | None = None

    def token(self) -> str:
        return f"{self.kind}:{self.key}" if self.key else self.kind


def parse_deck(text: str | None, regions: set[str], territories: set[str]) -> tuple[list[SlideSpec], list[str]]:
    specs: list[SlideSpec] = []
    notices: list[str] = []
    entries = [e.strip() for e in (text or DEFAULT_DECK).split(",") if e.strip()]
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
        if kind == "territoire" and key not in territories:
            notices.append(f"Territoire « {key} » inconnu pour ce millésime : diapositive ignorée.")
            continue
        specs.append(SlideSpec(kind, key or None))
    if not specs:
        notices.append("Aucune diapositive valide : présentation par défaut.")
        specs = [SlideSpec(k) for k in DEFAULT_DECK.split(",")]
    return specs, notices


def deck_param(specs: list[SlideSpec]) -> str:
    return ",".join(s.token() for s in specs)


DEFAULT_INTERVAL = 20


def parse_interval(text: str | None) -> int:
    """Seconds between slides when playing: 5 to 600, 20 by default."""
    if text and text.isdigit() and 5 <= int(text) <= 600:
        return int(text)
    return DEFAULT_INTERVAL
