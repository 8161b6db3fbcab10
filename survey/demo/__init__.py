"""Demo data: fictional zones, accounts and responses that reproduce the published figures.

Everything is generated from fixed seeds (`random.Random`, never the global generator), so two runs
produce the same register and answers. Answers are drawn per item, then adjusted to hit the exact
counts of the domain brief's table, and the size predictors are checked with the same logistic
regression the results use: an item that comes out (in)significant when it should not is drawn
again with its next seed. Zone codes start with 9 (real Belgian zone codes are 5xxx) and every name
starts with "Demozone" or "Zone démo", so demo zones can never be mistaken for real ones.

An app of its own (`survey.demo`, label `demo`, no models) holding the `seed_demo` command, so that
nothing in `survey` or `results` imports it. The package itself imports nothing, because Django
imports an app's package before the models are ready: import from `survey.demo.plan` and
`survey.demo.seed`.
"""
