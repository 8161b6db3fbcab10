"""HTML to PDF with WeasyPrint, imported only when a PDF is asked for.

WeasyPrint needs the Pango system libraries; importing it lazily lets the application start on a
machine without them, where only the PDF download answers with an explanation.
"""

import logging

from django.contrib.staticfiles import finders

REPORT_STYLESHEET = "css/report.css"


class PdfUnavailable(Exception):
    """WeasyPrint or the system libraries it needs cannot be loaded."""


def html_to_pdf(html: str) -> bytes:
    """The PDF of a self-contained page, styled by the report's print stylesheet only.

    The page references no external resource, so WeasyPrint fetches nothing over the network.
    """
    try:
        from weasyprint import CSS, HTML
    except (ImportError, OSError) as error:  # OSError: Pango/cairo libraries missing
        raise PdfUnavailable(str(error)) from error
    # WeasyPrint reports every layout step at INFO, which would flood the application log.
    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
    stylesheet = CSS(filename=finders.find(REPORT_STYLESHEET))
    return HTML(string=html).write_pdf(stylesheets=[stylesheet])
