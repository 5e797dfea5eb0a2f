"""The benchmark suite: ``make bench`` (``python -m bench``) writes ``BENCHMARKS.md``.

Areas, one module each: :mod:`bench.parse`, :mod:`bench.store`,
:mod:`bench.traverse`, :mod:`bench.api`, :mod:`bench.viz`,
:mod:`bench.memory`, :mod:`bench.growth`, :mod:`bench.accuracy`,
:mod:`bench.neo4j`; :mod:`bench.suite` runs them and :mod:`bench.report`
writes the Markdown.  Benchmarks are not tests: nothing here fails on a slow
figure, the report says plainly which aims are missed.
"""

__all__: list[str] = []
