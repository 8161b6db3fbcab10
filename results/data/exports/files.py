"""One entry point per destination: a file path (the command) or a download (the pages).

Downloads of CSV are streamed; XLSX, SPSS and Stata need a real file, written to a private
temporary file that is unlinked as soon as it is open, so nothing stays on disk.
"""

import os
import tempfile

from . import ExportOptions, export_log, options_for_log
from .statistical import write_dta, write_sav
from .table import export_table
from .text import long_csv, wide_csv
from .workbook import write_xlsx

TEXT_WRITERS = {"csv": wide_csv, "long": long_csv}
FILE_WRITERS = {"xlsx": write_xlsx, "sav": write_sav, "dta": write_dta}


def export_to_path(module, options: ExportOptions, path, *, user=None, progress=None):
    """Write the export to `path` (the command's --output) and log it."""
    table = export_table(module, options)
    rows = table.count()
    if options.format in TEXT_WRITERS:
        with open(path, "w", encoding="utf-8", newline="") as out:
            for line in TEXT_WRITERS[options.format](table, progress):
                out.write(line)
    else:
        FILE_WRITERS[options.format](table, path, progress)
    return export_log(
        user=user,
        edition=module.edition,
        module=module,
        format=options.format,
        options=options_for_log(options),
        rows=rows,
    )


def export_stream(module, options: ExportOptions, *, user):
    """An iterator of CSV lines (csv, long) or an open binary file (xlsx, sav, dta); logged."""
    table = export_table(module, options)
    rows = table.count()
    if options.format in TEXT_WRITERS:
        content = TEXT_WRITERS[options.format](table)
    else:
        content = private_file(
            lambda path: FILE_WRITERS[options.format](table, path), suffix=f".{options.format}"
        )
    export_log(
        user=user,
        edition=module.edition,
        module=module,
        format=options.format,
        options=options_for_log(options),
        rows=rows,
    )
    return content


def private_file(write, suffix=""):
    """Let `write(path)` fill a temporary file; return it open, already removed from disk."""
    descriptor, path = tempfile.mkstemp(suffix=suffix, prefix="pts-export-")
    os.close(descriptor)
    try:
        write(path)
        return open(path, "rb")  # noqa: SIM115 - FileResponse closes it
    finally:
        os.unlink(path)
