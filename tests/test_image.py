"""The API image, rebuilt without a Docker engine, and the compose file's start script.

No Docker engine runs on these machines, so ``docker build`` cannot run here.
What the image does is plain: copy some paths into /app, ``pip install .``,
then (under compose) run the api service's start script.  These tests do the
same on this machine: they copy exactly the paths the Dockerfile copies into an
empty folder, build the wheel ``pip install .`` would build there, run the
command line from that wheel alone (nothing importable from the repository),
and run the api service's start script verbatim from docker-compose.yml.

Two things differ from the container, and say why: the store is the embedded
one (no Neo4j server can run here; the Neo4j half of the contract suite covers
that store), and the server binds 127.0.0.1 on a free port instead of 0.0.0.0
on 8000 (tests talk only to the loopback address).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import time
import urllib.request
import zipfile
from pathlib import Path
from typing import Any

import pytest

from tests.net import free_port

ROOT = Path(__file__).resolve().parent.parent


def _copies() -> list[tuple[list[str], str]]:
    """The Dockerfile's COPY lines as (sources, destination under WORKDIR)."""
    text = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert re.search(r"^WORKDIR /app$", text, re.M)
    out = []
    for line in text.splitlines():
        if line.startswith("COPY "):
            parts = line.split()[1:]
            assert not parts[0].startswith("--"), f"COPY flags are not emulated here: {line}"
            out.append((parts[:-1], parts[-1]))
    return out


@pytest.fixture(scope="module")
def image(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """/app as the Dockerfile fills it, and the installed package (the wheel, unpacked)."""
    tmp = tmp_path_factory.mktemp("image")
    app = tmp / "app"
    app.mkdir()
    for sources, dest in _copies():
        for src in sources:
            target = app / dest if not dest.endswith("/") else app / dest / Path(src).name
            if dest in ("./", "."):
                target = app / Path(src).name
            if (ROOT / src).is_dir():
                shutil.copytree(ROOT / src, target, ignore=shutil.ignore_patterns("__pycache__"))
            else:
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy(ROOT / src, target)
    wheels = tmp / "wheels"
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
         "--no-index", "-q", "-w", str(wheels), str(app)],
        capture_output=True, text=True, timeout=300, check=False,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    [wheel] = list(wheels.glob("*.whl"))
    site = tmp / "site"
    with zipfile.ZipFile(wheel) as z:
        z.extractall(site)
    # A `directive-graph` on PATH that sees the wheel and the dependencies, never
    # the repository (no cwd, no editable-install hook: -S skips .pth files).
    bin_dir = tmp / "bin"
    bin_dir.mkdir()
    deps = sysconfig.get_paths()["purelib"]
    shim = bin_dir / "directive-graph"
    shim.write_text(
        "#!/bin/sh\n"
        f'exec "{sys.executable}" -S -c "import sys; sys.path[0:1] = [{str(site)!r}, '
        f'{deps!r}]; from api.cli import main; sys.exit(main())" "$@"\n',
        encoding="utf-8",
    )
    shim.chmod(0o755)
    return {"app": app, "site": site, "bin": bin_dir, "tmp": tmp}


def _env(image: dict[str, Path], store: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DIRECTIVE_GRAPH_")}
    env["PATH"] = f"{image['bin']}:{env.get('PATH', '/usr/bin:/bin')}"
    env["DIRECTIVE_GRAPH_STORE"] = str(store)
    env.pop("PYTHONPATH", None)
    return env


def test_the_wheel_alone_parses_loads_and_draws(image: dict[str, Path]) -> None:
    """The installed package carries everything it reads at run time (maps, pages, scripts)."""
    env = _env(image, image["tmp"] / "store-cli")
    run = lambda *args: subprocess.run(  # noqa: E731 - a local shorthand
        ["directive-graph", *args], cwd=image["app"], env=env, capture_output=True,
        text=True, timeout=300, check=False)
    where = subprocess.run(
        [str(image["bin"] / "directive-graph"), "--version"], cwd=image["app"], env=env,
        capture_output=True, text=True, timeout=60, check=False)
    assert where.returncode == 0, where.stderr
    assert re.fullmatch(r"directive-graph \d+\.\d+\.\d+\n", where.stdout), where.stdout
    probe = subprocess.run(
        [sys.executable, "-S", "-c", f"import sys; sys.path[0:1] = [{str(image['site'])!r}, "
         f"{sysconfig.get_paths()['purelib']!r}]; import graph, viz; print(graph.__file__); "
         "print(viz.__file__)"],
        cwd=image["app"], env=env, capture_output=True, text=True, timeout=60, check=False)
    assert probe.returncode == 0, probe.stderr
    assert all(line.startswith(str(image["site"])) for line in probe.stdout.split()), probe.stdout
    loaded = run("load", "tests/fixtures/seeds")
    assert loaded.returncode == 0, loaded.stderr
    assert "4 added" in loaded.stdout + loaded.stderr
    trace = run("trace", "dien@ban bi thu trung uong@2021-01-05", "--json")
    assert trace.returncode == 0, trace.stderr
    assert "56-CV/TU" in trace.stdout
    page = image["tmp"] / "page.html"
    drawn = run("viz", "56-CV/TU", "--out", str(page))
    assert drawn.returncode == 0, drawn.stderr
    html = page.read_text(encoding="utf-8")
    assert "vis-network" in html and "56-CV/TU" in html


def _start_script() -> str:
    """The api service's command in docker-compose.yml, as compose hands it to ``sh -c``."""
    text = (ROOT / "docker-compose.yml").read_text(encoding="utf-8")
    m = re.search(r"^      - \|\n((?:        .*\n|\n)+)", text, re.M)
    assert m, "the api service's start script (a `- |` block under command) is missing"
    script = "\n".join(line[8:] for line in m.group(1).splitlines())
    return script.replace("$$", "$")  # compose's escape for a literal dollar


def _get(url: str) -> Any:
    with urllib.request.urlopen(url, timeout=10) as r:
        return json.loads(r.read())


@pytest.mark.slow
def test_the_compose_start_script_generates_loads_and_serves(image: dict[str, Path]) -> None:
    script = _start_script()
    assert "--host 0.0.0.0 --port 8000" in script and "/corpus" in script
    port = free_port()
    corpus = image["tmp"] / "corpus"
    script = script.replace("/corpus", str(corpus)).replace(
        "--host 0.0.0.0 --port 8000", f"--host 127.0.0.1 --port {port}")
    store = image["tmp"] / "store-compose"
    proc = subprocess.Popen(
        ["sh", "-c", script], cwd=image["app"], env=_env(image, store),
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 420
        health: dict[str, Any] | None = None
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                health = _get(f"http://127.0.0.1:{port}/health")
                break
            except OSError:
                time.sleep(1)
        assert health is not None, f"server never answered; exit {proc.poll()}"
        assert (corpus / ".complete").exists()
        generated = len(list((corpus / "docs").iterdir()))
        docs = _get(f"http://127.0.0.1:{port}/api/documents?limit=1")
        total = docs.get("total", docs.get("count"))
        assert total is not None and total >= generated + 4, docs
        # The seed telegram's cascade answers, from the store the script filled.
        trace = _get(f"http://127.0.0.1:{port}/api/documents/56-CV%2FTU/lineage")
        assert "dien@ban bi thu trung uong@2021-01-05" in json.dumps(trace)
    finally:
        proc.terminate()
        try:
            out, _ = proc.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            out, _ = proc.communicate()
    assert "Traceback" not in out, out[-3000:]
