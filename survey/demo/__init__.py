"""Demo data: fictional zones, accounts and responses that reproduce the published figures.

Everything is generated from fixed seeds (`random.Random`, never the global generator), so two runs
produce the same register and answers. Answers are drawn per item, then adjusted to hit the exact
counts of the domain brief's table, and the size predictors are checked with the same logistic
regression the results use: an item that comes out (in)significant when it should not is drawn
again with its next seed. Zone codes start with 9 (real Belgian zone codes are 5xxx) and every name
starts with "Demozone" or "Zone démo", so demo zones can never be mistaken for real ones.
"""

from .plan import DEMO_PASSWORD, DemoPlan, demo_plan
from .seed import DemoRefused, SeedSummary, demo_seed, module_specs

__all__ = [
    "DEMO_PASSWORD",
    "DemoPlan",
    "DemoRefused",
    "SeedSummary",
    "demo_plan",
    "demo_seed",
    "module_specs",
]
