"""강사가 하는 그대로: 노트북을 JupyterLab 에서 모두 실행하고, 첫 셀에서 발표 (jupyterlab-slideshow) 를 시작해
스페이스로 넘기며 위젯마다 멈춘다. 위젯이 1280×720 화면에 다 들어가는지, 조작하면 그림이 바뀌는지 (덱은 그 자리에
있는지) 보고, 밝은 테마와 어두운 테마 (JupyterLab Dark) 에서 위젯과 노트북마다 그림 하나를 찍는다.
끝으로 덱의 모든 화면을 마지막 조각까지 펼쳐 높이를 잰다. 위젯이 있는 화면 (위젯을 조작한 뒤) 은 720 px 안이어야
하고, 다른 화면이 720 px 보다 길면 경고와 build/screens/deck/slide_fit.txt 로 알린다 (노트북의 슬라이드 나누기.
tools/slide_fit.py 가 같은 것을 잰다).

JupyterLab 은 한 번만 띄운다. 테마는 노트북마다 한 번만 바꾼다: 지금 테마로 스페이스를 눌러 가며 확인한 뒤 다른
테마로 바꾸어 같은 화면들을 다시 찍는다 (다음 노트북은 그 테마에서 시작한다).
스크린숏: build/screens/deck/ (열어서 눈으로 확인한다)
  <노트북>_<셀>_<위젯>_light.png / _dark.png   위젯이 나온 슬라이드, _used.png 는 조작한 뒤
  <노트북>_figure_<셀>_light.png / _dark.png   노트북의 첫 그림이 나온 슬라이드
GALLERY=docs/gallery 이면 (make screenshots) README 의 그림도 여기서 만든다 (gallery.py, 밝은 테마로 시작).
"""

import json
import re
import shutil
import warnings

import gallery
import pytest
from labtools import (
    ROOT,
    SCREEN,
    SCREENS,
    cell_output,
    close_notebook,
    current_theme,
    deck_state,
    figure_cells,
    notebook_cells,
    open_notebook,
    run_all_cells,
    screen_heights,
    screens,
    set_theme,
    show_cell,
    start_deck,
    stop_deck,
    type_into,
    use_widget,
    walk_to_cell,
    widget_cells,
)

pytestmark = pytest.mark.browser

NOTEBOOKS = sorted((ROOT / "notebooks").glob("5-*.ipynb"))
SHOTS = SCREENS / "deck"
LIGHT_CARD = ("rgb(255, 255, 255)", "rgb(34, 34, 34)")  # 위젯 카드의 바탕색과 글자색 (어느 테마에서나)
OTHER = {"light": "dark", "dark": "light"}


@pytest.fixture(scope="module")
def page(browser, lab_url):
    """노트북마다 새로 띄우지 않고 JupyterLab 하나를 연 페이지 (강의실 화면 1280×720)."""
    shutil.rmtree(SHOTS, ignore_errors=True)  # 지난 실행의 스크린숏이 섞이지 않게
    SHOTS.mkdir(parents=True)
    (SHOTS / "slide_fit.txt").write_text("", encoding="utf-8")
    context = browser.new_context(viewport=SCREEN, locale="ko-KR")
    page = context.new_page()
    yield page
    if page.url.startswith(lab_url):
        set_theme(page, "light")  # 테마는 이 서버의 사용자 설정에 남는다
    context.close()


def shoot(page, name, element=None):
    """화면 (또는 element)을 찍어 build/screens/deck/name.png로 남기고 PNG 바이트를 돌려준다."""
    page.wait_for_timeout(150)  # 나타나는 셀의 opacity 전환 (0.1초)
    return (element or page).screenshot(path=str(SHOTS / f"{name}.png"))


def assert_fully_on_screen(page, output, what):
    box = output.bounding_box()
    assert box, f"{what}: 화면에 없습니다"
    inside = box["x"] >= 0 and box["y"] >= 0
    inside = inside and box["x"] + box["width"] <= SCREEN["width"] and box["y"] + box["height"] <= SCREEN["height"]
    assert inside, f"{what}: 1280×720 화면 밖으로 나갑니다 {box}"
    state = deck_state(page)
    assert state["height"] <= SCREEN["height"], f"{what}: 슬라이드 {state}가 720 px보다 깁니다"
    scrolled = output.locator(".widget-html").last.evaluate(
        "el => el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1"
    )
    assert not scrolled, f"{what}: 그림 영역에 스크롤 막대가 생깁니다"


def check_widget(page, notebook, index, module, theme):
    """스페이스로 도착한 위젯 슬라이드: 다 보이는지, 조작하면 바뀌는지, 덱은 그 자리에 있는지."""
    what = f"{notebook.stem} 셀 {index} ({module})"
    output = cell_output(page, index)
    card = output.locator(".rnnlib-card").first
    card.wait_for(timeout=60_000)
    text = card.inner_text()
    assert "입력값을 확인해 주세요" not in text, f"{what}: {text[:200]}"
    stage = re.search(r"\bstage=(\d+)", "".join(notebook_cells(notebook)[index]["source"]))
    if stage:  # Play 와 jslink 로 묶인 단계 슬라이더가 노트북이 고른 단계에서 열린다
        assert f"단계 {int(stage.group(1)) + 1} /" in text
    assert_fully_on_screen(page, output, what)
    shoot_stop(page, notebook, index, module, theme)
    before = deck_state(page)["cells"]
    after = use_widget(page, output, module)
    assert "입력값을 확인해 주세요" not in after
    page.wait_for_timeout(300)  # 조작의 키가 덱까지 갔다면 그사이 화면이 바뀐다
    assert deck_state(page)["cells"] == before, f"{what}: 위젯을 조작했더니 덱이 다른 화면으로 넘어갔습니다"
    errors = output.locator("[data-mime-type='application/vnd.jupyter.stderr'], [data-mime-type*='error']")
    assert errors.count() == 0
    shoot(page, f"{notebook.stem}_{index}_{module}_used")


def shoot_stop(page, notebook, index, module, theme):
    """위젯 (module) 이나 그림 (module None)의 슬라이드를 찍는다. 위젯의 카드는 어느 테마에서나 밝다."""
    if module is None:
        image = page.locator(".jp-Notebook .jp-Cell").nth(index).locator("img[src*='images_equations']").first
        assert image.evaluate("img => img.complete && img.naturalWidth > 0"), f"{notebook.stem} 셀 {index}"
        png = shoot(page, f"{notebook.stem}_figure_{index}_{theme}")
        if notebook.stem.startswith("5-2") and theme == "light":
            gallery.save_still(png, "slide")
        return
    output = cell_output(page, index)
    card = output.locator(".rnnlib-card").first
    colors = card.evaluate("el => [getComputedStyle(el).backgroundColor, getComputedStyle(el).color]")
    assert tuple(colors) == LIGHT_CARD, f"{notebook.stem} 셀 {index}: {theme} 테마에서 카드 색이 {colors}"
    shoot(page, f"{notebook.stem}_{index}_{module}_{theme}")
    if theme == "light":
        gallery.save_still(output.screenshot(), module)
    elif module == "stepper":
        gallery.save_still(output.screenshot(), "stepper_dark")


def record_stepper(page, index):
    """README의 움직이는 그림: 처음으로 돌아가 '다음 ▶'으로 순전파 끝까지, 이어서 역전파 끝까지."""
    output = cell_output(page, index)
    output.locator("button", has_text="처음으로").click()
    frames = []
    for _ in range(2 * 4):
        page.wait_for_timeout(300)
        frames.append(output.screenshot())
        output.locator("button", has_text="다음").first.click()
    gallery.save_animation(frames, "stepper_forward_backward")


def report_long_screens(notebook, heights, widget_screens):
    """720 px보다 긴 화면: 위젯 화면이면 실패, 아니면 경고 (노트북의 슬라이드 나누기)와 slide_fit.txt."""
    cells = {first: cell_id for first, _, cell_id in screens(notebook)}
    long = {first: height for first, height in heights.items() if height > SCREEN["height"]}
    assert not set(long) & widget_screens, f"{notebook.stem}: 위젯 슬라이드가 720 px보다 깁니다: {long}"
    if long:
        lines = []
        for first, height in long.items():
            lines.append(f"{notebook.stem} 셀 {first} ({cells[first]}): {height}px (+{height - SCREEN['height']})")
        with (SHOTS / "slide_fit.txt").open("a", encoding="utf-8") as report:
            report.write("\n".join(lines) + "\n")
        warnings.warn("720 px보다 긴 발표 화면 (subslide로 나누세요): " + "; ".join(lines), stacklevel=1)


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_live_deck_walks_to_every_widget_which_fits_the_screen_and_works_in_both_themes(lab_url, page, notebook):
    widgets = dict(widget_cells(notebook))
    stops = sorted({figure_cells(notebook)[0], *widgets})
    first_cell = {cell: first for first, last, _ in screens(notebook) for cell in range(first, last + 1)}
    try:
        open_notebook(page, lab_url, f"notebooks/{notebook.name}")
        theme = current_theme(page)
        if gallery.folder() and theme != "light":  # README 의 그림은 밝은 테마로
            set_theme(page, theme := "light")
        if widgets:
            run_all_cells(page, timeout=300_000)
        start_deck(page)
        for index in stops:
            walk_to_cell(page, index)
            if index in widgets:
                check_widget(page, notebook, index, widgets[index], theme)
            else:
                shoot_stop(page, notebook, index, None, theme)
        set_theme(page, theme := OTHER[theme])
        background = page.evaluate("getComputedStyle(document.body).backgroundColor")
        assert (background == "rgb(255, 255, 255)") == (theme == "light"), background
        for index in stops:
            show_cell(page, index)
            shoot_stop(page, notebook, index, widgets.get(index), theme)
            if widgets.get(index) == "stepper" and gallery.folder():
                record_stepper(page, index)
        # 덱의 모든 화면을 마지막 조각까지 펼쳐 잰다 (위젯 화면은 위젯을 조작한 뒤)
        firsts, lasts = zip(*[(first, last) for first, last, _ in screens(notebook)])
        heights = dict(zip(firsts, screen_heights(page, lasts)))
        report_long_screens(notebook, heights, {first_cell[index] for index in widgets})
    finally:
        stop_deck(page)  # "발표 중" 은 이 서버의 사용자 설정에 남는다
        close_notebook(page)


def test_a_bad_control_value_shows_a_korean_message_in_the_widget_not_a_traceback(lab_root, lab_url, page):
    source = "from rnnlib.widgets.offsets import offset_explorer\noffset_explorer('toy', batch_size=2, time_size=3)"
    notebook = {
        "cells": [{"cell_type": "code", "metadata": {}, "source": source, "outputs": [], "execution_count": None}],
        "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    (lab_root / "widget_error.ipynb").write_text(json.dumps(notebook), encoding="utf-8")
    try:
        open_notebook(page, lab_url, "widget_error.ipynb")
        run_all_cells(page)
        output = cell_output(page, 0)
        output.locator(".rnnlib-card").first.wait_for(timeout=60_000)
        type_into(output, 1, "0")  # 배치 크기 N
        message = output.locator(".rnnlib-error")
        message.wait_for(timeout=10_000)
        assert "batch_size" in message.inner_text() and "입력값을 확인해 주세요" in message.inner_text()
        shoot(page, "widget_offsets_error")
        assert output.locator("[data-mime-type*='stderr'], [data-mime-type*='error']").count() == 0
    finally:
        close_notebook(page)
