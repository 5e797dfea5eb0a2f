"""Every Cypher statement the Neo4j store can send, linted offline by Neo4j's own parser.

No Neo4j server can run here, so the statements of graph/cypher.py go through
``tools/cypher-lint/lint.mjs`` (npm ``@neo4j-cypher/language-support``): a
syntax error, an undefined variable, a parameter the statement does not
declare, or a label / relationship type outside graph/schema.py fails.
"""

from __future__ import annotations

import ast
import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from graph import cypher

ROOT = Path(__file__).resolve().parent.parent
LINT_DIR = ROOT / "tools" / "cypher-lint"
PACKAGE = LINT_DIR / "node_modules" / "@neo4j-cypher" / "language-support"
STORE_MODULES = [
    ROOT / "graph" / name for name in ("neo4j_store.py", "neo4j_rows.py", "neo4j_batch.py")
]


def _linter() -> str:
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed: cannot lint Cypher (apt-get install nodejs)")
    if not PACKAGE.is_dir():
        pytest.skip(
            "@neo4j-cypher/language-support is not installed: run `npm ci` in tools/cypher-lint"
        )
    return node


def _lint(tmp_path: Path, statements: list[dict[str, Any]]) -> tuple[int, list[dict[str, Any]]]:
    node = _linter()
    path = tmp_path / "statements.json"
    path.write_text(
        json.dumps(
            {
                "labels": [*cypher.LABELS.values(), cypher.META_LABEL],
                "relationshipTypes": list(cypher.REL_TYPES.values()),
                "statements": statements,
            },
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    proc = subprocess.run(
        [node, str(LINT_DIR / "lint.mjs"), str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode in (0, 1), proc.stderr
    return proc.returncode, [json.loads(line) for line in proc.stdout.splitlines()]


def _as_json(st: cypher.Statement) -> dict[str, Any]:
    return {"name": st.name, "text": st.text, "params": list(st.params)}


def _doc_queries() -> list[dict[str, Any]]:
    """The ```cypher blocks of docs/cypher.md; their parameters are the Browser's :param."""
    text = (ROOT / "docs" / "cypher.md").read_text(encoding="utf-8")
    blocks = re.findall(r"^```cypher\n(.*?)^```", text, re.M | re.S)
    return [
        {"name": f"docs/cypher.md#{i + 1}", "text": b.strip(),
         "params": sorted(set(_PARAM.findall(b)))}
        for i, b in enumerate(blocks)
    ]


def test_every_store_statement_and_documented_query_lints_clean(tmp_path: Path) -> None:
    statements = [_as_json(s) for s in cypher.all_statements()]
    docs = _doc_queries()
    assert len(docs) >= 10
    rc, results = _lint(tmp_path, statements + docs)
    bad = [r for r in results if not r["ok"]]
    assert not bad, "\n".join(f"{r['name']}: {r['problems']}" for r in bad)
    assert rc == 0
    assert [r["name"] for r in results] == [s["name"] for s in statements + docs]


BROKEN = [
    ("MATCH (d:Document {key: $key) RETURN d", ["key"], "Invalid input"),
    ("MATCH (d:Document) RETURN e", [], "Variable `e` not defined"),
    ("MATCH (d:Document {key: $nope}) RETURN d", ["key"], "Parameter $nope is not defined"),
    ("MATCH (d:Documnt) RETURN d", [], "Label Documnt is not present"),
    ("MATCH (:Document)-[:IMPLEMNTS]->(d) RETURN d", [], "IMPLEMNTS is not present"),
    ("MATCH (d:Document) WHERE exists(d.key) RETURN d", [], "no longer supported"),
]


def test_the_linter_catches_broken_statements(tmp_path: Path) -> None:
    rc, results = _lint(
        tmp_path,
        [
            *({"name": f"broken{i}", "text": t, "params": p} for i, (t, p, _) in enumerate(BROKEN)),
            {"name": "fine", "text": "MATCH (d:Document) RETURN d", "params": []},
        ],
    )
    assert rc == 1
    *broken, fine = results
    for (text, _, problem), result in zip(BROKEN, broken, strict=True):
        assert not result["ok"], text
        assert any(problem in p["message"] for p in result["problems"]), result["problems"]
    assert fine["ok"]


_PARAM = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]{0,40})")


def test_statements_declare_exactly_the_parameters_they_use() -> None:
    for st in cypher.all_statements():
        assert set(_PARAM.findall(st.text)) == set(st.params), st.name


def test_statement_names_are_unique() -> None:
    names = [s.name for s in cypher.all_statements()]
    assert len(names) == len(set(names))


# A Cypher clause keyword starting a line or following a space, in upper case.
_CYPHER = re.compile(
    r"(?:^|[\s(])(?:MATCH|MERGE|CREATE|UNWIND|RETURN|DETACH DELETE|OPTIONAL MATCH|CALL db\.)\b"
)


def _string_constants(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(n.body[0].value)
        for n in ast.walk(tree)
        if isinstance(n, ast.Module | ast.ClassDef | ast.FunctionDef)
        and n.body
        and isinstance(n.body[0], ast.Expr)
        and isinstance(n.body[0].value, ast.Constant)
    }
    return [
        (n.lineno, n.value)
        for n in ast.walk(tree)
        if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docstrings
    ]


@pytest.mark.parametrize("path", STORE_MODULES, ids=lambda p: p.name)
def test_store_code_holds_no_cypher_of_its_own(path: Path) -> None:
    found = [(line, s) for line, s in _string_constants(path) if _CYPHER.search(s)]
    assert not found, f"Cypher outside graph/cypher.py: {found}"


def test_the_store_runs_only_statement_texts() -> None:
    tree = ast.parse((ROOT / "graph" / "neo4j_store.py").read_text(encoding="utf-8"))
    runs = [
        n
        for n in ast.walk(tree)
        if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and n.func.attr == "run"
    ]
    assert runs, "the store sends statements through tx.run"
    for call in runs:
        first = call.args[0]
        assert isinstance(first, ast.Attribute) and first.attr == "text", ast.unparse(call)


def test_the_cypher_detector_sees_cypher() -> None:
    assert _CYPHER.search("MATCH (n) RETURN n")
    assert _CYPHER.search("x UNWIND $rows AS row")
    assert not _CYPHER.search("neo4j at bolt://h: server not reachable")


def test_every_statement_constant_is_linted() -> None:
    listed = set(cypher.all_statements())
    found: set[cypher.Statement] = set()
    for value in vars(cypher).values():
        items = value.values() if isinstance(value, dict) else value
        if isinstance(value, cypher.Statement):
            found.add(value)
        elif isinstance(value, dict | tuple):
            found.update(v for v in items if isinstance(v, cypher.Statement))
    assert len(found) > 50
    assert found <= listed, sorted(s.name for s in found - listed)
