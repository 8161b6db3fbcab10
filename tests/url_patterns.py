"""Every URL the project serves, with concrete paths built from the kwargs conventions.

Shared by the project-wide tests (CSRF, stored XSS) so a URL added later is covered
without editing them.
"""

import itertools
import re
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver
from django.utils.regex_helper import normalize

FALLBACK_VALUES = ("1", "x", "survey", "general", "0", "a")


@dataclass(frozen=True)
class Route:
    path: str
    name: str
    callback: object

    @property
    def access_rule(self):
        return getattr(self.callback, "access_rule", None)

    def __str__(self):
        return f"{self.path} ({self.name})"


def walk(resolver=None, chain=()):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from walk(entry, (*chain, entry))
        elif isinstance(entry, URLPattern):
            yield (*chain, entry), entry


def _alternatives(regex: str, name: str) -> list[str]:
    """The words of a group like (?P<fmt>svg|png), so such patterns get a valid value."""
    group = re.search(rf"\(\?P<{name}>([\w|-]+)\)", regex)
    return group.group(1).split("|") if group else []


def _fill(pattern, values: dict) -> str | None:
    """The first path for this pattern level that its regex accepts."""
    regex = pattern.pattern.regex
    for template, params in normalize(regex.pattern):
        options = [
            ([values[p]] if p in values else [])
            + _alternatives(regex.pattern, p)
            + list(FALLBACK_VALUES)
            for p in params
        ]
        for combination in itertools.product(*options):
            text = template % dict(zip(params, combination, strict=True))
            if regex.fullmatch(text):
                return text
    return None


def routes(values: dict) -> list[Route]:
    """One concrete path per URL pattern, kwargs taken from `values` (zone, edition, ...)."""
    found = []
    for chain, pattern in walk():
        parts = [_fill(level, values) for level in chain]
        if any(part is None for part in parts):
            raise AssertionError(f"Cannot build a path for {pattern!r}; extend FALLBACK_VALUES")
        path = "/" + "".join(parts)
        found.append(Route(path=path, name=pattern.name or "", callback=pattern.callback))
    return found
