"""코어 (rnnlib.layers, time_layers, models, optim) 의 사실 가운데 작은 예로는 드러나지 않는 것들.

- PTB 크기 (V = 10,000, D = H = 100, N = 20, T = 35) 에서도 코어는 교재의 알고리즘을 글자 그대로 옮긴
  tests/reference.py 와 같은 손실과 기울기를 내고, float64 로 SGD 8 걸음을 같은 궤적으로 따라간다.
- softmax 는 행에 상수를 더해도 같은 손실과 기울기를 낸다 (최댓값을 빼므로).
- Adam 의 한 걸음은 손으로 계산한 값과 같다.
"""

import numpy as np
import pytest
import reference as ref

from rnnlib import SGD, Adam, Rnnlm, SimpleRnnlm, TimeSoftmaxWithLoss, clip_grads, get_batch, load_ptb

V, D, H, N, T = 10_000, 100, 100, 20, 35


def ptb_batches(count):
    corpus = load_ptb("train")[0]
    return [get_batch(corpus[:-1], corpus[1:], N, T, k * T) for k in range(count)]


@pytest.mark.parametrize("model_class, reference_model", [(SimpleRnnlm, ref.simple_rnnlm), (Rnnlm, ref.rnnlm)])
def test_ptb_sized_model_loss_and_gradients_equal_reference_over_two_blocks(model_class, reference_model):
    model = model_class(V, D, H, rng=3)
    reference = reference_model([p.copy() for p in model.params])
    for xs, ts in ptb_batches(2):
        np.testing.assert_allclose(model.forward(xs, ts), reference.forward(xs, ts), rtol=1e-5)
        model.backward()
        reference.backward()
        for grad, expected in zip(model.grads, reference.grads):
            np.testing.assert_allclose(grad, expected, rtol=1e-3, atol=1e-6)


def test_float64_training_follows_the_textbook_algorithm_step_by_step_at_ptb_size():
    """float64 로 PTB 크기의 학습 8 걸음 (SGD 20, 클리핑 0.25) 을 교재 알고리즘 (tests/reference.py) 과 나란히 한다.

    이 학습은 작은 차이를 한 걸음에 약 1.6 배씩 키우므로 (float32 로는 수십 걸음이면 반올림 차이가 눈에 보인다),
    float64 로 같은 궤적을 따라가는지 본다.
    """
    model = Rnnlm(rng=0, dtype=np.float64)
    textbook = ref.rnnlm([p.copy() for p in model.params])
    optimizer = SGD(20.0)
    for xs, ts in ptb_batches(8):
        for learner, clip in ((model, clip_grads), (textbook, ref.clip_grads)):
            learner.forward(xs, ts)
            learner.backward()
            clip(learner.grads, 0.25)
        optimizer.update(model.params, model.grads)
        for param, grad in zip(textbook.params, textbook.grads):
            param -= 20.0 * grad
    for param, expected in zip(model.params, textbook.params):
        np.testing.assert_allclose(param, expected, rtol=0, atol=1e-11)


def test_model_loss_equals_the_layers_called_one_by_one():
    model = Rnnlm(50, 8, 6, rng=0)
    rng = np.random.default_rng(1)
    xs, ts = rng.integers(0, 50, size=(3, 4)), rng.integers(0, 50, size=(3, 4))
    expected = TimeSoftmaxWithLoss().forward(model.predict(xs, train_flg=True), ts)
    model.reset_state()
    assert model.forward(xs, ts) == pytest.approx(expected, rel=1e-6)


def test_softmax_backward_gradient_of_a_small_example():
    layer = TimeSoftmaxWithLoss()
    layer.forward(np.zeros((2, 3, 5), dtype=np.float32), np.zeros((2, 3), dtype=int))
    expected = np.full((2, 3, 5), 0.2 / 6, dtype=np.float32)
    expected[..., 0] -= 1 / 6
    np.testing.assert_allclose(layer.backward(), expected, rtol=1e-6)


@pytest.mark.parametrize("offset", [0.0, 80.0, 200.0, -200.0, -1000.0], ids=lambda o: f"offset{o:g}")
def test_softmax_loss_and_gradient_do_not_depend_on_adding_a_constant_to_a_row(offset):
    """softmax 는 행의 최댓값을 빼고 exp 를 구하므로, 점수가 크거나 작아도 넘치지 않고 같은 답을 낸다."""
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
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        assert layer.forward(shifted, ts) == pytest.approx(expected, rel=1e-5)
        np.testing.assert_allclose(layer.backward(), expected_grad, rtol=1e-4, atol=1e-8)


def test_adam_first_two_steps_equal_a_hand_computation():
    """m ← β1 m + (1 − β1) g,  v ← β2 v + (1 − β2) g²,  W ← W − lr √(1 − β2^k) / (1 − β1^k) · m / (√v + 1e-7)."""
    W = np.array([1.0, -2.0, 0.5])
    grads = [np.array([0.5, -1.0, 0.0]), np.array([0.25, 1.0, -2.0])]
    optimizer = Adam(lr=0.1, beta1=0.9, beta2=0.999)
    expected = W.copy()
    m = np.zeros(3)
    v = np.zeros(3)
    for k, g in enumerate(grads, start=1):
        m = 0.9 * m + 0.1 * g
        v = 0.999 * v + 0.001 * g**2
        expected = expected - 0.1 * np.sqrt(1 - 0.999**k) / (1 - 0.9**k) * m / (np.sqrt(v) + 1e-7)
        optimizer.update([W], [g.copy()])
        np.testing.assert_allclose(W, expected, rtol=1e-12)
        if k == 1:  # 편향 보정 덕분에 첫 걸음은 기울기의 반대 방향으로 lr 만큼 (기울기가 0 인 원소는 그대로)
            np.testing.assert_allclose(W, [0.9, -1.9, 0.5], rtol=1e-6)


def test_clip_grads_scales_every_gradient_by_one_rate_only_when_the_norm_is_too_big():
    grads = [np.array([3.0, 0.0]), np.array([[0.0], [4.0]])]  # 전체 노름 5
    assert clip_grads(grads, 10.0) == pytest.approx(5.0)
    np.testing.assert_array_equal(grads[0], [3.0, 0.0])  # 문턱 아래: 그대로
    assert clip_grads(grads, 1.0) == pytest.approx(5.0)
    np.testing.assert_allclose(grads[0], [0.6, 0.0], rtol=1e-6)
    np.testing.assert_allclose(grads[1], [[0.0], [0.8]], rtol=1e-6)
