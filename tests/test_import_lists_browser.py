"""Issue 9 §4 in a real browser: the Données page imports the real Fonds vert 2024 PACA file
as a generic list (fields guessed from its headers): refused as already published until
« Importer quand même » is ticked, previews the reconciliation, publishes it, then withdraws it. Screenshots at 1920×1080 and 1366×768 in tests/screenshots/."""
from __future__ import annotations

import re

import pandas as pd
import pytest
from browser_fixtures import SHOTS, needs_chromium, new_page, running_server, wait_drawn
from conftest import ROOT

pytestmark = [pytest.mark.browser, pytest.mark.slow, needs_chromium]
PACA = ROOT / "data" / "sources" / "financements" / "fonds_vert_2024_paca_projets.csv"
SLUG = "fonds_vert_2024_paca_projets"


def test_the_list_form_maps_previews_publishes_and_withdraws_in_the_browser(browser, private_data):
    token = "jeton-navigateur-0123456789"
    with running_server({"TI_DATA_DIR": str(private_data), "TI_ENABLE_UPLOAD": "1",
                         "TI_OPERATOR_TOKEN": token}) as (url, _):
        page, record = new_page(browser, url)
        page.goto(url + "/donnees")
        wait_drawn(page)
        page.get_by_label("Jeton d'exploitant", exact=True).fill(token)
        page.get_by_label("Jeton d'exploitant", exact=True).press("Enter")
        uploader = page.locator("[data-testid='stFileUploader']").filter(has_text="Liste de subventions")
        limit = uploader.locator("[data-testid='stFileUploaderDropzoneInstructions']").inner_text()
        assert re.search(r"\d+\u00a0Mo au plus par fichier", limit), limit  # French units (tidash.frontend_fr), not « 50MB »
        uploader.locator("input[type='file']").set_input_files(str(PACA))
        # Already embedded: refused until « Importer quand même » is ticked (it would count twice).
        page.get_by_text("568 lignes déjà publiées sur 568").first.wait_for(timeout=60_000)
        assert page.get_by_role("button", name="Publier cette liste").count() == 0
        page.locator("[data-testid='stCheckbox']").filter(has_text="Importer quand même").locator("label").click()
        page.get_by_text("Liste valide : 568 lignes").first.wait_for(timeout=60_000)
        page.get_by_text("Réconciliation prévue").first.wait_for(timeout=30_000)
        amount = page.locator("[data-testid='stSelectbox']").filter(has_text="Montant (€)").first
        assert "montant_engage_eur" in (amount.text_content() or "") + amount.locator("input").first.input_value()  # guessed from the header
        assert not (private_data / "imports").exists()  # previewed, nothing published yet
        SHOTS.mkdir(exist_ok=True)
        page.get_by_text("Réconciliation prévue").first.scroll_into_view_if_needed()
        page.screenshot(path=str(SHOTS / "import_liste_1920.png"))
        page.set_viewport_size({"width": 1366, "height": 768})
        page.get_by_text("Réconciliation prévue").first.scroll_into_view_if_needed()
        page.screenshot(path=str(SHOTS / "import_liste_1366.png"))
        page.get_by_role("button", name="Publier cette liste").click()
        page.get_by_text("Import publié").first.wait_for(timeout=120_000)
        projects = pd.read_parquet(private_data / "extracts" / "projects.parquet")
        assert projects["source"].eq(SLUG).sum() == 568
        choice = page.locator("[data-testid='stSelectbox']").filter(has_text="Liste à retirer").first
        choice.wait_for(timeout=30_000)
        choice.locator("input").first.click()
        page.keyboard.type("fonds vert 2024 paca")
        page.keyboard.press("Enter")
        page.get_by_role("button", name="Retirer cette liste").click()
        page.get_by_text("Liste retirée").first.wait_for(timeout=120_000)
        assert not pd.read_parquet(private_data / "extracts" / "projects.parquet")["source"].eq(SLUG).any()
        assert not record["outside"]
        page.close()
