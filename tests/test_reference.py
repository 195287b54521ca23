"""rnnlib 은 교재의 알고리즘과 같은 수를 낸다: tests/reference.py 의 느린 참조 구현과 비교한다.

같은 float32 가중치와 입력에서 출력, 입력 기울기, 가중치 기울기, 손실, 학습의 퍼플렉서티 기록,
eval_perplexity 가 float32 정밀도 (rtol 1e-5, atol 1e-6) 로 같아야 한다.
미니배치 일정, 상태 이어받기, generate, 가중치 저장도 여기서 확인한다.
기호: N 배치 크기, T 시각 수, D 입력 차원, H 은닉 상태 차원, V 어휘 수.
"""

import numpy as np
import pytest
import reference as ref

from rnnlib import (
    LSTM,
    RNN,
    SGD,
    Embedding,
    Rnnlm,
    RnnlmTrainer,
    SimpleRnnlm,
    TimeAffine,
    TimeEmbedding,
    TimeLSTM,
    TimeRNN,
    TimeSoftmaxWithLoss,
    batch_offsets,
    batch_positions,
    eval_perplexity,
    get_batch,
    iters_per_epoch,
    load_ptb,
)

N, T, D, H, V = 3, 5, 4, 6, 11
RTOL, ATOL = 1e-5, 1e-6
MODELS = [(SimpleRnnlm, ref.simple_rnnlm), (Rnnlm, ref.rnnlm)]


def assert_close(actual, expected):
    np.testing.assert_allclose(actual, expected, rtol=RTOL, atol=ATOL)


def assert_all_close(actual_list, expected_list):
    assert len(actual_list) == len(expected_list)
    for actual, expected in zip(actual_list, expected_list):
        assert_close(actual, expected)


def normal(rng, *shape, scale=1.0):
    return (rng.standard_normal(shape) * scale).astype(np.float32)


def recurrent_weights(rng, gates):
    """Wx (D, G*H), Wh (H, G*H), b (G*H,): 게이트가 포화되지 않을 만큼의 크기."""
    return (
        normal(rng, D, gates * H, scale=1 / np.sqrt(D)),
        normal(rng, H, gates * H, scale=1 / np.sqrt(H)),
        normal(rng, gates * H, scale=0.1),
    )


def ptb_head(length=300):
    return load_ptb("train")[0][:length]


# ---------------------------------------------------------------- 한 시각짜리 계층


def test_rnn_step_forward_and_all_gradients_equal_reference():
    rng = np.random.default_rng(0)
    Wx, Wh, b = recurrent_weights(rng, 1)
    x, h_prev, dh_next = normal(rng, N, D), normal(rng, N, H), normal(rng, N, H)
    layer, cell = RNN(Wx, Wh, b), ref.RNNCell(Wx, Wh, b)
    assert_close(layer.forward(x, h_prev), cell.forward(x, h_prev))
    dx, dh_prev = layer.backward(dh_next)
    ref_dx, ref_dh_prev, ref_grads = cell.backward(dh_next)
    assert_close(dx, ref_dx)
    assert_close(dh_prev, ref_dh_prev)
    assert_all_close(layer.grads, ref_grads)


def test_lstm_step_with_gates_in_order_f_g_i_o_equals_reference():
    rng = np.random.default_rng(1)
    Wx, Wh, b = recurrent_weights(rng, 4)
    x, h_prev, c_prev = normal(rng, N, D), normal(rng, N, H), normal(rng, N, H)
    dh_next, dc_next = normal(rng, N, H), normal(rng, N, H)
    layer, cell = LSTM(Wx, Wh, b), ref.LSTMCell(Wx, Wh, b)
    h_next, c_next = layer.forward(x, h_prev, c_prev)
    ref_h_next, ref_c_next = cell.forward(x, h_prev, c_prev)
    assert_close(h_next, ref_h_next)
    assert_close(c_next, ref_c_next)
    *input_grads, ref_grads = cell.backward(dh_next, dc_next)
    assert_all_close(layer.backward(dh_next, dc_next), input_grads)
    assert_all_close(layer.grads, ref_grads)


def test_embedding_step_adds_gradients_of_repeated_ids_like_reference():
    rng = np.random.default_rng(2)
    W = normal(rng, V, D)
    idx = np.array([3, 0, 3, 7, 3])
    dout = normal(rng, len(idx), D)
    layer, cell = Embedding(W), ref.EmbeddingCell(W)
    assert_close(layer.forward(idx), cell.forward(idx))
    layer.backward(dout)
    assert_close(layer.grads[0], cell.backward(dout))


# ---------------------------------------------------------------- Time 계층


def compare_time_layers(layer, reference, blocks):
    """같은 블록들을 차례로 넣고 출력, 입력 기울기, 가중치 기울기가 같은지 본다.

    blocks 는 (입력, 위에서 온 기울기) 의 목록. 두 번째 블록은 이어받은 상태와
    지난 블록의 기울기가 남지 않는지를 함께 확인한다.
    """
    for inputs, douts in blocks:
        assert_close(layer.forward(inputs), reference.forward(inputs))
        dxs, ref_dxs = layer.backward(douts), reference.backward(douts)
        if ref_dxs is not None:
            assert_close(dxs, ref_dxs)
        assert_all_close(layer.grads, reference.grads)


@pytest.mark.parametrize("stateful", [True, False], ids=["stateful", "not-stateful"])
def test_time_rnn_equals_step_by_step_reference_over_two_blocks(stateful):
    rng = np.random.default_rng(3)
    Wx, Wh, b = recurrent_weights(rng, 1)
    layer, reference = TimeRNN(Wx, Wh, b, stateful=stateful), ref.TimeRNN(Wx, Wh, b, stateful=stateful)
    h0 = normal(rng, N, H)
    layer.set_state(h0)
    reference.set_state(h0)
    blocks = [(normal(rng, N, T, D), normal(rng, N, T, H)) for _ in range(2)]
    compare_time_layers(layer, reference, blocks)
    assert_close(layer.dh, reference.dh)
    assert_close(layer.h, reference.h)


@pytest.mark.parametrize("stateful", [True, False], ids=["stateful", "not-stateful"])
@pytest.mark.parametrize("with_c", [True, False], ids=["set_state(h,c)", "set_state(h)"])
def test_time_lstm_equals_step_by_step_reference_over_two_blocks(stateful, with_c):
    rng = np.random.default_rng(4)
    Wx, Wh, b = recurrent_weights(rng, 4)
    layer, reference = TimeLSTM(Wx, Wh, b, stateful=stateful), ref.TimeLSTM(Wx, Wh, b, stateful=stateful)
    h0, c0 = normal(rng, N, H), normal(rng, N, H) if with_c else None
    layer.set_state(h0, c0)
    reference.set_state(h0, c0)
    blocks = [(normal(rng, N, T, D), normal(rng, N, T, H)) for _ in range(2)]
    compare_time_layers(layer, reference, blocks)
    assert_close(layer.dh, reference.dh)
    assert_close(layer.h, reference.h)
    assert_close(layer.c, reference.c)


def test_time_embedding_sums_repeated_ids_like_np_add_at_reference():
    rng = np.random.default_rng(5)
    W = normal(rng, V, D)
    layer, reference = TimeEmbedding(W), ref.TimeEmbedding(W)
    # 어휘보다 자리가 많아 같은 ID 가 되풀이되고, 마지막 두 ID 는 한 번도 나오지 않는다
    blocks = [(rng.integers(0, V - 2, size=(N, T)), normal(rng, N, T, D)) for _ in range(2)]
    compare_time_layers(layer, reference, blocks)
    assert not layer.grads[0][V - 2 :].any()


def test_time_affine_equals_per_step_reference():
    rng = np.random.default_rng(6)
    W, b = normal(rng, H, V), normal(rng, V)
    layer, reference = TimeAffine(W, b), ref.TimeAffine(W, b)
    blocks = [(normal(rng, N, T, H), normal(rng, N, T, V)) for _ in range(2)]
    compare_time_layers(layer, reference, blocks)


@pytest.mark.parametrize("dout", [1, 0.5])
@pytest.mark.parametrize("ignored", [0, 4], ids=["all-labels", "some-labels-minus-1"])
def test_time_softmax_with_loss_equals_softmax_then_minus_log_reference(ignored, dout):
    rng = np.random.default_rng(7)
    xs = normal(rng, N, T, V, scale=3.0)
    ts = rng.integers(0, V, size=(N, T))
    ts.reshape(-1)[rng.choice(N * T, size=ignored, replace=False)] = -1
    layer, reference = TimeSoftmaxWithLoss(), ref.TimeSoftmaxWithLoss()
    assert_close(layer.forward(xs, ts), reference.forward(xs, ts))
    dxs = layer.backward(dout)
    assert_close(dxs, reference.backward(dout))
    assert not dxs[ts == -1].any()


# ---------------------------------------------------------------- 언어 모델


@pytest.mark.parametrize("model_class, reference_model", MODELS, ids=["SimpleRnnlm", "Rnnlm"])
def test_model_losses_and_gradients_equal_reference_over_two_stateful_blocks(model_class, reference_model):
    rng = np.random.default_rng(8)
    model = model_class(V, D, H, rng=8)
    reference = reference_model(model.params)
    for _ in range(2):
        xs, ts = rng.integers(0, V, size=(N, T)), rng.integers(0, V, size=(N, T))
        assert_close(model.forward(xs, ts), reference.forward(xs, ts))
        model.backward()
        reference.backward()
        assert_all_close(model.grads, reference.grads)


@pytest.mark.parametrize(
    "model_class, reference_model, lr, max_grad",
    [(SimpleRnnlm, ref.simple_rnnlm, 0.1, None), (Rnnlm, ref.rnnlm, 5.0, 0.2)],
    ids=["SimpleRnnlm-SGD", "Rnnlm-SGD-clipped"],
)
def test_fit_gives_reference_perplexity_history_and_final_weights(model_class, reference_model, lr, max_grad):
    corpus = ptb_head(300)
    xs, ts = corpus[:-1], corpus[1:]
    vocab_size = int(corpus.max()) + 1
    model = model_class(vocab_size, 8, 8, rng=9)
    reference = reference_model(model.params)
    settings = dict(max_epoch=4, batch_size=5, time_size=7, max_grad=max_grad, eval_interval=3)
    trainer = RnnlmTrainer(model, SGD(lr)).fit(xs, ts, quiet=True, **settings)
    ref_trainer = ref.Trainer(reference, lr).fit(xs, ts, **settings)
    if max_grad is not None:
        # 기울기 노름이 0.18~0.23 이라 32 번 중 13 번쯤 잘린다: 자르는 경우와 안 자르는 경우가 섞인다
        assert 0 < ref_trainer.clip_count < 4 * 8
    assert len(trainer.ppl_list) == len(ref_trainer.ppl_list) == 4 * 3  # 에폭마다 반복 0, 3, 6
    assert_close(trainer.ppl_list, ref_trainer.ppl_list)
    assert_all_close(model.params, reference.params)


@pytest.mark.parametrize("model_class, reference_model", MODELS, ids=["SimpleRnnlm", "Rnnlm"])
def test_eval_perplexity_equals_reference_from_a_reset_state(model_class, reference_model):
    corpus = ptb_head(300)
    model = model_class(int(corpus.max()) + 1, 8, 8, rng=10)
    # 처음의 작은 임베딩 (표준편차 0.01) 으로는 어떤 단어를 넣어도 예측이 거의 같아서
    # 퍼플렉서티가 어휘 수 근처에 머문다. 키워서 읽는 위치가 결과를 바꾸게 한다.
    model.params[0] *= 100
    reference = reference_model(model.params)
    model.forward(corpus[:24].reshape(4, 6), corpus[1:25].reshape(4, 6))  # 이어받을 상태를 일부러 남긴다
    reference.reset_state()  # rnnlib 의 eval_perplexity 는 시작할 때 상태를 지운다
    ppl = eval_perplexity(model, corpus, batch_size=4, time_size=6, quiet=True)
    assert_close(ppl, ref.eval_perplexity(reference, corpus, batch_size=4, time_size=6))


def test_eval_perplexity_leaves_the_model_state_reset():
    corpus = ptb_head(300)
    model = Rnnlm(int(corpus.max()) + 1, 8, 8, rng=11)
    eval_perplexity(model, corpus, batch_size=4, time_size=6, quiet=True)
    assert model.lstm_layer.h is None and model.lstm_layer.c is None


# ---------------------------------------------------------------- 미니배치 일정

SCHEDULES = [(1000, 2, 5, 3), (37, 3, 4, 5), (10, 1, 3, 4), (299, 5, 7, 3), (23, 4, 2, 6)]


@pytest.mark.parametrize("data_size, batch_size, time_size, epochs", SCHEDULES)
def test_batch_positions_equal_reference_double_loop_across_epochs_and_wrap_around(
    data_size, batch_size, time_size, epochs
):
    iters = data_size // (batch_size * time_size)
    assert iters_per_epoch(data_size, batch_size, time_size) == iters
    last_offset = (batch_size - 1) * (data_size // batch_size)
    assert last_offset + epochs * iters * time_size > data_size, "이 일정은 말뭉치 끝을 넘어야 한다"
    positions = np.arange(data_size)
    reference = ref.Trainer(model=None, lr=None)
    for k in range(epochs * iters):
        expected, _ = reference.get_batch(positions, positions, batch_size, time_size)
        np.testing.assert_array_equal(batch_positions(data_size, batch_size, time_size, k * time_size), expected)


@pytest.mark.parametrize("data_size, batch_size, time_size, epochs", SCHEDULES)
def test_get_batch_and_trainer_get_batch_equal_reference_words_and_targets(data_size, batch_size, time_size, epochs):
    corpus = ptb_head(data_size + 1)
    xs, ts = corpus[:-1], corpus[1:]
    trainer = RnnlmTrainer(SimpleRnnlm(int(corpus.max()) + 1, 2, 2, rng=0), SGD())
    reference = ref.Trainer(model=None, lr=None)
    for k in range(epochs * iters_per_epoch(data_size, batch_size, time_size)):
        expected_x, expected_t = reference.get_batch(xs, ts, batch_size, time_size)
        for batch_x, batch_t in (
            get_batch(xs, ts, batch_size, time_size, k * time_size),
            trainer.get_batch(xs, ts, batch_size, time_size),
        ):
            np.testing.assert_array_equal(batch_x, expected_x)
            np.testing.assert_array_equal(batch_t, expected_t)
    assert trainer.time_idx == reference.time_idx


def test_textbook_example_rows_of_corpus_1000_with_batch_2_start_at_0_and_500():
    assert batch_offsets(1000, 2).tolist() == [0, 500]
    assert batch_positions(1000, 2, 5, 0).tolist() == [[0, 1, 2, 3, 4], [500, 501, 502, 503, 504]]


def test_textbook_example_rows_advance_together_by_time_size_per_iteration():
    for k in range(4):
        start = 5 * k
        expected = [list(range(start, start + 5)), list(range(500 + start, 505 + start))]
        assert batch_positions(1000, 2, 5, k * 5).tolist() == expected


def test_textbook_example_second_row_wraps_to_the_start_past_the_end():
    assert batch_positions(1000, 2, 5, 498).tolist() == [[498, 499, 500, 501, 502], [998, 999, 0, 1, 2]]
    # 한 에폭 (100 반복) 뒤 트레이너의 둘째 행은 말뭉치 처음부터 다시 읽는다
    corpus = np.arange(1000, dtype=np.int32)
    trainer = RnnlmTrainer(SimpleRnnlm(1000, 2, 2, rng=0), SGD())
    for _ in range(100):
        trainer.get_batch(corpus, corpus, 2, 5)
    batch_x, _ = trainer.get_batch(corpus, corpus, 2, 5)
    assert batch_x.tolist() == [[500, 501, 502, 503, 504], [0, 1, 2, 3, 4]]


# ---------------------------------------------------------------- 상태 이어받기


def make_time_layer(name, stateful, seed=12):
    rng = np.random.default_rng(seed)
    if name == "TimeRNN":
        return TimeRNN(*recurrent_weights(rng, 1), stateful=stateful)
    return TimeLSTM(*recurrent_weights(rng, 4), stateful=stateful)


RECURRENT = ["TimeRNN", "TimeLSTM"]


@pytest.mark.parametrize("name", RECURRENT)
def test_stateful_forward_on_two_halves_equals_one_forward_on_the_whole_sequence(name):
    xs = normal(np.random.default_rng(13), N, 2 * T, D)
    halves = make_time_layer(name, stateful=True)
    whole = make_time_layer(name, stateful=True)
    joined = np.concatenate([halves.forward(xs[:, :T]), halves.forward(xs[:, T:])], axis=1)
    assert_close(joined, whole.forward(xs))


@pytest.mark.parametrize("name", RECURRENT)
def test_reset_state_makes_the_next_forward_start_from_zeros(name):
    rng = np.random.default_rng(14)
    first, xs = normal(rng, N, T, D), normal(rng, N, T, D)
    reset, carried, fresh = (make_time_layer(name, stateful=True) for _ in range(3))
    reset.forward(first)
    carried.forward(first)
    reset.reset_state()
    expected = fresh.forward(xs)
    np.testing.assert_array_equal(reset.forward(xs), expected)
    assert not np.allclose(carried.forward(xs), expected)  # 지우지 않으면 이어받는다


@pytest.mark.parametrize("name", RECURRENT)
def test_set_state_is_the_hidden_state_the_next_forward_starts_from(name):
    rng = np.random.default_rng(15)
    xs, h0 = normal(rng, N, T, D), normal(rng, N, H)
    layer = make_time_layer(name, stateful=True)
    Wx, Wh, b = layer.params
    if name == "TimeRNN":
        layer.set_state(h0)
        expected = ref.RNNCell(Wx, Wh, b).forward(xs[:, 0], h0)
    else:
        c0 = normal(rng, N, H)
        layer.set_state(h0, c0)
        expected, _ = ref.LSTMCell(Wx, Wh, b).forward(xs[:, 0], h0, c0)
    hs = layer.forward(xs)
    assert_close(hs[:, 0], expected)
    assert not np.allclose(hs, make_time_layer(name, stateful=True).forward(xs))


@pytest.mark.parametrize("name", RECURRENT)
def test_non_stateful_layer_ignores_previous_forward_and_set_state(name):
    rng = np.random.default_rng(16)
    first, xs, h0 = normal(rng, N, T, D), normal(rng, N, T, D), normal(rng, N, H)
    layer, fresh = make_time_layer(name, stateful=False), make_time_layer(name, stateful=False)
    expected = fresh.forward(xs)
    layer.forward(first)
    np.testing.assert_array_equal(layer.forward(xs), expected)
    layer.set_state(h0)
    np.testing.assert_array_equal(layer.forward(xs), expected)


# ---------------------------------------------------------------- backward 는 캐시를 바꾸지 않는다


def layer_cases():
    """이름 -> (계층, forward 인자, backward 인자). 모두 float32."""
    rng = np.random.default_rng(17)
    ids = rng.integers(0, V, size=(N, T))
    return {
        "RNN": (RNN(*recurrent_weights(rng, 1)), (normal(rng, N, D), normal(rng, N, H)), (normal(rng, N, H),)),
        "LSTM": (
            LSTM(*recurrent_weights(rng, 4)),
            (normal(rng, N, D), normal(rng, N, H), normal(rng, N, H)),
            (normal(rng, N, H), normal(rng, N, H)),
        ),
        "Embedding": (Embedding(normal(rng, V, D)), (ids[:, 0],), (normal(rng, N, D),)),
        "TimeEmbedding": (TimeEmbedding(normal(rng, V, D)), (ids,), (normal(rng, N, T, D),)),
        "TimeRNN": (make_time_layer("TimeRNN", True), (normal(rng, N, T, D),), (normal(rng, N, T, H),)),
        "TimeLSTM": (make_time_layer("TimeLSTM", True), (normal(rng, N, T, D),), (normal(rng, N, T, H),)),
        "TimeAffine": (TimeAffine(normal(rng, H, V), normal(rng, V)), (normal(rng, N, T, H),), (normal(rng, N, T, V),)),
        "TimeSoftmaxWithLoss": (TimeSoftmaxWithLoss(), (normal(rng, N, T, V), np.where(ids > 8, -1, ids)), (1,)),
        "SimpleRnnlm": (SimpleRnnlm(V, D, H, rng=0), (ids, ids[::-1]), ()),
        "Rnnlm": (Rnnlm(V, D, H, rng=0), (ids, ids[::-1]), ()),
    }


def as_tuple(result):
    """backward의 반환값 (배열 하나, 배열 여러 개, None)을 튜플로."""
    return result if isinstance(result, tuple) else (result,)


@pytest.mark.parametrize("name", list(layer_cases()))
def test_calling_backward_twice_gives_identical_gradients(name):
    layer, inputs, douts = layer_cases()[name]
    layer.forward(*inputs)
    first = as_tuple(layer.backward(*douts))
    first_grads = [g.copy() for g in layer.grads]
    second = as_tuple(layer.backward(*douts))
    assert len(first) == len(second)
    for a, b in zip(first, second):
        np.testing.assert_array_equal(a, b)
    for a, b in zip(first_grads, layer.grads):
        np.testing.assert_array_equal(a, b)


# ---------------------------------------------------------------- generate, 저장과 불러오기


@pytest.mark.parametrize("model_class", [SimpleRnnlm, Rnnlm])
def test_generate_with_the_same_seed_gives_the_same_words(model_class):
    model = model_class(V, D, H, rng=18)
    first = model.generate(5, sample_size=30, rng=123)
    assert model.generate(5, sample_size=30, rng=123) == first
    assert model.generate(5, sample_size=30, rng=124) != first


@pytest.mark.parametrize("sample_size", [1, 2, 37])
def test_generate_returns_exactly_sample_size_ids_starting_with_start_id(sample_size):
    words = Rnnlm(V, D, H, rng=19).generate(4, sample_size=sample_size, rng=0)
    assert len(words) == sample_size
    assert words[0] == 4


def test_generate_never_samples_a_skip_id():
    skip_ids = [0, 1, 2, 3, 5, 8]  # 어휘 11개 중 6개를 막는다
    words = SimpleRnnlm(V, D, H, rng=20).generate(4, skip_ids=skip_ids, sample_size=200, rng=1)
    assert not set(words) & set(skip_ids)
    assert len(set(words)) > 1


@pytest.mark.parametrize("model_class", [SimpleRnnlm, Rnnlm])
def test_saved_params_load_into_a_new_model_that_gives_the_same_loss(model_class, tmp_path):
    rng = np.random.default_rng(21)
    xs, ts = rng.integers(0, V, size=(N, T)), rng.integers(0, V, size=(N, T))
    model = model_class(V, D, H, rng=21)
    path = model.save_params(tmp_path / "weights.npz")
    assert path.exists()
    loaded = model_class(V, D, H, rng=22)
    before = loaded.forward(xs, ts)
    loaded.reset_state()
    loaded.load_params(path)
    for saved, restored in zip(model.params, loaded.params):
        np.testing.assert_array_equal(restored, saved)
        assert restored.dtype == saved.dtype
    expected = model.forward(xs, ts)
    assert loaded.forward(xs, ts) == expected != before
