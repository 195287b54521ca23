"""5.4 연습문제 채점 함수: 정답은 정답으로, 흔한 오답은 그 이유와 함께, 타입이 틀린 답은 한국어 안내로."""

import math

import numpy as np
import pytest
from exercise_checks import assert_wrong

from rnnlib.exercises import check
from rnnlib.time_layers import TimeEmbedding, TimeSoftmaxWithLoss

# 5-4.1: 계층마다 출력 shape (N, T, V, D, H) = (20, 35, 10000, 100, 200)


@pytest.mark.parametrize(
    "answer",
    [
        [(20, 35, 100), (20, 35, 200), (20, 35, 10000)],
        ([20, 35, 100], [20, 35, 200], [20, 35, 10000]),
        [(np.int64(20), 35, 100), (20, 35, 200), (20, 35, 10000)],
    ],
)
def test_layer_shapes_accepts_tuples_lists_and_numpy_ints(answer):
    assert check("5-4.1", answer).correct


def test_layer_shapes_names_swapped_word_vector_and_hidden_sizes():
    assert_wrong("5-4.1", [(20, 35, 200), (20, 35, 100), (20, 35, 10000)], "TimeEmbedding", "D = 100", "H = 200")


def test_layer_shapes_explains_that_flattened_rows_are_reshaped_back():
    assert_wrong("5-4.1", [(20, 35, 100), (20, 35, 200), (700, 10000)], "TimeAffine", "(700, …)", "(N, T, …)")


def test_layer_shapes_points_at_the_batch_and_time_axes():
    assert_wrong("5-4.1", [(35, 20, 100), (20, 35, 200), (20, 35, 10000)], "앞 두 축")


@pytest.mark.parametrize("answer", ["(20, 35, 100)", [(20, 35, 100), (20, 35, 200)], 7])
def test_layer_shapes_wants_a_list_of_three_shapes(answer):
    assert_wrong("5-4.1", answer, "세 개의 리스트")


def test_layer_shapes_says_that_one_shape_is_not_enough():
    assert_wrong("5-4.1", (20, 35, 100), "모양 하나", "세 개")


def test_layer_shapes_wants_integer_tuples():
    assert_wrong("5-4.1", [(20, 35, 100.0), (20, 35, 200), (20, 35, 10000)], "정수의 튜플")


# 5-4.2: TimeEmbedding backward 뒤에 0 이 아닌 dW 의 행


def test_embedding_rows_answer_agrees_with_the_real_layer():
    xs = np.array([[1, 5, 1], [6, 1, 2]])
    layer = TimeEmbedding(np.zeros((7, 3)))
    layer.forward(xs)
    layer.backward(np.ones((2, 3, 3)))
    nonzero = np.flatnonzero(np.abs(layer.grads[0]).sum(axis=1))
    assert check("5-4.2", nonzero).correct


@pytest.mark.parametrize("answer", [[1, 2, 5, 6], (6, 5, 2, 1), {1, 2, 5, 6}, [1, 5, 1, 6, 1, 2]])
def test_embedding_rows_accepts_any_order_and_repeats(answer):
    assert check("5-4.2", answer).correct


def test_embedding_rows_names_rows_that_stay_zero():
    assert_wrong("5-4.2", [0, 1, 2, 5, 6], "[0]", "0입니다")


def test_embedding_rows_names_missing_rows():
    assert_wrong("5-4.2", [1, 2, 5], "[6]", "빠졌습니다")


@pytest.mark.parametrize("answer", [3, "1, 2, 5, 6", [1.0, 2.0, 5.0, 6.0], [True, 2]])
def test_embedding_rows_wants_a_list_of_integers(answer):
    assert_wrong("5-4.2", answer, "정수")


# 5-4.3: 균등한 예측의 손실 (V = 10000)


def test_uniform_loss_answer_agrees_with_the_real_layer():
    loss = TimeSoftmaxWithLoss().forward(np.zeros((2, 3, 10000)), np.array([[0, 5, 9], [1, 2, 9999]]))
    assert check("5-4.3", loss).correct
    assert check("5-4.3", math.log(10000)).correct
    assert check("5-4.3", np.float32(9.2103)).correct


@pytest.mark.parametrize(
    ("answer", "phrase"),
    [(-9.2103, "부호"), (1e-4, "확률"), (4, "자연로그"), (4.0, "자연로그"), (13.2877, "자연로그"), (1.0, "아닙니다")],
)
def test_uniform_loss_explains_common_mistakes(answer, phrase):
    assert_wrong("5-4.3", answer, phrase)


@pytest.mark.parametrize("answer", ["9.21", True, [9.21], float("nan")])
def test_uniform_loss_wants_one_real_number(answer):
    assert_wrong("5-4.3", answer, "수 하나")


# 5-4.4: 타깃 −1 이 섞인 TimeSoftmaxWithLoss 의 backward


def test_loss_backward_answer_agrees_with_the_real_layer():
    layer = TimeSoftmaxWithLoss()
    layer.forward(np.zeros((1, 2, 4)), np.array([[2, -1]]))
    dxs = layer.backward()
    assert check("5-4.4", dxs).correct
    assert check("5-4.4", [[[0.25, 0.25, -0.75, 0.25], [0, 0, 0, 0]]]).correct


def test_loss_backward_explains_dividing_by_n_times_t():
    assert_wrong("5-4.4", [[[0.125, 0.125, -0.375, 0.125], [0, 0, 0, 0]]], "N·T = 2")


def test_loss_backward_explains_the_sign():
    assert_wrong("5-4.4", [[[-0.25, -0.25, 0.75, -0.25], [0, 0, 0, 0]]], "부호")


def test_loss_backward_explains_that_ignored_positions_get_no_gradient():
    assert_wrong("5-4.4", [[[0.25, 0.25, -0.75, 0.25], [0.25, 0.25, 0.25, 0.25]]], "기울기가 0")


def test_loss_backward_wants_the_shape_of_the_scores():
    assert_wrong("5-4.4", [0.25, 0.25, -0.75, 0.25], "(1, 2, 4)")


@pytest.mark.parametrize("answer", ["0.25", {"a": 1}, [[1, 2], [3]]])
def test_loss_backward_wants_an_array_of_numbers(answer):
    assert_wrong("5-4.4", answer, "수의 배열")


# 5-4.5: 균등한 예측의 퍼플렉서티


def test_uniform_perplexity_is_the_vocabulary_size():
    assert check("5-4.5", 10000).correct
    assert check("5-4.5", math.exp(math.log(10000))).correct


@pytest.mark.parametrize(("answer", "phrase"), [(9.2103, "exp"), (1e-4, "역수"), (100, "아닙니다")])
def test_uniform_perplexity_explains_common_mistakes(answer, phrase):
    assert_wrong("5-4.5", answer, phrase)


@pytest.mark.parametrize("answer", ["10000", None])
def test_uniform_perplexity_wants_one_real_number_or_reports_an_empty_answer(answer):
    feedback = check("5-4.5", answer)
    if answer is None:
        assert feedback.status == "empty"
    else:
        assert feedback.status == "wrong" and "수 하나" in feedback.message


@pytest.mark.parametrize("exercise_id", ["5-4.1", "5-4.2", "5-4.3", "5-4.4", "5-4.5"])
def test_every_wrong_answer_comes_with_a_hint(exercise_id):
    feedback = check(exercise_id, "틀린 답")
    assert feedback.status == "wrong" and feedback.hint
    assert "힌트:" in str(feedback)
