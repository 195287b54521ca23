"""잘못된 조작 값은 진짜 브라우저의 위젯 안에서도 한국어 메시지가 된다 (트레이스백이 아니라).

위젯마다 조작하면 그림이 바뀌는지는 노트북의 발표 화면에서 확인한다 (test_deck.py).
스크린숏: build/screens/widget_offsets_error.png (열어서 눈으로 확인한다)
"""

import json

import pytest
from labtools import cell_output, open_notebook, run_all_cells, screenshot, type_into

pytestmark = pytest.mark.browser

SOURCE = "from rnnlib.widgets.offsets import offset_explorer\noffset_explorer('toy', batch_size=2, time_size=3)"


def test_offset_explorer_shows_a_korean_message_for_batch_zero(lab_root, lab_url, page):
    notebook = {
        "cells": [{"cell_type": "code", "metadata": {}, "source": SOURCE, "outputs": [], "execution_count": None}],
        "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    (lab_root / "widget_error.ipynb").write_text(json.dumps(notebook), encoding="utf-8")
    open_notebook(page, lab_url, "widget_error.ipynb")
    run_all_cells(page)
    output = cell_output(page, 0)
    output.locator(".rnnlib-card").first.wait_for(timeout=60_000)
    type_into(output, 1, "0")  # 배치 크기 N
    message = output.locator(".rnnlib-error")
    message.wait_for(timeout=10_000)
    assert "batch_size" in message.inner_text() and "입력값을 확인해 주세요" in message.inner_text()
    screenshot(page, "widget_offsets_error")
    assert output.locator("[data-mime-type='application/vnd.jupyter.stderr']").count() == 0
    assert output.locator("[data-mime-type='application/vnd.jupyter.error']").count() == 0
