"""rnnlib.fast (엔진) 은 코어와 같은 것을 계산한다.

PTB 크기 (V = 10,000, D = H = 100, N = 20, T = 35) 에서 엔진의 모델은 코어의 모델과 같은 손실, 같은 기울기를 내고,
SGD 여러 걸음 뒤에도 같은 매개변수에 이른다 (float64 에서 1e-10, float32 에서 1e-5 안쪽). 엔진만의 것들도 따로 본다:
머리 (Affine + softmax 를 한 번에) 는 두 코어 계층과 같고, 스레드의 때나 일꾼 수가 달라도 결과는 비트까지 같다.
"""

import time

import numpy as np
import pytest

from rnnlib import (
    SGD,
    BetterRnnlm,
    Rnnlm,
    RnnlmTrainer,
    SimpleRnnlm,
    TimeAffine,
    TimeLSTM,
    TimeSoftmaxWithLoss,
    clip_grads,
    eval_perplexity,
    fast,
    get_batch,
    load_ptb,
)
from rnnlib.fast import head as fast_head
from rnnlib.fast import threads
from rnnlib.fast.lstm import TimeLSTM as FastTimeLSTM

V, D, H, N, T = 10_000, 100, 100, 20, 35
# (코어 모델, 엔진 모델, 생성 인자, 학습률): SimpleRnnlm 은 학습률 20 에서 작은 차이를 너무 빨리 키우므로 1
MODELS = {
    "SimpleRnnlm": (SimpleRnnlm, fast.SimpleRnnlm, {"vocab_size": V, "wordvec_size": D, "hidden_size": H}, 1.0),
    "Rnnlm": (Rnnlm, fast.Rnnlm, {}, 20.0),
    "BetterRnnlm": (BetterRnnlm, fast.BetterRnnlm, {"wordvec_size": H, "hidden_size": H, "dropout_ratio": 0.5}, 20.0),
}
TOLERANCE = {np.float64: 1e-10, np.float32: 1e-5}


def ptb_batches(count):
    corpus = load_ptb("train")[0]
    return [get_batch(corpus[:-1], corpus[1:], N, T, k * T) for k in range(count)]


def relative(a, b):
    """두 배열의 차이를 b 의 크기로 잰 값 (가장 큰 원소끼리)."""
    return float(np.abs(a - b).max() / max(np.abs(b).max(), 1e-30))


@pytest.mark.parametrize("dtype", [np.float64, np.float32], ids=["float64", "float32"])
@pytest.mark.parametrize("name", list(MODELS))
def test_engine_model_follows_the_core_model_through_eight_sgd_steps_at_ptb_size(name, dtype):
    core_class, engine_class, sizes, lr = MODELS[name]
    core, engine = core_class(**sizes, rng=0, dtype=dtype), engine_class(**sizes, rng=0, dtype=dtype)
    assert [p.shape for p in engine.params] == [p.shape for p in core.params]
    for before_core, before_engine in zip(core.params, engine.params):
        np.testing.assert_array_equal(before_engine, before_core)  # 같은 rng: 같은 가중치
    tolerance = TOLERANCE[dtype]
    for xs, ts in ptb_batches(8):
        loss_core, loss_engine = core.forward(xs, ts), engine.forward(xs, ts)
        assert abs(loss_engine - loss_core) <= tolerance * loss_core
        core.backward()
        engine.backward()
        for grad_core, grad_engine in zip(core.grads, engine.grads):
            assert relative(grad_engine, grad_core) <= tolerance * 10  # 기울기는 손실보다 한 자리 덜 곱하고 더한다
        for model in (core, engine):
            clip_grads(model.grads, 0.25)
            SGD(lr).update(model.params, model.grads)
    for param_core, param_engine in zip(core.params, engine.params):
        assert relative(param_engine, param_core) <= tolerance * 10


def test_engine_and_core_share_weight_files_both_ways(tmp_path):
    core, engine = Rnnlm(50, 8, 6, rng=1), fast.Rnnlm(50, 8, 6, rng=2)
    xs, ts = np.arange(12).reshape(2, 6), np.arange(1, 13).reshape(2, 6)
    engine.load_params(core.save_params(tmp_path / "core.npz"))
    assert engine.forward(xs, ts) == pytest.approx(core.forward(xs, ts), rel=1e-6)
    other = Rnnlm(50, 8, 6, rng=3)
    other.load_params(engine.save_params(tmp_path / "engine.npz"))
    for p, q in zip(other.params, engine.params):
        np.testing.assert_array_equal(p, q)


def test_trainer_and_eval_perplexity_accept_the_engine_and_give_what_the_core_gives():
    corpus = load_ptb("train")[0][:1000]
    vocab = int(corpus.max()) + 1
    results = []
    for model_class in (SimpleRnnlm, fast.SimpleRnnlm):
        model = model_class(vocab, 30, 30, rng=0, dtype=np.float64)
        trainer = RnnlmTrainer(model, SGD(0.1)).fit(
            corpus[:-1], corpus[1:], max_epoch=3, batch_size=5, time_size=5, quiet=True
        )
        results.append((trainer.ppl_list, eval_perplexity(model, corpus, batch_size=5, time_size=5, quiet=True)))
    (core_ppl, core_eval), (engine_ppl, engine_eval) = results
    np.testing.assert_allclose(engine_ppl, core_ppl, rtol=1e-10)
    assert engine_eval == pytest.approx(core_eval, rel=1e-10)


def test_engine_uses_its_own_lstm_and_the_cores_other_layers():
    model = fast.BetterRnnlm(50, 8, 8, rng=0)
    kinds = [type(layer).__name__ for layer in model.layers]
    assert kinds == ["TimeEmbedding", "TimeDropout", "TimeLSTM", "TimeDropout", "TimeLSTM", "TimeDropout", "TimeAffine"]
    assert all(isinstance(layer, FastTimeLSTM) for layer in model.lstm_layers)
    assert not any(type(layer) is TimeLSTM for layer in model.layers)  # 코어의 TimeLSTM 은 남지 않는다


# ---------------------------------------------------------------- 머리: Affine + softmax 를 한 번에

SIZES = {"small-float64": (3, 4, 5, 7, np.float64), "ptb-float32": (20, 35, 100, 10_000, np.float32)}


def head_case(size, bias_offset, big_row):
    n, t, h, v, dtype = SIZES[size]
    rng = np.random.default_rng(0)
    hs = rng.standard_normal((n, t, h)).astype(dtype)
    hs[0, 1] *= big_row  # 이 행의 점수는 ±수백: exp 가 넘친다
    W = (rng.standard_normal((h, v)) / np.sqrt(h)).astype(dtype)
    b = (rng.standard_normal(v) + bias_offset).astype(dtype)  # -200 이면 모든 행의 exp 가 0 으로 뭉개진다
    ts = rng.integers(0, v, size=(n, t))
    ts[1, :2] = -1  # 무시할 자리
    return hs, W, b, ts


def head_tolerance(dtype):
    return {"rtol": 1e-10, "atol": 1e-14} if dtype == np.float64 else {"rtol": 2e-4, "atol": 1e-8}


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize(
    "bias_offset, big_row", [(0.0, 1.0), (0.0, 100.0), (-200.0, 1.0)], ids=["plain", "overflow", "underflow"]
)
@pytest.mark.parametrize("dout", [1.0, 2.5])
def test_head_equals_the_two_core_layers_one_after_the_other(size, bias_offset, big_row, dout):
    hs, W, b, ts = head_case(size, bias_offset, big_row)
    tol = head_tolerance(hs.dtype)
    affine, loss_layer = TimeAffine(W, b), TimeSoftmaxWithLoss()
    with np.errstate(under="ignore", over="ignore", divide="ignore"):  # 코어: 타깃의 확률이 0 이면 log 0
        expected_loss = loss_layer.forward(affine.forward(hs), ts)
    expected_dh = affine.backward(loss_layer.backward(dout))

    head = fast_head.Head()
    with np.errstate(all="raise", under="ignore"):  # 넘치는 행도 경고 없이 (아주 작은 확률이 0 이 되는 것은 괜찮다)
        loss = head.forward(W, b, ts, lambda on_step: hs)
    assert np.isfinite(loss)
    if np.isfinite(expected_loss):  # 코어는 타깃의 확률이 0 으로 뭉개지면 inf 를 낸다 (교재와 같다)
        assert loss == pytest.approx(expected_loss, rel=tol["rtol"])
    dW, db = np.empty_like(W), np.empty_like(b)
    exps_before = head.exps.copy()
    dh, pending = head.backward(W, dW, db, dout)
    pending.finish()
    np.testing.assert_array_equal(head.exps, exps_before)  # 잠시 뺐던 타깃 자리를 그대로 되돌린다
    if np.isfinite(expected_loss):
        np.testing.assert_allclose(dh, expected_dh, **tol)
        np.testing.assert_allclose(dW, affine.grads[0], **tol)
        np.testing.assert_allclose(db, affine.grads[1], **tol)


def test_head_backward_twice_gives_the_same_gradients_and_before_forward_says_so():
    hs, W, b, ts = head_case("ptb-float32", 0.0, 100.0)
    head = fast_head.Head()
    with pytest.raises(RuntimeError, match="forward"):
        head.backward(W, np.empty_like(W), np.empty_like(b))
    head.forward(W, b, ts, lambda on_step: hs)
    results = []
    for _ in range(2):
        dW, db = np.empty_like(W), np.empty_like(b)
        dh, pending = head.backward(W, dW, db)
        pending.finish()
        results.append([dh.copy(), dW, db])
    for first, second in zip(*results):
        np.testing.assert_array_equal(first, second)


def lstm_and_inputs(seed=2):
    rng = np.random.default_rng(seed)
    weights = [rng.standard_normal(shape).astype(np.float32) * 0.1 for shape in [(D, 4 * H), (H, 4 * H), (4 * H,)]]
    return FastTimeLSTM(*weights), rng.standard_normal((N, T, D)).astype(np.float32)


def test_head_fed_by_the_lstm_time_step_by_time_step_equals_the_two_core_layers():
    """LSTM 이 시각마다 h 를 내놓는 동안 다른 스레드가 그 행을 계산해도 (PTB 크기) 같은 손실과 기울기가 나온다."""
    _, W, b, ts = head_case("ptb-float32", 0.0, 1.0)
    lstm, xs = lstm_and_inputs()
    calls = []
    head = fast_head.Head()

    def hidden_states(on_step):
        return lstm.forward(xs, on_step=lambda so_far: calls.append(len(so_far)) or on_step(so_far))

    loss = head.forward(W, b, ts, hidden_states)
    assert calls == list(range(1, T + 1))  # 시각마다 한 번, 그때까지의 시각 수
    assert threads.busy() == 0  # 다른 스레드는 일을 마쳤다
    hs = lstm.forward(xs)
    affine, loss_layer = TimeAffine(W, b), TimeSoftmaxWithLoss()
    assert loss == pytest.approx(loss_layer.forward(affine.forward(hs), ts), rel=1e-5)
    expected_dh = affine.backward(loss_layer.backward())
    dW, db = np.empty_like(W), np.empty_like(b)
    dh, pending = head.backward(W, dW, db)
    pending.finish()
    np.testing.assert_allclose(dh, expected_dh, rtol=2e-4, atol=1e-8)
    np.testing.assert_allclose(dW, affine.grads[0], rtol=2e-4, atol=1e-8)


def test_head_stops_its_thread_when_the_lstm_fails_half_way():
    _, W, b, ts = head_case("ptb-float32", 0.0, 1.0)
    lstm, xs = lstm_and_inputs()

    def hidden_states(on_step):
        def fail_at_step_20(so_far):
            on_step(so_far)
            if len(so_far) == 20:
                assert threads.busy() == (fast.workers() > 1)  # 일꾼이 둘 이상이면 다른 스레드가 계산하고 있다
                raise KeyboardInterrupt  # 학생이 셀을 멈춘 것처럼

        return lstm.forward(xs, on_step=fail_at_step_20)

    with pytest.raises(KeyboardInterrupt):
        fast_head.Head().forward(W, b, ts, hidden_states)
    assert threads.busy() == 0  # 머리가 다른 스레드를 멈추고 기다렸다


@pytest.mark.parametrize("total", [1, 7, 99, 100, 250, 700, 1234])
def test_head_chunks_cover_every_row_once_and_shrink_at_the_end(total):
    sizes, claimed = [], 0
    while claimed < total:
        size = min(fast_head.chunk_size(total - claimed, 100), total - claimed)
        sizes.append(size)
        claimed += size
    assert sum(sizes) == total and all(size > 0 for size in sizes)
    assert sizes == sorted(sizes, reverse=True)  # 끝으로 갈수록 작아진다 (두 스레드가 거의 함께 끝나도록)
    if total == 700:
        assert sizes == [100] * 5 + [50] * 3 + [25] * 2


# ---------------------------------------------------------------- 같은 비트: 스레드의 때, 일꾼 수


def train_steps(model, steps):
    optimizer = SGD(20.0)
    for xs, ts in ptb_batches(steps):
        model.forward(xs, ts)
        model.backward()
        clip_grads(model.grads, 0.25)
        optimizer.update(model.params, model.grads)
    return [p.copy() for p in model.params]


def test_training_gives_the_same_bits_however_the_threads_are_timed(monkeypatch):
    """다른 스레드가 어느 구간을 언제 가져가든 결과는 같다 (학습은 작은 반올림 차이도 키우므로 비트까지 비교한다)."""
    expected = train_steps(fast.Rnnlm(rng=0), 3)
    original = fast_head._Stream.rows_ready
    delays = iter(np.random.default_rng(0).uniform(0, 0.002, size=1000))

    def slow_lstm(stream, hs_so_far):  # LSTM 이 시각마다 조금씩 늦어져서 다른 스레드가 가져가는 때가 바뀐다
        time.sleep(next(delays))
        original(stream, hs_so_far)

    monkeypatch.setattr(fast_head._Stream, "rows_ready", slow_lstm)
    for param, value in zip(train_steps(fast.Rnnlm(rng=0), 3), expected):
        np.testing.assert_array_equal(param, value)


@pytest.mark.parametrize("name", ["Rnnlm", "BetterRnnlm"])
def test_training_gives_the_same_bits_with_one_two_or_three_workers(name):
    _, engine_class, sizes, _ = MODELS[name]
    results = []
    previous = fast.workers()
    try:
        for count in (1, 2, 3):
            fast.set_workers(count)
            results.append(train_steps(engine_class(**sizes, rng=0), 3))
    finally:
        fast.set_workers(previous)
    for other in results[1:]:
        for param, value in zip(other, results[0]):
            np.testing.assert_array_equal(param, value)


def test_workers_come_from_the_environment_and_bad_values_get_a_korean_message(monkeypatch):
    monkeypatch.setenv("RNNLIB_WORKERS", "3")
    assert threads._workers_from_environment() == 3
    monkeypatch.setenv("RNNLIB_WORKERS", "zero")
    with pytest.raises(ValueError, match="RNNLIB_WORKERS는 1 이상의 정수"):
        threads._workers_from_environment()
    with pytest.raises(ValueError, match="`count`는 1 이상의 정수"):
        fast.set_workers(0)


def test_background_runs_every_task_once_and_raises_a_tasks_error_in_finish():
    done = []
    background = threads.Background([lambda k=k: done.append(k) for k in range(50)])
    inner = []
    threads.run_parallel([lambda: inner.append("a"), lambda: inner.append("b")])  # 다른 스레드가 바빠도 끝난다
    background.finish()
    assert sorted(done) == list(range(50)) and sorted(inner) == ["a", "b"]

    def fail():
        raise ZeroDivisionError("task failed")

    background = threads.Background([fail] + [lambda: None] * 5)
    with pytest.raises(ZeroDivisionError, match="task failed"):
        background.finish()
    assert threads.busy() == 0
