"""5.5b 연습문제 채점 함수: 정답은 정답으로, 흔한 오답은 그 이유와 함께, 타입이 틀린 답은 한국어 안내로."""

import math

import numpy as np
import pytest
from exercise_checks import assert_wrong

import rnnlib
from rnnlib.exercises import check

# 5-5.5: c_prev = 2.0, f = 0.5, g = -0.6, i = 0.5, o = 0.8 인 LSTM 한 시각의 (c_t, h_t)


def test_cell_update_answer_agrees_with_the_real_lstm_layer():
    # 은닉 크기 1, 입력 0 인 LSTM: 편향으로 게이트 값을 정한다 (4H 열의 순서는 f, g, i, o)
    def logit(p):
        return math.log(p / (1 - p))

    b = np.array([logit(0.5), math.atanh(-0.6), logit(0.5), logit(0.8)])
    layer = rnnlib.LSTM(np.zeros((1, 4)), np.zeros((1, 4)), b)
    h, c = layer.forward(np.zeros((1, 1)), np.zeros((1, 1)), np.array([[2.0]]))
    assert check("5-5.5", (c[0, 0], h[0, 0])).correct
    assert check("5-5.5", [0.7, 0.8 * math.tanh(0.7)]).correct
    assert check("5-5.5", (np.float32(0.7), 0.4835)).correct


@pytest.mark.parametrize(
    ("answer", "phrase"),
    [
        ((0.8 * math.tanh(0.7), 0.7), "순서"),
        ((0.4, 0.8 * math.tanh(0.4)), "입력 게이트 i"),
        ((1.7, 0.8 * math.tanh(1.7)), "망각 게이트 f"),
        ((1.3, 0.8 * math.tanh(1.3)), "음수"),
        ((0.7, 0.56), "tanh(c_t)"),
        ((0.7, math.tanh(0.7)), "출력 게이트 o"),
        ((0.7, math.tanh(0.56)), "밖에서"),
        ((0.7, 0.1), "h_t = o·tanh(c_t)"),
        ((3.0, 0.1), "아닙니다"),
    ],
)
def test_cell_update_explains_common_mistakes(answer, phrase):
    assert_wrong("5-5.5", answer, phrase)


@pytest.mark.parametrize("answer", [0.7, "0.7, 0.48", (0.7,), (0.7, 0.48, 1.0)])
def test_cell_update_wants_a_pair_of_numbers(answer):
    assert_wrong("5-5.5", answer, "두 개의 튜플")


@pytest.mark.parametrize("answer", [("0.7", 0.48), (0.7, None), (True, 0.48), (0.7, float("nan"))])
def test_cell_update_wants_real_numbers_in_the_pair(answer):
    assert_wrong("5-5.5", answer, "실수")


# 5-5.6: D = 100, H = 200 인 LSTM 계층의 매개변수 수


def test_param_count_answer_agrees_with_the_real_lstm_layer():
    D, H = 100, 200
    layer = rnnlib.LSTM(np.zeros((D, 4 * H)), np.zeros((H, 4 * H)), np.zeros(4 * H))
    count = sum(p.size for p in layer.params)
    assert check("5-5.6", count).correct
    assert check("5-5.6", 240800.0).correct
    assert check("5-5.6", np.int64(240800)).correct


@pytest.mark.parametrize(
    ("answer", "phrase"),
    [
        (60200, "RNN"),
        (240000, "편향"),
        (180600, "새 기억 후보 g"),
        (241000, "기억 셀 c"),
        (160800, "(H, 4H)"),
        (1, "아닙니다"),
    ],
)
def test_param_count_explains_common_mistakes(answer, phrase):
    assert_wrong("5-5.6", answer, phrase)


@pytest.mark.parametrize("answer", ["240800", 240800.5, [240800], True])
def test_param_count_wants_one_integer(answer):
    assert_wrong("5-5.6", answer, "정수 하나")


# 5-5.7: 기억을 지우려면 닫을 게이트


@pytest.mark.parametrize("answer", ["f", "F", " forget ", "망각 게이트", "망각"])
def test_gate_to_forget_accepts_the_forget_gate_by_any_name(answer):
    assert check("5-5.7", answer).correct


def test_gate_to_forget_answer_agrees_with_the_real_lstm_layer():
    # f 블록의 편향을 아주 작게 (f ≈ 0) 하면 c_prev 가 얼마든 c_t 가 같다: 옛 기억이 지워진다
    H = 1
    b = np.array([-50.0, 0.5, 0.0, 0.0])
    layer = rnnlib.LSTM(np.zeros((1, 4 * H)), np.zeros((H, 4 * H)), b)
    x, h = np.zeros((1, 1)), np.zeros((1, H))
    _, c_a = layer.forward(x, h, np.array([[5.0]]))
    _, c_b = layer.forward(x, h, np.array([[-3.0]]))
    assert np.allclose(c_a, c_b)


@pytest.mark.parametrize(
    ("answer", "phrase"),
    [("i", "입력 게이트"), ("입력 게이트", "입력 게이트"), ("o", "h_t만 0"), ("output", "h_t만 0"), ("g", "후보")],
)
def test_gate_to_forget_explains_why_other_gates_do_not_erase(answer, phrase):
    assert_wrong("5-5.7", answer, phrase)


def test_gate_to_forget_names_the_choices_for_unknown_words():
    assert_wrong("5-5.7", "tanh", "'f', 'i', 'o'")


@pytest.mark.parametrize("answer", [0, ["f"], 1.0])
def test_gate_to_forget_wants_a_string(answer):
    assert_wrong("5-5.7", answer, "문자열")


# 5-5.8: 한국어 어휘에 대한 균등한 모델의 퍼플렉서티


def test_uniform_perplexity_is_the_korean_vocabulary_size():
    corpus, char_to_id, _ = rnnlib.load_korean("all")
    V = len(char_to_id)
    assert check("5-5.8", V).correct
    assert check("5-5.8", float(V)).correct
    assert check("5-5.8", math.exp(math.log(V))).correct


@pytest.mark.parametrize(
    ("answer", "phrase"),
    [(math.log(558), "손실"), (1 / 558, "역수"), (10000, "PTB"), (59276, "서로 다른 글자"), (100, "아닙니다")],
)
def test_uniform_perplexity_explains_common_mistakes(answer, phrase):
    assert_wrong("5-5.8", answer, phrase)


@pytest.mark.parametrize("answer", ["558", [558], False, float("inf")])
def test_uniform_perplexity_wants_one_real_number(answer):
    assert_wrong("5-5.8", answer, "실수 하나")


# 5-5.9: f = 0.9 로 20 시각을 거슬러 간 기억 셀의 기울기


def test_cell_path_gradient_answer_agrees_with_the_real_lstm_layer():
    # h 쪽 기울기가 0 이면 LSTM.backward 의 dc_prev 는 dc_next ⊙ f 이다: 20번 거슬러 가며 잰다
    p = 0.9
    b = np.array([math.log(p / (1 - p)), 0.0, 0.0, 0.0])
    dc = np.array([[1.0]])
    for _ in range(20):
        layer = rnnlib.LSTM(np.zeros((1, 4)), np.zeros((1, 4)), b)
        layer.forward(np.zeros((1, 1)), np.zeros((1, 1)), np.zeros((1, 1)))
        _, _, dc = layer.backward(np.zeros((1, 1)), dc)
    assert check("5-5.9", float(dc[0, 0])).correct
    assert check("5-5.9", 0.9**20).correct


@pytest.mark.parametrize(
    ("answer", "phrase"),
    [
        (18, "거듭제곱"),
        (0.9**19, "횟수"),
        (0.9**21, "횟수"),
        (1 - 0.9**20, "사라진"),
        (0.1**20, "1 − f"),
        (0.5, "아닙니다"),
    ],
)
def test_cell_path_gradient_explains_common_mistakes(answer, phrase):
    assert_wrong("5-5.9", answer, phrase)


@pytest.mark.parametrize("answer", ["0.12", [0.12], True])
def test_cell_path_gradient_wants_one_real_number(answer):
    assert_wrong("5-5.9", answer, "실수 하나")


@pytest.mark.parametrize("exercise_id", ["5-5.5", "5-5.6", "5-5.7", "5-5.8", "5-5.9"])
def test_every_wrong_answer_comes_with_a_hint(exercise_id):
    feedback = check(exercise_id, "틀린 답")
    assert feedback.status == "wrong" and feedback.hint
    assert "힌트:" in str(feedback)


@pytest.mark.parametrize("exercise_id", ["5-5.5", "5-5.6", "5-5.7", "5-5.8", "5-5.9"])
def test_empty_answer_gets_the_hint(exercise_id):
    feedback = check(exercise_id, None)
    assert feedback.status == "empty" and feedback.hint
