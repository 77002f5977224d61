"""Shared fixtures of the Python module tests (run by ctest as python_*; see python/CMakeLists.txt).

ctest sets PYTHONPATH to the built module, MOTIFTOK_BIN to the built CLI and MOTIFTOK_TEST_DATA to
test_data/. The tests compare the module with the CLI, so both come from the same build.
"""

import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TEST_DATA = Path(os.environ.get("MOTIFTOK_TEST_DATA", ROOT / "test_data"))


def _motiftok_bin():
    path = os.environ.get("MOTIFTOK_BIN")
    if path is None:
        pytest.fail("MOTIFTOK_BIN is not set: run these tests through ctest")
    return path


@pytest.fixture(scope="session")
def data():
    return TEST_DATA


@pytest.fixture(scope="session")
def cli():
    """Runs the motiftok CLI; returns its stdout (fails the test on a non-zero exit)."""
    binary = _motiftok_bin()

    def run(*args):
        r = subprocess.run([binary, *map(str, args)], capture_output=True, text=True)
        assert r.returncode == 0, r.stderr
        return r.stdout

    return run


def normalized(seq):
    """The reader's normalization, written out: upper case, U -> T, IUPAC codes -> N."""
    out = []
    for c in seq.upper():
        out.append("T" if c == "U" else c if c in "ACGT" else "N")
    return "".join(out)
