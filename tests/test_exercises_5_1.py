"""5.1 연습문제의 채점 함수: 정답은 맞다고, 흔한 오답은 이유와 함께 틀렸다고, 타입이 틀린 답은 타입을 말한다."""

import math

import numpy as np
import pytest

from rnnlib import preprocess
from rnnlib.exercises import check
from rnnlib.exercises.ch5_1 import EXERCISE_5_1_3_SENTENCE, EXERCISE_5_1_5_TEXT
from rnnlib.viz.ngram import bigram_counts, conditional_probs


def test_5_1_1_sentence_probability_from_the_bigram_table():
    corpus, word_to_id, _ = preprocess()
    probs = conditional_probs(bigram_counts(corpus))
    unigram = np.bincount(corpus) / len(corpus)
    ids = [word_to_id[w] for w in "i say hello .".split()]
    answer = unigram[ids[0]] * np.prod(probs[ids[:-1], ids[1:]])
    assert check("5-1.1", answer).correct
    assert check("5-1.1", 0.0625).correct


@pytest.mark.parametrize(
    "answer, says",
    [(0.5, "첫 단어"), (0.125, "갈림길"), (1.5, "0과 1 사이"), (0.01, "확률이 아닙니다")],
)
def test_5_1_1_wrong_answers_say_what_is_missing(answer, says):
    feedback = check("5-1.1", answer)
    assert feedback.status == "wrong" and says in feedback.message and feedback.hint


@pytest.mark.parametrize("answer", ["0.0625", True, [0.0625]])
def test_5_1_1_rejects_answers_that_are_not_a_number(answer):
    feedback = check("5-1.1", answer)
    assert feedback.status == "wrong" and "float" in feedback.message


def test_5_1_2_cross_entropy_is_minus_natural_log():
    assert check("5-1.2", -np.log(0.25)).correct
    assert check("5-1.2", np.float32(1.3863)).correct


@pytest.mark.parametrize(
    "answer, says",
    [
        (np.log(0.25), "부호"),
        (-math.log10(0.25), "자연로그"),
        (-math.log2(0.25), "자연로그"),
        (0.75, "1 - p"),
        (3.0, "다릅니다"),
    ],
)
def test_5_1_2_wrong_answers_name_the_mistake(answer, says):
    feedback = check("5-1.2", answer)
    assert feedback.status == "wrong" and says in feedback.message


def test_5_1_2_rejects_a_string():
    assert "float" in check("5-1.2", "1.386").message


def test_5_1_3_smallest_window_is_the_distance_to_the_clue():
    tokens = EXERCISE_5_1_3_SENTENCE.split()
    assert tokens[0] == tokens[-1] == "Minseo" and tokens.count("Minseo") == 2
    assert check("5-1.3", len(tokens) - 1).correct
    assert check("5-1.3", np.int64(19)).correct


@pytest.mark.parametrize(
    "answer, says", [(20, "한 칸 많습니다"), (18, "한 칸 모자랍니다"), (6, "창 밖"), (25, "가장 작은")]
)
def test_5_1_3_wrong_windows_are_explained(answer, says):
    feedback = check("5-1.3", answer)
    assert feedback.status == "wrong" and says in feedback.message


@pytest.mark.parametrize("answer", [19.0, "19", True])
def test_5_1_3_rejects_answers_that_are_not_an_integer(answer):
    assert "정수" in check("5-1.3", answer).message


def test_5_1_4_concatenation_weights_grow_with_the_window():
    assert check("5-1.4", np.zeros((8 * 50, 200)).size).correct


@pytest.mark.parametrize(
    "answer, says", [(10_000, "더할 때"), (50_000, "RNN"), (400, "입력 벡터의 길이"), (1, "다릅니다")]
)
def test_5_1_4_wrong_counts_are_recognised(answer, says):
    feedback = check("5-1.4", answer)
    assert feedback.status == "wrong" and says in feedback.message


def test_5_1_4_rejects_a_float():
    assert "정수" in check("5-1.4", 80000.0).message


def test_5_1_5_row_after_the_is_half_cat_half_mat():
    corpus, word_to_id, _ = preprocess(EXERCISE_5_1_5_TEXT)
    row = conditional_probs(bigram_counts(corpus))[word_to_id["the"]]
    assert check("5-1.5", row).correct
    assert check("5-1.5", [0, 0.5, 0, 0, 0.5, 0]).correct


@pytest.mark.parametrize(
    "answer, says",
    [
        (np.array([0, 1, 0, 0, 1, 0]), "횟수"),
        (np.array([0, 0.5, 0, 0, 0.4, 0]), "합이"),
        (np.array([0.5, 0, 0, 0, 0.5, 0]), "열의 순서"),
        (np.zeros((6, 6)), "모양"),
        (np.array(["a", "b"]), "수의 배열"),
    ],
)
def test_5_1_5_wrong_rows_are_explained(answer, says):
    feedback = check("5-1.5", answer)
    assert feedback.status == "wrong" and says in feedback.message


def test_5_1_5_rejects_a_single_number():
    assert "NumPy 배열" in check("5-1.5", 0.5).message


def test_every_5_1_answer_left_empty_gets_a_hint():
    for exercise_id in ("5-1.1", "5-1.2", "5-1.3", "5-1.4", "5-1.5"):
        feedback = check(exercise_id, None)
        assert feedback.status == "empty" and feedback.hint
