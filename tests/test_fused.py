"""rnnlib/_fused.py: 언어 모델이 TimeAffine 과 TimeSoftmaxWithLoss 를 한 번에 계산해도 두 계층을 차례로 부른 것과 같다.

작은 크기 (float64, 스레드로 나누지 않는 길) 와 PTB 크기 (float32, 행과 열을 스레드로 나누는 길) 에서,
정답이 -1 인 자리와 exp 가 넘치거나 0 으로 뭉개지는 행 (최댓값을 빼서 다시 하는 길) 을 섞어 비교한다.
"""

import time

import numpy as np
import pytest
import reference as ref

from rnnlib import (
    SGD,
    Rnnlm,
    TimeAffine,
    TimeLSTM,
    TimeSoftmaxWithLoss,
    _fused,
    _parallel,
    clip_grads,
    get_batch,
    load_ptb,
)

SIZES = {"small-float64": (3, 4, 5, 7, np.float64), "ptb-float32": (20, 35, 100, 10_000, np.float32)}


def make_case(size, bias_offset, big_row):
    N, T, H, V, dtype = SIZES[size]
    rng = np.random.default_rng(0)
    hs = rng.standard_normal((N, T, H)).astype(dtype)
    hs[0, 1] *= big_row  # 이 행의 점수는 ±수백: exp 가 넘친다
    W = (rng.standard_normal((H, V)) / np.sqrt(H)).astype(dtype)
    b = (rng.standard_normal(V) + bias_offset).astype(dtype)  # -200 이면 모든 행의 exp 가 0 으로 뭉개진다
    ts = rng.integers(0, V, size=(N, T))
    ts[1, :2] = -1  # 무시할 자리
    return hs, W, b, ts


def tolerance(dtype):
    return {"rtol": 1e-10, "atol": 1e-14} if dtype == np.float64 else {"rtol": 2e-4, "atol": 1e-8}


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize(
    "bias_offset, big_row", [(0.0, 1.0), (0.0, 100.0), (-200.0, 1.0)], ids=["plain", "overflow", "underflow"]
)
@pytest.mark.parametrize("dout", [1.0, 2.5])
def test_fused_head_equals_the_two_layers_one_after_the_other(size, bias_offset, big_row, dout):
    hs, W, b, ts = make_case(size, bias_offset, big_row)
    tol = tolerance(hs.dtype)
    affine, loss_layer = TimeAffine(W, b), TimeSoftmaxWithLoss()
    expected_loss = loss_layer.forward(affine.forward(hs), ts)
    expected_dscore = loss_layer.backward(dout)
    expected_dh = affine.backward(expected_dscore)
    expected_dW, expected_db = (g.copy() for g in affine.grads)

    fused_affine, fused_loss = TimeAffine(W, b), TimeSoftmaxWithLoss()
    with np.errstate(all="raise", under="ignore"):  # 넘치는 행도 경고 없이 (아주 작은 확률이 0 이 되는 것은 괜찮다)
        loss = _fused.Head(fused_affine, fused_loss, ts).finish(hs)
    assert np.isfinite(loss)
    assert loss == pytest.approx(expected_loss, rel=tol["rtol"])
    exps_before = fused_loss.cache[0].copy()
    dh, pending = _fused.backward_start(fused_affine, fused_loss, dout)
    pending.finish()
    np.testing.assert_allclose(dh, expected_dh, **tol)
    np.testing.assert_allclose(fused_affine.grads[0], expected_dW, **tol)
    np.testing.assert_allclose(fused_affine.grads[1], expected_db, **tol)
    # 정답 자리에서 잠시 뺐던 값을 그대로 되돌려서 캐시가 바뀌지 않는다: 두 계층을 따로 거꾸로 불러도 같다
    np.testing.assert_array_equal(fused_loss.cache[0], exps_before)
    np.testing.assert_allclose(fused_loss.backward(dout), expected_dscore, **tol)
    np.testing.assert_allclose(fused_affine.backward(expected_dscore), expected_dh, **tol)
    # 거꾸로도: 두 계층이 채운 캐시 (행 순서 (n, t)) 로 한 번에 하는 역전파
    dh, pending = _fused.backward_start(affine, loss_layer, dout)
    pending.finish()
    np.testing.assert_allclose(dh, expected_dh, **tol)
    np.testing.assert_allclose(affine.grads[0], expected_dW, **tol)


def test_fused_backward_twice_gives_the_same_gradients():
    hs, W, b, ts = make_case("ptb-float32", 0.0, 100.0)
    affine, loss_layer = TimeAffine(W, b), TimeSoftmaxWithLoss()
    _fused.Head(affine, loss_layer, ts).finish(hs)
    results = []
    for _ in range(2):
        dh, pending = _fused.backward_start(affine, loss_layer)
        pending.finish()
        results.append([dh, *(g.copy() for g in affine.grads)])
    for first, second in zip(*results):
        np.testing.assert_array_equal(first, second)


def test_model_forward_fills_both_layer_caches_like_calling_the_layers():
    """교재처럼 model.forward 뒤에 loss_layer.backward() 와 Affine 의 backward 를 따로 불러도 된다."""
    V, D, H, N, T = 50, 8, 6, 3, 4
    model = Rnnlm(V, D, H, rng=0, dtype=np.float64)
    rng = np.random.default_rng(1)
    xs, ts = rng.integers(0, V, size=(N, T)), rng.integers(0, V, size=(N, T))
    loss = model.forward(xs, ts)
    embedding, lstm, affine = model.layers
    model.reset_state()
    hs = lstm.forward(embedding.forward(xs))
    loss_layer = TimeSoftmaxWithLoss()
    assert loss == pytest.approx(loss_layer.forward(affine.forward(hs), ts), rel=1e-12)
    np.testing.assert_allclose(model.loss_layer.backward(), loss_layer.backward(), rtol=1e-12)


def test_fused_backward_before_forward_says_so():
    with pytest.raises(RuntimeError, match="forward"):
        _fused.backward_start(TimeAffine(np.ones((2, 3)), np.zeros(3)), TimeSoftmaxWithLoss())


def lstm_and_inputs(N=20, T=35, D=100, H=100, seed=2):
    rng = np.random.default_rng(seed)
    lstm = TimeLSTM(
        *(rng.standard_normal(shape).astype(np.float32) * 0.1 for shape in [(D, 4 * H), (H, 4 * H), (4 * H,)])
    )
    return lstm, rng.standard_normal((N, T, D)).astype(np.float32)


def test_head_fed_by_the_lstm_time_step_by_time_step_equals_the_two_layers():
    """LSTM 이 시각마다 h 를 내놓는 동안 다른 스레드가 그 행을 계산해도 (PTB 크기) 같은 손실과 기울기가 나온다."""
    hs, W, b, ts = make_case("ptb-float32", 0.0, 1.0)
    lstm, xs = lstm_and_inputs()
    calls = []
    affine, loss_layer = TimeAffine(W, b), TimeSoftmaxWithLoss()
    head = _fused.Head(affine, loss_layer, ts)
    hs = lstm.forward(xs, on_step=lambda so_far: calls.append(len(so_far)) or head.rows_ready(so_far))
    loss = head.finish(hs)
    assert calls == list(range(1, 36))  # 시각마다 한 번, 그때까지의 시각 수
    assert _parallel._background == 0  # 다른 스레드는 일을 마쳤다
    expected_affine, expected_loss_layer = TimeAffine(W, b), TimeSoftmaxWithLoss()
    assert loss == pytest.approx(expected_loss_layer.forward(expected_affine.forward(hs), ts), rel=1e-5)
    expected_dh = expected_affine.backward(expected_loss_layer.backward())
    dh, pending = _fused.backward_start(affine, loss_layer)
    pending.finish()
    np.testing.assert_allclose(dh, expected_dh, rtol=2e-4, atol=1e-8)
    np.testing.assert_allclose(affine.grads[0], expected_affine.grads[0], rtol=2e-4, atol=1e-8)


def test_head_stops_its_thread_when_the_lstm_fails_half_way():
    _, W, b, ts = make_case("ptb-float32", 0.0, 1.0)
    lstm, xs = lstm_and_inputs()
    head = _fused.Head(TimeAffine(W, b), TimeSoftmaxWithLoss(), ts)

    def fail_at_step_20(so_far):
        head.rows_ready(so_far)
        if len(so_far) == 20:
            raise KeyboardInterrupt  # 학생이 셀을 멈춘 것처럼

    with pytest.raises(KeyboardInterrupt):
        lstm.forward(xs, on_step=fail_at_step_20)
    assert _parallel._background == 1  # 다른 스레드가 아직 기다리거나 계산하고 있다
    head.close()
    assert _parallel._background == 0


def train_steps(model, steps, lr=20.0):
    corpus = load_ptb("train")[0]
    optimizer = SGD(lr)
    for k in range(steps):
        xs, ts = get_batch(corpus[:-1], corpus[1:], 20, 35, k * 35)
        model.forward(xs, ts)
        model.backward()
        clip_grads(model.grads, 0.25)
        optimizer.update(model.params, model.grads)
    return model


def test_training_gives_the_same_bits_however_the_threads_are_timed(monkeypatch):
    """다른 스레드가 어느 구간을 언제 가져가든 결과는 같다 (학습은 작은 반올림 차이도 키우므로 비트까지 비교한다)."""
    expected = train_steps(Rnnlm(rng=0), 3).params
    original = _fused.Head.rows_ready
    delays = iter(np.random.default_rng(0).uniform(0, 0.002, size=1000))

    def slow_lstm(head, hs_so_far):  # LSTM 이 시각마다 조금씩 늦어져서 다른 스레드가 가져가는 때가 바뀐다
        time.sleep(next(delays))
        original(head, hs_so_far)

    monkeypatch.setattr(_fused.Head, "rows_ready", slow_lstm)
    for param, value in zip(train_steps(Rnnlm(rng=0), 3).params, expected):
        np.testing.assert_array_equal(param, value)


def test_float64_training_follows_the_textbook_algorithm_step_by_step_at_ptb_size():
    """float64 로 PTB 크기의 학습 8 걸음 (SGD 20, 클리핑 0.25) 을 교재 알고리즘 (tests/reference.py) 과 나란히 한다.

    이 학습은 작은 차이를 한 걸음에 약 1.6 배씩 키우므로 (float32 로는 수십 걸음이면 반올림 차이가 눈에 보인다),
    float64 로 같은 궤적을 따라가는지 본다.
    """
    model = Rnnlm(rng=0, dtype=np.float64)
    textbook = ref.rnnlm([p.copy() for p in model.params])
    train_steps(model, 8)
    corpus = load_ptb("train")[0]
    for k in range(8):
        xs, ts = get_batch(corpus[:-1], corpus[1:], 20, 35, k * 35)
        textbook.forward(xs, ts)
        textbook.backward()
        ref.clip_grads(textbook.grads, 0.25)
        for param, grad in zip(textbook.params, textbook.grads):
            param -= 20.0 * grad
    for param, expected in zip(model.params, textbook.params):
        np.testing.assert_allclose(param, expected, rtol=0, atol=1e-11)


@pytest.mark.parametrize("total", [1, 7, 99, 100, 250, 700, 1234])
def test_head_chunks_cover_every_row_once_and_shrink_at_the_end(total):
    sizes, claimed = [], 0
    while claimed < total:
        size = min(_fused._chunk_size(total - claimed, 100), total - claimed)
        sizes.append(size)
        claimed += size
    assert sum(sizes) == total and all(size > 0 for size in sizes)
    assert sizes == sorted(sizes, reverse=True)  # 끝으로 갈수록 작아진다 (두 스레드가 거의 함께 끝나도록)
    if total == 700:
        assert sizes == [100] * 5 + [50] * 3 + [25] * 2
