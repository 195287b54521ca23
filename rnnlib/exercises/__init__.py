"""노트북 연습문제의 채점 함수.

노트북의 답 칸은 학생이 채우도록 비워 두고 (answer = None), 아래 check 를 부른다.
check 는 출력하지 않고 Feedback 을 돌려준다. 노트북은 그것을 한국어 상자로 보여 준다.

연습문제 하나는 @exercise("5-1.1", hint="...") 를 붙인 함수 하나다. 함수는 학생의 답 (None 이
아닌 값) 을 받아 correct(...) 나 wrong(...) 으로 Feedback 을 돌려준다. 답이 None 이면 check 가
함수를 부르지 않고 힌트와 함께 '답 없음' 을 돌려준다. 절마다 모듈 하나 (ch5_1.py, ...) 에 모은다.
ch 로 시작하는 모듈은 저절로 읽힌다.
"""

import importlib
import math
import pkgutil
from dataclasses import dataclass
from html import escape

from ..validation import is_real

EXERCISES = {}


@dataclass(frozen=True)
class Feedback:
    """채점 결과: status는 'correct', 'wrong', 'empty' 중 하나."""

    exercise: str
    status: str
    message: str
    hint: str = ""

    @property
    def correct(self):
        return self.status == "correct"

    def __str__(self):
        label = {"correct": "정답", "wrong": "아직", "empty": "답 없음"}[self.status]
        hint = f"\n힌트: {self.hint}" if self.hint and not self.correct else ""
        return f"[{self.exercise}] {label}: {self.message}{hint}"

    def _repr_html_(self):
        color = {"correct": "#2ca02c", "wrong": "#d62728", "empty": "#888888"}[self.status]
        label = {"correct": "정답입니다", "wrong": "다시 생각해 보세요", "empty": "아직 답을 쓰지 않았습니다"}
        hint = f"<br><i>힌트: {escape(self.hint)}</i>" if self.hint and not self.correct else ""
        return (
            f'<div style="border-left:4px solid {color};padding:6px 12px;margin:4px 0">'
            f"<b>연습문제 {escape(self.exercise)} — {label[self.status]}</b><br>{escape(self.message)}{hint}</div>"
        )


def correct(exercise, message):
    return Feedback(exercise, "correct", message)


def wrong(exercise, message, hint=None):
    """오답 Feedback. hint를 주지 않으면 @exercise로 등록한 그 문제의 힌트를 붙인다 ("" 이면 힌트 없음)."""
    if hint is None:
        hint = EXERCISES.get(exercise, (None, ""))[1]
    return Feedback(exercise, "wrong", message, hint)


def empty(exercise, hint=""):
    return Feedback(exercise, "empty", "답 칸의 None을 여러분의 답으로 바꾼 뒤 다시 실행해 보세요.", hint)


def as_number(answer):
    """답이 실수 하나이면 float, 아니면 None (bool, 문자열, inf, NaN은 수로 받지 않는다)."""
    if not is_real(answer, finite=False):
        return None
    value = float(answer)
    return value if math.isfinite(value) else None


def close(value, expected, rel=1e-3, abs_tol=1e-9):
    """채점에서 쓰는 '같은 수': 상대 오차 rel 안."""
    return math.isclose(value, expected, rel_tol=rel, abs_tol=abs_tol)


def exercise(exercise_id, hint=""):
    """채점 함수를 exercise_id (예: '5-1.1')와 답을 못 쓸 때 보여 줄 hint로 등록하는 데코레이터."""

    def register(function):
        if exercise_id in EXERCISES:
            raise ValueError(f"연습문제 {exercise_id}이(가) 두 번 등록되었습니다.")
        EXERCISES[exercise_id] = (function, hint)
        return function

    return register


def load_all():
    for module in pkgutil.iter_modules(__path__):
        if module.name.startswith("ch"):
            importlib.import_module(f"{__name__}.{module.name}")
    return EXERCISES


def check(exercise_id, answer):
    """연습문제 exercise_id에 대한 답 answer를 채점한 Feedback."""
    exercises = load_all()
    if exercise_id not in exercises:
        raise ValueError(f"연습문제 {exercise_id!r}은(는) 없습니다. 있는 문제: {sorted(exercises)}")
    function, hint = exercises[exercise_id]
    if answer is None:
        return empty(exercise_id, hint)
    return function(answer)
