"""5.5a 연습문제 채점 함수: 정답은 정답으로, 흔한 오답은 그 이유와 함께, 타입이 틀린 답은 한국어 안내로.

정답은 가능하면 rnnlib 의 진짜 함수 (batch_offsets, iters_per_epoch, clip_grads, TimeSoftmaxWithLoss) 로 구해 넣는다.
"""

import math

import numpy as np
import pytest
from exercise_checks import assert_wrong

from rnnlib import batch_offsets, clip_grads, iters_per_epoch
from rnnlib.exercises import check
from rnnlib.time_layers import TimeSoftmaxWithLoss

# 5-5.1: 정답 확률 0.5, 0.25, 0.125 의 퍼플렉서티


def test_perplexity_answer_agrees_with_the_loss_layer():
    """점수를 log 확률로 주면 softmax가 그 확률을 돌려주므로, exp(손실)이 곧 퍼플렉서티다."""
    probs = np.array([[0.5, 0.5], [0.25, 0.75], [0.125, 0.875]])  # 샘플마다 (정답, 나머지)
    loss = TimeSoftmaxWithLoss().forward(np.log(probs)[None], np.zeros((1, 3), dtype=int))
    assert check("5-5.1", math.exp(loss)).correct


@pytest.mark.parametrize("answer", [4, 4.0, np.float32(4.0001), np.exp(np.log(4))])
def test_perplexity_accepts_ints_floats_and_numpy_numbers(answer):
    assert check("5-5.1", answer).correct


@pytest.mark.parametrize(
    ("answer", "phrase"),
    [
        (math.log(4), "exp"),
        (14 / 3, "산술평균"),
        (1 / (0.875 / 3), "손실 −log p"),
        (2.0, "밑이 2"),
        (math.exp(2), "밑을 맞추세요"),
        (0.25, "역수"),
        (3.0, "아닙니다"),
    ],
)
def test_perplexity_explains_common_mistakes(answer, phrase):
    assert_wrong("5-5.1", answer, phrase)


@pytest.mark.parametrize("answer", ["4", [4], True, float("inf")])
def test_perplexity_wants_one_real_number(answer):
    assert_wrong("5-5.1", answer, "실수 하나")


# 5-5.2: 단어 2,000개 말뭉치, 배치 크기 4 의 오프셋


def test_offsets_answer_agrees_with_the_batching_module():
    xs = np.arange(2000)[:-1]
    assert check("5-5.2", batch_offsets(len(xs), 4)).correct
    assert check("5-5.2", [0, 499, 998, 1497]).correct
    assert check("5-5.2", (0, 499, 998, 1497)).correct


def test_offsets_explains_that_the_input_is_one_word_shorter_than_the_corpus():
    assert_wrong("5-5.2", [0, 500, 1000, 1500], "1999", "corpus[:-1]")


def test_offsets_explains_integer_division():
    assert_wrong("5-5.2", [0, 499.75, 999.5, 1499.25], "//")


def test_offsets_explains_that_row_numbers_are_not_offsets():
    assert_wrong("5-5.2", [0, 1, 2, 3], "행 번호")


def test_offsets_wants_one_offset_per_row():
    assert_wrong("5-5.2", [0, 499, 998], "4개", "3개")


@pytest.mark.parametrize("answer", ["0, 499, 998, 1497", 499, {"행 0": 0}])
def test_offsets_wants_a_list_of_integers(answer):
    assert_wrong("5-5.2", answer, "리스트")


# 5-5.3: PTB 학습 말뭉치 전체 (929,589단어), N = 20, T = 35 의 한 에폭 반복 수


def test_iterations_answer_agrees_with_the_batching_module():
    answer = iters_per_epoch(929_589 - 1, 20, 35)
    assert answer == 1327
    assert check("5-5.3", answer).correct
    assert check("5-5.3", np.int64(1327)).correct


@pytest.mark.parametrize(
    ("answer", "phrase"),
    [
        (929_588 / 700, "정수 나눗셈"),
        (1328, "올림"),
        (46_479, "jump"),
        (26_559, "T로만"),
        (1000, "아닙니다"),
        (1327.0, "정수 1327"),
    ],
)
def test_iterations_explains_common_mistakes(answer, phrase):
    assert_wrong("5-5.3", answer, phrase)


@pytest.mark.parametrize("answer", ["1327", [1327], False])
def test_iterations_wants_one_integer(answer):
    assert_wrong("5-5.3", answer, "정수 하나")


# 5-5.4: 노름 10 인 기울기 두 개를 max_norm 5 로 클리핑


def test_clipping_answer_agrees_with_clip_grads():
    grads = [np.array([6.0, 0.0]), np.array([[0.0, 8.0]])]
    norm = clip_grads(grads, 5.0)
    assert norm == pytest.approx(10.0)
    assert check("5-5.4", grads).correct
    assert check("5-5.4", [[3, 0], [[0, 4]]]).correct
    assert check("5-5.4", ([3.0, 0.0], [0.0, 4.0])).correct


def test_clipping_explains_that_a_norm_above_max_norm_is_clipped():
    assert_wrong("5-5.4", [[6, 0], [[0, 8]]], "그대로", "10")


def test_clipping_explains_that_it_is_not_elementwise_or_per_array():
    assert_wrong("5-5.4", [[5, 0], [[0, 5]]], "np.clip", "6 : 8")


def test_clipping_gives_a_general_message_for_other_values():
    assert_wrong("5-5.4", [[1.5, 0], [[0, 2]]], "값이 다릅니다")


def test_clipping_says_that_one_number_is_not_enough():
    assert_wrong("5-5.4", 5.0, "수 하나가 아니라")


@pytest.mark.parametrize("answer", ["[3, 0], [[0, 4]]", [[3, 0]], [[3, 0, 1], [0, 4]], [["a", "b"], [0, 4]]])
def test_clipping_wants_two_arrays_of_two_numbers(answer):
    assert_wrong("5-5.4", answer, "배열 두 개")


@pytest.mark.parametrize("exercise_id", ["5-5.1", "5-5.2", "5-5.3", "5-5.4"])
def test_every_wrong_answer_comes_with_a_hint(exercise_id):
    feedback = check(exercise_id, "틀린 답")
    assert feedback.status == "wrong" and feedback.hint
    assert "힌트:" in str(feedback)


@pytest.mark.parametrize("exercise_id", ["5-5.1", "5-5.2", "5-5.3", "5-5.4"])
def test_empty_answer_gets_the_hint(exercise_id):
    feedback = check(exercise_id, None)
    assert feedback.status == "empty" and feedback.hint
