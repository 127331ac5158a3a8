"""The NER model multiplies matrices with numpy on one BLAS thread (faster here than thinc's blis),
and that choice does not change a single entity."""

from __future__ import annotations

import pytest

from briefing_tui.analysis import nlp as nlp_module

TEXTS = [
    "Secretary of State Marco Rubio met Sergey Lavrov in Riyadh on Tuesday, the State Department said.",
    "The University of Southern Indiana (USI) showed Warhol's Polaroids; Kiara Perkins, a USI art major, came.",
    "NATO allies in the Baltic said Russia's shadow fleet threatened cables near Gotland and Helsinki.",
]


def entities(nlp):
    return [[(e.start_char, e.end_char, e.label_) for e in doc.ents] for doc in nlp.pipe(TEXTS)]


def test_numpy_and_blis_find_the_same_entities():
    nlp = nlp_module.get_nlp()
    numpy_ents = entities(nlp)
    try:
        nlp_module.set_matmul(nlp, blis=True)
        blis_ents = entities(nlp)
    finally:
        nlp_module.set_matmul(nlp, blis=False)
    assert numpy_ents == blis_ents
    assert any(label == "PERSON" for doc in numpy_ents for _, _, label in doc)


def test_the_loaded_model_uses_numpy_on_one_blas_thread():
    threadpoolctl = pytest.importorskip("threadpoolctl")
    nlp = nlp_module.get_nlp()
    ops = {type(node.ops).__name__ + str(getattr(node.ops, "use_blis", None))
           for node in nlp.get_pipe("ner").model.walk()}
    assert ops == {"NumpyOpsFalse"}
    blas = [p for p in threadpoolctl.threadpool_info() if p["user_api"] == "blas"]
    assert blas and all(p["num_threads"] == 1 for p in blas)
