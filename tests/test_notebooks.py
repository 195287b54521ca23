"""노트북의 형식에 관한 사실 (내용은 nbval 이 저장된 출력과 비교해 확인한다).

모든 노트북: 학습 목표로 시작하고 정리와 연습문제로 끝난다, 모든 셀에 슬라이드 메타데이터가 있다,
한 번의 깨끗한 실행에서 나온 출력이다, 그림은 images_equations/ 에 있고 모두 쓰인다,
연습문제는 rnnlib.exercises 의 채점 함수로 채점한다.
"""

import json
import re
from pathlib import Path

import pytest

from rnnlib import exercises, figures

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("5-*.ipynb"))
# 슬라이드 종류가 없는 셀은 앞 셀의 화면을 잇는다. "-" 는 쓰지 않는다: JupyterLab 안의 발표 (jupyterlab-slideshow)
# 는 "-" 인 셀을 숨긴다 (nbconvert 와 RISE 는 "-" 와 종류 없음을 똑같이 다룬다)
SLIDE_TYPES = {"slide", "subslide", "fragment", "skip", "notes", None}
IMAGE = re.compile(r"(?:src=[\"']|\]\()([^\"')\s]+\.(?:png|svg|jpg|gif))")
CHECK_CALL = re.compile(r"check\(\s*[\"'](5-\d\.\d+)[\"']")


def load(path):
    return json.loads(path.read_text(encoding="utf-8"))


def source(cell):
    return "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]


def markdown(nb):
    return [source(c) for c in nb["cells"] if c["cell_type"] == "markdown"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_opens_with_goals_and_prerequisites_and_ends_with_summary_and_exercises(path):
    texts = markdown(load(path))
    opening = "\n".join(texts[:3])
    assert "학습 목표" in opening
    assert re.search(r"준비|선수|먼저 알아", opening), "앞부분에 선수 지식(준비) 이 없습니다"
    headings = [line for text in texts for line in text.splitlines() if line.startswith("#")]
    assert any("정리" in h for h in headings[-6:]), "끝부분에 정리 절이 없습니다"
    assert any("연습문제" in h for h in headings[-6:]), "끝부분에 연습문제 절이 없습니다"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_cell_has_a_slide_type_the_live_deck_shows(path):
    cells = load(path)["cells"]
    wrong = [i for i, c in enumerate(cells) if c["metadata"].get("slideshow", {}).get("slide_type") not in SLIDE_TYPES]
    assert not wrong, f'슬라이드 종류가 잘못된 셀 ("-" 대신 종류를 빼세요): {wrong}'
    assert cells[0]["metadata"]["slideshow"]["slide_type"] == "slide"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_stored_outputs_come_from_one_clean_run_without_errors(path):
    nb = load(path)
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert [c["execution_count"] for c in code] == list(range(1, len(code) + 1))
    for c in code:
        if "raises-exception" not in c["metadata"].get("tags", []):
            assert not [o for o in c["outputs"] if o["output_type"] == "error"], source(c)[:80]
    assert nb["metadata"]["kernelspec"]["name"] == "python3"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_referenced_images_exist_in_images_equations(path):
    for text in markdown(load(path)):
        for ref in IMAGE.findall(text):
            assert "://" not in ref, f"네트워크에서 읽는 그림: {ref}"
            assert ref.startswith("../images_equations/"), ref
            assert (path.parent / ref).is_file(), f"없는 그림: {ref}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_exercises_are_checked_by_registered_checkers(path):
    used = checks_used(path)
    registered = set(exercises.load_all())
    assert used, "연습문제를 채점하는 check(...) 호출이 없습니다"
    assert used <= registered, f"등록되지 않은 연습문제: {used - registered}"


def checks_used(path):
    return {m for c in load(path)["cells"] if c["cell_type"] == "code" for m in CHECK_CALL.findall(source(c))}


def test_every_registered_exercise_is_used_by_a_notebook():
    used = set().union(*(checks_used(path) for path in NOTEBOOKS))
    unused = set(exercises.load_all()) - used
    assert not unused, f"어느 노트북도 쓰지 않는 채점 함수: {sorted(unused)}"


def test_every_generated_figure_is_used_by_a_notebook():
    referenced = {Path(ref).name for path in NOTEBOOKS for text in markdown(load(path)) for ref in IMAGE.findall(text)}
    generated = set(figures.load_all())
    assert generated <= referenced, f"어느 노트북도 쓰지 않는 그림: {sorted(generated - referenced)}"


def test_committed_figures_equal_what_the_code_generates(tmp_path):
    """그림 코드를 바꾸고 python -m rnnlib.figures 를 잊으면 실패한다."""
    for path in figures.generate_all(tmp_path):
        committed = ROOT / "images_equations" / path.name
        assert committed.is_file(), f"{path.name} 이 images_equations/ 에 없습니다: python -m rnnlib.figures"
        assert committed.read_bytes() == path.read_bytes(), f"{path.name} 이 코드와 다릅니다: python -m rnnlib.figures"


def test_empty_answer_gets_a_hint_not_an_error():
    for exercise_id in exercises.load_all():
        feedback = exercises.check(exercise_id, None)
        assert feedback.status == "empty" and "답" in feedback.message


def test_unknown_exercise_is_a_korean_error():
    with pytest.raises(ValueError, match="연습문제 '9-9.9'은\\(는\\) 없습니다"):
        exercises.check("9-9.9", 1)
