"""Reading the respondent pages as a client does (benchmarks and load test)."""

import re

from bench.population import EDITION


def module_path(zone: str, module: str = "general") -> str:
    return f"/zone/{zone}/{EDITION}/{module}/"


def answer_fields(html: str) -> dict[str, list[str]]:
    """Radio answers on the module page: field name -> the values it offers."""
    fields: dict[str, list[str]] = {}
    for tag in re.findall(r"<input[^>]+>", html):
        name = re.search(r'name="((?:item|role)-[^"]+)"', tag)
        value = re.search(r'value="([^"]*)"', tag)
        if name and value and 'type="radio"' in tag and value.group(1):
            fields.setdefault(name.group(1), []).append(value.group(1))
    return fields
