"""The JSON shapes of the API, which the OpenAPI schema documents."""

from datetime import date, datetime

from ninja import Schema

Labels = dict[str, str]  # language (nl, fr, de, en) → text


class ModuleSummary(Schema):
    kind: str
    title: Labels


class EditionOut(Schema):
    code: str
    name: Labels
    status: str
    fieldwork_start: date
    fieldwork_end: date
    regions: list[str]
    modules: list[ModuleSummary]


class CodeOut(Schema):
    code: int
    labels: Labels
    missing: bool


class ItemOut(Schema):
    code: str
    category: str
    labels: Labels


class ObjectiveOut(Schema):
    code: str
    labels: Labels


class QuestionnaireOut(Schema):
    edition: str
    module: str
    title: Labels
    question: Labels
    scale: list[CodeOut]
    items: list[ItemOut]
    role_question: Labels | None = None
    role_scale: list[CodeOut] | None = None
    objectives: list[ObjectiveOut] = []


class VariableOut(Schema):
    module: str
    variable: str
    short_name: str
    kind: str
    labels: Labels
    codes: list[CodeOut]


class ResponsesPage(Schema):
    edition: str
    module: str
    layout: str
    pseudonymised: bool
    page: int
    pages: int
    zones: int
    columns: list[str]
    rows: list[dict[str, int | str | None]]


class ZoneStatusOut(Schema):
    zone: str
    name: str
    region: str
    language: str
    status: str
    submitted_modules: int
    started_modules: int
    last_activity: datetime | None
    contact_name: str | None = None
    contact_email: str | None = None


class FieldworkOut(Schema):
    edition: str
    personal_data: bool
    zones: list[ZoneStatusOut]


class Error(Schema):
    detail: str
