"""The read API for researchers' scripts (django-ninja), mounted at /api/.

Read-only, bearer tokens (`tokens.py`), one scope per router; `urls.py` declares the access
rules the URL test checks. The OpenAPI schema is at /api/openapi.json, its browsable page at
/api/docs (Swagger UI served from our own static files, so it runs under the site's CSP).
"""
