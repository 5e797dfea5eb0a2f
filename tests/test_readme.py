"""The README shows a user what to type: every command and route in it must exist.

These tests fail when the docs drift from the code: a `directive-graph` line
the parser would reject, a `make` target the Makefile lacks, a route the app
does not serve.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from api.app import create_app
from api.cli import build_parser
from api.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
_SHELL_BREAKS = {"|", ">", ">>", "2>", "&&", "||", ";", "<"}


def _shell_lines() -> list[str]:
    """Lines of the shell code blocks (```sh, ```bash or bare ```)."""
    lines: list[str] = []
    lang: str | None = None  # the open block's language; None outside a block
    for raw in README.splitlines():
        fence = re.match(r"^```(\w*)\s*$", raw)
        if fence:
            lang = fence.group(1) or "sh" if lang is None else None
            continue
        line = raw.strip()
        if lang not in ("sh", "bash", "console") or not line or line.startswith("#"):
            continue
        if lines and lines[-1].endswith("\\"):  # a command continued on the next line
            lines[-1] = lines[-1][:-1] + " " + line
        else:
            lines.append(line)
    return lines


def _commands() -> list[list[str]]:
    """The argument lists of every `directive-graph` invocation in a code block."""
    out = []
    for line in _shell_lines():
        lexer = shlex.shlex(line, posix=True, punctuation_chars="|&;<>")
        lexer.whitespace_split = True
        lexer.commenters = "#"
        tokens = list(lexer)
        for i, tok in enumerate(tokens):
            if tok.endswith("directive-graph"):
                args = []
                for t in tokens[i + 1 :]:
                    if t in _SHELL_BREAKS:
                        break
                    args.append(t)
                out.append(args)
    return out


COMMANDS = _commands()


def test_the_readme_shows_commands() -> None:
    assert len(COMMANDS) >= 10, COMMANDS
    shown = {args[0] for args in COMMANDS if args}
    expected = {"parse", "load", "trace", "lineage", "coverage", "search", "serve", "viz"}
    assert expected <= shown, expected - shown


@pytest.mark.parametrize("args", COMMANDS, ids=[" ".join(a)[:60] for a in COMMANDS])
def test_each_readme_command_parses(args: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    try:
        build_parser().parse_args(args)
    except SystemExit as exc:
        err = capsys.readouterr().err
        assert exc.code == 0, f"`directive-graph {' '.join(args)}` is rejected: {err}"


def test_make_targets_in_the_readme_exist() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    targets = set(re.findall(r"^([a-z][\w-]*):", makefile, re.M))
    used = {m.group(1) for line in _shell_lines() if (m := re.match(r"make (\w[\w-]*)", line))}
    assert used and used <= targets, used - targets


def _route_pattern(path: str) -> str:
    return re.sub(r"\{[^}]*\}", "{}", path)


def _readme_routes() -> list[tuple[str, str]]:
    """(method, path) of each route in the README's table; "`/lineage`" after a full path
    is a sibling of it."""
    routes = []
    for line in README.splitlines():
        m = re.match(r"\| (`(GET|POST|PUT|DELETE) .+?) (?<!\\)\| ", line)
        if not m:
            continue
        cell, method = m.groups()
        base = ""
        for k, code in enumerate(re.findall(r"`([^`]+)`", cell)):
            path = code.split(" ", 1)[1] if k == 0 else code
            path = re.sub(r"\[?\?.*$", "", path)
            if path.startswith(("/api", "/health")):
                base = path.rsplit("/", 1)[0] if path.count("/") > 3 else path
            else:
                path = base + path
            routes.append((method, path))
    return routes


def test_every_route_in_the_readme_is_served(tmp_path: Path) -> None:
    app = create_app(Settings(store=str(tmp_path / "never-created")), store=None)
    served = {
        (method.upper(), _route_pattern(path))
        for path, ops in app.openapi()["paths"].items()
        for method in ops
    }
    listed = _readme_routes()
    assert len(listed) >= 15, listed
    missing = [(m, p) for m, p in listed if (m, _route_pattern(p)) not in served]
    assert not missing, f"README lists routes the app does not serve: {missing}"
