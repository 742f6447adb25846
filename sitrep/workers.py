"""Analysis in worker processes while the runner reads and stores (``ingest.workers``).

On ACLED notes the stages before the store (the document's country, spaCy, the rules,
geocoding) are about nine tenths of a warm ``sitrep ingest``'s CPU (docs/quality.md, issue #13),
and each document's analysis depends on that document alone (the Spark job relies on it too).
So they can run in other processes on other cores while this one goes on reading the next files
and storing finished batches in input order: storing, merging and every event id stay exactly
those of the one-process loop, because that loop does them.

Workers are forked after the runner has analysed its first batch in-process, so they start with
the spaCy model, the dictionaries and the gazetteer already loaded (shared copy-on-write, no
second start-up), and an input of one batch never pays for a pool. Forking needs a POSIX system
(``fork``); elsewhere the runner analyses in-process. On Linux each worker asks to be killed when
the runner dies (``PR_SET_PDEATHSIG``), so a killed ``sitrep ingest`` leaves no workers behind.
"""
from __future__ import annotations

import ctypes
import logging
import multiprocessing
import signal
import sys
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any, Callable

from sitrep.model import Document

log = logging.getLogger(__name__)

PR_SET_PDEATHSIG = 1  # linux/prctl.h

_analyse: Callable[..., list[Any]] | None = None  # the runner's analyse, inherited by forked workers


def _start_worker(analyse: Callable[..., list[Any]]) -> None:
    """Worker set-up: keep the runner's loaded analyse; die with the runner; leave Ctrl-C to it."""
    global _analyse
    _analyse = analyse
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
        except (OSError, AttributeError):  # no prctl: the worker ends when its queue closes
            pass


def _run(docs: list[Document], debug: bool) -> tuple[list[Document], list[Any]]:
    """A batch's analyses, with the documents themselves: analysis sets fields on them (the
    document's country and its weight, the actors' name spans) that storing reads."""
    assert _analyse is not None, "worker not started by AnalysisPool"
    return docs, _analyse(docs, debug=debug)


class AnalysisPool:
    """``workers`` forked processes running ``analyse`` on whole batches."""

    def __init__(self, analyse: Callable[..., list[Any]], workers: int):
        self._pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork"),
                                         initializer=_start_worker, initargs=(analyse,))

    @staticmethod
    def available() -> bool:
        """Can this system fork workers?"""
        return "fork" in multiprocessing.get_all_start_methods()

    def submit(self, docs: list[Document], *, debug: bool = False) -> Future:
        """The batch's ``(documents, analyses)`` to come (``_run``)."""
        return self._pool.submit(_run, docs, debug)

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)
