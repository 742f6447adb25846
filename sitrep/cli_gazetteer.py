"""`sitrep gazetteer add / list / remove`: the user's own gazetteers beside the built-in one.

Kept out of cli.py (already the size of a module) but registered on the same root group, with
the same conventions: errors as one line and exit 2, help with an example.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from sitrep.config import Settings


def _settings(ctx: click.Context) -> Settings:
    return ctx.obj["settings"]


def register(cli: click.Group, user_errors: Any, quiet_option: Any) -> None:
    """Add the ``gazetteer`` group to the root command group (with cli.py's shared error handler and --quiet)."""

    @cli.group()
    def gazetteer() -> None:
        """Add, list and remove your own gazetteers (GeoNames dumps, OCHA COD places, CSV).

        \b
        Example:
          sitrep gazetteer add SY.txt --format geonames
          sitrep gazetteer list
        """

    @gazetteer.command("add")
    @click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
    @click.option("--format", "fmt", type=click.Choice(["geonames", "ocha", "csv"]), default=None,
                  help="File format (default: guessed: .txt is GeoNames, ADM1_EN/PCODE columns OCHA, else csv).")
    @click.option("--name", default=None, help="Name to list and remove it by (default: the file's stem).")
    @click.option("--columns", type=click.Path(dir_okay=False, exists=True, path_type=Path), default=None,
                  help="TOML mapping of an OCHA file's column names (shape of sitrep/data/ocha_columns.toml).")
    @click.option("--alternate-names", "alternate_names", type=click.Path(dir_okay=False, exists=True, path_type=Path),
                  default=None, help="GeoNames alternateNamesV2.txt (or a part of it) for a geonames dump: more names "
                                     "for its places, streamed.")
    @quiet_option
    @click.pass_context
    @user_errors
    def add(ctx: click.Context, file: Path, fmt: str | None, name: str | None, columns: Path | None,
            alternate_names: Path | None, quiet: bool) -> None:
        """Index FILE into the cache dir; the geocoder, `sitrep geocode` and ingest then use it.

        A gazetteer of the same name is replaced. Bad rows are reported one line each (file and
        line) and skipped; the rest is imported.

        \b
        Example:
          sitrep gazetteer add syr_pplp_cod.csv --format ocha --name syria-cod
          sitrep gazetteer add SY.txt --alternate-names alternateNamesV2.txt
        """
        from sitrep.geo import user_gazetteers

        report = user_gazetteers.add(_settings(ctx), file, fmt=fmt, name=name, columns=columns,
                                     alternate_names=alternate_names,
                                     progress=None if quiet else lambda line: click.echo(line, err=True))
        for line in report.errors:
            click.echo(f"error: {line}", err=True)
        if not quiet:
            click.echo(f"gazetteer {report.name}: {report.places} places indexed"
                       + (f", {report.aliases} alternate names" if alternate_names else "")
                       + (f", {len(report.errors)} bad rows skipped" if report.errors else "")
                       + (f", {report.skipped} non-place rows left out" if report.skipped else "")
                       + f" in {report.seconds:.1f} s ({report.index_bytes / 1e6:.1f} MB) -> {report.path}", err=True)
        ctx.exit(1 if report.places == 0 else 0)

    @gazetteer.command("list")
    @click.option("--format", "fmt", type=click.Choice(["table", "jsonl"]), default="table",
                  help="A table to read, or JSON Lines (one manifest a line) to script.")
    @click.pass_context
    @user_errors
    def list_(ctx: click.Context, fmt: str) -> None:
        """List the gazetteers you added: name, format, places, bad rows, source file.

        \b
        Example:
          sitrep gazetteer list
        """
        from sitrep.geo import user_gazetteers

        found = user_gazetteers.list_all(_settings(ctx))
        if fmt == "jsonl":
            for m in found:
                click.echo(json.dumps(m))
            return
        if not found:
            click.echo("no user gazetteers (add one with `sitrep gazetteer add FILE`)", err=True)
            return
        click.echo(f"{'name':20} {'format':9} {'places':>9} {'errors':>7}  source")
        for m in found:
            click.echo(f"{m['name']:20} {m['format']:9} {m['places']:>9} {m['errors']:>7}  {m['source']}")

    @gazetteer.command("remove")
    @click.argument("name")
    @click.pass_context
    @user_errors
    def remove(ctx: click.Context, name: str) -> None:
        """Delete the user gazetteer NAME from the cache dir (its source file is left alone).

        \b
        Example:
          sitrep gazetteer remove syria-cod
        """
        from sitrep.geo import user_gazetteers

        user_gazetteers.remove(_settings(ctx), name)
        click.echo(f"removed gazetteer {name}", err=True)
