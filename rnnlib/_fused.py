"""언어 모델의 마지막 두 계층, TimeAffine 과 TimeSoftmaxWithLoss 를 한 번에 계산한다 (모델의 forward/backward 가 쓴다).

글자: N 배치 크기, T 시각 수, H 은닉 상태 차원, V 어휘 크기, R = N*T 행 수.
수식은 두 계층을 차례로 부른 것과 같다. 다른 점은 V 크기의 (R, V) 배열을 몇 번 훑느냐뿐이다.
PTB 에서 (R, V) 배열은 28 MB 라 캐시에 들어가지 않으므로 한 번 훑을 때마다 수 ms 가 든다.

- 순전파: 스레드마다 자기 행 구간의 점수 h W 를 softmax 의 exp 버퍼에 바로 곱해 넣고, 캐시에 들어가는 작은 행
  구간마다 편향 더하기 → 정답 점수 꺼내기 → exp → 합을 그 자리에서 끝낸다. 점수 배열은 따로 두지 않는다.
- 역전파: 점수의 기울기 dscore = r ⊙ (E − sums · onehot) 를 만들지 않는다. E 는 exp 버퍼, sums 는 행마다 E 의 합,
  r 은 행마다의 배율 dout / (count · sums), onehot 은 정답 자리만 1 인 (R, V) 배열이다.
  정답 자리의 E 에서 sums 를 잠시 빼 두면 (E') dscore = r ⊙ E' 이므로,
      dh = dscore Wᵀ = r ⊙ (E' Wᵀ),    [dW; db] = [h ⊙ r, r]ᵀ E'
  로 행렬 곱이 E' 를 바로 읽는다. 끝나면 정답 자리의 E 를 원래 값으로 되돌린다 (캐시는 바뀌지 않는다).

두 계층의 캐시 (affine.x, loss_layer.cache) 는 각 계층의 forward 를 부른 것과 똑같이 채운다. 그래서 모델의 forward
뒤에 loss_layer.backward() 나 affine.backward(...) 를 따로 불러도 교재처럼 동작한다.
"""

import functools

import numpy as np

from . import _validate as v
from ._parallel import SMALL_MATMUL, WORKERS, Background, run_parallel, shares

# 순전파에서 한 번에 다루는 행 수의 기준: 구간 (행 × V × 4 바이트) 이 코어의 L2 캐시 (1 MiB) 에 들어가도록
BLOCK_BYTES = 768 * 1024


def forward(affine, loss_layer, hs, ts):
    """loss_layer.forward(affine.forward(hs), ts) 와 같은 평균 손실 (스칼라) 을 돌려준다."""
    W, b = affine.params
    v.check_float_array("x", hs, shape=(None, None, W.shape[0]), dtype=W.dtype)
    N, T, H = hs.shape
    V = W.shape[1]
    targets, mask, count = loss_layer._check_targets(ts, (N, T, V))
    h2 = hs.reshape(N * T, H)  # (R, H)
    exps = loss_layer._exp_buffer((N * T, V), W.dtype)  # 점수 -> exp(점수) (R, V)
    sums = np.empty(N * T, dtype=W.dtype)  # 행마다 exp 의 합 (R,)
    target_scores = np.empty(N * T, dtype=W.dtype)  # 행마다 정답 자리의 점수 (R,)
    step = max(1, BLOCK_BYTES // (V * exps.itemsize))

    def scores_to_exps(rows):
        np.matmul(h2[rows], W, out=exps[rows])
        for start in range(rows.start, rows.stop, step):
            block = slice(start, min(start + step, rows.stop))
            scores = exps[block]  # 아직 점수 (행 구간, V), 이 구간은 캐시에 있다
            scores += b
            target_scores[block] = scores[np.arange(scores.shape[0]), targets[block]]
            np.exp(scores, out=scores)
            np.sum(scores, axis=1, out=sums[block])

    with np.errstate(over="ignore", under="ignore"):
        _run_over_rows(scores_to_exps, N * T, H * V)

    def scores_of(rows):  # 최댓값을 빼서 다시 계산할 (드문) 행의 점수를 다시 만든다
        return h2[rows] @ W + b

    affine.x = hs
    return loss_layer._finish_forward(scores_of, target_scores, sums, targets, mask, count, (N, T, V))


def backward_start(affine, loss_layer, dout=1):
    """affine.backward(loss_layer.backward(dout)) 와 같은 dh (N, T, H) 와, 남은 일 하나를 돌려준다.

    남은 일의 finish() 를 부르면 Affine 의 dW, db 가 다 채워진다. 그때까지 다른 스레드가 dW, db 를 계산하므로,
    부르는 쪽은 그사이에 아래 계층 (LSTM: 코어 하나만 쓴다) 의 역전파를 한다. finish() 전에는 exp 버퍼를
    건드리면 안 된다.
    """
    v.check_forward_done(loss_layer, loss_layer.cache)
    v.check_forward_done(affine, affine.x)
    exps, sums, targets, mask, count, (N, T, V) = loss_layer.cache
    row_scales = loss_layer._row_scales(dout)  # r (R,)
    W, _ = affine.params
    dW, db = affine.grads
    H = W.shape[0]
    h2 = affine.x.reshape(N * T, H)  # (R, H)
    counted = np.flatnonzero(mask)
    answer = (counted, targets[counted])
    saved = exps[answer]  # 되돌릴 정답 자리의 E (복사본)
    exps[answer] = saved - sums[counted]  # E'
    dh = np.empty((N * T, H), dtype=W.dtype)  # (R, H)

    def dh_rows(rows):
        np.matmul(exps[rows], W.T, out=dh[rows])
        dh[rows] *= row_scales[rows, None]

    weighted = np.empty((N * T, H + 1), dtype=W.dtype)  # [h ⊙ r, r] (R, H+1)
    np.multiply(h2, row_scales[:, None], out=weighted[:, :H])
    weighted[:, H] = row_scales

    def weight_grads(cols):
        block = weighted.T @ exps[:, cols]  # (H+1, 열 구간): 위 H 행이 dW, 맨 아래 행이 db
        dW[:, cols] = block[:H]
        db[cols] = block[H]

    def restore():
        exps[answer] = saved

    try:
        _run_over_rows(dh_rows, N * T, H * V)
        if N * T * H * V < SMALL_MATMUL or WORKERS == 1:  # 작은 곱: 스레드에 넘기는 비용이 더 크다
            weight_grads(slice(0, V))
            tasks = []
        else:
            tasks = [functools.partial(weight_grads, cols) for cols in shares(V, 4 * WORKERS)]
    except BaseException:
        restore()
        raise
    return dh.reshape(N, T, H), _Pending(tasks, restore)


class _Pending:
    """다른 스레드가 계산하고 있는 dW, db. finish() 는 그 일을 함께 끝내고 exp 버퍼의 정답 자리를 되돌린다."""

    def __init__(self, tasks, restore):
        self._background = Background(tasks)
        self._restore = restore

    def finish(self):
        try:
            self._background.finish()
        finally:
            self._restore()


def _run_over_rows(compute, n_rows, work_per_row):
    """행 0..R 을 코어 수만큼의 연속 구간으로 나누어 compute(rows) 를 스레드에서 부른다 (작은 일은 한 번에)."""
    if n_rows * work_per_row < SMALL_MATMUL or WORKERS == 1:
        compute(slice(0, n_rows))
    else:
        run_parallel([functools.partial(compute, rows) for rows in shares(n_rows, WORKERS)])
