from .accounts import Invitation, User, ZoneMembership
from .definitions import (
    Category,
    Edition,
    EditionTransition,
    Item,
    Module,
    Objective,
    Scale,
    ScalePoint,
    Technology,
)
from .responses import Answer, AnswerChange, Response, ResponseEvent, RoleAnswer
from .zones import Zone

__all__ = [
    "Answer",
    "AnswerChange",
    "Category",
    "Edition",
    "EditionTransition",
    "Invitation",
    "Item",
    "Module",
    "Objective",
    "Response",
    "ResponseEvent",
    "RoleAnswer",
    "Scale",
    "ScalePoint",
    "Technology",
    "User",
    "Zone",
    "ZoneMembership",
]
