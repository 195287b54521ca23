"""make lab 이 띄우는 것과 같은 JupyterLab 에서 노트북이 rnnlib 을 import 할 수 있는지 확인한다."""

import json

import pytest
from labtools import lab_setting, open_notebook, run_all_cells, screenshot

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


def test_classroom_settings_keep_prompts_off_the_slides_and_offer_the_deck_button(lab_url, page):
    """make lab 이 설치하는 lab-settings/ 의 기본값: Jupyter 소식 알림을 묻지 않고, 노트북 도구 막대에 발표 버튼."""
    notification = lab_setting(lab_url, "@jupyterlab/apputils-extension:notification")
    assert notification["fetchNews"] == "false" and notification["checkForUpdates"] is False
    open_notebook(page, lab_url, "notebooks/5-4_time_layers.ipynb")
    button = page.locator(".jp-NotebookPanel-toolbar [data-command='deck:toggle']")
    button.wait_for(timeout=30_000)
    page.wait_for_timeout(2_000)  # 소식 알림은 JupyterLab 이 뜬 뒤 조금 있다가 나온다
    screenshot(page, "lab_classroom")
    assert page.locator(".jp-Notification-Toast, .Toastify__toast").count() == 0
    assert page.locator(".jp-Dialog").count() == 0
