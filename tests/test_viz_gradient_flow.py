"""기울기 소실·폭발 측정: TimeRNN.dh로 잰 값은 수치 미분, 한 시각 RNN 계층의 사슬과 같다."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

from rnnlib import RNN, TimeRNN, numerical_gradient, relative_error
from rnnlib.plotting import plot_gradient_norms
from rnnlib.viz.gradient_flow import flow_setup, gradient_from_last_state, gradient_norms

T, N, D, H = 6, 2, 3, 4


def small_case(scale):
    xs, Wx, Q, b, g = flow_setup(T, N, D, H, seed=1)
    return xs, Wx, scale * Q, b, g


@pytest.mark.parametrize("scale", [0.5, 1.0, 3.0])
def test_gradient_reaching_h0_matches_numerical_gradient(scale):
    xs, Wx, Wh, b, g = small_case(scale)
    h0 = TimeRNN(Wx, Wh, b).forward(xs[:, :1])[:, 0].copy()  # h_0

    def last_state_dot_g():
        rnn = TimeRNN(Wx, Wh, b, stateful=True)
        rnn.set_state(h0)
        return float(np.sum(rnn.forward(xs[:, 1:])[:, -1] * g))

    analytic = gradient_from_last_state(Wx, Wh, b, xs[:, 1:], h0, g)
    assert relative_error(analytic, numerical_gradient(last_state_dot_g, h0)) < 1e-7


@pytest.mark.parametrize("scale", [0.5, 1.5, 3.0])
def test_norms_equal_a_chain_of_one_step_rnn_layers(scale):
    """같은 가중치로 RNN 계층 T 개를 이어 dh_prev를 거꾸로 따라간 값과 같다."""
    flow = gradient_norms((scale,), T=T, N=N, D=D, H=H, seed=1)
    xs, Wx, Wh, b, g = small_case(scale)
    layers, h = [RNN(Wx, Wh, b) for _ in range(T)], np.zeros((N, H))
    for t, layer in enumerate(layers):
        h = layer.forward(xs[:, t], h)
    dh, expected = g, np.empty(T)
    for k in reversed(range(T)):
        expected[k] = np.linalg.norm(dh)
        _, dh = layers[k].backward(dh)
    np.testing.assert_allclose(flow.norms[0], expected, rtol=1e-10)


def test_gradient_starts_with_size_one_at_the_last_state():
    flow = gradient_norms((0.5, 3.0), T=10)
    np.testing.assert_array_equal(flow.norms[:, -1], 1.0)
    assert flow.T == 10 and flow.scales == (0.5, 3.0)


def test_small_scale_vanishes_and_large_scale_explodes_over_fifty_steps():
    flow = gradient_norms((0.5, 1.0, 3.0), T=50)
    vanish, unit, explode = flow.norms[:, 0]
    assert vanish < 1e-15 < unit < 1e-3 and explode > 1e4
    assert np.all(np.diff(flow.norms[0]) > 0)  # 배율 0.5: 거슬러 갈수록 매 시각 줄어든다


def test_plot_draws_one_line_per_scale_on_a_log_axis():
    flow = gradient_norms((0.5, 3.0), T=8)
    ax = plot_gradient_norms(flow)
    assert ax.get_yscale() == "log" and len(ax.get_lines()) == 3  # 배율 두 개 + 크기 1 의 기준선
    plt.close(ax.figure)


@pytest.mark.parametrize(
    "kwargs, error, fragment",
    [(dict(scales=()), TypeError, "`scales`"), (dict(scales="big"), TypeError, "`scales`"),
     (dict(scales=(1.0, -2.0)), ValueError, "scales의 원소"), (dict(T=1), ValueError, "`T`"),
     (dict(T=2.5), TypeError, "`T`"), (dict(H=0), ValueError, "`H`")],
)  # fmt: skip
def test_bad_arguments_raise_korean_errors_naming_the_argument(kwargs, error, fragment):
    with pytest.raises(error, match=fragment):
        gradient_norms(**kwargs)
