"""Percentages in templates, through the one rounding and formatting rule of percentages.py, and
the cached pieces of the results pages."""

from django import template

from results.statistics.cache import cached_fragment, fragment_key, read_many
from results.statistics.percentages import format_percent, format_ratio

register = template.Library()


@register.filter
def percent(value):
    """`{{ item.percent|percent }}` → `27,4%` (nl/fr/de), `27.4%` (en), `–` when missing."""
    return format_percent(value)


@register.simple_tag
def ratio(numerator, denominator):
    """`{% ratio rate.responded rate.population %}` → `146/183 (79,8%)`."""
    return format_ratio(numerator, denominator)


@register.filter
def get(mapping, key):
    return mapping.get(key) if mapping else None


class ResultsCacheNode(template.Node):
    def __init__(self, nodelist, name, parts):
        self.nodelist, self.name, self.parts = nodelist, name, parts

    def parts_in(self, context) -> list:
        return [part.resolve(context) for part in self.parts]

    def render(self, context):
        key = fragment_key(self.name, self.parts_in(context))
        read = context.render_context.get(ResultsCacheNode)
        if read is None:
            # The first block of a page reads every block of its template at once (those
            # whose values resolve here to what they will be when rendered).
            asked = {key} | _keys_of(_blocks(context.template), context)
            read = (*read_many(sorted(asked)), asked)
            context.render_context[ResultsCacheNode] = read
        version, current, asked = read
        if key not in asked:  # a block in a loop, say: its values were not known then
            version, current = read_many([key])
        return cached_fragment(key, lambda: self.nodelist.render(context), (version, current))


def _blocks(page) -> list:
    return page.nodelist.get_nodes_by_type(ResultsCacheNode) if page is not None else []


def _keys_of(nodes, context) -> set:
    """The keys of the blocks whose values resolve here; a block whose values cannot (a filter
    failing outside its loop) is read when it renders."""
    keys = set()
    for node in nodes:
        try:
            keys.add(fragment_key(node.name, node.parts_in(context)))
        except Exception:  # noqa: BLE001, S112 - only a read ahead: the block reads its own
            continue
    return keys


@register.tag
def results_cache(parser, token):
    """`{% results_cache name value… %}…{% endresults_cache %}`: the block rendered once per
    data version, language, code, templates and the values (results/statistics/cache.py); the
    data version and the block are read in one cache round trip, and what the block shows is
    computed only when it is rendered."""
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("results_cache needs a name")
    nodelist = parser.parse(("endresults_cache",))
    parser.delete_first_token()
    return ResultsCacheNode(nodelist, bits[1], [parser.compile_filter(bit) for bit in bits[2:]])
