"""docs/api.md's snippets work: run against a live server with the demo data, the first R block
(Rscript, httr2 + haven) and the first Python block (this venv's python, requests + pandas)
print the drone figure of the domain brief, 40/146; and R's haven reads our SPSS and Stata files
with their value labels and missing values.

Needs Rscript with httr2, haven and jsonlite (Debian: r-base-core r-cran-httr2 r-cran-haven
r-cran-jsonlite). Without them the test skips, except with REQUIRE_SNIPPET_TESTS=1 (CI), where
it fails.
"""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from results.api.tokens import api_token_create
from survey.models import User

pytestmark = pytest.mark.snippets

DOCS = Path(__file__).resolve().parents[3] / "docs" / "api.md"
HAVEN_CHECK = Path(__file__).with_name("haven_check.R")
R_PACKAGES = ("httr2", "haven", "jsonlite")


def first_block(language: str) -> str:
    match = re.search(rf"^```{language}\n(.*?)^```", DOCS.read_text(), re.S | re.M)
    assert match, f"docs/api.md has no ```{language} block"
    return match.group(1)


def rscript() -> str:
    path = shutil.which("Rscript")
    problem = None
    if path is None:
        problem = "Rscript is not installed (apt-get install r-base-core)."
    else:
        probe = subprocess.run(
            [
                path,
                "-e",
                f"for (p in c({', '.join(map(repr, R_PACKAGES))})) library(p, "
                "character.only = TRUE)",
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        if probe.returncode:
            problem = f"R lacks httr2/haven/jsonlite: {probe.stderr.strip()[-300:]}"
    if problem:
        if os.environ.get("REQUIRE_SNIPPET_TESTS") == "1":
            pytest.fail(f"Snippet tests are required (REQUIRE_SNIPPET_TESTS=1) but {problem}")
        pytest.skip(problem)
    return path


def run(command, environment, tmp_path):
    result = subprocess.run(
        command,
        capture_output=True,
        text=True,
        env={**os.environ, **environment},
        cwd=tmp_path,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, f"{command[0]} failed:\n{result.stdout}\n{result.stderr}"
    return result.stdout


def test_the_docs_snippets_print_the_drone_figure_and_haven_reads_our_files(
    seeded_demo, live_server, tmp_path
):
    r = rscript()
    _row, token = api_token_create(
        user=User.objects.get(email="researcher@demo.invalid"),
        name="docs snippets",
        scopes=["definitions", "responses", "results"],
    )
    environment = {"SURVEY_API_URL": f"{live_server.url}/api", "SURVEY_API_TOKEN": token}

    r_snippet = tmp_path / "snippet.R"
    r_snippet.write_text(first_block("r"))
    assert run([r, str(r_snippet)], environment, tmp_path).strip() == "40/146"

    python_snippet = tmp_path / "snippet.py"
    python_snippet.write_text(first_block("python"))
    assert run([sys.executable, str(python_snippet)], environment, tmp_path).strip() == "40/146"

    findings = dict(
        line.split(":", 1)
        for line in run([r, str(HAVEN_CHECK)], environment, tmp_path).splitlines()
    )
    findings = {key: value.strip() for key, value in findings.items()}
    assert findings["sav variable label"] == "Drone"
    assert "9=Don't know" in findings["sav value labels"]
    assert "1=" in findings["sav value labels"]
    assert findings["sav missing values"] == "9"
    assert findings["dta variable label"] == "Drone"
    assert int(findings["dta value labels"]) >= 6
    assert findings["dta missing labels"] == "a=Don't know"
    assert findings["dta dont know"] == findings["sav dont know"]
