"""Web: read-only FastAPI app and the offline map/timeline/evidence page."""
from __future__ import annotations

from sitrep.config import Settings


def run_server(db: str, *, settings: Settings, host: str, port: int, allow_ingest: bool = False,
               token: str | None = None) -> None:
    """Serve the API and page with uvicorn until interrupted."""
    import uvicorn

    from sitrep.web.app import create_app

    uvicorn.run(create_app(db, settings=settings, allow_ingest=allow_ingest, token=token), host=host, port=port,
                log_level="warning")
