"""Figures and charts computed once per data version and language, then read from the cache.

The key holds the data version (survey/data_version.py: it moves on with every write the
results read), the version of the code that computes and draws (a release that changes a figure
or a chart's look is not served the old one), the active language (labels and reasons are
translated) and the parameters of the computation, so a cached value is never stale and never in
the wrong language.
"""

import functools
import hashlib
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.template.backends.utils import csrf_input
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from survey.data_version import KEY as DATA_VERSION_KEY
from survey.data_version import data_version

_MISSING = object()
# Where a cached fragment's form takes the request's CSRF token (`{{ csrf_slot }}` in its
# template). Escaped text never holds "<", so nothing a user wrote can read as the slot.
CSRF_SLOT = mark_safe("<!--csrf-token-->")  # noqa: S308 - a constant marker


@functools.cache
def code_version() -> str:
    """A digest of the results app's source (the statistics and what is computed from them, such
    as the zone reports): it changes with any release that changes a figure."""
    digest = hashlib.sha256()
    root = Path(__file__).parent.parent
    for path in sorted(root.rglob("*.py")):
        digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:12]


@functools.cache
def template_version() -> str:
    """A digest of the project's templates: a release that changes how a figure is shown is not
    served a piece of page rendered by the old templates."""
    digest = hashlib.sha256()
    root = Path(settings.BASE_DIR) / "templates"
    for path in sorted(root.rglob("*.html")):
        digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:12]


def page_version() -> str:
    """What a piece of a results page rendered once and cached (Django's `{% cache %}` tag)
    varies on besides its own parameters: code, templates, data version and language."""
    return f"{code_version()}:{template_version()}:{data_version()}:{get_language()}"


def fragment_context() -> dict:
    """The context a page gives its `{% cache results_cache_seconds "name" results_version … %}`
    blocks: the figures they show are read only when the block is not cached yet. (Pages that
    read nothing else cached use `{% results_cache %}`: one cache round trip.)"""
    return {
        "results_version": page_version(),
        "results_cache_seconds": settings.RESULTS_CACHE_SECONDS,
    }


def _key(name: str, parts) -> str:
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
    return f"results:{name}:{code_version()}:{get_language()}:{digest}"


def read_many(keys) -> tuple[str, dict]:
    """The data version and {key: value} of the `keys` stored for that version, in one cache
    round trip: an entry is stored with the version it was computed at, so a value computed
    before the data changed is never served after."""
    found = cache.get_many([DATA_VERSION_KEY, *keys])
    version = found.get(DATA_VERSION_KEY) or data_version()
    current = {}
    for key in keys:
        stored = found.get(key)
        if isinstance(stored, tuple) and len(stored) == 2 and stored[0] == version:
            current[key] = stored[1]
    return version, current


def _cached(key: str, compute, read=None):
    """The value under `key`, computed and stored if missing; `read`: read_many's answer for
    keys that included this one (several blocks of one page read at once)."""
    version, current = read if read is not None else read_many([key])
    value = current.get(key, _MISSING)
    if value is _MISSING:
        value = compute()
        cache.set(key, (version, value), settings.RESULTS_CACHE_SECONDS)
    return value


def cached(name: str, *parts, compute):
    """compute() once per data version, language and `parts` (plain values: pks, codes)."""
    return _cached(_key(name, parts), compute)


def fragment_key(name: str, parts) -> str:
    """The key of a piece of page named `name` showing `parts` (plain values)."""
    digest = hashlib.sha256(repr([str(part) for part in parts]).encode()).hexdigest()[:32]
    return f"results-page:{name}:{code_version()}:{template_version()}:{get_language()}:{digest}"


def cached_fragment(key: str, render, read=None) -> str:
    """A piece of page (the `{% results_cache %}` tag) under its fragment_key: rendered once per
    data version, language, code, templates and its values; `read`: read_many's answer for
    keys that included this one."""
    return _cached(key, render, read)


def cached_chart(name: str, *parts, fmt: str, draw) -> bytes:
    """The chart drawn by draw() (a matplotlib Figure), rendered as `fmt` once per version."""
    from results.statistics import charts

    return cached(f"chart-{name}", fmt, *parts, compute=lambda: charts.render(draw(), fmt))


def rendered(name: str, *parts, fragments: dict) -> dict:
    """{fragment: HTML} of the templates `fragments` names ({fragment: (template, context
    function)}), each rendered once per data version, language, code and templates and `parts`,
    all read from the cache at once; a context is computed only when its fragment is rendered.
    Rendered without the request, so that no CSRF token nor anything of the user is in them:
    a form in one has `{{ csrf_slot }}` where `with_csrf` puts the request's token."""
    prefix = _key(name, (template_version(), *parts))
    keys = {fragment: f"{prefix}:{fragment}" for fragment in fragments}
    version, current = read_many(list(keys.values()))
    html, missing = {}, {}
    for fragment, (template, context) in fragments.items():
        key = keys[fragment]
        if key in current:
            html[fragment] = current[key]
        else:
            html[fragment] = render_to_string(template, {"csrf_slot": CSRF_SLOT, **context()})
            missing[key] = (version, html[fragment])
    if missing:
        cache.set_many(missing, settings.RESULTS_CACHE_SECONDS)
    return html


def with_csrf(html: str, request) -> SafeString:
    """A fragment rendered without the request, with this request's CSRF token in its forms."""
    return mark_safe(html.replace(CSRF_SLOT, csrf_input(request)))  # noqa: S308 - rendered HTML
