from .accounts import Invitation, Session, User, ZoneMembership
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
    questionnaire_order,
)
from .fieldwork import Campaign, EmailKind, EmailTemplate, OutgoingEmail
from .queries import AnswerQuery
from .questions import Choice, Question, QuestionAnswer
from .responses import Answer, AnswerChange, Response, ResponseEvent, RoleAnswer
from .zones import Zone

__all__ = [
    "Answer",
    "AnswerChange",
    "AnswerQuery",
    "Campaign",
    "Category",
    "Choice",
    "Edition",
    "EditionTransition",
    "EmailKind",
    "EmailTemplate",
    "Invitation",
    "Item",
    "Module",
    "Objective",
    "Question",
    "QuestionAnswer",
    "OutgoingEmail",
    "Response",
    "ResponseEvent",
    "RoleAnswer",
    "Scale",
    "ScalePoint",
    "Session",
    "Technology",
    "User",
    "Zone",
    "ZoneMembership",
    "questionnaire_order",
]
