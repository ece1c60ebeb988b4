"""tidash.frontend_fr: every English text it translates is still in the pinned Streamlit's bundle
(an upgrade that changes one fails here), and the other files are served untouched."""
from __future__ import annotations

from pathlib import Path

from streamlit import file_util

from tidash import frontend_fr


def test_every_translation_applies_to_the_installed_streamlit(tmp_path):
    source = Path(file_util.get_static_dir()) / "static" / "js"
    missing = frontend_fr.french_js_folder(source, tmp_path)
    assert missing == []
    for module, pairs in frontend_fr.TRANSLATIONS.items():
        (written,) = [f for f in tmp_path.iterdir() if frontend_fr.module_of(f.name) == module and f.suffix == ".js"]
        assert not written.is_symlink()
        text = written.read_text(encoding="utf-8")
        for english, french in pairs:
            assert french in text and english not in text, (module, english)
    linked = [f for f in tmp_path.iterdir() if f.is_symlink()]
    assert len(linked) + len(frontend_fr.TRANSLATIONS) == len(list(source.iterdir()))


def test_a_text_no_longer_in_the_bundle_is_reported_not_silently_skipped(tmp_path):
    source = tmp_path / "js"
    source.mkdir()
    (source / "Selectbox.abc123.js").write_text("renderEmptyState:()=>r(Ae,{children:`Nothing found`})", encoding="utf-8")
    (source / "other.js").write_text("x", encoding="utf-8")
    missing = frontend_fr.french_js_folder(source, tmp_path / "out")
    assert "Selectbox: children:`No results`" in missing
    assert "DataFrame: fichier absent" in missing
    assert (tmp_path / "out" / "other.js").is_symlink()
