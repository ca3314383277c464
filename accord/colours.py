"""One colour per member, the same for their cursor, their presence and their authorship."""

PALETTE = ["#1f6feb", "#d9480f", "#2b8a3e", "#a61e4d", "#5f3dc4", "#0c8599", "#e67700", "#c2255c"]
NOBODY = "#adb5bd"  # text imported or seeded, written by no member


def member_colour(user_id: int | None) -> str:
    return PALETTE[user_id % len(PALETTE)] if user_id else NOBODY
