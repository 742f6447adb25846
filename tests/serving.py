"""uvicorn in a thread, configured exactly as `sitrep serve` configures it (``server_config``),
for the tests that must see what a client of the real server sees (request-head limits,
chunked bodies, concurrent connections)."""
from __future__ import annotations

import threading
import time
from contextlib import contextmanager
from typing import Any, Iterator


@contextmanager
def serving(app: Any, port: int) -> Iterator[int]:
    import uvicorn

    from sitrep.web import server_config

    server = uvicorn.Server(server_config(app, host="127.0.0.1", port=port))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    try:
        yield port
    finally:
        server.should_exit = True
        thread.join(10)
