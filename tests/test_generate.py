"""The generated corpus: deterministic, true to the map, honest gold, varied, and scorable."""

from __future__ import annotations

import importlib.util
import json
import os
import re
import subprocess
import sys
import zipfile
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from api.cli import main as cli_main
from graph.adminmap import map_for
from graph.errors import DirectiveGraphError
from graph.names import modern_tones, nfc
from synth import generate_corpus
from synth.gold import GOLD_KEYS

ROOT = Path(__file__).resolve().parent
TWO = ["Bắc Kạn", "Nam Định"]


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file()}


def _truth(folder: Path) -> dict[str, Any]:
    return json.loads((folder / "truth.json").read_text("utf-8"))


def _golds(folder: Path) -> list[dict[str, Any]]:
    return [json.loads(p.read_text("utf-8")) for p in sorted((folder / "gold").glob("*.json"))]


@pytest.fixture(scope="module")
def mixed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two roots (party and state) over six provinces with their districts, mixed noise."""
    out = tmp_path_factory.mktemp("mixed") / "corpus"
    generate_corpus(out, seed=7, roots=2, provinces=6)
    return out


@pytest.fixture(scope="module")
def clean(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("clean") / "corpus"
    generate_corpus(out, seed=3, roots=2, provinces=TWO, noise="none",
                    levels=("province", "district", "commune"), silent=0.2)
    return out


def test_same_seed_same_bytes_other_seed_other_bytes(tmp_path: Path) -> None:
    args: dict[str, Any] = {"roots": 2, "provinces": TWO}
    a = generate_corpus(tmp_path / "a", seed=11, **args)
    # Another process with another hash seed: nothing may depend on set or dict hashing.
    subprocess.run([sys.executable, "-m", "api.cli", "generate", "--out", str(tmp_path / "b"),
                    "--seed", "11", "--roots", "2", "--provinces", ",".join(TWO)],
                   check=True, capture_output=True, env={**os.environ, "PYTHONHASHSEED": "99"})
    generate_corpus(tmp_path / "c", seed=12, **args)
    files_a, files_b = _files(tmp_path / "a"), _files(tmp_path / "b")
    assert files_a == files_b
    assert any(n.endswith(".docx") for n in files_a) and a.documents > 20
    assert files_a != _files(tmp_path / "c")


def test_limiting_provinces_keeps_their_documents(tmp_path: Path) -> None:
    generate_corpus(tmp_path / "both", seed=5, provinces=TWO)
    generate_corpus(tmp_path / "one", seed=5, provinces=["Nam Định"])
    both, one = _files(tmp_path / "both" / "docs"), _files(tmp_path / "one" / "docs")
    shared = [n for n in one if n != "r000-c.txt" and not n.startswith("r000-c.")]
    assert shared and all(both[n] == one[n] for n in shared)


def test_every_province_answers_but_the_silent(tmp_path: Path) -> None:
    s = generate_corpus(tmp_path / "all", levels=("province",), silent=0.0)
    assert s.by_level == {"central": 1, "province": 63}
    s = generate_corpus(tmp_path / "some", levels=("province",), seed=1)
    truth = _truth(tmp_path / "some")
    root = truth["documents"][0]
    silent = [a for a in root["addressed"] if not a["responded"]]
    assert len(root["addressed"]) == 63
    assert s.by_level["province"] == 63 - len(silent) == s.documents - 1
    assert 0 < len(silent) < 15  # default share 8%: a few, not none, not many


def test_districts_match_the_map(tmp_path: Path) -> None:
    s = generate_corpus(tmp_path / "c", provinces=TWO, silent=0.0)
    m = map_for("2021-01-01")
    assert s.by_level["district"] == sum(len(m.districts(p)) for p in TWO)
    truth = _truth(tmp_path / "c")
    by_id = {d["id"]: d for d in truth["documents"]}
    nam_dinh = next(d for d in truth["documents"] if d["issuer"] == "Tỉnh ủy Nam Định")
    assert sorted(a["unit"] for a in nam_dinh["addressed"]) == sorted(
        {"thành phố": "Thành ủy", "huyện": "Huyện ủy"}[d.kind] + " " + d.name
        for d in m.districts("Nam Định"))
    assert all(by_id[a["document"]]["parent"] == nam_dinh["id"] for a in nam_dinh["addressed"])


def test_gold_files_have_the_scorer_format(clean: Path) -> None:
    golds = _golds(clean)
    truth = {d["id"]: d for d in _truth(clean)["documents"]}
    assert len(golds) == len(truth) == len(list((clean / "docs").iterdir()))
    for g in golds:
        assert set(GOLD_KEYS) <= set(g), g["file"]
        assert (clean / "docs" / g["file"]).is_file()
        doc = truth[Path(g["file"]).stem]
        assert g["date"] == doc["date"] and g["number"] == doc["number"]
        assert g["issuer_level"] in ("central", "province", "district", "commune")
        assert [t["no"] for t in g["tasks"]] == [str(i) for i in range(1, len(g["tasks"]) + 1)]
        assert g["signer"]["name"] and isinstance(g["issuer"], list)
        if doc["parent"] is None:
            assert g["implements"] == [] and g["issuer_level"] == "central"
        else:
            assert [i["id"] for i in g["implements"]] == [doc["parent"]]


def test_lags_follow_the_cascade(clean: Path) -> None:
    docs = {d["id"]: d for d in _truth(clean)["documents"]}
    lags = []
    for d in docs.values():
        if d["parent"]:
            parent = docs[d["parent"]]
            assert date.fromisoformat(d["date"]) == date.fromisoformat(parent["date"]) + \
                timedelta(days=d["lag_days"])
            assert d["lag_days"] >= 1
            lags.append(d["lag_days"])
        for a in d["addressed"]:
            assert a["responded"] == (a["document"] in docs)
    lags.sort()
    assert 1 <= lags[len(lags) // 2] <= 5 and lags[-1] > lags[len(lags) // 2]
    assert {d["level"] for d in docs.values()} == {"central", "province", "district", "commune"}


def test_gold_names_are_written_in_the_documents(clean: Path) -> None:
    """What gold says a document holds is in its text (the clean corpus has no OCR damage)."""
    checked = 0
    for g in _golds(clean):
        if not g["file"].endswith(".txt"):
            continue
        text = modern_tones(nfc((clean / "docs" / g["file"]).read_text("utf-8")))
        text = re.sub(r"[*\s]+", " ", text)
        names = [g["signer"]["name"], *(g["recipients"] or []), *g["monitor"]]
        names += [a for t in g["tasks"] for a in t["assignees"]]
        names += [n for n in g["copied_to"]]
        for name in names:
            assert modern_tones(name) in text, (g["file"], name)
        if g["number"]:
            assert g["number"] in text.replace(" - ", "-"), g["file"]
        checked += 1
    assert checked > 50


def test_variety(mixed: Path) -> None:
    golds = _golds(mixed)
    numbers = [g["number"] for g in golds if g["number"]]
    assert any(re.fullmatch(r"\d+-[A-ZĐ]+/[A-ZĐ]+", n) for n in numbers)  # party 56-CV/TU
    assert any(re.fullmatch(r"\d+/[A-ZĐ]+-UBND", n) for n in numbers)  # state 68/KH-UBND
    assert any(re.fullmatch(r"\d+/UBND-[A-Z]+", n) for n in numbers)  # state 2279/UBND-VX
    assert {g["issuer_level"] for g in golds} == {"central", "province", "district"}
    kinds = {g["doc_type"] if isinstance(g["doc_type"], str) else g["doc_type"][0]
             for g in golds}
    assert {"Điện", "Công điện", "Công văn", "Kế hoạch"} <= kinds
    docs = mixed / "docs"
    texts = [p.read_text("utf-8") for p in docs.glob("*.txt")]
    assert not [t for t in texts if re.search(r"\{[A-Za-z]+\}", t)]  # every slot filled
    assert any("uỷ" in t for t in texts) and any("ủy" in t for t in texts)
    assert any("**" in t for t in texts) and any("[Handwritten Signature]" in t for t in texts)
    assert any("Văn bản liên quan" in t for t in texts)  # a web page pasted as text
    pages = [p.read_text("utf-8") for p in docs.glob("*.html")]
    assert any("Văn bản liên quan" in p for p in pages)
    word = sorted(docs.glob("*.docx"))
    assert word
    with zipfile.ZipFile(word[0]) as z:
        xml = z.read("word/document.xml").decode("utf-8")
    assert xml.count("<w:tbl>") == 2 and "<w:gridCol" in xml
    assert any(a for g in golds for t in g["tasks"] for a in t["assignees"] if " và " in a)


def test_bad_requests_are_one_line_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(DirectiveGraphError, match="levels"):
        generate_corpus(tmp_path / "x", levels=("district",))
    keep = tmp_path / "mine"
    keep.mkdir()
    (keep / "notes.txt").write_text("mine", encoding="utf-8")
    assert cli_main(["generate", "--out", str(keep), "--provinces", "1"]) == 1
    err = capsys.readouterr().err
    assert "refusing to overwrite" in err and err.count("\n") == 1
    assert (keep / "notes.txt").read_text("utf-8") == "mine"
    assert cli_main(["generate", "--out", str(tmp_path / "y"), "--provinces", "Atlantis"]) == 2
    assert not (tmp_path / "y").exists()


def test_cli_writes_and_replaces_a_corpus(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "c"
    for seed in ("1", "2"):
        assert cli_main(["generate", "--out", str(out), "--seed", seed, "--provinces", "2",
                         "--levels", "province", "--scale", "3"]) == 0
    line = capsys.readouterr().out
    assert "documents" in line and _truth(out)["params"]["seed"] == 2
    assert len(_truth(out)["documents"]) == len(list((out / "docs").iterdir()))
    assert [p.name for p in tmp_path.iterdir()] == ["c"]  # no work folder left behind


def _score_module() -> Any:
    spec = importlib.util.spec_from_file_location("score", ROOT / "fixtures" / "score.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_parser_scored_on_a_generated_corpus(mixed: Path, tmp_path: Path) -> None:
    """Figures only: the parser is being written; thresholds come later."""
    pred = tmp_path / "pred.jsonl"
    with pred.open("w", encoding="utf-8") as fh:
        proc = subprocess.run([sys.executable, "-m", "api.cli", "parse", str(mixed / "docs")],
                              stdout=fh, stderr=subprocess.PIPE, text=True, timeout=300)
    result = _score_module().score(mixed / "gold", pred, False)
    assert result["documents"] == len(list((mixed / "gold").iterdir()))
    print(f"\nparse exit {proc.returncode}; generated corpus: {result['documents']} documents")
    print(json.dumps({k: v for k, v in result.items() if k != "missing"}, ensure_ascii=False))
