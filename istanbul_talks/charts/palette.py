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


def side_label(side) -> str:
    """The one name a side is shown by in every chart, table and finding ("usa" -> "United States")."""
    text = "" if side is None or side != side else str(side)
    return SIDE_LABELS.get(text, text.replace("_", " ").capitalize())


STATUS_LABELS = {"held": "held", "planned": "planned", "proposed": "proposed", "postponed": "postponed", "cancelled": "cancelled",
                 "unknown": "outcome unknown", "partly_held": "partly held", "disputed": "disputed"}
PRECISION_LABELS = {"exact": "exact day", "range": "somewhere in a range", "on_or_before": "on or before", "on_or_after": "on or after",
                    "unknown": "date unknown"}
