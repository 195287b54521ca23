"""퍼플렉서티 탐색기: 1/p, exp(평균 손실)이 TimeSoftmaxWithLoss와 맞고, 잘못된 분포는 한국어 메시지로."""

import html
import math

import numpy as np
import pytest

from rnnlib import TimeSoftmaxWithLoss
from rnnlib.viz.perplexity import (
    parse_probabilities,
    prediction_view,
    samples_from_distribution,
    samples_from_list,
)
from rnnlib.widgets.perplexity import perplexity_explorer

WORDS = ("you", "say", "goodbye", "and", "hello")


@pytest.mark.parametrize("p, perplexity", [(0.8, 1.25), (0.2, 5.0)])
def test_perplexity_of_one_sample_is_the_inverse_of_the_target_probability(p, perplexity):
    view = prediction_view(("goodbye", "hello"), (p, 1 - p), "goodbye")
    assert view.perplexity == pytest.approx(perplexity)
    assert view.loss == pytest.approx(-math.log(p))


def test_prediction_view_normalises_the_raw_values_and_keeps_their_sum():
    view = prediction_view(WORDS, (1, 1, 6, 1, 1), "goodbye")
    assert view.raw_sum == 10
    assert view.p == pytest.approx(0.6)
    assert view.probs.sum() == pytest.approx(1)


def test_uniform_distribution_has_the_number_of_words_as_perplexity():
    view = prediction_view(WORDS, (0.2,) * 5, "and")
    assert view.perplexity == pytest.approx(5) == view.uniform_perplexity


def test_exp_of_mean_cross_entropy_equals_the_geometric_mean_formula():
    probs = np.array([0.8, 0.2, 0.9, 0.05])
    view = samples_from_list(probs)
    assert view.perplexity == pytest.approx(np.prod(probs) ** (-1 / len(probs)))
    assert view.geometric_formula == pytest.approx(view.perplexity)
    assert view.mean_inverse == pytest.approx(np.mean(1 / probs)) and view.mean_inverse > view.perplexity


def test_list_mode_agrees_with_time_softmax_with_loss_on_log_probability_logits():
    probs = np.array([0.8, 0.2, 0.9, 0.05, 0.5])
    logits = np.log(np.stack([probs, 1 - probs], axis=1))[None]  # (1, n, 2): 정답 칸 0
    loss = TimeSoftmaxWithLoss().forward(logits, np.zeros((1, len(probs)), dtype=np.int64))
    assert samples_from_list(probs).perplexity == pytest.approx(math.exp(loss))


def test_drawn_samples_agree_with_time_softmax_with_loss():
    prediction = prediction_view(WORDS, (0.1, 0.05, 0.8, 0.03, 0.02), "goodbye")
    view = samples_from_distribution(prediction, n=50, seed=3)
    ids = np.array([WORDS.index(w) for w in view.words])
    logits = np.tile(np.log(prediction.probs), (1, len(ids), 1))  # (1, n, V)
    loss = TimeSoftmaxWithLoss().forward(logits, ids[None])
    assert view.perplexity == pytest.approx(math.exp(loss))


def test_drawn_samples_approach_the_exponential_of_the_entropy():
    prediction = prediction_view(WORDS, (0.1, 0.05, 0.8, 0.03, 0.02), "goodbye")
    view = samples_from_distribution(prediction, n=10_000, seed=0)
    assert view.perplexity == pytest.approx(view.entropy_perplexity, rel=0.03)


def test_parse_probabilities_reads_commas_and_rejects_words_and_zero():
    np.testing.assert_allclose(parse_probabilities("0.8, 0.2 ,0.5"), [0.8, 0.2, 0.5])
    with pytest.raises(ValueError, match="2번째 값 'abc'"):
        parse_probabilities("0.5, abc")
    with pytest.raises(ValueError, match="0보다 크고 1 이하"):
        parse_probabilities("0.5, 0")


@pytest.mark.parametrize(
    "probs, target, fragment",
    [((0.1, -0.2, 0.8, 0.1, 0.2), "goodbye", "음수"), ((0,) * 5, "goodbye", "합이 0"),
     ((0.1, 0.05, 0.8, 0.03, 0.02), "cat", "'cat'")],
)  # fmt: skip
def test_prediction_view_rejects_impossible_distributions_in_korean(probs, target, fragment):
    with pytest.raises(ValueError, match=fragment):
        prediction_view(WORDS, probs, target)


def test_perplexity_explorer_redraws_when_the_distribution_or_target_changes():
    explorer = perplexity_explorer()
    before = explorer.area.value
    assert "1.25" in before
    explorer.probs[2].value = 0.2  # goodbye: 0.2 / 0.4 = 0.5 → 퍼플렉서티 2
    assert explorer.area.value != before and "0.4(으)로 나누어" in explorer.area.value and "2.00" in explorer.area.value
    explorer.target.value = "hello"
    assert "'hello'" in explorer.area.value
    explorer.mode.value = "draw"
    assert "뽑힌 정답" in explorer.area.value
    assert "입력값을 확인해 주세요" not in explorer.area.value


@pytest.mark.parametrize(
    "control, value, fragment",
    [("target", "cat", "'cat'"), ("samples", "0.5, x", "'x'"), ("n", 0, "`n`")],
)
def test_perplexity_explorer_shows_a_korean_message_for_bad_values(control, value, fragment):
    explorer = perplexity_explorer(mode="draw" if control == "n" else "list")
    getattr(explorer, control).value = value
    assert "입력값을 확인해 주세요" in explorer.area.value and fragment in html.unescape(explorer.area.value)


@pytest.mark.parametrize("values, fragment", [([0, 0, 0, 0, 0], "합이 0"), ([0.5, -0.1, 0.2, 0.1, 0.1], "음수")])
def test_perplexity_explorer_shows_a_korean_message_for_impossible_distributions(values, fragment):
    explorer = perplexity_explorer()
    for control, value in zip(explorer.probs, values):
        control.value = value
    assert "입력값을 확인해 주세요" in explorer.area.value and fragment in explorer.area.value


def test_tiny_sample_probabilities_are_written_in_exponent_form_not_as_zero():
    explorer = perplexity_explorer(samples="0.0004, 0.5")
    assert "4.00e-04" in explorer.area.value and "0.000 ×" not in explorer.area.value


def test_zero_probability_on_the_target_gives_infinite_perplexity_not_an_error():
    explorer = perplexity_explorer(probs=(0.5, 0.5, 0, 0, 0))
    assert "∞" in explorer.area.value and "입력값을 확인해 주세요" not in explorer.area.value


def test_perplexity_explorer_output_carries_a_static_rendering_of_its_first_state():
    bundle = perplexity_explorer()._repr_mimebundle_()
    assert "<svg" in bundle["text/html"] and "1.25" in bundle["text/html"]
