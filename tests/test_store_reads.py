"""The embedded store's read side: the lean trace cut, and readers side by side with a load.

The lean cut (``cascade_documents``) must give trace, lineage and timeline
exactly what the whole graph gives them, on a generated national corpus with
several levels; and readers in other threads (or processes) keep answering
while a load writes.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from graph.analyses import lineage, timeline, trace
from graph.model import Entity, Record
from graph.sqlite_store import SqliteStore
from graph.views import implemented, implementers, to_dict

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def national(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SqliteStore]:
    from loaders import parse_file
    from synth import generate_corpus

    tmp = tmp_path_factory.mktemp("national")
    generate_corpus(tmp / "corpus", seed=11, provinces=3)
    store = SqliteStore(tmp / "store")
    store.add_records(parse_file(p) for p in sorted((tmp / "corpus" / "docs").iterdir()))
    yield store
    store.close()


def test_the_lean_cut_gives_what_the_whole_graph_gives(national: SqliteStore) -> None:
    whole = national.graph()
    docs = [n for n in whole if n.startswith("doc:")]
    roots = [n for n in docs if implementers(whole, n) and not implemented(whole, n)]
    leaves = [n for n in docs if implemented(whole, n) and not implementers(whole, n)]
    assert roots and len(leaves) > 10
    for node in roots + [n for n in docs if implementers(whole, n) and implemented(whole, n)]:
        key = whole.nodes[node]["key"]
        lean = national.cascade_documents(key)
        assert to_dict(trace(lean, key)) == to_dict(trace(whole, key)), key
        assert timeline(lean, key) == timeline(whole, key), key
    deepest = max(
        (trace(whole, whole.nodes[r]["key"]) for r in roots), key=lambda t: t.depth
    )
    assert deepest.depth >= 2
    for node in leaves:
        key = whole.nodes[node]["key"]
        lean = national.cascade_documents(key, direction="up")
        assert to_dict(lineage(lean, key)) == to_dict(lineage(whole, key)), key


def _letters(first: int, count: int) -> list[Record]:
    return [
        Record(source=f"{i}.txt", doc_type="Công văn", number=f"{i}-CV/TU", date="2021-01-02",
               issuer=Entity("Tỉnh ủy Nam Định"), subject="phòng, chống dịch")
        for i in range(first, first + count)
    ]


def _counts_while(
    running: threading.Thread | subprocess.Popen[bytes], read: Callable[[], int]
) -> list[int]:
    alive = running.is_alive if isinstance(running, threading.Thread) else (
        lambda: running.poll() is None)
    seen = []
    while alive():
        seen.append(read())
    return seen


def test_reader_threads_answer_while_a_thread_loads_through_the_same_store(
    tmp_path: Path,
) -> None:
    store = SqliteStore(tmp_path / "store")
    store.add_records(_letters(0, 1))
    loader = threading.Thread(target=store.add_records, args=(_letters(1, 400),))
    seen: dict[str, list[int]] = {"stats": [], "graph": []}
    errors: list[BaseException] = []

    def reader(name: str) -> None:
        def read() -> int:
            if name == "graph":  # a whole-graph build must not hold the other readers up
                return sum(1 for n in store.graph() if n.startswith("doc:"))
            return int(store.stats()["documents"])

        try:
            seen[name] = _counts_while(loader, read)
        except BaseException as exc:  # surfaced below, with the thread's name
            errors.append(exc)

    loader.start()
    readers = [threading.Thread(target=reader, args=(n,)) for n in seen]
    for r in readers:
        r.start()
    for r in readers:
        r.join()
    loader.join()
    assert errors == []
    assert store.stats()["documents"] == 401
    for name, counts in seen.items():
        assert counts == sorted(counts), name  # commits only ever add whole documents
    # The reader saw the load part-way: it answered between commits, not after them.
    assert any(1 <= c < 401 for c in seen["stats"]), seen["stats"][:5]
    store.close()


def test_a_reader_answers_while_another_process_loads(tmp_path: Path) -> None:
    path = tmp_path / "store"
    store = SqliteStore(path)
    store.add_records(_letters(0, 1))
    script = textwrap.dedent(f"""
        import sys
        sys.path.insert(0, {str(ROOT)!r})
        from tests.test_store_reads import _letters
        from graph.sqlite_store import SqliteStore
        s = SqliteStore({str(path)!r})
        r = s.add_records(_letters(1, 600))
        s.close()
        print(r.added)
    """)
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE)
    seen = _counts_while(proc, lambda: int(store.stats()["documents"]))
    out, _ = proc.communicate(timeout=120)
    assert proc.returncode == 0 and out.decode().strip() == "600"
    assert store.stats()["documents"] == 601
    assert seen == sorted(seen)
    assert any(1 <= c < 601 for c in seen), seen[:5]
    store.close()


def test_each_reading_thread_has_its_own_connection_and_they_are_closed(tmp_path: Path) -> None:
    store = SqliteStore(tmp_path / "store")
    store.add_records(_letters(0, 3))
    answers: list[int] = []
    threads = [threading.Thread(target=lambda: answers.append(store.documents()[0]))
               for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert answers == [3, 3, 3, 3]
    store.documents()  # this thread's connection; the ended threads' are dropped
    assert list(store._conns) == [threading.get_ident()]
    store.close()
    assert store._conns == {}


def test_look_ups_go_on_while_another_thread_builds_the_whole_graph(
    national: SqliteStore,
) -> None:
    store = SqliteStore(national.path)  # a fresh object: its first graph() builds from disk
    (key,) = [d.key for d in store.documents(limit=1)[1]]
    building = threading.Event()
    built = threading.Event()
    during: list[int] = []

    def build() -> None:
        building.set()
        store.graph()
        built.set()

    builder = threading.Thread(target=build)
    builder.start()
    building.wait()
    while not built.is_set():
        if store.record(key) is not None and not built.is_set():
            during.append(1)
    builder.join()
    # One shared connection would hold every look-up until the build ends.
    assert len(during) >= 5, len(during)
    store.close()
