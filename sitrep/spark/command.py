"""`sitrep spark ingest`: the CLI over ``sitrep.spark.job`` (only this and cli.py print or exit)."""
from __future__ import annotations

import sys
from typing import Any

import click


@click.group()
def spark() -> None:
    """Run sitrep on Apache Spark: a laptop (local[2]) or a cluster, chosen by --master.

    \b
    Example:
      sitrep spark ingest demo/articles --output out/ --master local[2]
    """


@spark.command("ingest")
@click.argument("inputs", nargs=-1, required=True)
@click.option("--output", "-o", required=True, metavar="DIR",
              help="Folder for events.parquet, mentions.parquet, documents.parquet and run.json.")
@click.option("--db", "db", default=None, metavar="FILE|URL",
              help="Store to merge into: SQLite file or postgresql://... (default: SITREP_DB, else DIR/sitrep.db).")
@click.option("--master", default=None, metavar="URL",
              help="Spark master: local[2], spark://host:7077, yarn... (default: spark-submit's, else local[*]).")
@click.option("--partitions", type=int, default=None,
              help="How many slices the file list is cut into (default: 4 per core).")
@click.option("--meta", type=click.Path(exists=True, dir_okay=False), default=None,
              help="docs.jsonl with per-document metadata, matched on file name (doc).")
@click.option("--quiet", "-q", is_flag=True, help="No summary, errors only.")
@click.pass_context
def spark_ingest(ctx: click.Context, inputs: tuple[str, ...], output: str, db: str | None, master: str | None,
                 partitions: int | None, meta: str | None, quiet: bool) -> None:
    """Ingest articles on Spark: extraction in parallel per partition, then one ordered merge, so
    the events equal those of `sitrep ingest` on the same files; Parquet tables under DIR.

    \b
    Example:
      sitrep spark ingest demo/articles --output out/ --master local[2]
      sitrep spark ingest /mnt/news/2024/*.warc.gz --output /mnt/out/2024 \\
          --master spark://head:7077 --db postgresql://analyst@db:5432/sitrep
    Exit status: 0 when every input succeeded, 1 when any failed, 2 on a usage or setup error.
    """
    import os

    from sitrep import ingest as ingest_stage
    from sitrep.errors import SitrepError
    from sitrep.spark.job import run_job

    settings = ctx.obj["settings"]
    meta_rows: dict[str, dict[str, Any]] = {}
    meta_errors: list[Any] = []
    try:
        if meta:
            meta_rows, meta_errors = ingest_stage.load_meta(meta)
            for e in meta_errors:
                click.echo(f"error: {e}", err=True)
        job = run_job(list(inputs), output, settings=settings, db=db or os.environ.get("SITREP_DB"),
                      master=master, partitions=partitions, meta=meta_rows,
                      on_error=lambda e: click.echo(f"error: {e}", err=True))
    except SitrepError as exc:
        if ctx.obj.get("debug"):
            raise
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)
    if not quiet:
        click.echo(job.summary(), err=True)
    sys.exit(1 if job.ingest.failed or meta_errors else 0)
