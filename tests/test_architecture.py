"""The layout of docs/architecture.md holds: the import-linter contracts in pyproject.toml."""

from pathlib import Path

from importlinter.cli import lint_imports

ROOT = Path(__file__).resolve().parent.parent


def test_imports_run_the_way_docs_architecture_says():
    # Prints each broken contract with the import chain that breaks it.
    assert lint_imports(config_filename=str(ROOT / "pyproject.toml"), no_cache=True) == 0


def test_every_package_of_the_apps_is_named_in_a_layer():
    """A new sub-package must be placed in the layers (and in docs/architecture.md)."""
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    layered = {
        f"{container}.{name.strip()}"
        for contract in config["contracts"]
        if contract["type"] == "layers"
        for container in contract["containers"]
        for layer in contract["layers"]
        for name in layer.replace(":", "|").split("|")
    }
    unplaced = (
        {
            f"{app}.{path.stem if path.is_file() else path.name}"
            for app in ("survey", "results")
            for path in (ROOT / app).iterdir()
            if (path.suffix == ".py" and path.stem not in ("__init__", "apps"))
            or (path.is_dir() and (path / "__init__.py").exists())
        }
        - layered
        - {"survey.migrations", "results.migrations", "survey.demo", "results.templatetags"}
    )
    assert not unplaced, f"place these in a layer of pyproject.toml: {sorted(unplaced)}"
