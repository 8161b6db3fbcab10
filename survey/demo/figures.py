"""The published figures of the domain brief that the demo data reproduces, and its seed."""

SEED = 20231

# The published figures (domain brief) the demo reproduces.
RESPONDED_2020 = 86
RESPONDED_2023_GENERAL = 146
RESPONDED_2023_EVENTS = 142
PANEL = 67
DRONE_PANEL_BASE = 62
DRONE_PANEL_BEFORE = 14
DRONE_PANEL_AFTER = 21
DRONE_GENERAL = 40
CAMERA_ANALYSIS_GENERAL = 33  # base 145: one zone answers "don't know"
DRONE_EVENTS = 69
CAMERA_ANALYSIS_EVENTS = 27  # base 140: two zones do not answer
