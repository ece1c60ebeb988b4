"""The docs list every extract with its columns, source and vintage."""
import pyarrow.parquet as pq
from conftest import ROOT

from tidash import paths
from tidash.extract_registry import EXTRACTS


def test_docs_list_every_extract_and_column():
    text = (ROOT / "docs" / "extraits.md").read_text(encoding="utf-8")
    for extract in EXTRACTS:
        assert f"## `{extract.name}`" in text, extract.name
        assert extract.source in text and extract.vintage in text
        for field in pq.read_schema(paths.extracts_dir() / f"{extract.name}.parquet"):
            assert f"`{field.name}`" in text, (extract.name, field.name)


def test_every_source_folder_has_its_provenance():
    for folder in ("perimetres", "reference", "geo", "financements", "programme", "contexte/cartofriches"):
        assert (ROOT / "data" / "sources" / folder / "PROVENANCE.md").exists()


def test_the_readme_gives_the_two_commands():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make run" in readme and "make test" in readme and "English summary" in readme
