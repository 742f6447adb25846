"""The documentation keeps up with the code (in the spirit of datasette's test_docs.py).

Commands and options are read from the click objects themselves, so a new command, option or
choice fails here until docs/cli.md (and, for commands, README.md) mention it; a new setting
fails until it has a comment above it in settings.toml; and the README must keep opening with
the two commands a newcomer runs.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import click
import pytest

from sitrep.cli import cli

ROOT = Path(__file__).resolve().parents[1]
CLI_MD = ROOT / "docs" / "cli.md"
README = ROOT / "README.md"


@dataclass(frozen=True)
class CommandDoc:
    """A command path ('sitrep', 'sitrep ingest') and the click object behind it."""
    path: str
    command: click.Command


def walk(command: click.Command, path: str = "sitrep") -> list[CommandDoc]:
    """Every command reachable from the root group, nested groups included, in help order."""
    found = [CommandDoc(path, command)]
    if isinstance(command, click.Group):
        ctx = click.Context(command)
        for name in command.list_commands(ctx):
            sub = command.get_command(ctx, name)
            if sub is not None and not sub.hidden:
                found += walk(sub, f"{path} {name}")
    return found


COMMANDS = walk(cli)
SUBCOMMANDS = [c for c in COMMANDS if c.path != "sitrep"]


def option_strings(command: click.Command) -> list[str]:
    """All spellings of the visible options (--quiet, -q, --no-background...); --help excluded."""
    names: list[str] = []
    for p in command.params:
        if isinstance(p, click.Option) and not p.hidden:
            names += list(p.opts) + list(p.secondary_opts)
    return names


def choices(command: click.Command) -> list[tuple[str, str]]:
    """(option, value) for each value of a Choice option: users need to know what they can pass."""
    return [(p.opts[0], str(v)) for p in command.params
            if isinstance(p, click.Option) and isinstance(p.type, click.Choice) for v in p.type.choices]


def sections(markdown: str) -> dict[str, str]:
    """Body of each '## `sitrep ...`' section of docs/cli.md, keyed by the command path in backticks."""
    found: dict[str, str] = {}
    parts = re.split(r"^(##\s.*)$", markdown, flags=re.M)
    for heading, body in zip(parts[1::2], parts[2::2]):
        m = re.match(r"##\s+`(sitrep(?: [\w-]+)*)`", heading)
        if m:
            found[m.group(1)] = body
    return found


@pytest.fixture(scope="module")
def cli_sections() -> dict[str, str]:
    assert CLI_MD.exists(), "docs/cli.md is missing: it documents every command and option"
    return sections(CLI_MD.read_text(encoding="utf-8"))


def test_walk_finds_the_commands_the_cli_really_has():
    paths = {c.path for c in COMMANDS}
    assert {"sitrep", "sitrep ingest", "sitrep export", "sitrep serve"} <= paths
    ingest = next(c.command for c in COMMANDS if c.path == "sitrep ingest")
    assert "--meta" in option_strings(ingest) and "--help" not in option_strings(ingest)


def test_sections_split_on_command_headings():
    md = "# t\n## `sitrep`\nglobal --debug\n## `sitrep ingest`\n`--meta`\n### Example\nx\n## Other\n--no\n"
    got = sections(md)
    assert set(got) == {"sitrep", "sitrep ingest"}
    assert "--meta" in got["sitrep ingest"] and "--debug" not in got["sitrep ingest"]


@pytest.mark.parametrize("doc", COMMANDS, ids=[c.path for c in COMMANDS])
def test_every_command_has_a_section_in_cli_md(doc, cli_sections):
    assert doc.path in cli_sections, f"docs/cli.md has no '## `{doc.path}`' section"


@pytest.mark.parametrize("doc", COMMANDS, ids=[c.path for c in COMMANDS])
def test_every_option_is_documented_in_its_section(doc, cli_sections):
    body = cli_sections.get(doc.path, "")
    missing = [o for o in option_strings(doc.command) if not re.search(rf"(?<![\w-]){re.escape(o)}(?![\w-])", body)]
    assert not missing, f"docs/cli.md section `{doc.path}` does not mention {missing}"


@pytest.mark.parametrize("doc", COMMANDS, ids=[c.path for c in COMMANDS])
def test_every_choice_value_is_documented(doc, cli_sections):
    body = cli_sections.get(doc.path, "")
    missing = [f"{o} {v}" for o, v in choices(doc.command) if not re.search(rf"\b{re.escape(v)}\b", body)]
    assert not missing, f"docs/cli.md section `{doc.path}` does not mention the values {missing}"


@pytest.mark.parametrize("doc", SUBCOMMANDS, ids=[c.path for c in SUBCOMMANDS])
def test_every_command_has_an_example_in_cli_md(doc, cli_sections):
    body = cli_sections.get(doc.path, "")
    assert re.search(rf"^\s*\$?\s*(.*\| )?{re.escape(doc.path)}\b", body, flags=re.M), \
        f"docs/cli.md section `{doc.path}` has no example line running it"


@pytest.mark.parametrize("doc", SUBCOMMANDS, ids=[c.path for c in SUBCOMMANDS])
def test_every_command_appears_in_readme(doc):
    assert re.search(rf"\b{re.escape(doc.path)}\b", README.read_text(encoding="utf-8")), \
        f"README.md never mentions `{doc.path}`"


def setting_lines(text: str) -> list[tuple[str, int]]:
    """('section.key', line index) of each key = value line, in file order."""
    found, section = [], ""
    for i, line in enumerate(text.splitlines()):
        if m := re.match(r"^\s*\[([\w.-]+)\]\s*$", line):
            section = m.group(1)
        elif m := re.match(r"^\s*([\w-]+)\s*=", line):
            found.append((f"{section}.{m.group(1)}" if section else m.group(1), i))
    return found


def uncommented(text: str) -> list[str]:
    """Settings whose nearest non-blank line above is not a comment."""
    lines = text.splitlines()
    bad = []
    for name, i in setting_lines(text):
        above = next((lines[j].strip() for j in range(i - 1, -1, -1) if lines[j].strip()), "")
        if not above.startswith("#"):
            bad.append(name)
    return bad


def test_uncommented_finds_a_bare_setting():
    text = "[a]\n# why x\nx = 1\ny = 2\n\n[b]\n# why z\n\nz = 3\n"
    assert uncommented(text) == ["a.y"]


def test_every_setting_has_a_comment_above_it():
    text = resources.files("sitrep.data").joinpath("settings.toml").read_text(encoding="utf-8")
    parsed = tomllib.loads(text)
    keys = {f"{s}.{k}" for s, table in parsed.items() for k in table}
    assert {name for name, _ in setting_lines(text)} == keys, "settings.toml has a key this test cannot see"
    assert not uncommented(text), f"settings.toml: no comment line above {uncommented(text)}"


def first_code_block(markdown: str) -> tuple[str, str]:
    """(text before the first fenced block, the block's content)."""
    m = re.search(r"^```[^\n]*\n(.*?)^```", markdown, flags=re.M | re.S)
    assert m, "README.md has no code block"
    return markdown[:m.start()], m.group(1)


def test_readme_opens_with_make_run_and_make_test():
    before, block = first_code_block(README.read_text(encoding="utf-8"))
    commands = [line.split("#")[0].strip() for line in block.splitlines() if line.split("#")[0].strip()]
    assert commands == ["make run", "make test"], f"README's first code block runs {commands}"
    assert not re.search(r"^##\s", before, flags=re.M), "a section comes before the two commands"


def local_links(markdown: str) -> list[str]:
    """Targets of relative Markdown links and images, without their #anchor (web links skipped)."""
    targets = re.findall(r"!?\[[^\]]*\]\(([^)\s]+)\)", markdown)
    return [t.split("#")[0] for t in targets if not re.match(r"[a-z]+:", t) and t.split("#")[0]]


def test_local_links_finds_files_and_images_only():
    md = "[a](docs/cli.md#x) ![i](docs/img/map.png) [w](https://x.org/a.md) [s](#limits)"
    assert local_links(md) == ["docs/cli.md", "docs/img/map.png"]


@pytest.mark.parametrize("page", [README, CLI_MD], ids=["README.md", "docs/cli.md"])
def test_links_and_screenshots_exist(page):
    missing = [t for t in local_links(page.read_text(encoding="utf-8")) if not (page.parent / t).exists()]
    assert not missing, f"{page.name} links to missing files: {missing}"
