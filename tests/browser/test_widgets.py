"""위젯을 진짜 브라우저의 JupyterLab 에서 조작해 본다: 그림이 바뀌고 오류 출력이 없어야 한다.

임시 노트북에 위젯을 하나씩 셀로 넣고 모두 실행한 뒤 슬라이더와 버튼을 움직인다.
스크린숏: build/screens/widget_*.png
"""

import json

import pytest
from labtools import open_notebook, run_all_cells, screenshot

pytestmark = pytest.mark.browser

GALLERY = {
    "offsets": "from rnnlib.widgets.offsets import offset_explorer\noffset_explorer('toy', batch_size=2, time_size=3)",
}


def write_notebook(path, sources):
    cells = [
        {"cell_type": "code", "metadata": {}, "source": source, "outputs": [], "execution_count": None}
        for source in sources
    ]
    notebook = {
        "cells": cells,
        "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    path.write_text(json.dumps(notebook, ensure_ascii=False), encoding="utf-8")


@pytest.fixture(scope="module")
def gallery(lab_root):
    write_notebook(lab_root / "widget_gallery.ipynb", list(GALLERY.values()))
    return "widget_gallery.ipynb"


def cell_output(page, name):
    return page.locator(".jp-Notebook .jp-Cell").nth(list(GALLERY).index(name)).locator(".jp-Cell-outputArea")


def assert_no_error_output(page):
    assert page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']").count() == 0
    assert page.locator(".jp-RenderedText[data-mime-type='application/vnd.jupyter.error']").count() == 0


def test_offset_explorer_moves_with_the_iteration_slider(lab_url, gallery, page):
    open_notebook(page, lab_url, gallery)
    run_all_cells(page)
    output = cell_output(page, "offsets")
    area = output.locator(".widget-html-content").last
    area.wait_for(timeout=30_000)
    assert "time_idx = 0 × 3 = 0" in area.inner_text()
    handle = output.locator(".widget-slider .noUi-handle").first
    handle.focus()
    handle.press("ArrowRight")
    page.wait_for_function(
        "el => el.innerText.includes('time_idx = 1 × 3 = 3')", arg=area.element_handle(), timeout=10_000
    )
    output.scroll_into_view_if_needed()
    screenshot(page, "widget_offsets")
    assert_no_error_output(page)


def test_offset_explorer_shows_a_korean_message_for_batch_zero(lab_url, gallery, page):
    open_notebook(page, lab_url, gallery)
    run_all_cells(page)
    output = cell_output(page, "offsets")
    box = output.locator(".widget-text input").nth(1)  # 배치 크기 N
    box.fill("0")
    box.press("Enter")
    message = output.locator(".rnnlib-error")
    message.wait_for(timeout=10_000)
    assert "batch_size" in message.inner_text()
    screenshot(page, "widget_offsets_error")
    assert_no_error_output(page)
