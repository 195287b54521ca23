"""맥락 창 탐색기: 단서는 창 크기가 거리 이상일 때만 보이고, 가중치 수와 순서 예시가 맞다."""

import html

import numpy as np
import pytest

from rnnlib import TimeRNN
from rnnlib.viz.context import EXAMPLE_SENTENCE, context_view
from rnnlib.widgets.context import context_window_explorer


def test_example_sentence_puts_the_answer_name_18_words_before_the_target():
    view = context_view(window=2)
    assert view.answer == "Jiho" and view.tokens[view.clue_index] == "Jiho"
    assert view.distance == 18 == view.available


@pytest.mark.parametrize("window", range(1, 19))
def test_clue_is_visible_exactly_when_the_window_reaches_it(window):
    view = context_view(window)
    assert view.clue_visible == (window >= view.distance)
    assert view.seen == tuple(range(view.target_index - window, view.target_index))


def test_clue_in_a_custom_sentence_is_the_last_earlier_occurrence_of_the_target_word():
    view = context_view(3, "a cat saw a dog and a", target_index=6)
    assert view.clue_index == 3 and view.distance == 3 and view.clue_visible
    assert context_view(3, "x y z", target_index=2).clue_index is None


@pytest.mark.parametrize("window", [0, -3])
def test_window_of_zero_or_less_is_rejected_in_korean(window):
    with pytest.raises(ValueError, match="창 크기 `window`는 1 이상"):
        context_view(window)


def test_window_larger_than_the_left_context_is_padded_with_a_visible_note():
    view = context_view(window=21)
    assert view.padding == 3 and view.seen == tuple(range(18))
    assert view.clue_visible and "패딩" in view.note and "18개" in view.note
    assert context_view(window=18).note == ""


def test_target_must_have_left_context():
    with pytest.raises(ValueError, match="`target_index`"):
        context_view(2, EXAMPLE_SENTENCE, target_index=0)


@pytest.mark.parametrize("window, D, H", [(1, 100, 100), (5, 100, 100), (18, 8, 3)])
def test_weight_counts_of_sum_concatenation_and_rnn(window, D, H):
    view = context_view(window, D=D, H=H)
    assert view.weights_sum == np.zeros((D, H)).size
    assert view.weights_concat == np.zeros((window * D, H)).size == window * view.weights_sum
    rnn = TimeRNN(np.zeros((D, H)), np.zeros((H, H)), np.zeros(H))
    assert view.weights_rnn == sum(p.size for p in rnn.params[:2])  # 편향은 세지 않는다


def test_sum_of_word_vectors_ignores_order_but_concatenation_does_not():
    view = context_view(window=3)
    words = view.order_words
    assert words == ("handed", "it", "to")
    np.testing.assert_array_equal(view.order_sum(words), view.order_sum(words[::-1]))
    assert not np.array_equal(view.order_concat(words), view.order_concat(words[::-1]))


def test_context_window_explorer_redraws_and_tells_whether_the_clue_is_inside():
    explorer = context_window_explorer(window=2)
    before = explorer.area.value
    assert "보이지 않습니다" in before
    explorer.window.value = 18
    assert explorer.area.value != before and "창 안에 있습니다" in explorer.area.value
    explorer.D.value = 50
    assert "90,000" in explorer.area.value  # 18 × 50 × 100


def test_context_window_explorer_shows_a_korean_message_for_window_zero_and_a_note_when_too_large():
    explorer = context_window_explorer()
    explorer.window.value = 0
    assert "입력값을 확인해 주세요" in explorer.area.value and "`window`" in explorer.area.value
    explorer.window.value = 20
    assert "입력값을 확인해 주세요" not in explorer.area.value
    assert "패딩 <s>" in html.unescape(explorer.area.value)


def test_context_window_explorer_shows_a_korean_message_for_a_bad_size():
    explorer = context_window_explorer()
    explorer.H.value = -1
    assert "입력값을 확인해 주세요" in explorer.area.value and "`H`" in explorer.area.value


def test_context_window_explorer_output_carries_a_static_rendering_of_its_first_state():
    bundle = context_window_explorer(window=4)._repr_mimebundle_()
    assert "<svg" in bundle["text/html"] and "창: 왼쪽 4단어" in bundle["text/html"]
