"""5.2 연습문제의 채점 함수: 정답은 정답, 흔한 오답은 그 이유를, 타입이 틀린 답은 무엇이 필요한지 말한다."""

import numpy as np
import pytest

from rnnlib import batch_positions
from rnnlib.exercises import check


def wrong_saying(exercise_id, answer, fragment):
    feedback = check(exercise_id, answer)
    assert feedback.status == "wrong", feedback
    assert fragment in feedback.message, feedback.message
    assert feedback.hint, "오답에는 힌트가 있어야 합니다"
    return feedback


@pytest.mark.parametrize("answer", [(20, 50), [20, 50], (np.int64(20), np.int64(50))])
def test_5_2_1_hidden_state_shape_is_batch_by_hidden(answer):
    feedback = check("5-2.1", answer)
    assert feedback.correct and "(20, 50)" in feedback.message


@pytest.mark.parametrize(
    "answer, fragment",
    [((20, 35, 50), "hs"), ((50, 20), "바뀌었습니다"), ((50, 50), "W_h"), ((20, 100), "D = 100"), ((20,), "2차원"),
     ((35, 50), "h_t의 모양이 아닙니다")],
)  # fmt: skip
def test_5_2_1_common_mistakes_are_named(answer, fragment):
    wrong_saying("5-2.1", answer, fragment)


@pytest.mark.parametrize("answer", ["(20, 50)", 1000, np.zeros((20, 50)), (20.0, 50.0)])
def test_5_2_1_wrongly_typed_answers_ask_for_a_tuple_of_ints(answer):
    wrong_saying("5-2.1", answer, "정수 두 개의 튜플")


@pytest.mark.parametrize("answer", [[0, 333, 666], (0, 333, 666), np.array([0, 333, 666])])
def test_5_2_2_offsets_are_multiples_of_the_floor_quotient(answer):
    assert check("5-2.2", answer).correct


@pytest.mark.parametrize(
    "answer, fragment",
    [([0, 333.33, 666.67], "실수"), ([0, 333, 667], "반올림"), ([0, 333], "3개"), ([1, 334, 667], "위치 0"),
     ([0, 300, 600], "오프셋이 아닙니다")],
)  # fmt: skip
def test_5_2_2_common_mistakes_are_named(answer, fragment):
    wrong_saying("5-2.2", answer, fragment)


@pytest.mark.parametrize("answer", [333, "0, 333, 666", {"0": 0}, 3.5])
def test_5_2_2_wrongly_typed_answers_ask_for_a_list_of_ints(answer):
    wrong_saying("5-2.2", answer, "정수 3개의 리스트")


def test_5_2_3_row_one_wraps_around_the_end_at_iteration_62():
    assert check("5-2.3", [996, 997, 998, 999, 0, 1, 2, 3]).correct
    assert check("5-2.3", np.array([996, 997, 998, 999, 0, 1, 2, 3])).correct


@pytest.mark.parametrize(
    "answer, fragment",
    [(list(range(996, 1004)), "처음으로 돌아가야"), (list(range(496, 504)), "행 0"),
     (batch_positions(1000, 2, 8, 61 * 8)[1].tolist(), "반복 61"), ([996, 997, 998, 999], "8개"),
     ([1, 2, 3, 4, 5, 6, 7, 8], "위치가 아닙니다")],
)  # fmt: skip
def test_5_2_3_common_mistakes_are_named(answer, fragment):
    wrong_saying("5-2.3", answer, fragment)


@pytest.mark.parametrize("answer", [996, "996..3", [996.0, 997.0], np.array([[996, 997]])])
def test_5_2_3_wrongly_typed_answers_ask_for_a_list_of_ints(answer):
    wrong_saying("5-2.3", answer, "정수 8개의 리스트")


@pytest.mark.parametrize("answer", [[10, 11, 12], [12, 11, 10], {10, 11, 12}, range(10, 13)])
def test_5_2_4_loss_at_12_reaches_back_to_the_start_of_its_block(answer):
    assert check("5-2.4", answer).correct


@pytest.mark.parametrize(
    "answer, fragment",
    [(list(range(13)), "전체 BPTT"), ([10, 11, 12, 13, 14], "뒤의 입력"), ([5, 6, 7, 8, 9, 10, 11, 12], "앞 블록"),
     ([11, 12], "빠졌습니다"), ([12], "빠졌습니다")],
)  # fmt: skip
def test_5_2_4_common_mistakes_are_named(answer, fragment):
    wrong_saying("5-2.4", answer, fragment)


@pytest.mark.parametrize("answer", [12, "10, 11, 12", [10.0, 11.0, 12.0], [True, False]])
def test_5_2_4_wrongly_typed_answers_ask_for_a_list_of_times(answer):
    wrong_saying("5-2.4", answer, "시각을 나타내는 정수들의 리스트")


@pytest.mark.parametrize("answer", [0.5**10, 1 / 1024, np.float64(0.0009765625)])
def test_5_2_5_bound_is_the_scale_to_the_power_of_the_steps(answer):
    assert check("5-2.5", answer).correct


@pytest.mark.parametrize(
    "answer, fragment", [(5.0, "거듭제곱"), (0.5**9, "하나 어긋"), (2.0**10, "커질 수는"), (0.1, "상한이 아닙니다")]
)
def test_5_2_5_common_mistakes_are_named(answer, fragment):
    wrong_saying("5-2.5", answer, fragment)


@pytest.mark.parametrize("answer", ["0.5 ** 10", [0.5], True, float("nan")])
def test_5_2_5_wrongly_typed_answers_ask_for_a_number(answer):
    wrong_saying("5-2.5", answer, "실수 하나")


@pytest.mark.parametrize("exercise_id", ["5-2.1", "5-2.2", "5-2.3", "5-2.4", "5-2.5"])
def test_empty_answer_gets_the_hint(exercise_id):
    feedback = check(exercise_id, None)
    assert feedback.status == "empty" and feedback.hint
