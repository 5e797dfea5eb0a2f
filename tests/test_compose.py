"""docker-compose.yml, checked offline with Debian's ``docker-compose config``.

No Docker engine runs here; ``config`` validates the file against the Compose
schema and resolves variables from ``.env`` exactly as ``up`` would, so the
test works on the resolved form a user's ``docker compose up`` sees.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from api.settings import Settings

ROOT = Path(__file__).resolve().parent.parent


def _compose() -> str:
    exe = shutil.which("docker-compose")
    if exe is None:
        pytest.skip("docker-compose is not installed (apt-get install docker-compose)")
    return exe


def _run_config(folder: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [_compose(), "--project-directory", str(folder), "-f", str(folder / "docker-compose.yml"),
         "config"],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env={"PATH": "/usr/bin:/bin"},
    )


def _yaml_to_json(text: str) -> dict[str, Any]:
    """Parse YAML with the interpreter docker-compose itself runs on (it ships PyYAML)."""
    first = Path(_compose()).read_text(encoding="utf-8", errors="replace").splitlines()[0]
    python = first[2:].strip().split()[0] if first.startswith("#!") else "python3"
    proc = subprocess.run(
        [python, "-c", "import json, sys, yaml; json.dump(yaml.safe_load(sys.stdin), sys.stdout)"],
        input=text,
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    if proc.returncode != 0:
        pytest.skip(f"cannot read YAML with docker-compose's interpreter {python}: {proc.stderr}")
    data: dict[str, Any] = json.loads(proc.stdout)
    return data


def _project(tmp_path: Path, env: str | None) -> Path:
    for name in ("docker-compose.yml", "Dockerfile", ".env.example"):
        shutil.copy(ROOT / name, tmp_path / name)
    if env is not None:
        (tmp_path / ".env").write_text(env, encoding="utf-8")
    return tmp_path


@pytest.fixture(scope="module")
def resolved(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    tmp_path = tmp_path_factory.mktemp("compose")
    env = (ROOT / ".env.example").read_text(encoding="utf-8")
    env = env.replace("NEO4J_PASSWORD=change-me-please", "NEO4J_PASSWORD=s3cret-test-pw")
    proc = _run_config(_project(tmp_path, env))
    assert proc.returncode == 0, proc.stderr
    return _yaml_to_json(proc.stdout)


def test_neo4j_service(resolved: dict[str, Any]) -> None:
    neo = resolved["services"]["neo4j"]
    assert re.fullmatch(r"neo4j:5[\d.]*-community", neo["image"])
    env = neo["environment"]
    assert env["NEO4J_AUTH"] == "neo4j/s3cret-test-pw"
    for setting in ("heap_initial__size", "heap_max__size", "pagecache_size"):
        assert env[f"NEO4J_server_memory_{setting}"]
    # Only real settings reach Neo4j: it refuses to start on an unknown NEO4J_* variable.
    assert {k for k in env if k.startswith("NEO4J_")} == {
        "NEO4J_AUTH",
        "NEO4J_server_memory_heap_initial__size",
        "NEO4J_server_memory_heap_max__size",
        "NEO4J_server_memory_pagecache_size",
        "NEO4J_server_default__listen__address",
    }
    assert any(v.endswith(":/data:rw") or v.endswith(":/data") for v in neo["volumes"])
    test = " ".join(neo["healthcheck"]["test"])
    assert "cypher-shell" in test and "RETURN 1" in test
    assert {p.split(":")[-2] for p in neo["ports"]} == {"7474", "7687"}


def test_api_service(resolved: dict[str, Any]) -> None:
    api = resolved["services"]["api"]
    assert api["build"]["dockerfile"] == "Dockerfile"
    env = api["environment"]
    assert env["DIRECTIVE_GRAPH_STORE"] == "bolt://neo4j:7687"
    assert env["DIRECTIVE_GRAPH_NEO4J_USER"] == "neo4j"
    assert env["DIRECTIVE_GRAPH_NEO4J_PASSWORD"] == "s3cret-test-pw"
    assert api["depends_on"]["neo4j"]["condition"] == "service_healthy"
    script = " ".join(api["command"])
    assert "directive-graph load" in script and "tests/fixtures/seeds" in script
    assert re.search(r"exec directive-graph serve --host 0\.0\.0\.0 --port 8000", script)
    assert [p.split(":")[-2] for p in api["ports"]] == ["8000"]


def test_ports_are_published_on_loopback_only(resolved: dict[str, Any]) -> None:
    ports = [p for s in resolved["services"].values() for p in s.get("ports", [])]
    assert len(ports) == 3
    assert all(p.startswith("127.0.0.1:") for p in ports)


def test_a_missing_env_file_is_a_clear_error(tmp_path: Path) -> None:
    proc = _run_config(_project(tmp_path, None))
    assert proc.returncode != 0
    assert "set NEO4J_PASSWORD in .env (copy .env.example)" in proc.stderr


def test_the_image_binds_loopback_unless_told() -> None:
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    cmd = [line for line in dockerfile.splitlines() if line.startswith("CMD")]
    assert cmd == ['CMD ["directive-graph", "serve"]']
    assert Settings.from_env({}).host == "127.0.0.1"
    assert re.search(r"^USER app$", dockerfile, re.M)
    assert re.search(r"^EXPOSE 8000$", dockerfile, re.M)
    # Everything the image copies exists in the repository.
    for line in dockerfile.splitlines():
        if line.startswith("COPY "):
            for src in line.split()[1:-1]:
                assert (ROOT / src).exists(), src
