"""Colours: one per side (used for actors and outlets alike) and one per stance."""

SIDE_COLOURS = {
    "russia": "#b2182b",
    "ukraine": "#2166ac",
    "turkey": "#e08214",
    "usa": "#542788",
    "europe": "#1b7837",
    "other": "#7f7f7f",
    "international": "#4d4d4d",
    "unknown": "#bdbdbd",
}
STANCE_COLOURS = {"support": "#1a9850", "conditional": "#a6d96a", "neutral": "#bdbdbd", "oppose": "#d73027"}
SIDE_LABELS = {"russia": "Russia", "ukraine": "Ukraine", "turkey": "Türkiye", "usa": "United States", "europe": "Europe",
               "other": "Other", "international": "International", "unknown": "Unknown"}
