"""펼친 RNN 단계별 보기: 순수 함수의 수는 TimeRNN과 같고, 위젯은 버튼과 잘못된 값에 반응한다."""

import numpy as np
import pytest

from rnnlib import TimeAffine, TimeRNN, TimeSoftmaxWithLoss
from rnnlib.viz.stepper import stepper_stage
from rnnlib.widgets.stepper import rnn_stepper

SETTINGS = [(4, 3, 1.0), (7, 4, 2.5), (1, 3, 0.0), (5, 2, 0.5)]


def time_rnn_reference(stage):
    """같은 가중치와 입력으로 TimeRNN (+ TimeAffine, TimeSoftmaxWithLoss)을 한 번에 돌린 결과."""
    V = len(stage.vocab)
    xs = np.eye(V, dtype=np.float32)[stage.word_ids][None]  # (1, T, V)
    rnn = TimeRNN(stage.Wx, stage.Wh, stage.b)
    affine, loss_layer = TimeAffine(stage.affine_W, stage.affine_b), TimeSoftmaxWithLoss()
    hs = rnn.forward(xs)
    loss = loss_layer.forward(affine.forward(hs), np.array([stage.target_ids]))
    rnn.backward(affine.backward(loss_layer.backward()))
    return hs[0], loss, rnn.grads


@pytest.mark.parametrize("T, H, scale", SETTINGS)
def test_forward_states_equal_time_rnn_forward(T, H, scale):
    for stage_index in range(T):
        stage = stepper_stage(T, H, scale, stage_index)
        hs, loss, _ = time_rnn_reference(stage)
        np.testing.assert_allclose(stage.hs, hs, rtol=1e-5, atol=1e-6)
        np.testing.assert_allclose(stage.h, hs[stage_index], rtol=1e-5, atol=1e-6)
        np.testing.assert_allclose(np.tanh(stage.pre), stage.h, rtol=1e-5, atol=1e-6)
        assert stage.loss == pytest.approx(loss, rel=1e-6)


@pytest.mark.parametrize("T, H, scale", SETTINGS)
def test_accumulated_gradients_at_the_last_stage_equal_time_rnn_backward(T, H, scale):
    stage = stepper_stage(T, H, scale, 2 * T - 1)
    assert stage.direction == "backward" and stage.t == 0
    _, _, (dWx, dWh, db) = time_rnn_reference(stage)
    np.testing.assert_allclose(stage.dWx, dWx, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(stage.dWh, dWh, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(stage.db, db, rtol=1e-5, atol=1e-6)


def test_backward_stage_sums_the_gradient_from_above_and_from_the_future():
    T = 4
    stages = [stepper_stage(T, 3, 1.0, s) for s in range(T, 2 * T)]  # 시각 3, 2, 1, 0
    assert [s.t for s in stages] == [3, 2, 1, 0]
    np.testing.assert_array_equal(stages[0].dh_future, 0)  # 마지막 시각에는 미래가 없다
    for later, now in zip(stages, stages[1:]):
        np.testing.assert_allclose(now.dh_future, later.dh_prev, rtol=1e-6)  # 앞 단계의 dh_prev 가 도착한다
        np.testing.assert_allclose(now.dh_t, now.dh_above + now.dh_future, rtol=1e-6)
        np.testing.assert_allclose(now.dt, now.dh_t * (1 - now.h**2), rtol=1e-5, atol=1e-7)
        np.testing.assert_allclose(now.db, later.db + now.dt, rtol=1e-5, atol=1e-7)  # 누적 합이 자란다


def test_one_hot_input_picks_one_row_of_wx():
    stage = stepper_stage(4, 3, 1.0, 2)
    np.testing.assert_array_equal(stage.x_part, stage.Wx[stage.word_ids[2]])
    assert stage.word == "goodbye" and stage.target == "and"


@pytest.mark.parametrize(
    "kwargs, fragment",
    [(dict(T=0), "`T`"), (dict(T=8), "`T`"), (dict(hidden_size=0), "`hidden_size`"),
     (dict(hidden_size=9), "`hidden_size`"), (dict(T=4, stage=8), "`stage`"), (dict(stage=-1), "`stage`"),
     (dict(wh_scale=-0.5), "`wh_scale`")],
)  # fmt: skip
def test_impossible_values_raise_korean_value_errors(kwargs, fragment):
    with pytest.raises(ValueError, match=fragment) as error:
        stepper_stage(**kwargs)
    assert "이어야 하는데" in str(error.value)


@pytest.mark.parametrize(
    "kwargs, control, value, fragment",
    [({}, "T", 0, "`T`"), ({}, "hidden_size", 0, "`hidden_size`"), ({}, "hidden_size", -2, "`hidden_size`"),
     (dict(T=4, stage=8), None, None, "`stage`"), (dict(T=0), None, None, "`T`")],
)  # fmt: skip
def test_stepper_shows_a_korean_message_instead_of_crashing(kwargs, control, value, fragment):
    stepper = rnn_stepper(**kwargs)
    if control:
        getattr(stepper, control).value = value
    assert "입력값을 확인해 주세요" in stepper.area.value
    assert fragment in stepper.area.value


def test_next_previous_and_reset_buttons_move_through_the_stages():
    stepper = rnn_stepper(T=3)
    first = stepper.area.value
    assert "단계 1 / 6" in first and "순전파" in first
    stepper.next_button.click()
    assert stepper.stage.value == 1
    assert stepper.area.value != first and "단계 2 / 6" in stepper.area.value
    for _ in range(3):
        stepper.next_button.click()
    assert "단계 5 / 6" in stepper.area.value and "역전파" in stepper.area.value
    stepper.prev_button.click()
    assert "단계 4 / 6" in stepper.area.value
    stepper.reset_button.click()
    assert stepper.area.value == first
    stepper.prev_button.click()  # 처음에서 이전을 눌러도 그대로
    assert stepper.stage.value == 0


def test_changing_t_resizes_the_stage_slider_and_the_play_range():
    stepper = rnn_stepper(T=4, stage=7)
    stepper.T.value = 2
    assert stepper.stage.max == stepper.play.max == 3
    assert "단계 4 / 4" in stepper.area.value


def test_wh_scale_changes_the_numbers():
    stepper = rnn_stepper(T=3, stage=2)
    before = stepper.area.value
    stepper.wh_scale.value = 2.0
    assert stepper.area.value != before and "배율 2" in stepper.area.value


def test_stepper_output_carries_a_static_rendering_of_its_first_state():
    bundle = rnn_stepper(T=4, stage=5)._repr_mimebundle_()
    assert "<svg" in bundle["text/html"] and "단계 6 / 8" in bundle["text/html"]
    assert "application/vnd.jupyter.widget-view+json" in bundle
