"""The metadata of a module as a DDI-Codebook 2.5 file, the standard of social science data
archives: the study (edition and module), the file (the SPSS/Stata export) and its variables
with labels, answer categories, missing values and question texts in every language.

The variables are the codebook's (`codebook.module_variables`), named as in the .sav/.dta
files, so an archive's tools match the description to the data.
"""

from xml.etree import ElementTree as ET

from survey.models import Response
from survey.models.translated import pick

from ..codebook import LANGUAGES, module_variables
from . import ExportOptions, export_filename

NAMESPACE = "ddi:codebook:2_5"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
REGION_NAMES = {"VL": "Flanders", "BR": "Brussels", "WA": "Wallonia"}

ET.register_namespace("", NAMESPACE)


def _el(parent, tag, text=None, **attributes):
    element = ET.SubElement(parent, f"{{{NAMESPACE}}}{tag}", attributes)
    if text is not None:
        element.text = str(text)
    return element


def _per_language(parent, tag, texts: dict[str, str]):
    for language in LANGUAGES:
        if texts.get(language):
            _el(parent, tag, texts[language], **{XML_LANG: language})


def ddi_filename(module) -> str:
    return f"ddi_{module.edition.code}_{module.kind}.xml"


def _study(root, module):
    edition = module.edition
    study = _el(root, "stdyDscr")
    citation = _el(study, "citation")
    titles = _el(citation, "titlStmt")
    _el(titles, "titl", f"{pick(edition, 'name', 'en')} – {module.title_en}", **{XML_LANG: "en"})
    for language in ("nl", "fr", "de"):
        _el(
            titles,
            "parTitl",
            f"{pick(edition, 'name', language)} – {pick(module, 'title', language)}",
            **{XML_LANG: language},
        )
    _el(titles, "IDNo", f"PTS-{edition.code}-{module.kind}", agency="Police Technology Survey")
    summary = _el(_el(study, "stdyInfo"), "sumDscr")
    _el(summary, "timePrd", event="start", date=edition.fieldwork_start.isoformat())
    _el(summary, "timePrd", event="end", date=edition.fieldwork_end.isoformat())
    _el(summary, "nation", "Belgium", abbr="BE")
    _el(summary, "geogCover", ", ".join(REGION_NAMES.get(r, r) for r in edition.regions))
    _el(summary, "anlyUnit", "Local police zone")
    _el(
        summary,
        "universe",
        "The police zones of the register that exist during the fieldwork and lie in the "
        "regions covered; one response per zone, answered by the zone chief.",
    )


def _file(root, module, options, variables):
    text = _el(_el(root, "fileDscr", ID="F1"), "fileTxt")
    _el(text, "fileName", export_filename(module, options))
    dimensions = _el(text, "dimensns")
    _el(dimensions, "caseQnty", Response.objects.of_module(module).submitted().count())
    _el(dimensions, "varQnty", len(variables))
    _el(text, "fileType", "SPSS system file (.sav); the Stata file (.dta) has the same variables")


def _questions(module, variable) -> dict[str, str]:
    if variable.kind == "item":
        return {language: pick(module, "question", language) for language in LANGUAGES}
    if variable.kind == "role":
        return {language: pick(module, "role_question", language) for language in LANGUAGES}
    return {}


def _variable(parent, module, number, variable):
    numeric = variable.kind in ("item", "role") or variable.column in ("degurba", "staff")
    var = _el(
        parent,
        "var",
        ID=f"V{number}",
        name=variable.short_name,
        files="F1",
        intrvl="discrete" if variable.codes or not numeric else "contin",
    )
    _per_language(var, "labl", variable.labels)
    questions = _questions(module, variable)
    if any(questions.values()):
        _per_language(_el(var, "qstn"), "qstnLit", questions)
    missing = [code for code in variable.codes if code.missing]
    if missing:
        invalid = _el(var, "invalrng")
        for code in missing:
            _el(invalid, "item", VALUE=str(code.code))
    for code in variable.codes:
        category = _el(var, "catgry", missing="Y" if code.missing else "N")
        _el(category, "catValu", code.code)
        _per_language(category, "labl", code.labels)
    _el(var, "varFormat", type="numeric" if numeric else "character", schema="SPSS")


def ddi_xml(module) -> bytes:
    """The DDI-Codebook 2.5 document of `module` (UTF-8 XML with declaration)."""
    options = ExportOptions(format="sav")
    variables = module_variables(module, with_attributes=True)
    root = ET.Element(
        f"{{{NAMESPACE}}}codeBook",
        {"version": "2.5", "ID": f"pts-{module.edition.code}-{module.kind}"},
    )
    _study(root, module)
    _file(root, module, options, variables)
    data = _el(root, "dataDscr")
    for number, variable in enumerate(variables, start=1):
        _variable(data, module, number, variable)
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)
