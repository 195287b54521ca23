"""make lab 이 띄우는 것과 같은 JupyterLab 에서 노트북이 rnnlib 을 import 할 수 있는지 확인한다."""

import json

import pytest
from labtools import open_notebook, run_all_cells, screenshot

pytestmark = pytest.mark.browser

CHECK_SOURCE = (
    "import rnnlib\n"
    "from rnnlib import TimeRNN, load_ptb\n"
    "corpus, word_to_id, id_to_word = load_ptb('train')\n"
    "print('rnnlib', rnnlib.__version__, TimeRNN.__name__, len(corpus), '한글 확인')"
)


def test_notebook_in_jupyterlab_imports_rnnlib_and_reads_ptb(lab_root, lab_url, page):
    notebook = {
        "cells": [{"cell_type": "code", "metadata": {}, "source": CHECK_SOURCE, "outputs": [],
                   "execution_count": None}],
        "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
        "nbformat": 4,
        "nbformat_minor": 5,
    }  # fmt: skip
    (lab_root / "import_check.ipynb").write_text(json.dumps(notebook), encoding="utf-8")
    open_notebook(page, lab_url, "import_check.ipynb")
    run_all_cells(page)
    output = page.locator(".jp-Cell-outputArea").first
    output.wait_for(timeout=60_000)
    screenshot(page, "lab_import_rnnlib")
    text = output.inner_text()
    assert "rnnlib 0.1.0 TimeRNN 929589 한글 확인" in text
    assert page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']").count() == 0
