"""모양 탐색기: 공식으로 낸 shape과 파라미터 수는 진짜 TimeRNN의 배열과 같고, 위젯은 조작에 반응한다."""

import numpy as np
import pytest

from rnnlib import RNN, TimeRNN
from rnnlib.viz.shapes import rnn_shapes
from rnnlib.widgets.shapes import shape_explorer


def zeros_rnn(D, H, stateful=False):
    return TimeRNN(np.zeros((D, H), np.float32), np.zeros((H, H), np.float32), np.zeros(H, np.float32), stateful)


def real_arrays(N, T, D, H, return_sequences, bidirectional):
    """진짜 계층을 0으로 순전파·역전파해 나온 배열들 (양방향이면 둘째 TimeRNN은 뒤집은 시퀀스를 읽는다)."""
    xs = np.zeros((N, T, D), np.float32)
    forward = zeros_rnn(D, H)
    hs = forward.forward(xs)
    layers, outputs = [forward], [hs]
    if bidirectional:
        backward = zeros_rnn(D, H)
        layers.append(backward)
        outputs.append(backward.forward(xs[:, ::-1].copy())[:, ::-1])  # 원래 시각 순서로 되돌린다
    if return_sequences:
        out = np.concatenate(outputs, axis=2)
    else:
        out = np.concatenate([outputs[0][:, -1]] + [o[:, 0] for o in outputs[1:]], axis=1)
    dout = np.zeros_like(out)
    dxs = np.zeros_like(xs)
    for k, layer in enumerate(layers):
        dhs = np.zeros((N, T, H), np.float32)
        if return_sequences:
            dhs[...] = dout[:, :, k * H : (k + 1) * H]
        else:
            dhs[:, -1] = dout[:, k * H : (k + 1) * H]  # 역방향에게도 자기 시퀀스의 마지막 시각
        step_dxs = layer.backward(dhs)
        dxs += step_dxs if k == 0 else step_dxs[:, ::-1]
    cell = RNN(*forward.params)  # 한 시각: RNN 이 h_prev 의 shape 을 검사한다
    h_prev = np.zeros((N, H), np.float32)
    h_t = cell.forward(xs[:, 0], h_prev)
    dh_t = dhs[:, 0] + forward.dh
    _, dh_future = cell.backward(dh_t)  # 앞 시각이 받을 미래의 몫 (dh_prev)
    Wx, Wh, b = forward.params
    dWx, dWh, db = forward.grads
    arrays = dict(xs=xs, x_t=xs[:, 0], h_prev=h_prev, h_t=h_t, hs=hs, out=out, Wx=Wx, Wh=Wh, b=b)
    arrays.update(dout=dout, dhs=dhs, dh_future=dh_future, dh_t=dh_t, dxs=dxs, dWx=dWx, dWh=dWh, db=db, dh=forward.dh)
    return arrays, sum(p.size for layer in layers for p in layer.params)


@pytest.mark.parametrize("return_sequences", [True, False])
@pytest.mark.parametrize("bidirectional", [False, True])
@pytest.mark.parametrize("N, T, D, H", [(2, 4, 10, 3), (1, 1, 1, 1), (3, 7, 5, 6)])
def test_every_reported_shape_equals_the_real_array_shape(N, T, D, H, return_sequences, bidirectional):
    view = rnn_shapes(N, T, D, H, return_sequences, bidirectional)
    arrays, param_count = real_arrays(N, T, D, H, return_sequences, bidirectional)
    reported = {item.name for item in view.forward + view.backward + view.params}
    assert reported == set(arrays)
    for name, array in arrays.items():
        assert view.shape_of(name) == array.shape, name
    assert view.param_count == param_count


def test_input_dim_10_and_3_units_give_42_parameters_and_84_when_bidirectional():
    assert rnn_shapes(D=10, H=3).param_count == 42
    assert rnn_shapes(D=10, H=3, bidirectional=True).param_count == 84
    assert "3 × (3 + 10 + 1) = 42" in rnn_shapes(D=10, H=3).param_formula


def test_framework_notation_names_batch_size_timesteps_and_units():
    view = rnn_shapes(2, 4, 10, 3, return_sequences=False)
    assert view.framework_input == "(batch_size, timesteps, input_dim) = (2, 4, 10)"
    assert view.framework_output == "(batch_size, units) = (2, 3)"
    assert view.framework_layer == "SimpleRNN(units=3, return_sequences=False)"


def test_backward_direction_ends_at_the_first_time_step():
    """역방향 TimeRNN이 마지막으로 만든 상태는 원래 순서의 시각 0 자리에 있다 (exports(1, 0))."""
    rng = np.random.default_rng(0)
    xs = rng.standard_normal((2, 5, 3)).astype(np.float32)
    layer = TimeRNN(*(rng.standard_normal(s).astype(np.float32) for s in [(3, 4), (4, 4), (4,)]))
    hs_back = layer.forward(xs[:, ::-1].copy())[:, ::-1]
    np.testing.assert_array_equal(layer.h, hs_back[:, 0])
    view = rnn_shapes(2, 5, 3, 4, return_sequences=False, bidirectional=True)
    assert view.exports(1, 0) and not view.exports(1, 4) and view.exports(0, 4) and not view.exports(0, 0)


@pytest.mark.parametrize("name, value", [("N", 0), ("T", -2), ("H", 1.5), ("D", True)])
def test_rnn_shapes_rejects_sizes_that_are_not_positive_integers(name, value):
    with pytest.raises((ValueError, TypeError), match=f"`{name}`"):
        rnn_shapes(**{name: value})


def test_shape_explorer_redraws_when_controls_change():
    explorer = shape_explorer()
    before = explorer.area.value
    assert "(2, 4, 3)" in before and "42" in before
    explorer.T.value = 9
    assert explorer.area.value != before and "(2, 9, 3)" in explorer.area.value
    explorer.bidirectional.value = True
    assert "84" in explorer.area.value and "(2, 9, 6)" in explorer.area.value
    explorer.return_sequences.value = False
    assert "(batch_size, 2·units) = (2, 6)" in explorer.area.value
    assert "입력값을 확인해 주세요" not in explorer.area.value


def test_shape_explorer_shows_a_korean_message_for_a_zero_size():
    explorer = shape_explorer()
    explorer.H.value = 0
    assert "입력값을 확인해 주세요" in explorer.area.value and "`H`" in explorer.area.value
    explorer.H.value = 3
    assert "<svg" in explorer.area.value


def test_shape_explorer_output_carries_a_static_rendering_of_its_first_state():
    bundle = shape_explorer(N=5, T=2, D=7, H=4)._repr_mimebundle_()
    assert "<svg" in bundle["text/html"] and "(5, 2, 7)" in bundle["text/html"]
