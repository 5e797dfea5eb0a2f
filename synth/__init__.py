"""Generated corpora whose truth is known: a national directive cascade, written to disk.

``generate_corpus(out_dir, seed=0, levels=("province", "district"), roots=1,
noise="mixed", scale=1)`` writes the documents of one or more central
directives and every province's, district's (and optionally commune's)
implementing letter, with a gold annotation per document and the cascade
truth; ``directive-graph generate`` is its command line.

>>> from synth import generate_corpus, CorpusSummary
"""

from __future__ import annotations

from synth.corpus import NOISE_KINDS, CorpusSummary, generate_corpus

__all__ = ["generate_corpus", "CorpusSummary", "NOISE_KINDS"]
