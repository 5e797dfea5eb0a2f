"""``serve``, ``viz`` and ``demo``: the service, a standalone explorer page, the demo.

``directive-graph serve`` runs the REST API and the explorer on 127.0.0.1
unless told otherwise; ``viz DOC --out page.html`` writes one cascade as a
single HTML file that opens from disk with nothing fetched; ``demo`` loads the
bundled letters (and a generated national cascade, when the generator is
installed) into ``./demo-store`` and serves them.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
import time
from pathlib import Path
from typing import Any

from api.cli_graph import store_option
from api.settings import Settings, default_workers
from graph.errors import DirectiveGraphError

__all__ = ["register", "run_serve", "run_viz", "run_demo", "standalone_page", "seeds_dir"]

REPO_ROOT = Path(__file__).resolve().parents[1]


def register(sub: Any) -> None:
    p = sub.add_parser(
        "serve",
        help="serve the REST API and the explorer",
        description="Serve the REST API (/api, docs at /docs) and the cascade explorer (/). "
        "Binds 127.0.0.1 unless --host says otherwise. Writes need the key in "
        "$DIRECTIVE_GRAPH_API_KEY; reads need $DIRECTIVE_GRAPH_READ_KEY when it is set.",
    )
    store_option(p)
    p.add_argument("--host", default=None, help="address to bind (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=None, help="port (default 8000)")
    p.add_argument("--workers", type=int, default=None, metavar="N",
                   help="worker processes (default $DIRECTIVE_GRAPH_WORKERS, else 2 on a "
                        "machine with two cores or more, else 1)")
    p.set_defaults(func=run_serve)

    v = sub.add_parser(
        "viz",
        help="write one cascade as a standalone HTML page",
        description="Write the cascade under DOC (a key or a number) as one HTML file with "
        "vis-network and the styles inlined: it opens from disk, fetches nothing.",
    )
    v.add_argument("doc", metavar="DOC")
    v.add_argument("--out", required=True, metavar="PAGE.html")
    store_option(v)
    v.set_defaults(func=run_viz)

    d = sub.add_parser(
        "demo",
        help="load the bundled documents and serve the explorer",
        description="Load the bundled seed letters, plus a generated national cascade when "
        "the generator is installed, into ./demo-store (reused when already loaded), "
        "then serve the explorer on 127.0.0.1.",
    )
    d.add_argument("--dir", default="./demo-store", help="demo store folder")
    d.add_argument("--host", default="127.0.0.1")
    d.add_argument("--port", type=int, default=8000)
    d.add_argument("--no-serve", action="store_true", help="load, print the summary, exit")
    d.add_argument("--seed", type=int, default=2021, help="seed of the generated corpus")
    d.set_defaults(func=run_demo)


def _serve(settings: Settings) -> int:
    import uvicorn

    from api.app import create_app

    _check_port(settings.host, settings.port)
    workers = f"{settings.workers} workers" if settings.workers > 1 else "1 worker"
    print(f"directive-graph: serving {settings.store} at http://{settings.host}:{settings.port}/ "
          f"({workers}; API docs at /docs; Ctrl-C stops)", flush=True)
    if settings.api_key is None:
        print("directive-graph: writes are disabled (no DIRECTIVE_GRAPH_API_KEY)", flush=True)
    if settings.host not in ("127.0.0.1", "localhost", "::1") and settings.read_key is None:
        print(f"directive-graph: note: listening on {settings.host}: anyone who can reach it "
              "can read the store (set DIRECTIVE_GRAPH_READ_KEY to require a key)", flush=True)
    if settings.workers > 1:
        # Each worker process builds its own app (and store connection) from the
        # environment; the parent only holds the socket and restarts dead workers.
        os.environ.update(settings.to_env())
        uvicorn.run("api.app:app_from_env", factory=True, workers=settings.workers,
                    host=settings.host, port=settings.port, log_level="warning")
    else:
        uvicorn.run(create_app(settings), host=settings.host, port=settings.port,
                    log_level="warning")
    return 0


def _check_port(host: str, port: int) -> None:
    """Say plainly when the address is taken, before uvicorn logs a bind error."""
    import socket

    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise DirectiveGraphError(f"--host {host}: cannot resolve ({exc.strerror})") from None
    family, kind, _, _, address = infos[0]
    with socket.socket(family, kind) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as exc:
            raise DirectiveGraphError(
                f"{host}:{port}: cannot listen ({exc.strerror}); choose another with --port"
            ) from None


def run_serve(args: argparse.Namespace) -> int:
    if args.workers is not None and args.workers < 1:
        raise DirectiveGraphError(f"--workers {args.workers}: must be at least 1")
    workers = args.workers
    if workers is None and not os.environ.get("DIRECTIVE_GRAPH_WORKERS"):
        workers = default_workers()
    settings = Settings.from_env(store=args.store, host=args.host, port=args.port,
                                 workers=workers)
    from graph.sqlite_db import exists

    if not settings.store_is_remote and not exists(settings.store_path()):
        print(f"directive-graph: note: no store at {settings.store} yet; load documents "
              f"(or upload them with the API key) to see anything", file=sys.stderr)
    return _serve(settings)


def standalone_page(store: Any, doc: str, *, aggregate_above: int = 150) -> str:
    """The cascade under ``doc`` as one self-contained HTML page."""
    from graph.analyses import pick_document
    from viz.explore import cascade_view, group_view
    from viz.render import render_cascade

    key = pick_document(store, doc)
    view = cascade_view(store, key, aggregate_above=aggregate_above)
    groups = view["meta"]["groups"]
    whole = store.cascade(key, direction="down") if groups else None
    expansions = {g["id"]: group_view(store, key, g["head"].split(":", 1)[1], whole)
                  for g in groups}
    return render_cascade(view, standalone=True, expansions=expansions)


def run_viz(args: argparse.Namespace) -> int:
    from graph.open import open_store

    settings = Settings.from_env(store=args.store)
    store = open_store(settings.store)
    try:
        html = standalone_page(store, args.doc, aggregate_above=settings.aggregate_above)
    finally:
        store.close()
    out = Path(args.out)
    tmp = out.with_name(out.name + ".tmp")
    try:
        tmp.write_text(html, encoding="utf-8")
        tmp.replace(out)  # whole or not at all: never a half-written page
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise DirectiveGraphError(f"{out}: cannot write ({exc.strerror})") from None
    print(f"directive-graph: wrote {out} ({len(html) // 1024} KiB)")
    return 0


def seeds_dir() -> Path:
    """The bundled seed letters, found from the repository root."""
    for base in (REPO_ROOT, Path.cwd()):
        path = base / "tests" / "fixtures" / "seeds"
        if path.is_dir():
            return path
    raise DirectiveGraphError(
        f"demo: bundled seeds not found under {REPO_ROOT} (run from a clone of the repository)"
    )


def _generate(corpus: Path, seed: int) -> Path | None:
    """The generated national cascade, made once and cached; None without the generator."""
    try:
        synth = importlib.import_module("synth")
    except ImportError:
        return None
    generate = getattr(synth, "generate_corpus", None)
    if generate is None:
        return None
    done = corpus / ".complete"
    if not done.exists():
        print("directive-graph: generating a national cascade (province and district "
              "letters) ...", flush=True)
        generate(corpus, seed=seed, levels=("province", "district"))
        done.write_text(f"seed {seed}\n", encoding="utf-8")
    return corpus


def run_demo(args: argparse.Namespace) -> int:
    from graph.load import load_paths
    from graph.open import open_store
    from graph.store import LoadReport

    root = Path(args.dir)
    started = time.monotonic()
    store = open_store(str(root))
    report = LoadReport()
    try:
        # The seeds must exist before the corpus folder does: an empty store
        # folder that already holds other files is refused as foreign.
        report.merge(load_paths(store, [seeds_dir()]))
        corpus = _generate(root / "corpus", args.seed)
        if corpus is None:
            print("directive-graph: the corpus generator is not installed; "
                  "the demo holds the seed letters only", flush=True)
        else:
            loaded = corpus / ".loaded"
            # Reloading is idempotent but still parses every file: skip it once done.
            if not loaded.exists():
                print("directive-graph: loading the generated cascade ...", flush=True)
                report.merge(load_paths(store, [corpus]))
                # The real letters win where the generated corpus reuses their numbers.
                report.merge(load_paths(store, [seeds_dir()]))
                loaded.write_text("loaded\n", encoding="utf-8")
        total, _ = store.documents(limit=1)
    finally:
        store.close()
    for line in report.errors[:10]:
        print(f"directive-graph: {line}", file=sys.stderr)
    print(f"directive-graph: demo store {root}: {total} documents "
          f"({report.added} added, {report.replaced} replaced, {report.unchanged} unchanged) "
          f"in {time.monotonic() - started:.1f}s", flush=True)
    if args.no_serve:
        return 0
    settings = Settings.from_env(store=str(root), host=args.host, port=args.port)
    print(f"directive-graph: open http://{settings.host}:{settings.port}/ in a browser",
          flush=True)
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    return _serve(settings)
