"""make lab이 띄우는 것과 같은 JupyterLab (강의실 설정 포함)에서 노트북이 rnnlib을 쓸 수 있는지 확인한다."""

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


def test_classroom_jupyterlab_runs_rnnlib_offers_the_deck_button_and_keeps_prompts_off(lab_root, lab_url, page):
    """make lab 과 같은 JupyterLab: 노트북이 rnnlib 을 import 하고 PTB 를 읽는다. lab-settings/ 의 강의실 기본값으로
    Jupyter 소식 알림이 뜨지 않고 (화면을 가리는 대화 상자도 없고), 노트북 도구 막대에 발표 (deck) 버튼이 있다."""
    notification = lab_setting(lab_url, "@jupyterlab/apputils-extension:notification")
    assert notification["fetchNews"] == "false" and notification["checkForUpdates"] is False
    notebook = {
        "cells": [{"cell_type": "code", "metadata": {}, "source": CHECK_SOURCE, "outputs": [],
                   "execution_count": None}],
        "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
        "nbformat": 4,
        "nbformat_minor": 5,
    }  # fmt: skip
    (lab_root / "import_check.ipynb").write_text(json.dumps(notebook), encoding="utf-8")
    open_notebook(page, lab_url, "import_check.ipynb")
    run_all_cells(page)  # PTB 를 읽는 동안 (몇 초) 소식 알림이 나올 시간이 충분하다
    output = page.locator(".jp-Cell-outputArea").first
    output.wait_for(timeout=60_000)
    page.locator(".jp-NotebookPanel-toolbar [data-command='deck:toggle']").wait_for(timeout=30_000)
    screenshot(page, "lab_classroom")
    text = output.inner_text()
    assert "rnnlib 0.1.0 TimeRNN 929589 한글 확인" in text
    assert page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']").count() == 0
    assert page.locator(".jp-Notification-Toast, .Toastify__toast").count() == 0
    assert page.locator(".jp-Dialog").count() == 0
