"""역전파가 낸 기울기는 수치 미분(중앙 차분)과 같다: 모든 계층과 두 언어 모델, float64 에서 상대 오차 < 1e-5.

float32 가 모든 가중치와 활성화의 기본 dtype 이라는 것도 여기서 확인한다.
기호: N 배치 크기, T 시각 수, D 입력 차원, H 은닉 상태 차원, V 어휘 수.
"""

import numpy as np
import pytest

from rnnlib import (
    LSTM,
    RNN,
    Embedding,
    Rnnlm,
    SimpleRnnlm,
    TimeAffine,
    TimeEmbedding,
    TimeLSTM,
    TimeRNN,
    TimeSoftmaxWithLoss,
    check_layer,
    check_model,
    numerical_gradient,
    relative_error,
)

N, T, D, H, V = 2, 3, 3, 4, 5
MAX_ERROR = 1e-5


def normal(rng, *shape, scale=1.0):
    return rng.standard_normal(shape) * scale  # float64


def recurrent_weights(rng, gates):
    return (
        normal(rng, D, gates * H, scale=1 / np.sqrt(D)),
        normal(rng, H, gates * H, scale=1 / np.sqrt(H)),
        normal(rng, gates * H, scale=0.1),
    )


def assert_gradients_match(errors, expected_names):
    """모든 이름을 확인했고 (빠진 것이 없고) 상대 오차가 모두 MAX_ERROR보다 작다."""
    assert set(errors) == set(expected_names)
    too_large = {name: error for name, error in errors.items() if not error < MAX_ERROR}
    assert not too_large, f"상대 오차가 {MAX_ERROR} 이상입니다: {too_large}"


PARAMS_3 = ["params[0]", "params[1]", "params[2]"]


def test_rnn_step_gradients_match_numerical_differences():
    rng = np.random.default_rng(0)
    layer = RNN(*recurrent_weights(rng, 1))
    errors = check_layer(layer, normal(rng, N, D), normal(rng, N, H))
    assert_gradients_match(errors, [*PARAMS_3, "inputs[0]", "inputs[1]"])


def test_lstm_step_gradients_match_numerical_differences():
    rng = np.random.default_rng(1)
    layer = LSTM(*recurrent_weights(rng, 4))
    errors = check_layer(layer, normal(rng, N, D), normal(rng, N, H), normal(rng, N, H))
    assert_gradients_match(errors, [*PARAMS_3, "inputs[0]", "inputs[1]", "inputs[2]"])


def test_embedding_step_gradient_adds_up_repeated_ids():
    rng = np.random.default_rng(2)
    layer = Embedding(normal(rng, V, D))
    assert_gradients_match(check_layer(layer, np.array([1, 3, 1, 1])), ["params[0]"])


def test_stateful_time_rnn_gradients_match_numerical_differences_after_set_state():
    rng = np.random.default_rng(3)
    layer = TimeRNN(*recurrent_weights(rng, 1), stateful=True)
    layer.set_state(normal(rng, N, H))
    errors = check_layer(layer, normal(rng, N, T, D))
    assert_gradients_match(errors, [*PARAMS_3, "inputs[0]"])


def test_stateful_time_lstm_gradients_match_numerical_differences_after_set_state_h_c():
    rng = np.random.default_rng(4)
    layer = TimeLSTM(*recurrent_weights(rng, 4), stateful=True)
    layer.set_state(normal(rng, N, H), normal(rng, N, H))
    errors = check_layer(layer, normal(rng, N, T, D))
    assert_gradients_match(errors, [*PARAMS_3, "inputs[0]"])


@pytest.mark.parametrize("layer_class, gates", [(TimeRNN, 1), (TimeLSTM, 4)])
def test_dh_after_backward_is_the_gradient_of_the_initial_hidden_state(layer_class, gates):
    rng = np.random.default_rng(5)
    layer = layer_class(*recurrent_weights(rng, gates), stateful=True)
    xs, h0, dhs = normal(rng, N, T, D), normal(rng, N, H), normal(rng, N, T, H)

    def loss():
        layer.set_state(h0)
        return float(np.sum(layer.forward(xs) * dhs))

    loss()
    layer.backward(dhs)
    assert relative_error(layer.dh, numerical_gradient(loss, h0)) < MAX_ERROR


def test_time_embedding_gradient_adds_up_repeated_ids():
    rng = np.random.default_rng(6)
    layer = TimeEmbedding(normal(rng, V, D))
    xs = np.array([[0, 2, 2], [2, 4, 0]])
    assert_gradients_match(check_layer(layer, xs), ["params[0]"])


def test_time_affine_gradients_match_numerical_differences():
    rng = np.random.default_rng(7)
    layer = TimeAffine(normal(rng, H, V), normal(rng, V))
    assert_gradients_match(check_layer(layer, normal(rng, N, T, H)), ["params[0]", "params[1]", "inputs[0]"])


def test_time_softmax_with_loss_gradient_matches_with_ignored_labels():
    rng = np.random.default_rng(8)
    ts = np.array([[1, -1, 4], [-1, 0, 2]])
    errors = check_layer(TimeSoftmaxWithLoss(), normal(rng, N, T, V, scale=2.0), ts)
    assert_gradients_match(errors, ["inputs[0]"])


@pytest.mark.parametrize("model_class", [SimpleRnnlm, Rnnlm])
def test_model_gradients_match_numerical_differences_in_float64(model_class):
    rng = np.random.default_rng(9)
    model = model_class(V, D, H, rng=9, dtype=np.float64)
    assert all(p.dtype == np.float64 for p in model.params)
    xs = rng.integers(0, V, size=(N, T))
    ts = rng.integers(0, V, size=(N, T))
    ts[0, 1] = -1
    errors = check_model(model, xs, ts)
    assert_gradients_match(errors, [f"params[{i}]" for i in range(6)])


# ---------------------------------------------------------------- 기본 dtype 은 float32


@pytest.mark.parametrize("model_class", [SimpleRnnlm, Rnnlm])
def test_every_model_param_and_grad_is_float32_by_default(model_class):
    model = model_class(V, D, H, rng=0)
    assert [p.dtype for p in model.params] == [np.float32] * 6
    assert [g.dtype for g in model.grads] == [np.float32] * 6


@pytest.mark.parametrize("model_class", [SimpleRnnlm, Rnnlm])
def test_activations_and_backward_signals_stay_float32_through_the_model(model_class):
    model = model_class(V, D, H, rng=0)
    xs = np.random.default_rng(1).integers(0, V, size=(N, T))
    embedding, recurrent, affine = model.layers
    vectors = embedding.forward(xs)
    hs = recurrent.forward(vectors)
    scores = affine.forward(hs)
    assert (vectors.dtype, hs.dtype, scores.dtype) == (np.float32,) * 3
    assert model.predict(xs).dtype == np.float32
    model.reset_state()
    model.forward(xs, xs)
    dscores = model.loss_layer.backward()
    dhs = affine.backward(dscores)
    dvectors = recurrent.backward(dhs)
    assert (dscores.dtype, dhs.dtype, dvectors.dtype, recurrent.dh.dtype) == (np.float32,) * 4
    model.backward()
    assert all(g.dtype == np.float32 for g in model.grads)
