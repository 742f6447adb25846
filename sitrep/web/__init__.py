"""Web: read-only FastAPI app and the offline map/timeline/evidence page."""
from __future__ import annotations

from typing import TYPE_CHECKING

from sitrep.config import Settings

if TYPE_CHECKING:
    import uvicorn

# Bound to loopback, the server answers only requests addressed to a loopback name: a web page
# that points its own domain at 127.0.0.1 (DNS rebinding) cannot read the data through it.
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1", "[::1]")


def run_server(db: str, *, settings: Settings, host: str, port: int, allow_ingest: bool = False,
               token: str | None = None) -> None:
    """Serve the API and page with uvicorn until interrupted."""
    import uvicorn

    from sitrep.web.app import create_app

    app = create_app(db, settings=settings, allow_ingest=allow_ingest, token=token,
                     allowed_hosts=list(LOOPBACK_HOSTS) if host in LOOPBACK_HOSTS else None)
    uvicorn.Server(server_config(app, host=host, port=port)).run()


# The longest request head (request line and headers) the server reads. h11's own default, 16 KiB,
# made a URL with a thousand filter values a reset connection instead of an answer; at 1 MiB ten
# thousand values arrive and the API answers them (or says in a 422 that they are too many).
MAX_REQUEST_HEAD = 1024 * 1024


def server_config(app: object, *, host: str, port: int) -> "uvicorn.Config":
    """uvicorn's settings for ``sitrep serve`` (and the tests that must see what it sees)."""
    import uvicorn

    return uvicorn.Config(app, host=host, port=port, log_level="warning", h11_max_incomplete_event_size=MAX_REQUEST_HEAD)
