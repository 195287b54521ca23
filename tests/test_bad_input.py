"""잘못된 입력은 공개 입구에서 곧바로, 한국어 메시지로 거절된다.

메시지는 인자 이름과 받은 값을 말한다 (NumPy 깊은 곳에서 나온 오류가 아니다).
거절된 호출은 아무것도 바꾸지 않는다: 그 뒤의 올바른 호출은 거절이 없었던 것과 같은 결과를 낸다.
기호: N 배치 크기, T 시각 수, D 입력 차원, H 은닉 상태 차원, V 어휘 수.
"""

import re
import shutil
from pathlib import Path

import numpy as np
import pytest

from rnnlib import (
    LSTM,
    RNN,
    SGD,
    Adam,
    BetterRnnlm,
    Embedding,
    Rnnlm,
    RnnlmTrainer,
    SimpleRnnlm,
    TimeAffine,
    TimeDropout,
    TimeEmbedding,
    TimeLSTM,
    TimeRNN,
    TimeSoftmaxWithLoss,
    clip_grads,
    eval_perplexity,
    load_korean,
    load_ptb,
    preprocess,
)

ROOT = Path(__file__).resolve().parents[1]
N, T, D, H, V = 2, 3, 3, 4, 5
MODELS = [SimpleRnnlm, Rnnlm]


def says(*fragments):
    """메시지에 fragments가 이 순서대로 들어 있으면 맞는 정규식 (pytest.raises의 match 용)."""
    return ".*".join(re.escape(fragment) for fragment in fragments)


def floats(*shape, dtype=np.float32, seed=1):
    return np.random.default_rng(seed).standard_normal(shape).astype(dtype)


def ids(*shape, seed=2):
    return np.random.default_rng(seed).integers(0, V, shape)


def recurrent_weights(gates=1, dtype=np.float32):
    """Wx (D, G*H), Wh (H, G*H), b (G*H,): RNN은 G=1, LSTM은 G=4."""
    return floats(D, gates * H, dtype=dtype, seed=3), floats(H, gates * H, dtype=dtype, seed=4), floats(gates * H)


# 계층 이름 -> (계층, forward 인자 목록, backward 인자 목록) 을 새로 만드는 함수
LAYERS = {
    "Embedding": lambda: (Embedding(floats(V, D)), [ids(N)], [floats(N, D)]),
    "RNN": lambda: (RNN(*recurrent_weights()), [floats(N, D), floats(N, H)], [floats(N, H)]),
    "LSTM": lambda: (
        LSTM(*recurrent_weights(gates=4)),
        [floats(N, D), floats(N, H), floats(N, H)],
        [floats(N, H), floats(N, H)],
    ),
    "TimeEmbedding": lambda: (TimeEmbedding(floats(V, D)), [ids(N, T)], [floats(N, T, D)]),
    "TimeRNN": lambda: (TimeRNN(*recurrent_weights()), [floats(N, T, D)], [floats(N, T, H)]),
    "TimeLSTM": lambda: (TimeLSTM(*recurrent_weights(gates=4)), [floats(N, T, D)], [floats(N, T, H)]),
    "TimeAffine": lambda: (TimeAffine(floats(H, V), floats(V)), [floats(N, T, H)], [floats(N, T, V)]),
    "TimeSoftmaxWithLoss": lambda: (TimeSoftmaxWithLoss(), [floats(N, T, V), ids(N, T)], [1.0]),
    "TimeDropout": lambda: (TimeDropout(0.5, rng=0), [floats(N, T, H)], [floats(N, T, H)]),
}
FIRST_ARGUMENT = {
    "Embedding": "idx",
    "RNN": "x",
    "LSTM": "x",
    "TimeEmbedding": "xs",
    "TimeRNN": "xs",
    "TimeLSTM": "xs",
    "TimeAffine": "h",
    "TimeSoftmaxWithLoss": "xs",
    "TimeDropout": "xs",
}


def case(name, position, value, *fragments):
    """계층 name의 position 번째 인자를 value로 바꾼 경우. fragments[0]은 인자 이름."""
    return pytest.param(name, position, value, fragments, id=f"{name}-{fragments[0].strip('`')}")


def forward_with(name, position, value):
    layer, inputs, _ = LAYERS[name]()
    inputs[position] = value
    return layer.forward(*inputs)


def backward_with(name, position, value):
    layer, inputs, douts = LAYERS[name]()
    layer.forward(*inputs)
    douts[position] = value
    return layer.backward(*douts)


# ---------------------------------------------------------------- 계층: 가중치


@pytest.mark.parametrize("time", [False, True], ids=["one_step", "time"])
@pytest.mark.parametrize(
    ("kind", "shapes", "fragments"),
    [
        ("RNN", [(3, 4), (5, 5), (5,)], ["`Wx`의 열 수는 `Wh`와 같은 5이어야 하는데 4"]),
        ("RNN", [(3, 4), (4, 5), (5,)], ["`Wh`의 모양은 (H, 4)이어야 하는데 (4, 5)"]),
        ("RNN", [(3, 4), (4, 4), (5,)], ["`b`의 모양은 (4,)이어야 하는데 (5,)"]),
        ("RNN", [(3, 4), (4, 4), (1, 4)], ["`b`은(는) 1차원 배열이어야 하는데 2차원 배열 (모양=(1, 4))"]),
        ("RNN", [(3,), (4, 4), (4,)], ["`Wx`은(는) 2차원 배열이어야 하는데 1차원 배열 (모양=(3,))"]),
        ("LSTM", [(3, 16), (4, 4), (16,)], ["`Wh`의 모양은 (H, 4*H = 16)이어야 하는데 (4, 4)"]),
        ("LSTM", [(3, 4), (4, 16), (16,)], ["`Wx`의 열 수는 `Wh`와 같은 4*H = 16이어야 하는데 4"]),
        ("LSTM", [(3, 16), (4, 16), (4,)], ["`b`의 모양은 (16,)이어야 하는데 (4,)"]),
    ],
    ids=[
        "RNN-Wx_columns_differ_from_Wh",
        "RNN-Wh_not_H_by_H",
        "RNN-b_of_wrong_length",
        "RNN-b_with_two_dims",
        "RNN-Wx_with_one_dim",
        "LSTM-Wh_not_H_by_4H",
        "LSTM-Wx_columns_differ_from_Wh",
        "LSTM-b_of_wrong_length",
    ],
)
def test_recurrent_layer_rejects_weights_that_do_not_fit_together(time, kind, shapes, fragments):
    layer_class = {"RNN": (RNN, TimeRNN), "LSTM": (LSTM, TimeLSTM)}[kind][time]
    with pytest.raises(ValueError, match=says(*fragments)):
        layer_class(*(floats(*shape) for shape in shapes))


@pytest.mark.parametrize(("layer_class", "gates"), [(RNN, 1), (LSTM, 4), (TimeRNN, 1), (TimeLSTM, 4)])
def test_recurrent_layer_rejects_weights_of_mixed_float32_and_float64(layer_class, gates):
    Wx, _, b = recurrent_weights(gates)
    Wh = recurrent_weights(gates, dtype=np.float64)[1]
    with pytest.raises(TypeError, match=says("dtype이 서로 다릅니다", "Wx: float32, Wh: float64, b: float32")):
        layer_class(Wx, Wh, b)


@pytest.mark.parametrize(
    ("make_layer", "name"),
    [
        (lambda W: Embedding(W), "W"),
        (lambda W: TimeEmbedding(W), "W"),
        (lambda W: TimeAffine(W, floats(V)), "W"),
        (lambda W: RNN(W, *recurrent_weights()[1:]), "Wx"),
    ],
    ids=["Embedding", "TimeEmbedding", "TimeAffine", "RNN"],
)
def test_layer_rejects_integer_weights(make_layer, name):
    with pytest.raises(TypeError, match=says(f"`{name}`의 dtype은 float32 또는 float64", "int64")):
        make_layer(np.ones((D, H), dtype=np.int64))


@pytest.mark.parametrize("layer_class", [Embedding, TimeEmbedding])
def test_embedding_rejects_weights_that_are_not_a_matrix(layer_class):
    with pytest.raises(ValueError, match=says("`W`은(는) 2차원 배열", "1차원 배열 (모양=(5,))")):
        layer_class(floats(V))


@pytest.mark.parametrize(
    ("b", "error", "fragments"),
    [
        (floats(V + 1), ValueError, ["`b`의 모양은 (5,)이어야 하는데 (6,)"]),
        (floats(V, dtype=np.float64), TypeError, ["dtype이 서로 다릅니다", "W: float32, b: float64"]),
    ],
    ids=["b_of_wrong_length", "b_of_other_dtype"],
)
def test_time_affine_rejects_bias_that_does_not_fit_W(b, error, fragments):
    with pytest.raises(error, match=says(*fragments)):
        TimeAffine(floats(H, V), b)


# ---------------------------------------------------------------- 계층: forward


@pytest.mark.parametrize(
    ("name", "position", "value", "fragments"),
    [
        case("Embedding", 0, ids(N, T), "`idx`", "1차원 배열이어야", "2차원 배열 (모양=(2, 3))"),
        case("RNN", 0, floats(N, T, D), "`x`", "2차원 배열 (?, 3)", "3차원 배열 (모양=(2, 3, 3))"),
        case("RNN", 1, floats(H), "`h_prev`", "2차원 배열 (2, 4)", "1차원 배열 (모양=(4,))"),
        case("LSTM", 2, floats(N, H, 1), "`c_prev`", "2차원 배열 (2, 4)", "3차원 배열 (모양=(2, 4, 1))"),
        case("TimeEmbedding", 0, ids(N * T), "`xs`", "2차원 배열이어야", "1차원 배열 (모양=(6,))"),
        case("TimeRNN", 0, floats(N, D), "`xs`", "3차원 배열 (?, ?, 3)", "2차원 배열 (모양=(2, 3))"),
        case("TimeLSTM", 0, floats(N, D), "`xs`", "3차원 배열 (?, ?, 3)", "2차원 배열 (모양=(2, 3))"),
        case("TimeAffine", 0, floats(N, H), "`h`", "3차원 배열 (?, ?, 4)", "2차원 배열 (모양=(2, 4))"),
        case("TimeSoftmaxWithLoss", 0, floats(N * T, V), "`xs`", "3차원 배열이어야", "2차원 배열 (모양=(6, 5))"),
        case("TimeSoftmaxWithLoss", 1, ids(N * T), "`ts`", "2차원 배열 (2, 3)", "1차원 배열 (모양=(6,))"),
        case("TimeDropout", 0, floats(N, H), "`xs`", "3차원 배열이어야", "2차원 배열 (모양=(2, 4))"),
    ],
)
def test_forward_rejects_input_with_wrong_number_of_dims(name, position, value, fragments):
    with pytest.raises(ValueError, match=says(*fragments)):
        forward_with(name, position, value)


@pytest.mark.parametrize(
    ("name", "position", "value", "fragments"),
    [
        case("RNN", 0, floats(N, D + 1), "`x`", "모양은 (?, 3)이어야 하는데 (2, 4)"),
        case("RNN", 1, floats(N + 1, H), "`h_prev`", "모양은 (2, 4)이어야 하는데 (3, 4)"),
        case("LSTM", 1, floats(N, H + 1), "`h_prev`", "모양은 (2, 4)이어야 하는데 (2, 5)"),
        case("LSTM", 2, floats(N + 1, H), "`c_prev`", "모양은 (2, 4)이어야 하는데 (3, 4)"),
        case("TimeRNN", 0, floats(N, T, D + 1), "`xs`", "모양은 (?, ?, 3)이어야 하는데 (2, 3, 4)"),
        case("TimeLSTM", 0, floats(N, T, D + 1), "`xs`", "모양은 (?, ?, 3)이어야 하는데 (2, 3, 4)"),
        case("TimeAffine", 0, floats(N, T, H + 1), "`h`", "모양은 (?, ?, 4)이어야 하는데 (2, 3, 5)"),
        case("TimeSoftmaxWithLoss", 1, ids(N, T + 1), "`ts`", "모양은 (2, 3)이어야 하는데 (2, 4)"),
    ],
)
def test_forward_rejects_input_whose_size_does_not_fit(name, position, value, fragments):
    with pytest.raises(ValueError, match=says(*fragments)):
        forward_with(name, position, value)


@pytest.mark.parametrize(
    ("name", "position", "value", "fragments"),
    [
        case("RNN", 0, floats(N, D, dtype=np.float64), "`x`", "float64인데 가중치의 dtype은 float32"),
        case("LSTM", 2, floats(N, H, dtype=np.float64), "`c_prev`", "float64인데 가중치의 dtype은 float32"),
        case("TimeRNN", 0, floats(N, T, D, dtype=np.float64), "`xs`", "float64인데 가중치의 dtype은 float32"),
        case("TimeLSTM", 0, floats(N, T, D, dtype=np.float64), "`xs`", "float64인데 가중치의 dtype은 float32"),
        case("TimeAffine", 0, floats(N, T, H, dtype=np.float64), "`h`", "float64인데 가중치의 dtype은 float32"),
        case("RNN", 1, np.ones((N, H), dtype=np.int64), "`h_prev`", "float32 또는 float64여야 하는데 int64"),
        case("TimeRNN", 0, floats(N, T, D, dtype=np.float16), "`xs`", "float32 또는 float64여야 하는데 float16"),
        case("TimeSoftmaxWithLoss", 0, ids(N, T, V), "`xs`", "float32 또는 float64여야 하는데 int64"),
    ],
)
def test_forward_rejects_input_of_wrong_dtype(name, position, value, fragments):
    with pytest.raises(TypeError, match=says(*fragments)):
        forward_with(name, position, value)


@pytest.mark.parametrize("name", LAYERS)
def test_forward_rejects_a_list_instead_of_an_array(name):
    _, inputs, _ = LAYERS[name]()
    with pytest.raises(TypeError, match=says(f"`{FIRST_ARGUMENT[name]}`에는 NumPy 배열이 필요한데 list")):
        forward_with(name, 0, inputs[0].tolist())


@pytest.mark.parametrize(
    ("name", "position", "argument", "bad_id"),
    [
        ("Embedding", 0, "idx", V),
        ("Embedding", 0, "idx", -1),
        ("TimeEmbedding", 0, "xs", V),
        ("TimeEmbedding", 0, "xs", -1),
        ("TimeSoftmaxWithLoss", 1, "ts", V),
        ("TimeSoftmaxWithLoss", 1, "ts", -2),  # -1 은 '무시' 라서 허용된다
    ],
)
def test_forward_rejects_ids_outside_the_vocabulary(name, position, argument, bad_id):
    _, inputs, _ = LAYERS[name]()
    bad = inputs[position].copy()
    bad.flat[1] = bad_id
    with pytest.raises(ValueError, match=says(f"`{argument}`에 어휘 밖의 ID {bad_id}이(가)", "어휘 수가 5")):
        forward_with(name, position, bad)


@pytest.mark.parametrize(
    ("name", "position", "argument"),
    [("Embedding", 0, "idx"), ("TimeEmbedding", 0, "xs"), ("TimeSoftmaxWithLoss", 1, "ts")],
)
def test_forward_rejects_float_ids(name, position, argument):
    _, inputs, _ = LAYERS[name]()
    with pytest.raises(TypeError, match=says(f"`{argument}`은(는) 단어 ID를 담은 정수 배열", "float64")):
        forward_with(name, position, inputs[position].astype(np.float64))


def test_softmax_with_loss_rejects_targets_that_are_all_ignored():
    with pytest.raises(ValueError, match=says("`ts`의 타깃이 모두 -1(무시)")):
        forward_with("TimeSoftmaxWithLoss", 1, np.full((N, T), -1))


# ---------------------------------------------------------------- 계층: backward


@pytest.mark.parametrize(
    ("name", "position", "value", "fragments"),
    [
        case("Embedding", 0, floats(N, D + 1), "`dout`", "모양은 (2, 3)이어야 하는데 (2, 4)"),
        case("RNN", 0, floats(N + 1, H), "`dh_next`", "모양은 (2, 4)이어야 하는데 (3, 4)"),
        case("LSTM", 1, floats(N, H + 1), "`dc_next`", "모양은 (2, 4)이어야 하는데 (2, 5)"),
        case("TimeEmbedding", 0, floats(N, T + 1, D), "`dout`", "모양은 (2, 3, 3)이어야 하는데 (2, 4, 3)"),
        case("TimeRNN", 0, floats(N, T, H + 1), "`dhs`", "모양은 (2, 3, 4)이어야 하는데 (2, 3, 5)"),
        case("TimeLSTM", 0, floats(N, T * H), "`dhs`", "3차원 배열 (2, 3, 4)", "2차원 배열 (모양=(2, 12))"),
        case("TimeAffine", 0, floats(N, T, V + 1), "`dscore`", "모양은 (2, 3, 5)이어야 하는데 (2, 3, 6)"),
        case("TimeDropout", 0, floats(N, T + 1, H), "`dout`", "모양은 (2, 3, 4)이어야 하는데 (2, 4, 4)"),
    ],
)
def test_backward_rejects_gradient_of_wrong_shape(name, position, value, fragments):
    with pytest.raises(ValueError, match=says(*fragments)):
        backward_with(name, position, value)


@pytest.mark.parametrize(
    ("name", "argument"),
    [
        ("Embedding", "dout"),
        ("RNN", "dh_next"),
        ("LSTM", "dh_next"),
        ("TimeEmbedding", "dout"),
        ("TimeRNN", "dhs"),
        ("TimeLSTM", "dhs"),
        ("TimeAffine", "dscore"),
        ("TimeDropout", "dout"),
    ],
)
def test_backward_rejects_gradient_of_other_dtype_than_the_weights(name, argument):
    _, _, douts = LAYERS[name]()
    with pytest.raises(TypeError, match=says(f"`{argument}`의 dtype이 float64인데 가중치의 dtype은 float32")):
        backward_with(name, 0, douts[0].astype(np.float64))


@pytest.mark.parametrize(
    ("dout", "received"),
    [("1", "str '1'"), (np.ones(3), "모양=(3,)"), (float("nan"), "float nan")],
    ids=["str", "array", "nan"],
)
def test_softmax_with_loss_backward_rejects_dout_that_is_not_a_finite_number(dout, received):
    with pytest.raises(TypeError, match=says("`dout`은(는) 유한한 실수여야 하는데", received)):
        backward_with("TimeSoftmaxWithLoss", 0, dout)


@pytest.mark.parametrize("name", LAYERS)
def test_layer_backward_before_forward_raises_runtime_error(name):
    layer, _, douts = LAYERS[name]()
    with pytest.raises(RuntimeError, match=says(f"{name}.backward를 forward보다 먼저 불렀습니다")):
        layer.backward(*douts)


@pytest.mark.parametrize("model_class", MODELS)
def test_model_backward_before_forward_raises_runtime_error(model_class):
    with pytest.raises(RuntimeError, match=says("backward를 forward보다 먼저 불렀습니다")):
        model_class(V, D, H, rng=0).backward()


def backward_results(layer, douts):
    """backward의 반환값 (None, 배열 하나, 배열의 튜플)과 grads의 복사본을 배열 목록으로."""
    outputs = layer.backward(*douts)
    if outputs is None:
        outputs = ()
    elif not isinstance(outputs, tuple):
        outputs = (outputs,)
    return [np.copy(out) for out in outputs] + [g.copy() for g in layer.grads]


@pytest.mark.parametrize("name", LAYERS)
def test_layer_gives_the_same_backward_after_a_rejected_forward(name):
    layer, inputs, douts = LAYERS[name]()
    layer.forward(*inputs)
    before = backward_results(layer, douts)
    with pytest.raises(TypeError):
        layer.forward(inputs[0].tolist(), *inputs[1:])
    after = backward_results(layer, douts)
    for old, new in zip(before, after, strict=True):
        np.testing.assert_array_equal(old, new)


# ---------------------------------------------------------------- 이어받는 상태 (stateful)


@pytest.mark.parametrize(("layer_class", "gates"), [(TimeRNN, 1), (TimeLSTM, 4)])
def test_stateful_layer_carrying_a_batch_of_20_asks_for_reset_state_before_a_batch_of_1(layer_class, gates):
    layer = layer_class(*recurrent_weights(gates), stateful=True)
    layer.forward(floats(20, T, D))
    with pytest.raises(ValueError, match=says("배치 크기는 20", "xs의 배치 크기는 1", "reset_state()")):
        layer.forward(floats(1, T, D))


@pytest.mark.parametrize(("layer_class", "gates"), [(TimeRNN, 1), (TimeLSTM, 4)])
def test_stateful_layer_takes_a_batch_of_1_after_reset_state(layer_class, gates):
    layer = layer_class(*recurrent_weights(gates), stateful=True)
    layer.forward(floats(20, T, D))
    layer.reset_state()
    assert layer.forward(floats(1, T, D)).shape == (1, T, H)


@pytest.mark.parametrize(("layer_class", "gates"), [(TimeRNN, 1), (TimeLSTM, 4)])
def test_stateful_layer_keeps_its_state_after_a_rejected_forward(layer_class, gates):
    layer, twin = (layer_class(*recurrent_weights(gates), stateful=True) for _ in range(2))
    first, second = floats(20, T, D, seed=5), floats(20, T, D, seed=6)
    layer.forward(first)
    twin.forward(first)
    with pytest.raises(ValueError):
        layer.forward(floats(1, T, D))
    np.testing.assert_array_equal(layer.forward(second), twin.forward(second))


@pytest.mark.parametrize("layer_class", [TimeRNN, TimeLSTM])
def test_set_state_rejects_hidden_state_of_other_size(layer_class):
    layer = layer_class(*recurrent_weights(4 if layer_class is TimeLSTM else 1), stateful=True)
    with pytest.raises(ValueError, match=says("`h`의 모양은 (?, 4)이어야 하는데 (2, 5)")):
        layer.set_state(floats(N, H + 1))


# ---------------------------------------------------------------- 모델


@pytest.mark.parametrize("model_class", MODELS)
@pytest.mark.parametrize("argument", ["vocab_size", "wordvec_size", "hidden_size"])
@pytest.mark.parametrize("value", [0, -3])
def test_model_rejects_sizes_below_one(model_class, argument, value):
    sizes = {"vocab_size": V, "wordvec_size": D, "hidden_size": H, argument: value}
    with pytest.raises(ValueError, match=says(f"`{argument}`은(는) 1 이상이어야 하는데 {value}을(를)")):
        model_class(**sizes)


@pytest.mark.parametrize("model_class", MODELS)
def test_model_rejects_a_size_that_is_not_an_integer(model_class):
    with pytest.raises(TypeError, match=says("`hidden_size`은(는) 양의 정수여야 하는데 float 2.5")):
        model_class(V, D, 2.5)


@pytest.mark.parametrize("model_class", MODELS)
def test_model_rejects_an_integer_dtype(model_class):
    with pytest.raises(TypeError, match=says("`dtype`은 float32 또는 float64여야 하는데 int32")):
        model_class(V, D, H, dtype=np.int32)


@pytest.mark.parametrize("model_class", MODELS)
@pytest.mark.parametrize(
    ("xs", "ts", "error", "fragments"),
    [
        (ids(N, T) + V, ids(N, T), ValueError, ["`xs`에 어휘 밖의 ID ", "어휘 수가 5"]),
        (ids(N, T), ids(N, T) - V, ValueError, ["`ts`에 어휘 밖의 ID -", "어휘 수가 5"]),
        (ids(N, T).astype(np.float32), ids(N, T), TypeError, ["`xs`은(는) 단어 ID를 담은 정수 배열", "float32"]),
        (ids(N * T), ids(N * T), ValueError, ["`xs`은(는) 2차원 배열", "1차원 배열 (모양=(6,))"]),
        (ids(N, T), ids(N, T + 1), ValueError, ["`ts`의 모양은 (2, 3)이어야 하는데 (2, 4)"]),
    ],
    ids=["xs_outside_vocabulary", "negative_ts", "float_xs", "xs_with_one_dim", "ts_longer_than_xs"],
)
def test_model_forward_rejects_word_ids_that_do_not_fit_the_model(model_class, xs, ts, error, fragments):
    with pytest.raises(error, match=says(*fragments)):
        model_class(V, D, H, rng=0).forward(xs, ts)


@pytest.mark.parametrize("model_class", MODELS)
def test_model_carrying_a_batch_of_20_asks_for_reset_state_before_a_batch_of_1(model_class):
    model = model_class(V, D, H, rng=0)
    model.forward(ids(20, T), ids(20, T))
    with pytest.raises(ValueError, match=says("배치 크기는 20", "xs의 배치 크기는 1", "reset_state()")):
        model.forward(ids(1, T), ids(1, T))


@pytest.mark.parametrize("model_class", MODELS)
def test_model_keeps_its_hidden_state_after_a_rejected_forward(model_class):
    model, twin = model_class(V, D, H, rng=0), model_class(V, D, H, rng=0)
    first, second = ids(N, T, seed=5), ids(N, T, seed=6)
    model.forward(first, second)
    twin.forward(first, second)
    with pytest.raises(ValueError):
        model.forward(second, second + V)  # 정답이 어휘 밖: 거절된다
    assert model.forward(second, first) == twin.forward(second, first)


@pytest.mark.parametrize("model_class", MODELS)
@pytest.mark.parametrize(
    ("start_id", "received"),
    [(V, "int 5"), (-1, "int -1"), (1.0, "float 1.0"), ("the", "str 'the'")],
    ids=["too_large", "negative", "float", "word"],
)
def test_generate_rejects_start_id_outside_the_vocabulary(model_class, start_id, received):
    with pytest.raises(ValueError, match=says("`start_id`는 0 ~ 4의 단어 ID", received)):
        model_class(V, D, H, rng=0).generate(start_id)


@pytest.mark.parametrize("model_class", MODELS)
@pytest.mark.parametrize("skip_ids", [list(range(V)), set(range(V)), np.arange(V)], ids=["list", "set", "array"])
def test_generate_rejects_skip_ids_covering_the_whole_vocabulary(model_class, skip_ids):
    with pytest.raises(ValueError, match=says("`skip_ids`가 어휘 5개를 모두 막아서 뽑을 단어가 없습니다")):
        model_class(V, D, H, rng=0).generate(0, skip_ids=skip_ids)


@pytest.mark.parametrize("model_class", MODELS)
@pytest.mark.parametrize(
    ("skip_ids", "error", "fragments"),
    [
        (["<unk>"], TypeError, ["`skip_ids`은(는) 단어 ID를 담은 정수 배열", "<U5"]),
        ([1, V], ValueError, ["`skip_ids`에 어휘 밖의 ID 5이(가)", "어휘 수가 5"]),
        (3, ValueError, ["`skip_ids`은(는) 1차원 배열", "0차원 배열"]),
    ],
    ids=["words_instead_of_ids", "id_outside_vocabulary", "single_int"],
)
def test_generate_rejects_skip_ids_that_are_not_a_list_of_word_ids(model_class, skip_ids, error, fragments):
    with pytest.raises(error, match=says(*fragments)):
        model_class(V, D, H, rng=0).generate(0, skip_ids=skip_ids)


@pytest.mark.parametrize("model_class", MODELS)
def test_generate_rejects_sample_size_below_one(model_class):
    with pytest.raises(ValueError, match=says("`sample_size`은(는) 1 이상이어야 하는데 0을(를)")):
        model_class(V, D, H, rng=0).generate(0, sample_size=0)


@pytest.mark.parametrize(
    ("ratio", "error", "received"),
    [
        (1.0, ValueError, "0 이상 1 미만이어야 하는데 1.0"),
        (-0.1, ValueError, "0 이상 1 미만이어야 하는데 -0.1"),
        ("0.5", TypeError, "유한한 실수여야 하는데 str '0.5'"),
        (float("nan"), TypeError, "유한한 실수여야 하는데 float nan"),
    ],
    ids=["one", "negative", "str", "nan"],
)
@pytest.mark.parametrize("make", [TimeDropout, lambda r: BetterRnnlm(V, H, H, dropout_ratio=r)], ids=["layer", "model"])
def test_dropout_ratio_outside_zero_to_one_is_rejected(make, ratio, error, received):
    with pytest.raises(error, match=says("`dropout_ratio`", received)):
        make(ratio)


def test_better_rnnlm_rejects_wordvec_and_hidden_sizes_that_cannot_be_tied():
    with pytest.raises(ValueError, match=says("가중치를 묶으려면", "`wordvec_size`와 `hidden_size`", "3와(과) 4")):
        BetterRnnlm(V, D, H)


@pytest.mark.parametrize(
    ("sizes", "error", "fragments"),
    [
        ({"num_layers": 0}, ValueError, ["`num_layers`은(는) 1 이상이어야 하는데 0을(를)"]),
        ({"num_layers": 1.5}, TypeError, ["`num_layers`은(는) 양의 정수여야 하는데 float 1.5"]),
        ({"hidden_size": 0, "wordvec_size": 0}, ValueError, ["`wordvec_size`은(는) 1 이상이어야 하는데 0을(를)"]),
        ({"vocab_size": -2}, ValueError, ["`vocab_size`은(는) 1 이상이어야 하는데 -2을(를)"]),
        ({"dtype": np.int32}, TypeError, ["`dtype`은 float32 또는 float64여야 하는데 int32"]),
    ],
    ids=["no_layers", "float_layers", "zero_size", "negative_vocabulary", "integer_dtype"],
)
def test_better_rnnlm_rejects_bad_sizes(sizes, error, fragments):
    arguments = {"vocab_size": V, "wordvec_size": H, "hidden_size": H, **sizes}
    with pytest.raises(error, match=says(*fragments)):
        BetterRnnlm(**arguments)


def test_better_rnnlm_forward_rejects_ids_outside_the_vocabulary_before_moving_its_state():
    model, twin = BetterRnnlm(V, H, H, rng=0), BetterRnnlm(V, H, H, rng=0)
    first, second = ids(N, T, seed=5), ids(N, T, seed=6)
    model.forward(first, second, train_flg=False)
    twin.forward(first, second, train_flg=False)
    with pytest.raises(ValueError, match=says("`ts`에 어휘 밖의 ID ", "어휘 수가 5")):
        model.forward(second, second + V, train_flg=False)
    assert model.forward(second, first, train_flg=False) == twin.forward(second, first, train_flg=False)


def test_better_rnnlm_backward_before_forward_raises_runtime_error():
    with pytest.raises(RuntimeError, match=says("backward를 forward보다 먼저 불렀습니다")):
        BetterRnnlm(V, H, H, rng=0).backward()


# ---------------------------------------------------------------- 가중치 저장과 불러오기


@pytest.mark.parametrize("model_class", MODELS)
def test_load_params_from_a_missing_file_names_the_file(model_class, tmp_path):
    path = tmp_path / "없는파일.npz"
    with pytest.raises(FileNotFoundError, match=says("가중치 파일을 찾을 수 없습니다", str(path))):
        model_class(V, D, H, rng=0).load_params(path)


@pytest.mark.parametrize("model_class", MODELS)
def test_load_params_rejects_a_file_saved_from_a_model_of_other_sizes(model_class, tmp_path):
    path = model_class(V, D, H + 1, rng=0).save_params(tmp_path / "bigger.npz")
    with pytest.raises(ValueError, match=says(str(path), "이 모델의 모양", f"{model_class.__name__}에서 저장")):
        model_class(V, D, H, rng=0).load_params(path)


def test_load_params_rejects_a_simple_rnnlm_file_loaded_into_an_rnnlm(tmp_path):
    path = SimpleRnnlm(V, D, H, rng=0).save_params(tmp_path / "simple.npz")
    with pytest.raises(ValueError, match=says(str(path), "이 모델의 모양", "SimpleRnnlm에서 저장")):
        Rnnlm(V, D, H, rng=0).load_params(path)


@pytest.mark.parametrize("model_class", MODELS)
def test_load_params_rejects_a_damaged_file(model_class, tmp_path):
    path = model_class(V, D, H, rng=0).save_params(tmp_path / "damaged.npz")
    path.write_bytes(path.read_bytes()[:100])
    with pytest.raises(ValueError, match=says(str(path), "save_params로 저장한 .npz 파일이 아닙니다")):
        model_class(V, D, H, rng=0).load_params(path)


@pytest.mark.parametrize("model_class", MODELS)
def test_rejected_load_params_leaves_the_parameters_unchanged(model_class, tmp_path):
    path = model_class(V, D, H + 1, rng=1).save_params(tmp_path / "bigger.npz")
    model = model_class(V, D, H, rng=0)
    before = [p.copy() for p in model.params]
    loss_before = model_class(V, D, H, rng=0).forward(ids(N, T), ids(N, T))
    with pytest.raises(ValueError):
        model.load_params(path)
    for old, new in zip(before, model.params, strict=True):
        np.testing.assert_array_equal(old, new)
    assert model.forward(ids(N, T), ids(N, T)) == loss_before


# ---------------------------------------------------------------- 최적화 기법


@pytest.mark.parametrize("optimizer_class", [SGD, Adam])
@pytest.mark.parametrize(
    ("lr", "error", "received"),
    [
        (0, ValueError, "0보다 커야 하는데 0을(를)"),
        (-0.1, ValueError, "0보다 커야 하는데 -0.1을(를)"),
        (float("nan"), TypeError, "유한한 실수여야 하는데 float nan"),
        ("0.1", TypeError, "유한한 실수여야 하는데 str '0.1'"),
    ],
    ids=["zero", "negative", "nan", "str"],
)
def test_optimizer_rejects_learning_rate_that_is_not_a_positive_number(optimizer_class, lr, error, received):
    with pytest.raises(error, match=says("`lr`은(는)", received)):
        optimizer_class(lr=lr)


@pytest.mark.parametrize(
    ("betas", "error", "fragments"),
    [
        ({"beta1": 1.0}, ValueError, ["`beta1`은(는) 0 이상 1 미만이어야 하는데 1.0"]),
        ({"beta2": -0.1}, ValueError, ["`beta2`은(는) 0 이상 1 미만이어야 하는데 -0.1"]),
        ({"beta1": "0.9"}, TypeError, ["`beta1`은(는) 유한한 실수여야 하는데 str '0.9'"]),
    ],
    ids=["beta1_one", "beta2_negative", "beta1_str"],
)
def test_adam_rejects_beta_outside_zero_to_one(betas, error, fragments):
    with pytest.raises(error, match=says(*fragments)):
        Adam(**betas)


@pytest.mark.parametrize("max_norm", [0, -1.0])
def test_clip_grads_rejects_max_norm_that_is_not_positive(max_norm):
    with pytest.raises(ValueError, match=says(f"`max_norm`은(는) 0보다 커야 하는데 {max_norm}을(를)")):
        clip_grads([floats(N, H)], max_norm)


@pytest.mark.parametrize("optimizer_class", [SGD, Adam])
@pytest.mark.parametrize(
    ("grads", "fragments"),
    [
        ([floats(N, H)], ["params (2개)와 grads (1개)의 길이가 다릅니다"]),
        ([floats(1, H), floats(H)], ["params[0]의 모양 (2, 4)와(과) grads[0]의 모양 (1, 4)이(가) 다릅니다"]),
    ],
    ids=["fewer_grads", "grad_that_would_broadcast"],
)
def test_optimizer_update_rejects_grads_that_do_not_match_params(optimizer_class, grads, fragments):
    params = [floats(N, H), floats(H)]
    before = [p.copy() for p in params]
    with pytest.raises(ValueError, match=says(*fragments)):
        optimizer_class().update(params, grads)
    for old, new in zip(before, params, strict=True):
        np.testing.assert_array_equal(old, new)


# ---------------------------------------------------------------- NaN, inf


def with_value(array, value, where=(0,)):
    array = array.copy()
    array[where] = value
    return array


@pytest.mark.parametrize("value", [np.nan, np.inf, -np.inf], ids=["nan", "inf", "-inf"])
@pytest.mark.parametrize("name", [n for n in LAYERS if n not in ("Embedding", "TimeEmbedding")])
def test_forward_rejects_a_non_finite_input_and_says_where_it_is(name, value):
    layer, inputs, _ = LAYERS[name]()
    bad = with_value(inputs[0], value, (1,) * inputs[0].ndim)
    where = "(" + ", ".join(["1"] * inputs[0].ndim) + ")"
    with pytest.raises(ValueError, match=says(f"`{FIRST_ARGUMENT[name]}`에 유한하지 않은 값", f"위치 {where}")):
        forward_with(name, 0, bad)


def test_backward_rejects_a_non_finite_gradient():
    with pytest.raises(ValueError, match=says("`dhs`에 유한하지 않은 값 nan", "학습률을 줄이거나")):
        backward_with("TimeRNN", 0, with_value(floats(N, T, H), np.nan, (0, 2, 1)))


def test_layer_rejects_non_finite_weights_when_it_is_made():
    Wx, Wh, b = recurrent_weights()
    with pytest.raises(ValueError, match=says("`Wh`에 유한하지 않은 값 inf", "위치 (0, 0)")):
        TimeRNN(Wx, with_value(Wh, np.inf, (0, 0)), b)


# ---------------------------------------------------------------- 학습 (RnnlmTrainer) 과 평가 (eval_perplexity)


def toy_corpus(repeat=10):
    """ "You say goodbye and I say hello."를 repeat 번 이은 말뭉치 (L = 8 * repeat, 어휘 7)."""
    corpus, word_to_id, _ = preprocess()
    return np.tile(corpus, repeat), len(word_to_id)


def fit_toy(model=None, optimizer=None, **options):
    corpus, vocab_size = toy_corpus()
    model = model or SimpleRnnlm(vocab_size, D, H, rng=0)
    trainer = RnnlmTrainer(model, optimizer or SGD(0.1))
    xs, ts = options.pop("xs", corpus[:-1]), options.pop("ts", corpus[1:])
    settings = {"max_epoch": 2, "batch_size": 2, "time_size": 5, "quiet": True, **options}
    return trainer.fit(xs, ts, **settings)


@pytest.mark.parametrize("argument", ["max_epoch", "batch_size", "time_size", "eval_interval"])
@pytest.mark.parametrize("value", [0, -1])
def test_fit_rejects_sizes_below_one(argument, value):
    with pytest.raises(ValueError, match=says(f"`{argument}`은(는) 1 이상이어야 하는데 {value}을(를)")):
        fit_toy(**{argument: value})


@pytest.mark.parametrize("value", [0, -1.0])
def test_fit_rejects_max_grad_that_is_not_positive(value):
    with pytest.raises(ValueError, match=says(f"`max_grad`은(는) 0보다 커야 하는데 {value}을(를)")):
        fit_toy(max_grad=value)


def test_fit_rejects_xs_and_ts_of_different_lengths():
    corpus, _ = toy_corpus()
    with pytest.raises(ValueError, match=says("`xs` (79개)와 `ts` (78개)의 길이가 같아야")):
        fit_toy(xs=corpus[:-1], ts=corpus[1:-1])


@pytest.mark.parametrize(
    ("options", "fragments"),
    [
        ({"batch_size": 2, "time_size": 50}, ["말뭉치 길이 79이(가) 미니배치 하나", "2 × time_size 50 = 100", "줄여"]),
        ({"batch_size": 100}, ["`batch_size` 100이(가) 말뭉치 길이 79보다 큽니다"]),
    ],
    ids=["shorter_than_batch_times_time", "fewer_words_than_rows"],
)
def test_fit_rejects_a_corpus_too_short_for_one_batch(options, fragments):
    with pytest.raises(ValueError, match=says(*fragments)):
        fit_toy(**options)


@pytest.mark.parametrize(
    ("corpus", "error", "fragments"),
    [
        (np.array([], dtype=np.int32), ValueError, ["`xs`이(가) 비어 있습니다"]),
        (toy_corpus()[0].astype(np.float64), TypeError, ["`xs`은(는) 단어 ID를 담은 정수 배열", "float64"]),
        (toy_corpus()[0].tolist(), TypeError, ["`xs`에는 NumPy 배열이 필요한데 list"]),
        (toy_corpus()[0].reshape(4, 20), ValueError, ["`xs`은(는) 1차원 배열", "2차원 배열 (모양=(4, 20))"]),
    ],
    ids=["empty", "float", "list", "two_dims"],
)
def test_fit_rejects_a_corpus_that_is_not_a_1d_array_of_word_ids(corpus, error, fragments):
    with pytest.raises(error, match=says(*fragments)):
        fit_toy(xs=corpus, ts=corpus)


def test_fit_rejects_ids_outside_the_model_vocabulary():
    with pytest.raises(ValueError, match=says("`xs`에 어휘 밖의 ID 6이(가)", "어휘 수가 5")):
        fit_toy(model=SimpleRnnlm(V, D, H, rng=0))


@pytest.mark.parametrize("model_class", MODELS)
def test_rejected_fit_leaves_model_and_history_unchanged(model_class):
    corpus, vocab_size = toy_corpus()
    trainer = fit_toy(model=model_class(vocab_size, D, H, rng=0), eval_interval=1)
    params, history = [p.copy() for p in trainer.model.params], list(trainer.ppl_list)
    with pytest.raises(ValueError):
        trainer.fit(corpus[:-1], corpus[1:], batch_size=0, quiet=True)
    for old, new in zip(params, trainer.model.params, strict=True):
        np.testing.assert_array_equal(old, new)
    assert trainer.ppl_list == history


def test_diverging_loss_stops_with_a_floating_point_error_naming_the_iteration_and_the_remedy():
    remedy = "학습률 (지금 1000000.0)을 줄이거나 max_grad로 기울기 클리핑"
    with pytest.raises(FloatingPointError, match=says("에폭 1의 2번째 반복에서 손실이", "발산", remedy)):
        fit_toy(optimizer=SGD(1e6))


def test_fit_whose_weights_became_nan_stops_with_the_same_floating_point_error():
    """발산해 매개변수에 NaN 이 생긴 뒤의 forward 는 계층의 NaN 검사에 걸리지만, 학생이 보는 것은 fit 의 설명이다."""
    corpus, vocab_size = toy_corpus()
    model = SimpleRnnlm(vocab_size, D, H, rng=0)
    model.params[1][0, 0] = np.nan  # 발산한 갱신이 남긴 것처럼
    with pytest.raises(FloatingPointError, match=says("에폭 1의 1번째 반복에서 손실이 nan", "발산")):
        fit_toy(model=model)


@pytest.mark.parametrize(
    ("model", "optimizer", "error", "fragments"),
    [
        ("not a model", SGD(0.1), TypeError, ["`model`에는 언어 모델", "str 'not a model'", "forward"]),
        (None, object(), TypeError, ["`optimizer`에는 update(params, grads)가 있는 최적화 기법", "object"]),
    ],
    ids=["model", "optimizer"],
)
def test_trainer_rejects_a_wrong_collaborator_with_a_korean_message(model, optimizer, error, fragments):
    corpus, vocab_size = toy_corpus()
    model = SimpleRnnlm(vocab_size, D, H, rng=0) if model is None else model
    with pytest.raises(error, match=says(*fragments)):
        RnnlmTrainer(model, optimizer)


def test_eval_perplexity_rejects_something_that_is_not_a_language_model():
    with pytest.raises(TypeError, match=says("`model`에는 언어 모델", "list")):
        eval_perplexity([1, 2, 3], toy_corpus()[0])


def test_diverging_fit_keeps_the_perplexities_recorded_before_it_stopped():
    corpus, vocab_size = toy_corpus()
    trainer = RnnlmTrainer(SimpleRnnlm(vocab_size, D, H, rng=0), SGD(1e6))
    with pytest.raises(FloatingPointError) as stopped:
        trainer.fit(corpus[:-1], corpus[1:], max_epoch=1, batch_size=2, time_size=5, eval_interval=1, quiet=True)
    iteration = int(re.search(r"에폭 1의 (\d+)번째 반복", str(stopped.value)).group(1))
    assert iteration > 1
    assert len(trainer.ppl_list) == iteration - 1  # 멈춘 반복 전까지, 반복마다 하나씩
    assert np.isfinite(trainer.ppl_list).all()


@pytest.mark.parametrize(
    ("corpus", "options", "fragments"),
    [
        (ids(1), {}, ["`corpus`는 단어가 2개 이상이어야 하는데 1개"]),
        (ids(6), {"batch_size": 10}, ["`batch_size` 10이(가) 말뭉치 길이 5보다 큽니다"]),
        (ids(8), {"batch_size": 2, "time_size": 5}, ["말뭉치 길이 7이(가) 미니배치 하나", "= 10)보다 짧습니다"]),
    ],
    ids=["one_word", "fewer_words_than_rows", "shorter_than_batch_times_time"],
)
def test_eval_perplexity_rejects_a_corpus_too_short_for_one_batch(corpus, options, fragments):
    with pytest.raises(ValueError, match=says(*fragments)):
        eval_perplexity(SimpleRnnlm(V, D, H, rng=0), corpus, quiet=True, **options)


@pytest.mark.parametrize("argument", ["batch_size", "time_size"])
def test_eval_perplexity_rejects_sizes_below_one(argument):
    with pytest.raises(ValueError, match=says(f"`{argument}`은(는) 1 이상이어야 하는데 0을(를)")):
        eval_perplexity(SimpleRnnlm(V, D, H, rng=0), ids(50), quiet=True, **{argument: 0})


def test_eval_perplexity_rejects_ids_outside_the_model_vocabulary():
    with pytest.raises(ValueError, match=says("`corpus`에 어휘 밖의 ID 5이(가)", "어휘 수가 5")):
        eval_perplexity(SimpleRnnlm(V, D, H, rng=0), np.arange(50) % (V + 1), quiet=True)


# ---------------------------------------------------------------- 데이터 파일


@pytest.fixture
def data_copy(tmp_path, monkeypatch):
    """저장소의 data/ptb와 data/korean을 tmp_path에 복사하고 RNNLIB_DATA가 그곳을 가리키게 한다."""
    for folder in ("ptb", "korean"):
        shutil.copytree(ROOT / "data" / folder, tmp_path / folder)
    monkeypatch.setenv("RNNLIB_DATA", str(tmp_path))
    return tmp_path


@pytest.mark.parametrize("split", ["training", "dev", "Train"])
def test_load_ptb_rejects_an_unknown_split(split):
    with pytest.raises(ValueError, match=says("`split`은 'train', 'valid', 'test' 중 하나여야 하는데", repr(split))):
        load_ptb(split)


def test_load_korean_rejects_an_unknown_name():
    with pytest.raises(ValueError, match=says("`name`은 'all', 'constitution', 'bills' 중 하나", "'헌법'")):
        load_korean("헌법")


@pytest.mark.parametrize(
    ("file", "load"),
    [
        ("ptb/ptb.train.txt.gz", lambda: load_ptb("train")),
        ("ptb/ptb.valid.txt.gz", lambda: load_ptb("valid")),
        ("ptb/SHA256SUMS", lambda: load_ptb("test")),
        ("korean/bills.txt", lambda: load_korean()),
    ],
    ids=["ptb_train", "ptb_valid", "ptb_checksums", "korean_bills"],
)
def test_missing_data_file_is_named_with_how_to_restore_it(data_copy, file, load):
    (data_copy / file).unlink()
    with pytest.raises(FileNotFoundError, match=says("데이터 파일이 없습니다", str(data_copy / file), "git checkout")):
        load()


@pytest.mark.parametrize(
    ("file", "damage", "load"),
    [
        ("ptb/ptb.train.txt.gz", lambda blob: blob[:1000], lambda: load_ptb("train")),
        ("korean/constitution.txt", lambda blob: blob + "부칙".encode(), lambda: load_korean("constitution")),
        ("ptb/SHA256SUMS", lambda blob: b"not a checksum line\n", lambda: load_ptb("train")),
        ("korean/SHA256SUMS", lambda blob: b"\xff\xfe\x00", lambda: load_korean()),
    ],
    ids=["ptb_train_truncated", "korean_text_changed", "ptb_checksums_garbled", "korean_checksums_binary"],
)
def test_damaged_data_file_is_named_with_how_to_restore_it(data_copy, file, damage, load):
    path = data_copy / file
    path.write_bytes(damage(path.read_bytes()))
    with pytest.raises(ValueError, match=says(str(path), "손상", "git checkout")):
        load()


def test_restored_data_file_loads_again(data_copy):
    path = data_copy / "korean" / "bills.txt"
    path.write_bytes(path.read_bytes()[:-10])
    with pytest.raises(ValueError):
        load_korean("bills")
    shutil.copy(ROOT / "data" / "korean" / "bills.txt", path)  # `git checkout -- data/` 와 같은 일
    corpus, char_to_id, _ = load_korean("bills")
    assert len(corpus) > 0 and corpus.max() < len(char_to_id)
