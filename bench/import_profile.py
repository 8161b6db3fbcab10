"""Only the import rows of `bench_exports`, on a database kept between runs: for working on the
import without rebuilding 2,000 zones (and all exports) each time. Not run by `make bench`.

Run: `DEBUG=true DATABASE_URL=postgres://…/scratch python bench/import_profile.py 2000
[--profile general|events [--changed]]`. The first run fills the database named by DATABASE_URL
with a synthetic edition of that many zones (never point it at data you keep); later runs reuse
it.
With --profile, one replace of that module runs under cProfile (with --changed: two, every cell
changed and back) and its top functions are printed.
"""

import cProfile
import pstats
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.bench_exports import (  # noqa: E402
    _setup_django,
    every_cell_changed,
    import_rows,
    print_rows,
)


def _edition(n_zones):
    from bench.synthetic import PREFIX, populate
    from survey.models import Edition

    found = Edition.objects.filter(code__startswith=PREFIX, code__endswith=f"-{n_zones}").first()
    return found or populate(n_zones, seed=1)


def _exported(module, directory) -> bytes:
    from results.data.exports import ExportOptions
    from results.data.exports.files import export_to_path

    path = Path(directory) / f"{module.kind}.csv"
    export_to_path(module, ExportOptions(format="csv"), path)
    return path.read_bytes()


def main(n_zones: int, profile: str | None = None, changed: bool = False) -> None:
    _setup_django()
    from results.data.imports import parse_responses, responses_import
    from survey.models import Response

    edition = _edition(n_zones)
    with tempfile.TemporaryDirectory(prefix="pts-import-") as directory:
        for module in edition.modules.select_related("edition", "scale", "role_scale"):
            raw = _exported(module, directory)
            if profile:
                if module.kind != profile:
                    continue
                files = [every_cell_changed(raw, module), raw] if changed else [raw]
                profiler = cProfile.Profile()
                for content in files:  # changed, then back: the database stays as it was
                    parsed = parse_responses(content, "bench.csv", module=module, replace=True)
                    profiler.runcall(responses_import, parsed=parsed)
                pstats.Stats(profiler).sort_stats("cumulative").print_stats(40)
                continue
            responses = Response.objects.of_module(module).submitted().count()
            print_rows(import_rows(module, raw, responses))


if __name__ == "__main__":
    arguments = sys.argv[1:]
    chosen = arguments[arguments.index("--profile") + 1] if "--profile" in arguments else None
    main(int(arguments[0]), chosen, "--changed" in arguments)
