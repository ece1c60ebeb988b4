"""A short version of the load test (bench/load_test.py runs 50 sessions for 60 s): many
sessions changing filters at once, on localhost, get no error."""
import sys

import pytest
from conftest import ROOT

sys.path.insert(0, str(ROOT / "bench"))


@pytest.mark.slow
@pytest.mark.serial  # measures a server under its own load only
def test_concurrent_sessions_changing_filters_get_no_error():
    from load_test import run

    result = run(sessions=10, seconds=10)
    assert result["interactions"] >= 10
    assert result["errors"] == []
