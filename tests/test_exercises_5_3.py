"""5.3 연습문제의 채점 함수: 정답은 정답, 흔한 오답은 그 이유를, 타입이 틀린 답은 무엇이 필요한지 말한다."""

import numpy as np
import pytest

from rnnlib.exercises import check


def rnn_backward(x, h_prev, h_next, dh_next, Wx, Wh):
    """정답: RNN 한 시각의 역전파."""
    dt = dh_next * (1 - h_next**2)
    return dt @ Wx.T, dt @ Wh.T, x.T @ dt, h_prev.T @ dt, dt.sum(axis=0)


def backward_without_square(x, h_prev, h_next, dh_next, Wx, Wh):
    dt = dh_next * (1 - h_next)
    return dt @ Wx.T, dt @ Wh.T, x.T @ dt, h_prev.T @ dt, dt.sum(axis=0)


def backward_db_not_summed(x, h_prev, h_next, dh_next, Wx, Wh):
    dx, dh_prev, dWx, dWh, _ = rnn_backward(x, h_prev, h_next, dh_next, Wx, Wh)
    return dx, dh_prev, dWx, dWh, dh_next * (1 - h_next**2)


def backward_swapped_weights(x, h_prev, h_next, dh_next, Wx, Wh):
    dx, dh_prev, dWx, dWh, db = rnn_backward(x, h_prev, h_next, dh_next, Wx, Wh)
    return dx, dh_prev, dWx, dWh * 2, db


def backward_in_place(x, h_prev, h_next, dh_next, Wx, Wh):
    dh_next *= 1 - h_next**2
    return dh_next @ Wx.T, dh_next @ Wh.T, x.T @ dh_next, h_prev.T @ dh_next, dh_next.sum(axis=0)


def backward_that_raises(x, h_prev, h_next, dh_next, Wx, Wh):
    return x @ Wh


def test_5_3_1_parameter_count_right_and_common_mistakes():
    assert check("5-3.1", 1420).correct
    assert check("5-3.1", np.int64(1420)).correct
    assert "편향" in check("5-3.1", 1400).message
    assert "Wh" in check("5-3.1", 1020).message
    assert "양방향" in check("5-3.1", 2840).message
    feedback = check("5-3.1", 7)
    assert feedback.status == "wrong" and feedback.hint


@pytest.mark.parametrize("answer", ["1420", 1420.0, True, [1420]])
def test_5_3_1_wrong_type_asks_for_an_int(answer):
    feedback = check("5-3.1", answer)
    assert feedback.status == "wrong" and "정수" in feedback.message


def test_5_3_2_gradient_shapes():
    assert check("5-3.2", ((16, 32), (32, 32), (8, 32))).correct
    assert check("5-3.2", [[16, 32], [32, 32], [8, 32]]).correct
    assert "뒤바뀌" in check("5-3.2", ((32, 16), (32, 32), (8, 32))).message
    assert "첫 시각" in check("5-3.2", ((16, 32), (32, 32), (8, 5, 32))).message
    assert not check("5-3.2", ((16, 32), (32, 32), (5, 32))).correct


@pytest.mark.parametrize("answer", [(16, 32), "((16, 32), (32, 32), (8, 32))", ((16, 32), (32, 32), "8, 32"), 3])
def test_5_3_2_wrong_type_says_what_is_expected(answer):
    feedback = check("5-3.2", answer)
    assert feedback.status == "wrong" and ("튜플" in feedback.message)


def test_5_3_3_correct_backward_function_passes_against_rnnlib():
    feedback = check("5-3.3", rnn_backward)
    assert feedback.correct, feedback.message


@pytest.mark.parametrize(
    "function, words",
    [
        (backward_without_square, "dt부터"),
        (backward_db_not_summed, "db의 모양"),
        (backward_swapped_weights, "dWh의 값"),
        (backward_in_place, "입력 배열을 고쳤"),
        (backward_that_raises, "오류"),
        (lambda x, h_prev, h_next, dh_next, Wx, Wh: None, "다섯 개"),
    ],
)
def test_5_3_3_wrong_backward_functions_are_explained(function, words):
    feedback = check("5-3.3", function)
    assert feedback.status == "wrong" and words in feedback.message, feedback.message


def test_5_3_3_wrong_type_asks_for_a_function():
    feedback = check("5-3.3", "rnn_backward")
    assert feedback.status == "wrong" and "함수" in feedback.message


@pytest.mark.parametrize("answer", ["b", "B", " (b) "])
def test_5_3_4_stateful_choice_b_is_right(answer):
    assert check("5-3.4", answer).correct


@pytest.mark.parametrize("answer, words", [("a", "reset_state"), ("c", "잘린 BPTT"), ("d", "매개변수"), ("e", "보기")])
def test_5_3_4_other_choices_are_explained(answer, words):
    feedback = check("5-3.4", answer)
    assert feedback.status == "wrong" and words in feedback.message


def test_5_3_4_wrong_type_asks_for_a_letter():
    assert "문자열" in check("5-3.4", 2).message


def test_5_3_5_bidirectional_shape_and_count():
    assert check("5-3.5", ((32, 128), 21120)).correct
    assert "시각 축" in check("5-3.5", ((32, 20, 128), 21120)).message
    assert "2·units" in check("5-3.5", ((32, 64), 21120)).message
    assert "한 방향" in check("5-3.5", ((32, 128), 10560)).message
    assert "편향" in check("5-3.5", ((32, 128), 20992)).message


@pytest.mark.parametrize("answer", [21120, ((32, 128),), ("32, 128", 21120), ((32, 128), 21120.0)])
def test_5_3_5_wrong_type_says_what_is_expected(answer):
    feedback = check("5-3.5", answer)
    assert feedback.status == "wrong" and ("튜플" in feedback.message or "정수" in feedback.message)
