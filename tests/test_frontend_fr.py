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
    written = [f for f in tmp_path.iterdir() if not f.is_symlink()]
    for module, pairs in frontend_fr.TRANSLATIONS.items():
        text = "".join(f.read_text(encoding="utf-8") for f in written if frontend_fr.module_of(f.name) == module)
        for english, french in pairs:
            assert french in text and english not in text, (module, english)
    assert len(list(tmp_path.iterdir())) == len(list(source.iterdir()))
    for linked in (f for f in tmp_path.iterdir() if f.is_symlink()):  # untouched: no text of ours in it
        module = frontend_fr.module_of(linked.name)
        content = linked.read_text(encoding="utf-8") if module in frontend_fr.TRANSLATIONS else ""
        assert not any(english in content for english, _ in frontend_fr.TRANSLATIONS.get(module, ())), linked.name


def test_french_file_sizes_in_the_bundle_s_own_function():
    """The size the import shows (« 50 Mo au plus par fichier »), run by node when installed."""
    import shutil
    import subprocess

    import pytest

    node = shutil.which("node")
    if node is None:
        pytest.skip("node absent : la traduction est vérifiée comme texte par le test précédent")
    (english, french), = [p for p in frontend_fr.TRANSLATIONS["utils"] if "toFixed" in p[0]]
    script = f"const $=(e,t,n=1)=>{french};console.log($(50,`mb`,0)+`|`+$(8,`b`,1)+`|`+$(1.5,`kb`))"
    out = subprocess.run([node, "-e", script], capture_output=True, encoding="utf-8", check=True).stdout.strip()
    assert out == "50\u00a0Mo|8,0\u00a0o|1,5\u00a0ko"


def test_a_text_no_longer_in_the_bundle_is_reported_not_silently_skipped(tmp_path):
    source = tmp_path / "js"
    source.mkdir()
    (source / "Selectbox.abc123.js").write_text("renderEmptyState:()=>r(Ae,{children:`Nothing found`})", encoding="utf-8")
    (source / "other.js").write_text("x", encoding="utf-8")
    missing = frontend_fr.french_js_folder(source, tmp_path / "out")
    assert "Selectbox: children:`No results`" in missing
    assert "DataFrame: fichier absent" in missing
    assert (tmp_path / "out" / "other.js").is_symlink()


def test_the_translated_bundle_files_are_still_valid_javascript(tmp_path):
    """A replacement that breaks the syntax would blank the page: each written file parses (node)."""
    import shutil
    import subprocess

    import pytest

    node = shutil.which("node")
    if node is None:
        pytest.skip("node absent")
    frontend_fr.french_js_folder(Path(file_util.get_static_dir()) / "static" / "js", tmp_path / "js")
    written = [f for f in (tmp_path / "js").iterdir() if not f.is_symlink()]
    assert len(written) >= len(frontend_fr.TRANSLATIONS)
    for bundle in written:  # ES modules: checked as such (.mjs)
        module = tmp_path / (bundle.stem + ".mjs")
        shutil.copyfile(bundle, module)
        checked = subprocess.run([node, "--check", str(module)], capture_output=True, encoding="utf-8")
        assert checked.returncode == 0, (bundle.name, checked.stderr[-500:])

