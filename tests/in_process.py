"""`sitrep …` run inside the test process, for the runs a test only needs done (a reference ingest,
a re-run, an export), not watched as a process: each subprocess spends 6-9 s on two cores loading
spaCy and the gazetteer, which the test process has loaded once. The same click command and
``obj`` as ``sitrep.cli.main``; tests that kill, signal, limit or race a process keep a real one."""
from __future__ import annotations

import subprocess

from click.testing import CliRunner


def sitrep_in_process(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """Run ``sitrep ARGS`` as `sitrep.cli.main` would; exit status, stdout and stderr as a
    subprocess gives them. ``env`` sets environment variables for the run only."""
    from sitrep.cli import cli

    result = CliRunner().invoke(cli, list(args), obj={}, env=env, catch_exceptions=False)
    return subprocess.CompletedProcess(list(args), result.exit_code, result.stdout, result.stderr)
