"""The names of answer fields: in forms, autosave bodies, conflicts and the page's anchors."""


def item_key(item_id) -> str:
    return f"item-{item_id}"


def role_key(category_id, objective_id) -> str:
    return f"role-{category_id}-{objective_id}"
