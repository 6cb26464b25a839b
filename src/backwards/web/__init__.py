"""The web app (``backwards serve``): an adapter beside the CLI. It signs people in
(``backwards.people``), calls the features' front doors and renders their results through
``backwards.page``; it adds no feature logic. Starlette under uvicorn, server-rendered Jinja2
pages, htmx (vendored in ``static/``) for partial updates, no JavaScript build step, offline.

``create_app(WebSettings(workspace=Path(...)))`` gives the ASGI app. See docs/web.md.
"""

from __future__ import annotations

from backwards.web.app import app_from_environment, create_app
from backwards.web.settings import WebSettings

__all__ = ["WebSettings", "app_from_environment", "create_app"]
