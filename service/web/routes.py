"""The reviewer web UI: server-rendered pages under ``/ui`` (and ``/`` redirecting there).

The app includes ``router`` from here. It signs a browser in with an API key (a server-side
session in an HttpOnly cookie), checks each form's CSRF token, and calls the same domain service
functions as the API with the session's principal, so role rules, segregation of duties, leases
and audit events are exactly the API's; problems those functions raise are shown inline on the
page with their message instead of as problem+json.
"""

from __future__ import annotations

from fastapi import APIRouter

from service.web import dashboard_page, document_pages, item_pages, queue_pages, signin, upload

router = APIRouter(include_in_schema=False)
for _pages in (signin, upload, document_pages, queue_pages, item_pages, dashboard_page):
    router.include_router(_pages.router)
