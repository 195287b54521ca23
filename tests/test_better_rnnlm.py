"""TimeDropout 과 BetterRnnlm (LSTM 쌓기, 드롭아웃, 가중치 묶기) 이 약속대로 동작한다.

기울기는 수치 미분과 (float64, 상대 오차 < 1e-5), 묶은 모델은 묶지 않고 같은 값을 복사한 모델과 같다.
기호: N 배치 크기, T 시각 수, D 입력 차원, H 은닉 상태 차원, V 어휘 수.
"""

import numpy as np
import pytest

from rnnlib import (
    SGD,
    BetterRnnlm,
    Rnnlm,
    SimpleRnnlm,
    TimeDropout,
    check_layer,
    check_model,
    clip_grads,
    eval_perplexity,
    load_ptb,
)

N, T, H, V = 2, 3, 4, 7
MAX_ERROR = 1e-5


class FixedMaskDropout(TimeDropout):
    """forward 마다 같은 시드로 마스크를 뽑는다: 수치 미분이 같은 함수를 흔들도록."""

    def forward(self, xs):
        self.rng = np.random.default_rng(0)
        return super().forward(xs)


def fix_masks(model):
    """reset_state가 드롭아웃 생성기도 처음으로 되돌리게 한다 (check_model은 매번 reset_state를 부른다)."""
    reset = model.reset_state

    def reset_with_masks():
        reset()
        for k, layer in enumerate(model.dropout_layers):
            layer.rng = np.random.default_rng(k)

    model.reset_state = reset_with_masks
    return model


def ids(*shape, seed=0):
    return np.random.default_rng(seed).integers(0, V, size=shape)


# ---------------------------------------------------------------- TimeDropout


def test_time_dropout_gradient_matches_numerical_differences_with_a_fixed_mask():
    xs = np.random.default_rng(1).standard_normal((N, T, H))
    errors = check_layer(FixedMaskDropout(0.4), xs)
    assert set(errors) == {"inputs[0]"} and errors["inputs[0]"] < MAX_ERROR


def test_time_dropout_zeros_about_the_ratio_and_scales_the_rest_to_keep_the_mean():
    xs = np.ones((50, 40, 30), dtype=np.float32)
    out = TimeDropout(0.3, rng=0).forward(xs)
    assert out.dtype == np.float32
    assert abs(np.mean(out == 0) - 0.3) < 0.01
    np.testing.assert_allclose(out[out != 0], 1 / 0.7, rtol=1e-6)
    assert abs(out.mean() - 1) < 0.02


def test_time_dropout_backward_uses_the_forward_mask():
    rng = np.random.default_rng(2)
    layer = TimeDropout(0.5, rng=3)
    out = layer.forward(np.ones((N, T, H), dtype=np.float32))
    dout = rng.standard_normal((N, T, H)).astype(np.float32)
    np.testing.assert_array_equal(layer.backward(dout), dout * out)


def test_time_dropout_passes_everything_through_when_not_training():
    xs = np.random.default_rng(4).standard_normal((N, T, H)).astype(np.float32)
    layer = TimeDropout(0.5, rng=0)
    layer.train_flg = False
    np.testing.assert_array_equal(layer.forward(xs), xs)
    np.testing.assert_array_equal(layer.backward(xs), xs)


# ---------------------------------------------------------------- BetterRnnlm


def better_model(dtype=np.float64, dropout_ratio=0.3, num_layers=2, seed=5):
    model = BetterRnnlm(V, H, H, dropout_ratio=dropout_ratio, rng=seed, num_layers=num_layers, dtype=dtype)
    model.params[0] *= 100  # 처음의 작은 임베딩 (0.01) 을 키워 기울기가 0 에 가깝지 않게 한다
    return model


@pytest.mark.parametrize("num_layers", [1, 2, 3])
def test_better_rnnlm_gradients_match_numerical_differences_with_dropout_in_float64(num_layers):
    model = fix_masks(better_model(num_layers=num_layers))
    ts = ids(N, T, seed=7)
    ts[1, 0] = -1
    errors = check_model(model, ids(N, T, seed=6), ts)
    assert len(errors) == 2 + 3 * num_layers  # 임베딩 W (묶인 W), 층마다 Wx Wh b, Affine b
    too_large = {name: error for name, error in errors.items() if not error < MAX_ERROR}
    assert not too_large, f"상대 오차가 {MAX_ERROR} 이상입니다: {too_large}"


def test_tied_weight_is_one_parameter_shared_with_the_affine_layer():
    model = better_model(dtype=np.float32)
    embed_W = model.params[0]
    assert model.affine.params[0].base is embed_W or np.shares_memory(model.affine.params[0], embed_W)
    assert sum(np.shares_memory(p, embed_W) for p in model.params) == 1
    assert len(model.params) == len(model.grads) == 8
    assert all(p.shape == g.shape for p, g in zip(model.params, model.grads))


def test_tied_gradient_is_the_sum_of_the_embedding_and_the_affine_gradients():
    model = better_model(dropout_ratio=0.0, num_layers=1)
    model.forward(ids(N, T), ids(N, T, seed=1))
    model.backward()
    expected = model.embedding.grads[0].copy()
    # 임베딩 계층만 다시 거꾸로 거치면 임베딩 쪽 기울기만 남는다
    model.embedding.backward(model.layers[2].backward(model.layers[3].backward(model.affine.backward(
        model.loss_layer.backward()))))  # fmt: skip
    np.testing.assert_allclose(expected, model.embedding.grads[0] + model.affine.grads[0].T, rtol=1e-12)


def test_tied_model_without_dropout_equals_an_rnnlm_with_a_copied_affine_weight():
    tied = better_model(dtype=np.float64, dropout_ratio=0.0, num_layers=1)
    untied = Rnnlm(V, H, H, rng=0, dtype=np.float64)
    embed_W, Wx, Wh, b, affine_b = tied.params
    for param, value in zip(untied.params, [embed_W, Wx, Wh, b, embed_W.T, affine_b]):
        param[...] = value
    xs, ts = ids(N, T, seed=2), ids(N, T, seed=3)
    assert tied.forward(xs, ts) == pytest.approx(untied.forward(xs, ts), rel=1e-12)
    tied.backward()
    untied.backward()
    d_embed, d_Wx, d_Wh, d_b, d_affine_W, d_affine_b = untied.grads
    for got, want in zip(tied.grads, [d_embed + d_affine_W.T, d_Wx, d_Wh, d_b, d_affine_b]):
        np.testing.assert_allclose(got, want, rtol=1e-10, atol=1e-14)


def test_sgd_and_clip_see_the_tied_weight_once_and_the_affine_layer_follows():
    model = better_model(dtype=np.float32)
    model.forward(ids(N, T), ids(N, T, seed=1))
    model.backward()
    norm = clip_grads(model.grads, 1e-3)
    expected = np.sqrt(sum(float(np.sum(g.astype(np.float64) ** 2)) for g in model.grads))
    assert expected == pytest.approx(1e-3, rel=1e-4) and norm > 1e-3
    before = model.params[0].copy()
    SGD(1.0).update(model.params, model.grads)
    np.testing.assert_allclose(model.params[0], before - model.grads[0], rtol=1e-6)
    np.testing.assert_array_equal(model.affine.params[0], model.params[0].T)


def test_better_rnnlm_is_float32_by_default_and_backward_twice_gives_the_same_gradients():
    model = BetterRnnlm(V, H, H, rng=0)
    assert {p.dtype for p in model.params} == {g.dtype for g in model.grads} == {np.dtype(np.float32)}
    model.forward(ids(N, T), ids(N, T, seed=1))
    model.backward()
    first = [g.copy() for g in model.grads]
    model.backward()
    for a, b in zip(first, model.grads):
        np.testing.assert_array_equal(a, b)


def test_predict_turns_dropout_off_and_forward_turns_it_on():
    model = BetterRnnlm(V, H, H, dropout_ratio=0.5, rng=0)
    xs = ids(N, T)
    model.reset_state()
    first = model.predict(xs)
    model.reset_state()
    np.testing.assert_array_equal(model.predict(xs), first)  # 평가: 드롭아웃 없음, 항상 같다
    model.reset_state()
    assert not np.allclose(model.predict(xs, train_flg=True), first)


def test_eval_perplexity_evaluates_without_dropout():
    corpus = load_ptb("train")[0][:200]
    vocab = int(corpus.max()) + 1
    with_dropout = BetterRnnlm(vocab, H, H, dropout_ratio=0.5, rng=8)
    without = BetterRnnlm(vocab, H, H, dropout_ratio=0.0, rng=8)
    for a, b in zip(with_dropout.params, without.params):
        np.testing.assert_array_equal(a, b)
    ppl = eval_perplexity(with_dropout, corpus, batch_size=2, time_size=5, quiet=True)
    assert ppl == eval_perplexity(without, corpus, batch_size=2, time_size=5, quiet=True)


@pytest.mark.parametrize("model_class", [SimpleRnnlm, Rnnlm])
def test_train_flg_does_not_change_models_without_dropout(model_class):
    model = model_class(V, 3, H, rng=0)
    xs, ts = ids(N, T), ids(N, T, seed=1)
    loss = model.forward(xs, ts)
    model.reset_state()
    assert model.forward(xs, ts, train_flg=False) == loss


def test_saved_better_rnnlm_weights_load_into_a_new_model_with_the_same_loss(tmp_path):
    model = BetterRnnlm(V, H, H, rng=9)
    path = model.save_params(tmp_path / "better.npz")
    loaded = BetterRnnlm(V, H, H, rng=10)
    loaded.load_params(path)
    np.testing.assert_array_equal(loaded.affine.params[0], model.params[0].T)
    xs, ts = ids(N, T), ids(N, T, seed=1)
    assert loaded.forward(xs, ts, train_flg=False) == model.forward(xs, ts, train_flg=False)
