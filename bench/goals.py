"""The goals of issue 17 ("Fast at every size"), each a ratio of two rows of the same run of
`make bench`; `bench/run.py` writes this table above the rows. A goal whose rows are missing
(benchmark not run, or failed) is said to be not measured."""

import re


def _find(rows, benchmark, size=None):
    """The row of `benchmark` (at `size`, or at the largest size measured)."""
    found = [r for r in rows if r["benchmark"] == benchmark and r.get("seconds") is not None]
    if size is not None:
        found = [r for r in found if r["size"] == size]
    return max(found, key=lambda r: r["size"] or 0) if found else None


def _per_second(row):
    match = re.match(r"(\d+) req/s", row["note"])
    return float(match.group(1)) if match else None


def _http(rows, label):
    row = _find(rows, f"http: {label}")
    return _per_second(row) if row else None


def _beside(row) -> float:
    """A page's ratio to the sign-in page timed beside it, as its row says."""
    match = re.match(r"([\d.]+) x sign-in page", row["note"])
    return float(match.group(1)) if match else float("inf")


def _ratio(a, b):
    return a / b if a is not None and b else None


def _goal(name, ratio, limit, *, at_least=False, detail=""):
    if ratio is None:
        return (name, "", f"{'≥' if at_least else '≤'} {limit:g}", "not measured", detail)
    met = ratio >= limit if at_least else ratio <= limit
    return (
        name,
        f"{ratio:.2f}",
        f"{'≥' if at_least else '≤'} {limit:g}",
        "met" if met else "NOT met",
        detail,
    )


def _module_rows(rows, benchmark, kind):
    return [r for r in rows if r["benchmark"] == benchmark and r["note"].startswith(kind)]


def goals(rows) -> list[tuple]:
    table = []
    anonymous = _http(rows, "anonymous minimal view")
    signed_in = _http(rows, "minimal view")
    sign_in_page = _http(rows, "anonymous sign-in page")
    one_zone = _ratio(_http(rows, "autosave, one zone's response from every client"), signed_in)
    for label, ratio, target, *detail in (
        ("signed-in minimal view / anonymous one (req/s)", _ratio(signed_in, anonymous), 0.5),
        (
            "module page / anonymous sign-in page (req/s)",
            _ratio(_http(rows, "module page"), sign_in_page),
            0.25,
        ),
        ("home / anonymous sign-in page (req/s)", _ratio(_http(rows, "home"), sign_in_page), 0.4),
        (
            "autosave / signed-in minimal view (req/s)",
            _ratio(_http(rows, "autosave"), signed_in),
            0.5,
            "each client saves its own zone's response, as chiefs do"
            + (
                f"; every client on one zone's response (one save at a time): {one_zone:.2f}"
                if one_zone
                else ""
            ),
        ),
    ):
        table.append(_goal(label, ratio, target, at_least=True, detail="".join(detail)))
    respondent = [
        r
        for r in rows
        if r["benchmark"] in ("queries: home", "queries: module page", "queries: review")
    ]
    busiest = max(respondent, key=lambda r: r["size"], default=None)
    table.append(
        _goal(
            "SQL queries on the busiest respondent page",
            busiest and busiest["size"],
            6,
            detail=(busiest["benchmark"][9:] + "; " if busiest else "")
            + "64 items here; tests/survey/test_respondent_query_counts.py asserts the same "
            "counts at 640",
        )
    )
    autosave = next((r for r in rows if r["benchmark"] == "queries: autosave"), None)
    table.append(
        _goal(
            "SQL queries of an autosave",
            autosave and autosave["size"],
            6,
            detail="the session with its user, BEGIN, the response locked, its stored answers, "
            "the answer written with its history record, COMMIT",
        )
    )
    sign_in = _find(rows, "page: sign-in page (anonymous)")
    pages = [r for r in rows if r["benchmark"].startswith("page: /")]
    if sign_in and pages:
        # Each page's ratio to the sign-in page timed beside it (bench/bench_pages.py): a load
        # that moves during the run moves both.
        worst = max(pages, key=_beside)
        table.append(
            _goal(
                "slowest researcher page or chart / sign-in page, cached (time)",
                _beside(worst),
                3,
                detail=f"{worst['benchmark'][6:]} at {worst['size']} zones",
            )
        )
    else:
        table.append(_goal("slowest researcher page / sign-in page, cached (time)", None, 3))
    bare = _find(rows, "bare availability GROUP BY")
    size = bare["size"] if bare else None
    plain = _find(rows, "results_json general", size)
    full = _find(rows, "results_json general + predictors", size)
    at = f"at {size:,} zones" if size else ""
    table.append(
        _goal(
            "results without predictors / bare SQL (time)",
            _ratio(plain and plain["seconds"], bare and bare["seconds"]),
            1.5,
            detail=at,
        )
    )
    table.append(
        _goal(
            "results with predictors / bare SQL (time)",
            _ratio(full and full["seconds"], bare and bare["seconds"]),
            5,
            detail=at,
        )
    )
    for kind in ("general", "events"):
        replace = _module_rows(rows, "import_replace", kind)
        floor = _module_rows(rows, "import_copy_floor", kind)
        replace = max(replace, key=lambda r: r["size"]) if replace else None
        floor = [r for r in floor if replace and r["size"] == replace["size"]]
        ratio = _ratio(replace and replace["seconds"], floor[0]["seconds"] if floor else None)
        detail = f"{replace['size']:,} zones" if replace else ""
        table.append(
            _goal(f"import --replace / COPY floor, {kind} (time)", ratio, 3, detail=detail)
        )
        peak = replace["peak_mb"] if replace else None
        table.append(_goal(f"import --replace peak memory, {kind} (MB)", peak, 200, detail=detail))
        xlsx = _module_rows(rows, "export_xlsx", kind)
        csv = _module_rows(rows, "export_csv", kind)
        xlsx = max(xlsx, key=lambda r: r["size"]) if xlsx else None
        csv = [r for r in csv if xlsx and r["size"] == xlsx["size"]]
        table.append(
            _goal(
                f"XLSX export / CSV export, {kind} (time)",
                _ratio(xlsx and xlsx["seconds"], csv[0]["seconds"] if csv else None),
                2.5,
                detail=f"{xlsx['size']:,} zones" if xlsx else "",
            )
        )
    bare_setup = _find(rows, "start-up: bare django.setup()")
    command = _find(rows, "start-up: manage.py results --help")
    table.append(
        _goal(
            "manage.py results --help / bare django.setup() (time)",
            _ratio(command and command["seconds"], bare_setup and bare_setup["seconds"]),
            1.5,
        )
    )
    return table


def further(rows) -> list[tuple]:
    """Checks of our own beyond the issue's goals, shown apart from them (see markdown)."""
    table = []
    for kind in ("general", "events"):
        changed = _module_rows(rows, "import_replace_changed", kind)
        changed = max(changed, key=lambda r: r["size"]) if changed else None
        floor = [
            r
            for r in _module_rows(rows, "import_copy_floor", kind)
            if changed and r["size"] == changed["size"]
        ]
        table.append(
            _goal(
                f"import --replace, every cell changed / COPY floor, {kind} (time)",
                _ratio(changed and changed["seconds"], floor[0]["seconds"] if floor else None),
                3,
                detail=f"{changed['size']:,} zones; answers and their history records"
                if changed
                else "",
            )
        )
    return table


def _table(goal_rows) -> list[str]:
    lines = ["| goal | ratio | target | | measured at |", "|---|---:|---|---|---|"]
    return lines + ["| " + " | ".join(str(c) for c in goal) + " |" for goal in goal_rows]


def markdown(rows) -> str:
    return "\n".join(
        [
            *_table(goals(rows)),
            "",
            "Checks of our own beyond the issue's goals (the issue's import goal re-imports a "
            "file, which changes no cell; here every cell of every row changes, so every answer "
            "is rewritten and gets its history record, rows the COPY floor does not write):",
            "",
            *_table(further(rows)),
        ]
    )
