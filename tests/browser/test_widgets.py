"""일곱 위젯을 진짜 브라우저의 JupyterLab 에서 조작해 본다: 그림이 바뀌고 오류 출력이 없어야 한다.

임시 노트북에 위젯을 하나씩 셀로 넣고 모두 실행한 뒤 슬라이더, 버튼, 입력 칸을 움직인다.
스크린숏: build/screens/widget_*.png (열어서 눈으로 확인한다)
"""

import json

import pytest
from labtools import open_notebook, run_all_cells, screenshot

pytestmark = pytest.mark.browser

# 이름 -> (셀 코드, 조작)
GALLERY = {
    "offsets": "from rnnlib.widgets.offsets import offset_explorer\noffset_explorer('toy', batch_size=2, time_size=3)",
    "stepper": "from rnnlib.widgets.stepper import rnn_stepper\nrnn_stepper(T=4, hidden_size=3, stage=5)",
    "truncation": "from rnnlib.widgets.truncation import truncation_explorer\ntruncation_explorer(12, 4)",
    "shapes": "from rnnlib.widgets.shapes import shape_explorer\nshape_explorer()",
    "perplexity": "from rnnlib.widgets.perplexity import perplexity_explorer\nperplexity_explorer()",
    "context": "from rnnlib.widgets.context import context_window_explorer\ncontext_window_explorer(window=2)",
    "gates": "from rnnlib.widgets.gates import lstm_gate_explorer\nlstm_gate_explorer()",
}


def press_slider(output, key="ArrowRight"):
    handle = output.locator(".widget-slider .noUi-handle").first
    handle.focus()
    handle.press(key)


def type_into(output, index, value):
    box = output.locator(".widget-text input, .widget-inline-hbox input[type=number]").nth(index)
    box.fill(value)
    box.press("Enter")


ACTIONS = {
    "offsets": lambda out: press_slider(out),
    "stepper": lambda out: out.locator("button", has_text="다음").first.click(),
    "truncation": lambda out: out.locator("button", has_text="다음 블록").first.click(),
    "shapes": lambda out: out.locator(".widget-checkbox input").last.click(),
    "perplexity": lambda out: type_into(out, 0, "0.5"),
    "context": lambda out: press_slider(out),
    "gates": lambda out: press_slider(out, "ArrowLeft"),
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
def gallery_page(lab_root, lab_url, browser):
    write_notebook(lab_root / "widget_gallery.ipynb", list(GALLERY.values()))
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="ko-KR")
    page = context.new_page()
    open_notebook(page, lab_url, "widget_gallery.ipynb")
    run_all_cells(page)
    yield page
    context.close()


def cell_output(page, name):
    return page.locator(".jp-Notebook .jp-Cell").nth(list(GALLERY).index(name)).locator(".jp-Cell-outputArea")


def assert_no_error_output(page):
    assert page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']").count() == 0
    assert page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.error']").count() == 0


def test_stepper_opens_at_the_stage_the_notebook_chose(gallery_page):
    """Play 와 슬라이더가 jslink 로 묶여 있어도 공장 함수의 stage 가 살아 있어야 한다 (조작 전에 확인)."""
    output = cell_output(gallery_page, "stepper")
    output.scroll_into_view_if_needed()
    area = output.locator(".widget-html-content").last
    area.wait_for(timeout=30_000)
    assert "단계 6 / 8" in area.inner_text()


@pytest.mark.parametrize("name", list(GALLERY))
def test_widget_redraws_when_its_control_moves(gallery_page, name):
    page = gallery_page
    output = cell_output(page, name)
    output.scroll_into_view_if_needed()
    area = output.locator(".widget-html-content").last
    area.wait_for(timeout=30_000)
    assert "입력값을 확인해 주세요" not in area.inner_text()
    before = area.inner_html()
    ACTIONS[name](output)
    page.wait_for_function("([el, old]) => el.innerHTML !== old", arg=[area.element_handle(), before], timeout=10_000)
    output.scroll_into_view_if_needed()
    screenshot(page, f"widget_{name}")
    assert "입력값을 확인해 주세요" not in area.inner_text()
    assert_no_error_output(page)


def test_offset_explorer_shows_a_korean_message_for_batch_zero(gallery_page):
    output = cell_output(gallery_page, "offsets")
    output.scroll_into_view_if_needed()
    type_into(output, 1, "0")  # 배치 크기 N
    message = output.locator(".rnnlib-error")
    message.wait_for(timeout=10_000)
    assert "batch_size" in message.inner_text()
    screenshot(gallery_page, "widget_offsets_error")
    assert_no_error_output(gallery_page)
