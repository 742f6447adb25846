"""The command line: a thin layer over the library. Only this module prints or exits."""
from __future__ import annotations

import functools
import json
import logging
import os
import sys
from typing import Any, Callable

import click

from sitrep import __version__
from sitrep.cli_gazetteer import register as register_gazetteer_commands
from sitrep.config import Settings, load_settings
from sitrep.errors import InputError, SitrepError


def _settings(ctx: click.Context) -> Settings:
    return ctx.obj["settings"]


def db_option(f: Callable) -> Callable:
    return click.option("--db", "db", default=None, metavar="FILE|URL",
                        help="SQLite file or postgresql://user@host:port/name (default: SITREP_DB, "
                             "store.db setting, sitrep.db).")(f)


def table_format_option(f: Callable) -> Callable:
    """--format table|jsonl of the listing commands (docs, sources): a table to read, JSONL to script."""
    return click.option("--format", "fmt", type=click.Choice(["table", "jsonl"]), default="table",
                        show_default=True)(f)


def quiet_option(f: Callable) -> Callable:
    return click.option("--quiet", "-q", is_flag=True, help="No progress bar or summary, errors only.")(f)


def output_option(f: Callable) -> Callable:
    return click.option("--output", "-o", default="-", metavar="FILE", help="Write here (default: stdout).")(f)


def user_errors(f: Callable) -> Callable:
    """Turn SitrepError into one line and exit 2; tracebacks only with --debug."""
    @functools.wraps(f)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return f(*args, **kwargs)
        except SitrepError as exc:
            if click.get_current_context().obj.get("debug"):
                raise
            click.echo(f"error: {exc}", err=True)
            sys.exit(2)
    return wrapper


def _only_sitrep(record: logging.LogRecord) -> bool:
    """Library chatter (trafilatura's "discarding data: None", lxml, htmldate) is not for the user:
    what went wrong with an input reaches them as sitrep's own line naming the file."""
    return record.name == "sitrep" or record.name.startswith("sitrep.")


def _setup_logging(debug: bool) -> None:
    """Warnings of sitrep to stderr as ``warning: ...`` lines; with --debug every logger, in full."""
    if debug:
        logging.basicConfig(level=logging.DEBUG, format="%(levelname)s %(name)s: %(message)s")
        return
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(levelname_lower)s: %(message)s"))
    handler.addFilter(_only_sitrep)
    handler.addFilter(_lowercase_level)
    logging.basicConfig(level=logging.WARNING, handlers=[handler])


def _lowercase_level(record: logging.LogRecord) -> bool:
    record.levelname_lower = record.levelname.lower()
    return True


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="sitrep")
@click.option("--config", type=click.Path(dir_okay=False), default=None,
              help="Settings file (TOML); default ./sitrep.toml when present.")
@click.option("--debug", is_flag=True, help="Show tracebacks and debug logs.")
@click.pass_context
def cli(ctx: click.Context, config: str | None, debug: bool) -> None:
    """sitrep: turn conflict news into a geocoded, source-attributed event dataset.

    \b
    Example:
      sitrep ingest articles/ --db war.db
      sitrep export --db war.db --format csv --output events.csv
      sitrep serve --db war.db
    """
    _setup_logging(debug)
    ctx.ensure_object(dict)
    ctx.obj["debug"] = debug
    try:
        ctx.obj["settings"] = load_settings(config)
    except SitrepError as exc:
        if debug:
            raise
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)


def _db(ctx: click.Context, db: str | None) -> str:
    """--db, else SITREP_DB (short, for a team's shared postgresql:// URL), else the store.db setting."""
    return db or os.environ.get("SITREP_DB") or str(_settings(ctx).get("store", "db"))


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--meta", type=click.Path(exists=True, dir_okay=False), default=None,
              help="docs.jsonl with per-document metadata, matched on file name (doc).")
@click.option("--max-file-mb", type=float, default=None, help="Refuse files larger than this (default 20).")
@db_option
@quiet_option
@click.pass_context
@user_errors
def ingest(ctx: click.Context, paths: tuple[str, ...], meta: str | None, max_file_mb: float | None,
           db: str | None, quiet: bool) -> None:
    """Ingest articles (.txt, .html, .jsonl, .warc[.gz]; directories recursively) and extract events.

    \b
    Example:
      sitrep ingest demo/ --db demo.db
      sitrep ingest seeds/articles --meta seeds/docs.jsonl --db s.db
    Exit status: 0 when every input succeeded, 1 when any failed.
    """
    from sitrep import ingest as ingest_stage
    from sitrep.pipeline import Pipeline
    from sitrep.store import Store

    settings = _settings(ctx).with_overrides({"ingest.max_file_mb": max_file_mb})
    meta_rows: dict[str, dict[str, Any]] = {}
    meta_errors: list[InputError] = []
    if meta:
        meta_rows, meta_errors = ingest_stage.load_meta(meta)
        for e in meta_errors:
            click.echo(f"error: {e}", err=True)
    bar = None

    def on_error(error: InputError) -> None:
        if bar is not None:
            bar.write(f"error: {error}", file=sys.stderr)
        else:
            click.echo(f"error: {error}", err=True)

    def progress(done: int, report: Any) -> None:
        if bar is not None:
            bar.update(done - bar.n)
            bar.set_postfix(docs=report.ingested + report.queued, unchanged=report.unchanged, errors=report.failed,
                            refresh=False)

    pipeline = Pipeline(settings)
    with Store(_db(ctx, db)) as store:
        files = ingest_stage.discover(list(paths), on_error=lambda e: None)
        if not quiet and len(files) >= int(settings.get("ingest", "progress_min_inputs")):
            from tqdm import tqdm
            bar = tqdm(total=len(files), unit="file", dynamic_ncols=True, file=sys.stderr)
        try:
            report = pipeline.ingest(store, paths, meta=meta_rows, on_error=on_error, progress=progress,
                                     debug=ctx.obj["debug"], workers=int(settings.get("ingest", "workers")))
        finally:
            if bar is not None:
                bar.close()
    if not quiet:
        click.echo(report.summary(), err=True)
    sys.exit(1 if report.failed or meta_errors else 0)


@cli.command()
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv", "geojson", "claims", "parquet"]),
              default="jsonl", show_default=True,
              help="jsonl (evaluation contract), ACLED-style csv, geojson, claims (csv), or parquet "
                   "(the csv columns typed, with nested evidence and claims; needs --output FILE).")
@click.option("--include-background/--no-background", default=True, show_default=True,
              help="Keep events flagged as background (history told for context).")
@db_option
@output_option
@click.pass_context
@user_errors
def export(ctx: click.Context, fmt: str, include_background: bool, db: str | None, output: str) -> None:
    """Export events.

    \b
    Example:
      sitrep export --db war.db --format csv --output events.csv
      sitrep export --db war.db --format geojson -o events.geojson
      sitrep export --db war.db --format parquet -o events.parquet
    """
    from sitrep.export import write_events
    from sitrep.store import Store

    if fmt == "parquet" and output == "-":
        raise click.UsageError("--format parquet writes a binary file: give --output FILE (e.g. events.parquet)")
    with Store(_db(ctx, db), readonly=True) as store:
        outlets = {d.name: d.outlet for d in store.documents()}
        events = store.iter_events("" if include_background else "background = 0")
        if fmt == "parquet":
            from sitrep.export.parquet import write_parquet

            n = write_parquet(events, output, outlets=outlets)
            click.echo(f"{n} records written to {output}", err=True)
        elif output == "-":
            n = write_events(events, fmt, sys.stdout, outlets=outlets)
        else:
            with open(output, "w", encoding="utf-8", newline="") as out:
                n = write_events(events, fmt, out, outlets=outlets)
            click.echo(f"{n} records written to {output}", err=True)


@cli.command()
@table_format_option
@db_option
@click.pass_context
@user_errors
def docs(ctx: click.Context, fmt: str, db: str | None) -> None:
    """List stored documents with their metadata and where each value came from.

    \b
    Example:
      sitrep docs --db war.db
      sitrep docs --db war.db --format jsonl
    """
    from sitrep.store import Store, document_summary

    with Store(_db(ctx, db), readonly=True) as store:
        rows = [document_summary(d) for d in store.documents()]
        errors = store.ingest_errors()
    if fmt == "jsonl":
        return _echo_jsonl(rows)
    cols = ("name", "title", "outlet", "published", "language")
    table = [[str(r.get(c) or "-") for c in cols] + [", ".join(f"{k}:{v}" for k, v in r["origins"].items())]
             for r in rows]
    _echo_table(list(cols) + ["origins"], table)
    click.echo(f"{len(rows)} documents; {len(errors)} ingest errors recorded", err=True)


def _echo_jsonl(rows: list[dict[str, Any]]) -> None:
    for row in rows:
        click.echo(json.dumps(row, ensure_ascii=False))


def _echo_table(header: list[str], table: list[list[str]], *, max_width: int = 40) -> None:
    """Columns padded to their widest cell (cut at ``max_width``), for the listing commands."""
    widths = [min(max_width, max([len(h)] + [len(t[i]) for t in table])) for i, h in enumerate(header)]
    click.echo("  ".join(h.ljust(w) for h, w in zip(header, widths)).rstrip())
    for t in table:
        click.echo("  ".join(c[:w].ljust(w) for c, w in zip(t, widths)).rstrip())


@cli.command()
@click.argument("doc")
@click.option("--raw", is_flag=True, help="Print the raw bytes as stored instead of the clean text.")
@db_option
@click.pass_context
@user_errors
def show(ctx: click.Context, doc: str, raw: bool, db: str | None) -> None:
    """Print a document's clean text (DOC is its name or numeric id).

    \b
    Example:
      sitrep show 000_72000b82b16af0e4.txt --db s.db
    """
    from sitrep.store import Store

    with Store(_db(ctx, db), readonly=True) as store:
        d = store.get_document(doc, with_raw=raw)
    if raw:
        sys.stdout.buffer.write(d.raw)
    else:
        click.echo(d.text)


@cli.command()
@click.argument("event_id")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@db_option
@click.pass_context
@user_errors
def explain(ctx: click.Context, event_id: str, fmt: str, db: str | None) -> None:
    """Show where every field of an event came from: the words, the document and the rule.

    \b
    Example:
      sitrep explain ev_1a2b3c4d5e6f --db war.db
    """
    from sitrep.explain import explain_event
    from sitrep.store import Store

    with Store(_db(ctx, db), readonly=True) as store:
        event = store.get_event(event_id)
        merges = store.merges_into(event.id)
    if fmt == "json":
        click.echo(json.dumps({"event": event.to_dict(), "merges": merges}, ensure_ascii=False, indent=2))
    else:
        from sitrep.resolve import rules_from
        click.echo(explain_event(event, merges, rules_from(_settings(ctx))))


@cli.command()
@click.argument("doc", required=False)
@click.option("--format", "fmt", type=click.Choice(["text", "jsonl"]), default="text", show_default=True)
@db_option
@click.pass_context
@user_errors
def context(ctx: click.Context, doc: str | None, fmt: str, db: str | None) -> None:
    """List what the event gate kept as context, not as events: habits, counts, threats, crime,
    accidents, disasters, diplomacy (of one document DOC, or of all), with the gate's label and words.

    \b
    Example:
      sitrep context --db war.db
      sitrep context 000_72000b82b16af0e4.txt --db war.db --format jsonl
    """
    from sitrep.store import Store

    with Store(_db(ctx, db), readonly=True) as store:
        mentions = store.context(doc)
    for m in mentions:
        if fmt == "jsonl":
            click.echo(json.dumps(m.to_dict(), ensure_ascii=False))
            continue
        gate = next((p.rule for p in m.provenance if p.field == "specificity"), "")
        words = " … ".join(s.text for s in m.evidence)
        click.echo(f"{m.doc}#{m.index}  {m.specificity:13} {gate.removeprefix('event gate: ')}  "
                   f"(rules: {m.sub_event_type}, trigger {m.trigger!r})\n    \"{words}\"")
    click.echo(f"{len(mentions)} context mention(s)", err=True)


@cli.command()
@click.argument("file", type=click.File("r", encoding="utf-8"), default="-")
@click.option("--build-index", is_flag=True,
              help="(Re)build the gazetteer index in the cache dir (geo.cache_dir) and exit.")
@click.option("--country", default=None,
              help="The country the texts are about, when you know it (a record's own \"country\" wins).")
@output_option
@click.pass_context
@user_errors
def geocode(ctx: click.Context, file: Any, build_index: bool, country: str | None, output: str) -> None:
    """Geocode toponyms in JSON Lines {"text": ..., "spans": [[start, end], ...]} (spans optional).

    Writes one line per input: {"toponyms": [{start, end, name, latitude, longitude, country,
    admin1, feature, precision}, ...]} (null coordinates when a given span cannot be resolved).
    A record may say which country it is about ({"text": ..., "country": "Syria"}): places
    abroad then need more than a namesake to be chosen.

    \b
    Example:
      echo '{"text": "Clashes near Al-Mayadeen."}' | sitrep geocode
      echo '{"text": "HTS took Tama."}' | sitrep geocode --country Syria
      sitrep geocode --build-index        # once after install: later runs start in ~1 s
    """
    from sitrep.geo import Geocoder

    if build_index:
        from sitrep.geo import gazetteer

        gaz = gazetteer.load(_settings(ctx), rebuild=True)
        click.echo(f"gazetteer index: {len(gaz)} places -> {gazetteer.cache_path(_settings(ctx))}", err=True)
        return
    geocoder = Geocoder(_settings(ctx))
    out = sys.stdout if output == "-" else open(output, "w", encoding="utf-8")
    failed = 0
    try:
        for n, line in enumerate(file, 1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
                text = item["text"]
            except (ValueError, KeyError, TypeError) as exc:
                click.echo(f"error: {getattr(file, 'name', '-')} line {n}: not a {{\"text\": ...}} record ({exc})",
                           err=True)
                failed += 1
                continue
            found = geocoder.geocode_text(text, item.get("spans"), country=item.get("country") or country)
            out.write(json.dumps({"toponyms": found},
                                 ensure_ascii=False) + "\n")
    finally:
        if out is not sys.stdout:
            out.close()
    sys.exit(1 if failed else 0)


@cli.command()
@click.option("--host", default=None, help="Bind address (default 127.0.0.1: this machine only).")
@click.option("--port", type=int, default=None, help="Port (default 8000).")
@click.option("--allow-ingest", is_flag=True, help="Enable POST /api/ingest (needs --token).")
@click.option("--token", default=None, help="Token required by POST /api/ingest.")
@db_option
@click.pass_context
@user_errors
def serve(ctx: click.Context, host: str | None, port: int | None, allow_ingest: bool, token: str | None,
          db: str | None) -> None:
    """Serve the map, timeline and evidence viewer (read-only unless --allow-ingest --token T).

    \b
    Example:
      sitrep serve --db war.db            # then open http://127.0.0.1:8000/
    """
    from sitrep.web import run_server

    if allow_ingest and not token:
        raise click.UsageError("--allow-ingest needs --token T (uploads are refused without it)")
    settings = _settings(ctx)
    host, port = host or settings.get("serve", "host"), port or int(settings.get("serve", "port"))
    from sitrep.store.dialect import display

    click.echo(f"serving {display(_db(ctx, db))} on http://{host}:{port}/ (Ctrl-C to stop)", err=True)
    run_server(_db(ctx, db), settings=settings, host=host, port=port, allow_ingest=allow_ingest, token=token)


@cli.command()
@click.argument("sources", nargs=-1)
@click.option("--once", is_flag=True, help="Poll every source once, fetch and ingest what is new, and exit.")
@click.option("--interval", type=float, default=None, help="Seconds between polls of a feed (default 300).")
@click.option("--user-agent", default=None, help="User-Agent sent (its first word is the robots.txt token).")
@click.option("--archive", default=None, metavar="DIR", help="Where raw responses go as WARC (default DB.warc/).")
@db_option
@quiet_option
@click.pass_context
@user_errors
def watch(ctx: click.Context, sources: tuple[str, ...], once: bool, interval: float | None, user_agent: str | None,
          archive: str | None, db: str | None, quiet: bool) -> None:
    """Follow feeds, sitemaps and folders: fetch new articles politely and merge their events as
    they arrive. SOURCE is an RSS/Atom or (news) sitemap URL, a folder, or a file listing them
    (one a line: URL-or-folder [outlet] [lang] [interval]). Without SOURCE, the sources the
    database already follows. Ctrl-C stops cleanly; run it again to resume.

    \b
    Example:
      sitrep watch --db war.db sources.txt
      sitrep watch --db war.db https://example.org/feed.xml --once   # for cron
    Exit status (--once): 0 when every source answered, 1 when any failed.
    """
    import signal
    import threading

    from sitrep.pipeline import Pipeline
    from sitrep.store import Store
    from sitrep.store import watchlog
    from sitrep.watch import Watcher, parse_sources
    from sitrep.watch.poller import default_archive_dir

    settings = _settings(ctx).with_overrides({"watch.interval_s": interval, "watch.user_agent": user_agent})
    errors: list[InputError] = []
    parsed = parse_sources(list(sources), on_error=errors.append)
    for e in errors:
        click.echo(f"error: {e}", err=True)
    path = _db(ctx, db)
    folder = archive or str(settings.get("watch", "archive_dir")) or str(default_archive_dir(path))

    def say(line: str) -> None:
        click.echo(f"error: {line}", err=True)

    with Store(path) as store:
        watcher = Watcher(store, Pipeline(settings), settings, archive_dir=folder, on_error=say)
        watcher.add_sources(parsed)
        if not sources:
            watcher.keys = [r["key"] for r in watchlog.sources(store)]
        if not watcher.keys:
            raise click.UsageError("no sources: give feed URLs, folders or a sources file")

        def interrupted(*_: Any) -> None:
            if watcher.stop.is_set():
                raise KeyboardInterrupt
            watcher.stop.set()
            click.echo("stopping after the current step (Ctrl-C again to quit at once; nothing is lost)", err=True)

        previous = signal.signal(signal.SIGINT, interrupted) if threading.current_thread() is threading.main_thread() \
            else None
        report_line = (lambda r: None) if quiet else (lambda r: click.echo(r.summary(), err=True))
        try:
            if once:
                report = watcher.poll_due(force=True)
                report_line(report)
            else:
                click.echo(f"watching {len(watcher.keys)} sources into {path} (Ctrl-C to stop)", err=True)
                watcher.run(on_report=report_line)
        finally:
            watcher.close()
            if previous is not None:
                signal.signal(signal.SIGINT, previous)
    sys.exit(1 if errors or (once and report.errors) else 0)


@cli.command("sources")
@table_format_option
@db_option
@click.pass_context
@user_errors
def sources_cmd(ctx: click.Context, fmt: str, db: str | None) -> None:
    """List the sources `sitrep watch` follows: last poll, last success, next poll, articles, errors.

    \b
    Example:
      sitrep sources --db war.db
    """
    from sitrep.store import Store
    from sitrep.store import watchlog

    with Store(_db(ctx, db), readonly=True) as store:
        rows = watchlog.sources(store)
        counts = watchlog.link_counts(store)
    for r in rows:
        r["links"] = counts.get(r["key"], {})
    if fmt == "jsonl":
        return _echo_jsonl(rows)
    cols = ("key", "kind", "last_poll", "last_success", "next_poll", "articles", "errors", "last_error")
    table = [[str(r[c]).replace("+00:00", "Z") if r[c] is not None else "-" for c in cols] for r in rows]
    _echo_table(["source"] + list(cols[1:]), table, max_width=70)
    click.echo(f"{len(rows)} sources; {sum(r['errors'] for r in rows)} poll errors recorded "
               "(times UTC; --format jsonl for link counts by state)", err=True)


@cli.command()
@click.option("--from", "source", required=True, metavar="FILE|URL", help="The store to copy (e.g. sitrep.db).")
@click.option("--to", "target", required=True, metavar="URL|FILE",
              help="An empty database to copy into (e.g. postgresql://user@host:5432/sitrep).")
@click.pass_context
@user_errors
def migrate(ctx: click.Context, source: str, target: str) -> None:
    """Copy a whole store into another database (ids, versions and merge history kept), then check
    that every table has as many rows as the source.

    \b
    Example:
      sitrep migrate --from sitrep.db --to postgresql://analyst@db.example.org:5432/sitrep
    Exit status: 0 when every count matches, 1 otherwise.
    """
    from sitrep.store.copy import copy_store
    from sitrep.store.dialect import display

    counts = copy_store(source, target)
    for table, (src, dst) in counts.items():
        click.echo(f"{table:15} {src:8} -> {dst:8}  {'ok' if src == dst else 'MISMATCH'}")
    bad = [t for t, (a, b) in counts.items() if a != b]
    click.echo(f"copied {display(source)} to {display(target)}: "
               + (f"counts differ in {', '.join(bad)}" if bad else "every table's count matches"), err=True)
    sys.exit(1 if bad else 0)


def _add_spark() -> None:
    from sitrep.spark.command import spark

    cli.add_command(spark)


_add_spark()

register_gazetteer_commands(cli, user_errors, quiet_option)


def main() -> None:
    cli(obj={})


if __name__ == "__main__":
    main()
