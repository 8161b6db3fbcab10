"""Responses compressed for clients that accept gzip: pages, JSON and text downloads.

Django's GZipMiddleware with the BREACH mitigation Django 4.2 added ("Heal The Breach": a gzip
header of random length on every response, so the compressed size no longer tells an attacker
whether a guess matched a secret on the page); CSRF tokens are masked per response besides.
Only text is compressed: an XLSX, PDF or image is compressed already, and compressing it again
would cost the server time for nothing. Static files are served (pre-compressed) by WhiteNoise,
which answers before this middleware.
"""

from django.middleware.gzip import GZipMiddleware

COMPRESSIBLE = ("text/", "application/json", "application/javascript", "application/xml")
COMPRESSIBLE_SUFFIXES = ("+json", "+xml")


class TextGZipMiddleware(GZipMiddleware):
    def process_response(self, request, response):
        kind = response.get("Content-Type", "").split(";")[0].strip().lower()
        if not (kind.startswith(COMPRESSIBLE) or kind.endswith(COMPRESSIBLE_SUFFIXES)):
            return response
        return super().process_response(request, response)
