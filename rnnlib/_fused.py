"""언어 모델의 마지막 두 계층, TimeAffine 과 TimeSoftmaxWithLoss 를 한 번에 계산한다 (모델의 forward/backward 가 쓴다).

글자: N 배치 크기, T 시각 수, H 은닉 상태 차원, V 어휘 크기, R = N*T 행 수.
수식은 두 계층을 차례로 부른 것과 같다. 다른 점은 V 크기의 (R, V) 배열을 몇 번 훑느냐와, 언제 계산하느냐뿐이다.
PTB 에서 (R, V) 배열은 28 MB 라 캐시에 들어가지 않으므로 한 번 훑을 때마다 수 ms 가 든다.

- 순전파 (Head): 행을 시각 순서 (행 t*N + n 이 시각 t, 배치 n) 로 둔다. 그러면 LSTM 이 시각 t 의 h 를 내놓는
  대로 그 행들이 준비되므로, 코어 하나만 쓰는 LSTM 의 반복문이 도는 동안 다른 스레드가 준비된 행의 점수를 미리
  계산한다. 행 구간마다 점수 h W 를 softmax 의 exp 버퍼에 바로 곱해 넣고, 캐시에 들어가는 작은 구간마다
  편향 더하기 → 정답 점수 꺼내기 → exp → 합을 그 자리에서 끝낸다. 점수 배열은 따로 두지 않는다.
- 역전파 (backward_start): 점수의 기울기 dscore = r ⊙ (E − sums · onehot) 를 만들지 않는다. E 는 exp 버퍼,
  sums 는 행마다 E 의 합, r 은 행마다의 배율 dout / (count · sums), onehot 은 정답 자리만 1 인 (R, V) 배열이다.
  정답 자리의 E 에서 sums 를 잠시 빼 두면 (E') dscore = r ⊙ E' 이므로,
      dh = dscore Wᵀ = r ⊙ (E' Wᵀ),    [dW; db] = [h ⊙ r, r]ᵀ E'
  로 행렬 곱이 E' 를 바로 읽는다. 끝나면 정답 자리의 E 를 원래 값으로 되돌린다 (캐시는 바뀌지 않는다).

두 계층의 캐시 (affine.x, loss_layer.cache) 는 각 계층의 forward 를 부른 것과 같은 값으로 채운다 (softmax 의 캐시는
(N, T, ...) 모양의 뷰라서 행 순서와 상관없다). 그래서 모델의 forward 뒤에 loss_layer.backward() 나
affine.backward(...) 를 따로 불러도 교재처럼 동작한다.
"""

import functools
import threading

import numpy as np

from ._parallel import SMALL_MATMUL, WORKERS, Background, run_parallel, shares
from .validation import as_array, check_float_array, check_forward_done, check_shape

# 편향, exp, 합을 한 번에 하는 행 구간의 크기: 구간 (행 × V × 4 바이트) 이 코어의 L2 캐시 (1 MiB) 에 들어가도록
BLOCK_BYTES = 768 * 1024
# 행은 이만큼씩의 정해진 구간으로 나누어 계산한다 (LSTM 이 도는 동안 다른 스레드가 준비된 구간을 하나씩 가져가고,
# 끝나면 두 스레드가 남은 구간을 나누어 가져간다). 구간이 언제나 같아야 결과가 실행마다 비트까지 같다: BLAS 의 곱은
# 한 번에 곱하는 행 수에 따라 반올림이 조금 다를 수 있고, 학습은 그 차이를 키운다. 곱을 한 번 부를 때마다 BLAS 가
# W (H, V) 를 다시 정리 (packing) 하므로 너무 잘게 나누지 않고, 끝에 한 스레드만 오래 계산하지 않도록 너무 크게도
# 하지 않는다
CHUNK_ROWS = 100
# 역전파의 dW, db 를 나누는 열 구간 수. 다른 스레드가 LSTM 의 역전파 동안 하나씩 가져가고, 끝에 남은 것을 두 스레드가
# 나누므로 잘게 나눌수록 끝이 고르다 (구간마다 BLAS 가 정리하는 것은 그 열과 [h ⊙ r, r] 뿐이라 잘게 나누어도 싸다)
WEIGHT_TASKS = 32


class Head:
    """손실 = loss_layer.forward(affine.forward(hs), ts) 를 한 번에 계산한다.

    head = Head(affine, loss_layer, ts)
    hs = lstm.forward(xs, on_step=head.rows_ready)   # 준비된 행은 다른 스레드가 바로 계산하기 시작한다
    loss = head.finish(hs)                            # 남은 행을 두 스레드가 나누어 끝내고 손실을 낸다
    순환 계층이 on_step 을 모르면 (TimeRNN, 드롭아웃 뒤) 그냥 finish(hs) 만 부른다.
    finish 전에 예외가 나면 close() 로 다른 스레드를 멈춘다.
    """

    def __init__(self, affine, loss_layer, ts):
        W, _ = affine.params
        H, V = W.shape
        check_shape("ts", as_array("ts", ts), ndim=2)
        N, T = ts.shape
        targets, mask, self.count = loss_layer._check_targets(ts, (N, T, V))  # ID 도 확인한다. 행 순서 (n, t)
        self.targets = targets.reshape(N, T).T.reshape(N * T)  # 시각 순서로 (R,)
        self.mask = mask.reshape(N, T).T.reshape(N * T)  # (R,)
        self.affine, self.loss_layer = affine, loss_layer
        self.shape = (N, T, H, V)
        self.exps = loss_layer._exp_buffer((N * T, V), W.dtype)  # 점수 -> exp(점수) (R, V)
        self.sums = np.empty(N * T, dtype=W.dtype)  # 행마다 exp 의 합 (R,)
        self.target_scores = np.empty(N * T, dtype=W.dtype)  # 행마다 정답 자리의 점수 (R,)
        self.h_rows = None  # 준비된 행의 h (준비된 행 수, H)
        self.ready = 0  # 준비된 행 수
        self.claimed = 0  # 어느 스레드가 가져간 행 수 (0..claimed 는 계산했거나 계산하는 중)
        self.done = False  # 모든 행이 준비되었다 (또는 그만둔다)
        self.condition = threading.Condition()
        self.parallel = WORKERS > 1 and N * T * H * V >= SMALL_MATMUL  # 작은 문제는 스레드를 쓰지 않는다
        self.total = N * T  # 행 수 R
        self.worker = None

    def rows_ready(self, hs_so_far):
        """순환 계층이 시각 t 의 h 를 구할 때마다 부른다. hs_so_far (t+1, N, H): 시각 0..t 의 h."""
        with self.condition:
            self.h_rows = hs_so_far.reshape(-1, self.shape[2])  # (준비된 행 수, H)
            self.ready = len(self.h_rows)
            if self.ready >= self._next_stop():
                self.condition.notify()
        if self.worker is None and self.parallel:
            self.worker = Background([self._work])

    def finish(self, hs):
        """hs (N, T, H): 마지막 계층 앞까지의 결과. 남은 행을 계산하고 평균 손실을 돌려준다."""
        N, T, H, V = self.shape
        W, b = self.affine.params
        try:
            check_float_array("x", hs, shape=(N, T, H), dtype=W.dtype)
            with self.condition:
                if self.ready < self.total:  # 순환 계층이 시각마다 알려 주지 않았다
                    self.h_rows = hs.transpose(1, 0, 2).reshape(N * T, H)  # 시각 순서로 복사 (R, H)
                    self.ready = self.total
                self.done = True
                self.condition.notify_all()
            if self.worker is None and self.parallel:
                self.worker = Background([self._work])
            while (rows := self._claim(wait=False)) is not None:
                self._compute(rows)
        finally:
            self.close()
        self.affine.x = hs
        return self.loss_layer._finish_forward(
            lambda rows: self.h_rows[rows] @ W + b,  # 다시 할 (드문) 행의 점수
            self.target_scores,
            self.sums,
            self.targets,
            self.mask,
            self.count,
            lambda a: a.reshape(T, N, *a.shape[1:]).swapaxes(0, 1),  # 행 순서는 (t, n): (R, ...) -> (N, T, ...)
        )

    def close(self):
        """다른 스레드가 더 가져가지 않게 하고 끝나기를 기다린다. 그 스레드의 예외는 여기서 일어난다."""
        with self.condition:
            self.done = True
            self.claimed = self.total  # 남은 행이 있어도 (예외로 그만둘 때) 더 가져가지 않는다
            self.condition.notify_all()
        worker, self.worker = self.worker, None
        if worker is not None:
            worker.finish()

    def _work(self):
        """다른 스레드: 준비된 행을 가져가 계산하기를 모든 행이 끝날 때까지 되풀이한다."""
        while (rows := self._claim(wait=True)) is not None:
            self._compute(rows)

    def _claim(self, wait):
        """계산할 행 구간 (slice) 하나를 가져간다. 더 없으면 None. wait 이면 구간이 준비되기를 기다린다."""
        with self.condition:
            while True:
                if self.claimed >= self.total:
                    return None
                stop = self._next_stop()
                if stop <= self.ready:
                    break
                if not wait or self.done:
                    return None
                self.condition.wait()
            rows = slice(self.claimed, stop)
            self.claimed = stop
            return rows

    def _next_stop(self):
        """다음 구간의 끝 행. 구간들은 R 만으로 정해진다 (스레드를 쓰지 않는 작은 문제는 한 구간)."""
        if not self.parallel:
            return self.total
        return min(self.claimed + _chunk_size(self.total - self.claimed, CHUNK_ROWS), self.total)

    def _compute(self, rows):
        """행 구간의 점수를 exp 버퍼에 곱해 넣고, 캐시 크기의 구간마다 편향, 정답 점수, exp, 합을 끝낸다."""
        W, b = self.affine.params
        exps = self.exps
        np.matmul(self.h_rows[rows], W, out=exps[rows])
        step = max(1, BLOCK_BYTES // (W.shape[1] * exps.itemsize))
        with np.errstate(over="ignore", under="ignore"):  # 넘친 행은 _finish_forward 가 다시 한다
            for start in range(rows.start, rows.stop, step):
                block = slice(start, min(start + step, rows.stop))
                scores = exps[block]  # 아직 점수 (구간 행 수, V), 이 구간은 캐시에 있다
                scores += b
                self.target_scores[block] = scores[np.arange(scores.shape[0]), self.targets[block]]
                np.exp(scores, out=scores)
                np.sum(scores, axis=1, out=self.sums[block])


def _chunk_size(remaining, chunk):
    """남은 행이 remaining 개일 때 다음 구간의 행 수. 끝에서는 구간을 줄여 (chunk → chunk/2 → chunk/4) 두 스레드가
    거의 함께 끝나게 한다. 구간들은 R 과 chunk 만으로 정해진다 (어느 스레드가 언제 가져가든 같다)."""
    if remaining > 2 * chunk:
        return chunk
    if remaining > chunk // 2:
        return max(1, chunk // 2)
    return max(1, chunk // 4)


def backward_start(affine, loss_layer, dout=1):
    """affine.backward(loss_layer.backward(dout)) 와 같은 dh (N, T, H) 와, 남은 일 하나를 돌려준다.

    남은 일의 finish() 를 부르면 Affine 의 dW, db 가 다 채워진다. 그때까지 다른 스레드가 dW, db 를 계산하므로,
    부르는 쪽은 그사이에 아래 계층 (LSTM: 코어 하나만 쓴다) 의 역전파를 한다. finish() 전에는 exp 버퍼를
    건드리면 안 된다.
    """
    check_forward_done(loss_layer, loss_layer.cache)
    check_forward_done(affine, affine.x)
    to_rows, from_rows = _row_order(loss_layer.cache[0])
    exps, sums, targets, mask = (to_rows(a) for a in loss_layer.cache[:4])  # (R, V), (R,) × 3
    row_scales = to_rows(loss_layer._row_scales(dout))  # r (R,)
    W, _ = affine.params
    dW, db = affine.grads
    H, V = W.shape
    R = len(sums)
    h = to_rows(affine.x)  # (R, H)
    counted = np.flatnonzero(mask)
    answer = (counted, targets[counted])
    saved = exps[answer]  # 되돌릴 정답 자리의 E (복사본)
    exps[answer] = saved - sums[counted]  # E'
    dh = np.empty((R, H), dtype=W.dtype)  # (R, H)

    def dh_rows(rows):
        np.matmul(exps[rows], W.T, out=dh[rows])
        dh[rows] *= row_scales[rows, None]

    weighted = np.empty((R, H + 1), dtype=W.dtype)  # [h ⊙ r, r] (R, H+1)
    np.multiply(h, row_scales[:, None], out=weighted[:, :H])
    weighted[:, H] = row_scales

    def weight_grads(cols):
        block = weighted.T @ exps[:, cols]  # (H+1, 열 구간): 위 H 행이 dW, 맨 아래 행이 db
        dW[:, cols] = block[:H]
        db[cols] = block[H]

    def restore():
        exps[answer] = saved

    small = R * H * V < SMALL_MATMUL or WORKERS == 1  # 작은 곱: 스레드에 넘기는 비용이 더 크다
    try:
        if small:
            dh_rows(slice(0, R))
            weight_grads(slice(0, V))
            tasks = []
        else:
            run_parallel([functools.partial(dh_rows, rows) for rows in shares(R, WORKERS)])
            tasks = [functools.partial(weight_grads, cols) for cols in shares(V, WEIGHT_TASKS)]
    except BaseException:
        restore()
        raise
    return from_rows(dh), _Pending(tasks, restore)


def _row_order(exps):
    """softmax 의 캐시 exps (N, T, V) 가 메모리에 놓인 행 순서대로 (N, T, ...) 와 (R, ...) 를 오가는 두 함수.

    TimeSoftmaxWithLoss.forward 가 채운 캐시는 행 순서 (n, t), Head 가 채운 캐시는 (t, n) 이다.
    exps 는 어느 쪽이든 복사 없이 (R, V) 로 본다.
    """
    N, T = exps.shape[:2]
    if exps.flags.c_contiguous:  # (n, t)
        return (lambda a: a.reshape(N * T, *a.shape[2:])), (lambda a: a.reshape(N, T, *a.shape[1:]))
    return (lambda a: a.swapaxes(0, 1).reshape(T * N, *a.shape[2:])), (
        lambda a: a.reshape(T, N, *a.shape[1:]).swapaxes(0, 1)
    )


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
