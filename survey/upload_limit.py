"""Upload pages refuse a request body larger than the import limit before anything reads it.

Django's CSRF middleware reads POSTed forms (and so spools an uploaded file to disk) before
the view runs; this middleware sits before it and answers 413 from the Content-Length alone.
"""

from django.shortcuts import render
from django.template.defaultfilters import filesizeformat

from .tabular import upload_limits

FORM_OVERHEAD = 64 * 1024  # multipart boundaries and the other fields of the form


def upload_view(view):
    """Mark a view that accepts an uploaded import file."""
    view.upload_limited = True
    return view


class UploadLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method != "POST" or not getattr(view_func, "upload_limited", False):
            return None
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        limit = upload_limits().max_bytes
        if length <= limit + FORM_OVERHEAD:
            return None
        context = {"size": filesizeformat(length), "limit": filesizeformat(limit)}
        return render(request, "upload_too_large.html", context, status=413)
