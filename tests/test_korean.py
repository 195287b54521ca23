"""노트북의 한국어가 CONTRIBUTING.md 의 약속을 지키는지 본다.

- 조사는 앞말에 붙여 쓴다: 코드(`TimeRNN`은), 수식($\\mathbf{h}_t$를), 괄호(처음($t = 0$)에는) 뒤도 마찬가지다.
- 수 뒤의 조사는 읽는 소리에 맞춘다: 1을, 2를, 10이, 3으로, 7로.
- 영어 풀이는 괄호를 앞말에 붙여 쓰고 (은닉 상태(hidden state)), 한 노트북에서 한 번만 단다.
- 용어집의 "쓰지 않는 말" 은 쓰지 않는다. 학습 목표는 "~합니다" 체로 쓴다.
코드 블록, 인라인 코드, 수식의 안쪽은 보지 않는다 (자리표시자로 바꾼다).
"""

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("5-*.ipynb"))
PARTICLES = "에서|에게|으로|부터|까지|처럼|보다|은|는|이|가|을|를|의|에|로|와|과|도|만"
# 코드(`…`), 수식($…$), 괄호, 굵은 글씨(**…**), 따옴표 뒤에 한 칸 띄고 온 조사. 조사 뒤는 띄어쓰기나 문장 부호
DETACHED = re.compile(rf"([`$)*'\"’”]) ({PARTICLES})(?=[\s.,:;!?)]|$)")
# 수 바로 뒤의 조사 (조사 뒤에 한글이 더 오면 조사가 아니라 낱말의 일부: 2가지)
NUMBER_PARTICLE = re.compile(r"(?<![\w.])(\d[\d,]*(?:\.\d+)?)(을|를|은|는|이|가|과|와|으로|로)(?![가-힣])")
# 수와 단위 명사 사이의 띄어쓰기: 1,000 단어 (붙여 쓴다: 1,000단어)
SPACED_UNIT = re.compile(r"\d (?:개|단어|글자|시각|번|줄|분|초|칸|에폭|행|열|층|배|자리|음절|어절)(?![가-힣])")
# 한글 바로 뒤에 한 칸 띄고 붙인 영어 풀이: 은닉 상태 (hidden state)
SPACED_GLOSS = re.compile(r"[가-힣] \((?=[A-Za-z]{2})[A-Za-z][A-Za-z ,.'\-]*\)")


def markdown_cells(path):
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return [(i, "".join(c["source"])) for i, c in enumerate(cells) if c["cell_type"] == "markdown"]


def prose(text):
    """코드와 수식의 안쪽을 자리표시자로 바꾼 글. 자리표시자는 `…` 와 $…$ 의 바깥 문자를 남긴다."""
    text = re.sub(r"```.*?```", "", text, flags=re.S)
    text = re.sub(r"\$\$.*?\$\$", "$X$", text, flags=re.S)
    text = re.sub(r"`[^`\n]+`", "`X`", text)
    text = re.sub(r"(?<![\\$])\$[^$\n]+\$", "$X$", text)
    text = re.sub(r"!\[([^\]]*)\]\([^)]*\)", r"\1", text)  # 그림: 설명 글만 남긴다
    text = re.sub(r"\]\([^)]*\)", "]", text)  # 링크 주소
    return re.sub(r"<[^>]+>", "", text)  # HTML 태그


def glossary():
    """CONTRIBUTING.md 의 용어집: [(용어, 영어, [쓰지 않는 말, ...])]."""
    rows = []
    lines = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8").splitlines()
    start = lines.index("| 용어 | 영어 | 뜻 | 쓰지 않는 말 |") + 2  # 머리 줄과 구분 줄 다음
    for line in lines[start:]:
        if not line.startswith("|"):
            break
        term, english, _, banned = (cell.strip() for cell in line.strip().strip("|").split("|"))
        rows.append((term, english, [b.strip() for b in banned.split(",") if b.strip()]))
    return rows


def ends_a_sentence(match):
    """굵은 문장이 마침표로 끝난 뒤의 '이' 는 조사가 아니라 다음 문장의 관형사다: "…입니다.** 이 절은" """
    before = match.string[: match.start() + 1]
    return match.group(1) == "*" and re.search(r"[.!?:]\*+$", before) is not None


def final_sound(number):
    """수를 한국어로 읽을 때 끝소리: "vowel" (받침 없음), "rieul" (ㄹ 받침), "consonant" (다른 받침)."""
    digits = number.replace(",", "")
    if "." in digits:
        digits = digits.split(".")[1]  # 소수점 아래는 숫자를 하나씩 읽는다: 0.5 -> 영 점 오
        last = digits[-1]
    else:
        stripped = digits.rstrip("0")
        zeros = len(digits) - len(stripped)
        if not stripped:
            return "consonant"  # 영
        if zeros:
            return "consonant"  # 십 (ㅂ), 백 (ㄱ), 천·만 (ㄴ), 억 (ㄱ)
        last = digits[-1]
    if last in "2459":
        return "vowel"  # 이, 사, 오, 구
    if last in "178":
        return "rieul"  # 일, 칠, 팔
    return "consonant"  # 영, 삼, 육


def particle_fits(sound, particle):
    after_vowel = {"를", "는", "가", "와", "로"}
    after_consonant = {"을", "은", "이", "과", "으로"}
    if particle == "로":
        return sound in ("vowel", "rieul")
    if particle == "으로":
        return sound == "consonant"
    return particle in (after_vowel if sound == "vowel" else after_consonant)


def test_glossary_is_read_from_contributing():
    terms = {term for term, _, _ in glossary()}
    assert {"매개변수", "은닉 상태", "모양", "갱신식", "가중치", "순환 신경망", "글자"} <= terms
    assert len(terms) == len(glossary()) > 35
    assert "파라미터" in dict((t, b) for t, _, b in glossary())["매개변수"]


def test_number_readings_choose_the_right_particle():
    assert particle_fits(final_sound("1"), "을") and not particle_fits(final_sound("1"), "를")
    assert particle_fits(final_sound("2"), "를") and particle_fits(final_sound("10"), "이")
    assert particle_fits(final_sound("7"), "로") and particle_fits(final_sound("3"), "으로")
    assert particle_fits(final_sound("0.5"), "는") and particle_fits(final_sound("1,000"), "을")
    assert not particle_fits(final_sound("4"), "이") and not particle_fits(final_sound("6"), "로")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_particles_attach_to_code_formulas_and_parentheses(path):
    found = [
        f"셀 {i}: …{m.string[max(0, m.start() - 25) : m.end() + 3]}…"
        for i, text in markdown_cells(path)
        for m in DETACHED.finditer(prose(text))
        if not ends_a_sentence(m)
    ]
    assert not found, f"{len(found)}곳에서 조사가 떨어져 있습니다:\n" + "\n".join(found[:30])


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_particles_after_numbers_fit_how_the_number_is_read(path):
    found = [
        f"셀 {i}: {m.group(0)}"
        for i, text in markdown_cells(path)
        for m in NUMBER_PARTICLE.finditer(prose(text))
        if not particle_fits(final_sound(m.group(1)), m.group(2))
    ]
    assert not found, "수 뒤의 조사가 읽는 소리와 맞지 않습니다:\n" + "\n".join(found)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_english_glosses_attach_and_appear_once_per_term(path):
    cells = [(i, prose(text)) for i, text in markdown_cells(path)]
    spaced = [f"셀 {i}: {m.group(0)}" for i, text in cells for m in SPACED_GLOSS.finditer(text)]
    assert not spaced, "영어 풀이의 괄호는 앞말에 붙여 씁니다:\n" + "\n".join(spaced)
    text = "\n".join(t for _, t in cells)
    repeated = []
    for term, english, _ in glossary():
        if not english or "/" in term:
            continue
        first_english = english.split(",")[0].strip()
        count = len(re.findall(rf"{re.escape(term)}\({re.escape(first_english)}", text, flags=re.I))
        if count > 1:
            repeated.append(f"{term}({first_english}: {count}번")
    assert not repeated, "영어 풀이는 처음 한 번만 답니다: " + ", ".join(repeated)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_glossary_terms_are_used_instead_of_their_variants(path):
    found = []
    for i, text in markdown_cells(path):
        plain = prose(text)
        for term, _, banned in glossary():
            found += [f"셀 {i}: '{b}' 대신 '{term}'" for b in banned if b in plain]
        if re.search(r"(?<!모양\()\bshape\b", plain):
            found.append(f"셀 {i}: 글에서는 shape 대신 '모양' (코드의 `.shape` 는 괜찮습니다)")
    assert not found, "\n".join(found)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_learning_goals_are_written_in_the_hamnida_style(path):
    first = markdown_cells(path)[0][1]
    goals = first.split("학습 목표", 1)[1].split("\n#", 1)[0]
    items = []
    for line in goals.splitlines():
        if re.match(r"\s*(?:[-*]|\d+\.)\s", line):
            items.append(line.strip())
        elif items and line.strip():
            items[-1] += " " + line.strip()  # 여러 줄에 걸친 항목
    assert items, "첫 셀에 학습 목표 목록이 없습니다"
    plain = [item for item in items if not re.search(r"니다[.!]?$", prose(item).strip())]
    assert not plain, "학습 목표는 '~합니다' 체로 씁니다:\n" + "\n".join(plain)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_numbers_and_their_units_are_written_together(path):
    found = [f"셀 {i}: {m.group(0)}" for i, text in markdown_cells(path) for m in SPACED_UNIT.finditer(prose(text))]
    assert not found, "수와 단위 명사는 붙여 씁니다 (1,000단어, 35시각):\n" + "\n".join(found)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebooks_speak_to_students_not_about_test_tools(path):
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    found = [i for i, c in enumerate(cells) if re.search(r"nbval|슬라이드 글꼴", "".join(c["source"]))]
    assert not found, f"학생이 읽는 셀에 테스트나 발표 도구의 이야기가 있습니다: 셀 {found}"
