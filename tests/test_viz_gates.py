"""LSTM 게이트 탐색기: 한 시각의 갱신은 rnnlib.LSTM과 같고, 기울기 크기는 TimeRNN / TimeLSTM으로 잰 값과 같다."""

import numpy as np
import pytest

from rnnlib import LSTM, TimeLSTM, TimeRNN
from rnnlib.viz.gates import flow_weights, gate_step, gradient_flow
from rnnlib.widgets.gates import lstm_gate_explorer

T, H = 12, 8


def logit(p):
    return np.log(p / (1 - p))


@pytest.mark.parametrize("f, i, o, g, c_prev", [(0.9, 0.5, 0.8, 0.6, 1.0), (0.1, 0.95, 0.3, -0.7, -2.5)])
def test_gate_step_equals_one_lstm_step_whose_bias_produces_those_gates(f, i, o, g, c_prev):
    b = np.array([logit(f), np.arctanh(g), logit(i), logit(o)])  # 교재의 블록 순서 f, g, i, o
    layer = LSTM(np.zeros((1, 4)), np.zeros((1, 4)), b)
    h_next, c_next = layer.forward(np.zeros((1, 1)), np.zeros((1, 1)), np.full((1, 1), c_prev))
    view = gate_step(f, i, o, g, c_prev)
    assert view.c_next == pytest.approx(c_next.item(), rel=1e-12)
    assert view.h_next == pytest.approx(h_next.item(), rel=1e-12)
    assert [key for key, _ in view.blocks] == ["f", "g", "i", "o"]


@pytest.mark.parametrize("key, value", [("f", 1.5), ("i", -0.1), ("o", 2), ("g", -1.2)])
def test_gate_step_rejects_values_outside_the_activation_range(key, value):
    with pytest.raises(ValueError, match=f"게이트 {key}|후보 {key}") as error:
        gate_step(**{key: value})
    assert f"{value:g}" in str(error.value)


def reference_dh(T, rnn_scale, forget_bias):
    """TimeRNN / TimeLSTM으로 따로: 시각 k의 상태에서 다시 순전파하고, 마지막에 단위 기울기를 준 뒤 layer.dh."""
    xs, rnn_weights, lstm_weights = flow_weights(T, rnn_scale, forget_bias, D=8, H=H)
    unit = np.full((1, H), 1 / np.sqrt(H))
    rnn, lstm = np.ones(T), np.ones(T)
    for k in range(T - 1):
        dhs = np.zeros((1, T - k - 1, H))
        dhs[:, -1] = unit
        head = TimeRNN(*rnn_weights)
        tail = TimeRNN(*rnn_weights, stateful=True)
        tail.set_state(head.forward(xs[:, : k + 1])[:, -1])
        tail.forward(xs[:, k + 1 :])
        tail.backward(dhs)
        rnn[k] = np.linalg.norm(tail.dh)
        head = TimeLSTM(*lstm_weights, stateful=True)
        head.forward(xs[:, : k + 1])
        tail = TimeLSTM(*lstm_weights, stateful=True)
        tail.set_state(head.h, head.c)
        tail.forward(xs[:, k + 1 :])
        tail.backward(dhs)
        lstm[k] = np.linalg.norm(tail.dh)
    return rnn, lstm


@pytest.mark.parametrize("rnn_scale, forget_bias", [(1.0, 2.0), (0.5, 0.0), (1.6, 5.0)])
def test_gradient_norms_equal_an_independent_time_layer_computation(rnn_scale, forget_bias):
    flow = gradient_flow(T, rnn_scale, forget_bias, H=H)
    rnn, lstm = reference_dh(T, rnn_scale, forget_bias)
    np.testing.assert_allclose(flow.rnn_dh, rnn, rtol=1e-10)
    np.testing.assert_allclose(flow.lstm_dh, lstm, rtol=1e-10)


def readout_after(lstm_weights, xs_tail, h, c):
    """상태 (h, c)에서 xs_tail을 TimeLSTM으로 읽은 뒤 마지막 은닉 상태와 단위 벡터의 내적."""
    tail = TimeLSTM(*lstm_weights, stateful=True)
    tail.set_state(h, c)
    return tail.forward(xs_tail)[0, -1].sum() / np.sqrt(H)


def test_cell_gradient_norm_equals_a_numerical_derivative_through_time_lstm():
    flow = gradient_flow(T, 1.0, 2.0, H=H)
    xs, _, lstm_weights = flow_weights(T, 1.0, 2.0, D=8, H=H)
    eps = 1e-6
    for k in [0, T // 2, T - 2]:
        head = TimeLSTM(*lstm_weights, stateful=True)
        head.forward(xs[:, : k + 1])
        grad = np.zeros(H)
        for j in range(H):
            step = np.zeros((1, H))
            step[0, j] = eps
            plus = readout_after(lstm_weights, xs[:, k + 1 :], head.h, head.c + step)
            minus = readout_after(lstm_weights, xs[:, k + 1 :], head.h, head.c - step)
            grad[j] = (plus - minus) / (2 * eps)
        assert flow.lstm_dc[k] == pytest.approx(np.linalg.norm(grad), rel=1e-6)
    assert np.isnan(flow.lstm_dc[T - 1])


def test_high_forget_bias_keeps_the_lstm_gradient_larger_than_a_small_scale_rnn():
    flow = gradient_flow(30, rnn_scale=0.5, forget_bias=5.0)
    assert flow.lstm_dh[0] > 1000 * flow.rnn_dh[0]
    assert flow.lstm_dc[0] > flow.lstm_dh[0] > 1e-3 and flow.forget_mean > 0.95
    assert flow.rnn_dh[-1] == pytest.approx(1) == flow.lstm_dh[-1]


def test_lstm_gate_explorer_updates_the_cell_and_the_plot():
    explorer = lstm_gate_explorer()
    before = explorer.area.value
    assert "1.200" in before and "0.667" in before  # c_t = 0.9 + 0.3, h_t = 0.8 tanh(1.2)
    explorer.f.value = 0.5
    assert explorer.area.value != before and "0.800" in explorer.area.value
    plot = explorer.area.value
    explorer.T.value = 50
    assert "k=49" in explorer.area.value and explorer.area.value != plot
    explorer.forget_bias.value = 4.0
    assert "입력값을 확인해 주세요" not in explorer.area.value


def test_lstm_gate_explorer_shows_a_korean_message_for_an_out_of_range_gate():
    explorer = lstm_gate_explorer(f=1.5)
    assert "입력값을 확인해 주세요" in explorer.area.value and "망각 게이트 f" in explorer.area.value
    assert "1.5" in explorer.area.value
    explorer.f.value = 0.7
    assert "<svg" in explorer.area.value


def test_lstm_gate_explorer_output_carries_a_static_rendering_of_its_first_state():
    bundle = lstm_gate_explorer(f=0.2)._repr_mimebundle_()
    assert "<svg" in bundle["text/html"] and "0.20" in bundle["text/html"]
