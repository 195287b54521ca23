"""큰 크기에서만 쓰이는 빠른 길 (행렬 곱을 스레드로 나누기, exp 버퍼 다시 쓰기) 이 결과를 바꾸지 않는다.

test_reference.py 는 작은 크기로 재므로 _parallel.matmul 이 곱을 나누는 길을 지나지 않는다.
여기서는 PTB 크기 (V = 10,000, D = H = 100, N = 20, T = 35) 로 같은 비교를 한다.
"""

import numpy as np
import pytest
import reference as ref

from rnnlib import BetterRnnlm, Rnnlm, SimpleRnnlm, TimeAffine, TimeSoftmaxWithLoss, _parallel, get_batch, load_ptb

V, D, H, N, T = 10_000, 100, 100, 20, 35


def ptb_batch(index=0):
    corpus = load_ptb("train")[0]
    return get_batch(corpus[:-1], corpus[1:], N, T, index * T)


@pytest.mark.parametrize("by", ["rows", "cols"])
@pytest.mark.parametrize("order", ["C", "F"])
def test_split_matmul_equals_numpy_matmul_and_is_really_split(by, order):
    rng = np.random.default_rng(0)
    a = rng.standard_normal((N * T, H)).astype(np.float32)
    b = rng.standard_normal((H, V)).astype(np.float32)
    assert a.shape[0] * a.shape[1] * b.shape[1] >= _parallel.SMALL_MATMUL  # 나누는 길을 지난다
    out = np.zeros((N * T, V), dtype=np.float32, order=order)
    result = _parallel.matmul(a, b, out=out, by=by)
    assert result is out
    np.testing.assert_allclose(out, np.matmul(a.astype(np.float64), b), rtol=1e-4, atol=1e-4)


def test_split_matmul_raises_errors_of_a_part_in_the_calling_thread():
    a = np.ones((N * T, H), dtype=np.float32)
    b = np.ones((H, V), dtype=np.float32)
    with pytest.raises(ValueError):
        _parallel.matmul(a, b, out=np.empty((N * T, V + 1), dtype=np.float32))


@pytest.mark.parametrize("model_class, reference_model", [(SimpleRnnlm, ref.simple_rnnlm), (Rnnlm, ref.rnnlm)])
def test_ptb_sized_model_loss_and_gradients_equal_reference_over_two_blocks(model_class, reference_model):
    model = model_class(V, D, H, rng=3)
    reference = reference_model([p.copy() for p in model.params])
    for index in range(2):
        xs, ts = ptb_batch(index)
        np.testing.assert_allclose(model.forward(xs, ts), reference.forward(xs, ts), rtol=1e-5)
        model.backward()
        reference.backward()
        for grad, expected in zip(model.grads, reference.grads):
            np.testing.assert_allclose(grad, expected, rtol=1e-3, atol=1e-6)


def test_forward_reuses_one_exp_buffer_but_predict_returns_a_new_array_each_time():
    model = Rnnlm(V, D, H, rng=0)
    xs, ts = ptb_batch()
    scores = model.predict(xs)
    kept = scores.copy()
    model.forward(xs, ts)
    buffer = model.loss_layer.exp_buffer
    model.backward()
    model.forward(*ptb_batch(1))
    assert model.loss_layer.exp_buffer is buffer  # 배치마다 새로 잡지 않는다
    np.testing.assert_array_equal(scores, kept)  # 돌려준 점수는 학습이 덮어쓰지 않는다
    assert not np.shares_memory(model.predict(xs), buffer)


def test_model_loss_equals_the_layers_called_one_by_one():
    model = Rnnlm(V, D, H, rng=0)
    xs, ts = ptb_batch()
    loss_layer = TimeSoftmaxWithLoss()
    expected = loss_layer.forward(model.predict(xs, train_flg=True), ts)
    model.reset_state()
    assert model.forward(xs, ts) == pytest.approx(expected, rel=1e-6)


def test_better_rnnlm_with_tied_weights_at_ptb_size_matches_its_own_layers_called_one_by_one():
    """가중치를 묶으면 Affine 의 W 는 F 순서 (임베딩 W 의 전치) 라 곱을 나누는 다른 길을 지난다."""
    model = BetterRnnlm(V, H, H, dropout_ratio=0.0, rng=0)
    xs, ts = ptb_batch()
    loss = model.forward(xs, ts)
    model.backward()
    # 같은 계층을 하나씩 손으로 거쳐 같은 손실과 Affine 기울기가 나오는지 본다
    model.reset_state()
    h = xs
    for layer in model.layers[:-1]:
        h = layer.forward(h)
    affine = TimeAffine(model.affine.params[0].copy(), model.affine.params[1].copy())
    loss_layer = TimeSoftmaxWithLoss()
    assert loss_layer.forward(affine.forward(h), ts) == pytest.approx(loss, rel=1e-6)
    affine.backward(loss_layer.backward())
    # db 는 700 개 행의 합 (확률 − 1/count 로 많이 상쇄된다): 더하는 순서가 달라 float32 로 1e-5 쯤 다를 수 있다
    np.testing.assert_allclose(affine.grads[1], model.affine.grads[1], rtol=1e-4, atol=1e-8)


def test_softmax_backward_gradient_of_a_small_example():
    layer = TimeSoftmaxWithLoss()
    layer.forward(np.zeros((2, 3, 5), dtype=np.float32), np.zeros((2, 3), dtype=int))
    expected = np.full((2, 3, 5), 0.2 / 6, dtype=np.float32)
    expected[..., 0] -= 1 / 6
    np.testing.assert_allclose(layer.backward(), expected, rtol=1e-6)


@pytest.mark.parametrize("offset", [0.0, 80.0, 200.0, -200.0, -1000.0], ids=lambda o: f"offset{o:g}")
def test_softmax_loss_and_gradient_do_not_depend_on_adding_a_constant_to_a_row(offset):
    """exp 를 먼저 빼지 않고 계산하는 길과, 넘치거나 0 으로 뭉개진 행만 최댓값을 빼서 다시 하는 길이 같은 답을 낸다."""
    rng = np.random.default_rng(1)
    scores = rng.standard_normal((4, 6, 50)).astype(np.float32) * 3
    ts = rng.integers(0, 50, size=(4, 6))
    expected_layer = TimeSoftmaxWithLoss()
    expected = expected_layer.forward(scores, ts)
    expected_grad = expected_layer.backward()
    shifted = scores.copy()
    shifted[1] += offset  # 배치의 한 행만 옮긴다
    shifted[3, 2] += offset
    layer = TimeSoftmaxWithLoss()
    with np.errstate(all="raise"):  # 경고 없이 계산한다
        assert layer.forward(shifted, ts) == pytest.approx(expected, rel=1e-5)
        np.testing.assert_allclose(layer.backward(), expected_grad, rtol=1e-4, atol=1e-8)


def test_background_runs_every_task_once_and_run_parallel_still_works_meanwhile():
    done = []
    background = _parallel.Background([lambda k=k: done.append(k) for k in range(50)])
    inner = []
    _parallel.run_parallel([lambda: inner.append("a"), lambda: inner.append("b")])  # 다른 스레드가 바빠도 끝난다
    background.finish()
    assert sorted(done) == list(range(50))
    assert sorted(inner) == ["a", "b"]
    assert _parallel._background == 0


def test_background_raises_the_error_of_a_task_in_finish_and_leaves_no_worker_busy():
    def fail():
        raise ZeroDivisionError("task failed")

    background = _parallel.Background([fail] + [lambda: None] * 5)
    with pytest.raises(ZeroDivisionError, match="task failed"):
        background.finish()
    assert _parallel._background == 0
