"""잘린 BPTT 블록 탐색기: 블록 경계에서 기울기는 정확히 0, 전체 BPTT 에서는 0이 아니고 수치 미분과 같다."""

import numpy as np
import pytest

from rnnlib import TimeAffine, TimeRNN, TimeSoftmaxWithLoss, numerical_gradient, preprocess, relative_error
from rnnlib.viz.stepper import stepper_weights
from rnnlib.viz.truncation import block_bounds, truncation_view
from rnnlib.widgets.truncation import truncation_explorer

CASES = [(12, 4, 2, 3), (12, 4, 1, 3), (10, 3, 3, 4), (20, 6, 1, 2)]  # (S, B, 다음 블록 k+1, H)


def sequence(seq_len):
    """truncation_view와 같은 입력: 예제 문장을 되풀이한 원-핫 (1, S, V)과 정답 (S,)."""
    corpus, _, id_to_word = preprocess()
    positions = np.arange(seq_len)
    xs = np.eye(len(id_to_word), dtype=np.float32)[corpus[positions % len(corpus)]][None]
    return xs, corpus[(positions + 1) % len(corpus)]


def block_loss_function(xs, targets, weights, start, end):
    """블록 [start, end)의 손실 L을 그 블록 앞의 은닉 상태 h (1, H)의 함수로 (float64로 계산)."""
    Wx, Wh, b, affine_W, affine_b = (w.astype(np.float64) for w in weights)

    def loss(h):
        rnn = TimeRNN(Wx, Wh, b, stateful=True)
        rnn.set_state(h)
        score = TimeAffine(affine_W, affine_b).forward(rnn.forward(xs[:, start:end].astype(np.float64)))
        return TimeSoftmaxWithLoss().forward(score, targets[None, start:end])

    return loss


@pytest.mark.parametrize("S, B, k1, H", CASES)
def test_truncated_block_gets_no_gradient_from_next_block(S, B, k1, H):
    view = truncation_view(S, B, block=k1, hidden_size=H)
    assert view.boundary_truncated == 0.0
    assert np.all(view.grad_truncated[: view.start] == 0)  # 블록 k 와 그 앞의 모든 시각에 정확히 0


@pytest.mark.parametrize("S, B, k1, H", CASES)
def test_full_bptt_gradient_into_previous_block_is_nonzero_and_matches_numerical_gradient(S, B, k1, H):
    view = truncation_view(S, B, block=k1, hidden_size=H)
    assert view.boundary_full > 1e-4
    assert np.all(view.grad_full[: view.start] > 0)  # 전체 BPTT 는 시각 0 까지 닿는다
    xs, targets = sequence(S)
    weights = stepper_weights(H, 1.0, 0)
    h_last = view.hs_full[view.start - 1][None].astype(np.float64)  # 블록 k 의 마지막 은닉 상태
    loss = block_loss_function(xs, targets, weights, view.start, view.end)
    numeric = numerical_gradient(lambda: loss(h_last), h_last)
    assert relative_error(view.carried_dh, numeric[0]) < 1e-5  # float32 계산과 float64 수치 미분


@pytest.mark.parametrize("S, B, k1, H", CASES)
def test_full_bptt_is_truncated_bptt_that_passes_dh_on_to_the_previous_block(S, B, k1, H):
    """블록마다 backward 하되 TimeRNN.dh를 앞 블록 마지막 시각에 더해 넘기면, TimeRNN 하나의 전체 BPTT와 같다."""
    view = truncation_view(S, B, block=k1, hidden_size=H)
    xs, targets = sequence(S)
    Wx, Wh, b, affine_W, affine_b = stepper_weights(H, 1.0, 0)
    ts = np.full((1, S), -1, dtype=np.int32)
    ts[0, view.start : view.end] = targets[view.start : view.end]

    full = TimeRNN(Wx, Wh, b)
    affine, loss_layer = TimeAffine(affine_W, affine_b), TimeSoftmaxWithLoss()
    loss_layer.forward(affine.forward(full.forward(xs)), ts)
    dhs = affine.backward(loss_layer.backward())
    dxs_full = full.backward(dhs)

    rnns, bounds = [], block_bounds(S, B)
    for lo, hi in bounds:
        rnn = TimeRNN(Wx, Wh, b, stateful=True)
        if rnns:
            rnn.set_state(rnns[-1].h)
        rnn.forward(xs[:, lo:hi])
        rnns.append(rnn)
    carried, dxs_blocks, grads = np.zeros((1, H), np.float32), np.zeros_like(xs), [np.zeros_like(Wx)]
    for rnn, (lo, hi) in reversed(list(zip(rnns, bounds))):
        block_dhs = dhs[:, lo:hi].copy()
        block_dhs[:, -1] += carried
        dxs_blocks[:, lo:hi] = rnn.backward(block_dhs)
        carried = rnn.dh
        grads[0] += rnn.grads[0]
        if (lo, hi) == (view.start, view.end):
            np.testing.assert_allclose(rnn.dh[0], view.carried_dh, rtol=1e-5, atol=1e-7)
    np.testing.assert_allclose(dxs_blocks, dxs_full, rtol=1e-4, atol=1e-7)
    np.testing.assert_allclose(grads[0], full.grads[0], rtol=1e-4, atol=1e-7)
    np.testing.assert_allclose(np.linalg.norm(dxs_full[0], axis=1), view.grad_full, rtol=1e-5, atol=1e-9)


@pytest.mark.parametrize("S, B", [(12, 4), (13, 5), (7, 7), (5, 20)])
def test_block_by_block_stateful_forward_equals_one_full_forward(S, B):
    view = truncation_view(S, B, block=0)
    np.testing.assert_allclose(view.hs_blocks, view.hs_full, rtol=1e-6, atol=1e-7)
    xs, _ = sequence(S)
    Wx, Wh, b, _, _ = stepper_weights(3, 1.0, 0)
    rnn = TimeRNN(Wx, Wh, b, stateful=True)  # 트레이너처럼 TimeRNN 하나에 블록을 차례로
    fed = np.concatenate([rnn.forward(xs[:, lo:hi])[0] for lo, hi in block_bounds(S, B)])
    np.testing.assert_allclose(fed, view.hs_full, rtol=1e-6, atol=1e-7)


def test_blocks_cover_the_sequence_and_the_last_one_may_be_short():
    assert block_bounds(10, 4) == [(0, 4), (4, 8), (8, 10)]
    assert block_bounds(3, 8) == [(0, 3)]


@pytest.mark.parametrize("S, B, H, truncated, full", [(12, 4, 3, 12, 36), (40, 6, 4, 24, 160), (5, 9, 2, 10, 10)])
def test_memory_counts_hidden_states_kept_for_backward(S, B, H, truncated, full):
    view = truncation_view(S, B, block=0, hidden_size=H)
    assert (view.memory_truncated, view.memory_full) == (truncated, full)


def test_block_larger_than_the_sequence_is_one_block_with_a_note():
    view = truncation_view(seq_len=6, block_size=10, block=0)
    assert view.n_blocks == 1 and view.note and "전체 BPTT와 같습니다" in view.note
    np.testing.assert_array_equal(view.grad_truncated, view.grad_full)


@pytest.mark.parametrize(
    "kwargs, fragment",
    [(dict(block_size=0), "`block_size`"), (dict(seq_len=0), "`seq_len`"), (dict(seq_len=-3), "`seq_len`"),
     (dict(block=3), "`block`"), (dict(block=-1), "`block`"), (dict(hidden_size=0), "`hidden_size`")],
)  # fmt: skip
def test_impossible_values_raise_korean_value_errors(kwargs, fragment):
    with pytest.raises(ValueError, match=fragment) as error:
        truncation_view(**{"seq_len": 12, "block_size": 4, **kwargs})
    assert "이어야 하는데" in str(error.value)


@pytest.mark.parametrize(
    "control, value, fragment",
    [("block_size", 0, "`block_size`"), ("seq_len", 0, "`seq_len`"), ("seq_len", 100, "`seq_len`"),
     ("hidden_size", 0, "`hidden_size`")],
)  # fmt: skip
def test_explorer_shows_a_korean_message_for_impossible_values(control, value, fragment):
    explorer = truncation_explorer()
    getattr(explorer, control).value = value
    assert "입력값을 확인해 주세요" in explorer.area.value
    assert fragment in explorer.area.value


def test_explorer_answers_a_huge_sequence_length_with_the_korean_message_at_once():
    explorer = truncation_explorer()
    explorer.block_size.value = 1
    explorer.seq_len.value = 10**9  # 블록 목록을 만들면 멈춘다: 블록 수는 셈으로 구한다
    assert "입력값을 확인해 주세요" in explorer.area.value and "`seq_len`" in explorer.area.value


def test_explorer_shows_a_korean_message_for_a_block_out_of_range():
    assert "`block`" in truncation_explorer(seq_len=12, block_size=4, block=5).area.value


def test_explorer_explains_a_block_larger_than_the_sequence():
    explorer = truncation_explorer()
    explorer.block_size.value = 30
    assert "rnnlib-info" in explorer.area.value and "블록이 하나뿐" in explorer.area.value
    assert explorer.block.max == 0


def test_explorer_steps_block_by_block():
    explorer = truncation_explorer(seq_len=12, block_size=4)
    first = explorer.area.value
    assert "블록 0은 첫 블록" in first
    explorer.next_button.click()
    assert explorer.block.value == 1 and explorer.area.value != first
    assert "‖∂L<sub>1</sub>/∂h<sub>3</sub>‖" in explorer.area.value
    explorer.next_button.click()
    explorer.next_button.click()  # 마지막 블록에서 더 가지 않는다
    assert explorer.block.value == 2
    explorer.prev_button.click()
    assert explorer.block.value == 1


def test_explorer_redraws_when_sequence_or_block_size_changes():
    explorer = truncation_explorer(seq_len=12, block_size=4, block=2)
    before = explorer.area.value
    explorer.block_size.value = 6  # 블록이 2개로 줄어 슬라이더가 1 로 당겨진다
    assert explorer.block.max == 1 and explorer.block.value == 1
    assert explorer.area.value != before
    explorer.seq_len.value = 30
    assert explorer.block.max == 4 and "S = 30" in explorer.area.value


def test_explorer_output_carries_a_static_rendering_of_its_first_state():
    bundle = truncation_explorer(block=1)._repr_mimebundle_()
    assert "<svg" in bundle["text/html"] and "블록 k = 1" in bundle["text/html"]
