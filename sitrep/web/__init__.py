"""Web: read-only FastAPI app and the offline map/timeline/evidence page."""
from __future__ import annotations

from sitrep.config import Settings

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
    uvicorn.run(app, host=host, port=port, log_level="warning")
