"""엔진의 머리 (head): TimeAffine 과 TimeSoftmaxWithLoss 를 한 번에 계산한다.

기호: N 배치 크기, T 시각 수, H 은닉 상태 차원, V 어휘 수, R = N*T 행 수.
수식은 코어의 두 계층 (score = h W + b, 손실 = 타깃 자리의 -log softmax 의 평균) 과 같다. 다른 것은 (R, V)
배열을 몇 번 훑느냐와 언제 계산하느냐뿐이다. PTB 에서 (R, V) 배열은 28 MB 라 캐시에 들어가지 않으므로 한 번 훑을
때마다 수 ms 가 든다.

- 순전파: 행을 시각 순서 (행 t*N + n 이 시각 t, 배치 n) 로 둔다. 그러면 LSTM 이 시각 t 의 h 를 내놓는 대로 그
  행들이 준비되므로, CPU 코어 하나만 쓰는 LSTM 의 반복문이 도는 동안 다른 스레드가 준비된 행의 점수를 미리 계산한다.
  행 구간마다 점수 h W 를 exp 버퍼에 바로 곱해 넣고, 캐시에 들어가는 작은 구간마다 편향 더하기 → 타깃 점수 꺼내기
  → exp → 합을 그 자리에서 끝낸다. 점수 배열은 따로 두지 않는다. 손실은 log-softmax 로 직접 계산하고 (log 합 −
  타깃 점수), 행의 최댓값을 빼는 일은 exp 가 넘치거나 0 으로 뭉개질 수 있는 행에서만 한다.
- 역전파: 점수의 기울기 dscore = r ⊙ (E − sums · onehot) 를 만들지 않는다. E 는 exp 버퍼, sums 는 행마다 E 의
  합, r 은 행마다의 배율 dout / (count · sums), onehot 은 타깃 자리만 1 인 (R, V) 배열이다. 타깃 자리의 E 에서
  sums 를 잠시 빼 두면 (E') dscore = r ⊙ E' 이므로,
      dh = dscore Wᵀ = r ⊙ (E' Wᵀ),    [dW; db] = [h ⊙ r, r]ᵀ E'
  로 행렬 곱이 E' 를 바로 읽는다. dW, db 는 다른 스레드가 (아래 계층이 역전파하는 동안) 계산하고, 끝나면 타깃 자리의
  E 를 원래 값으로 되돌린다.
- 행과 열을 나누는 구간은 문제의 크기만으로 정한다 (일꾼 수와 상관없다). 그래서 결과가 실행마다, 일꾼 수와 상관없이
  비트까지 같다.
"""

import functools
import threading

import numpy as np

from ..validation import check_finite_number, check_float_array
from .threads import SMALL_WORK, Background, run_parallel, shares, workers

# 편향, exp, 합을 한 번에 하는 행 구간의 크기: 구간 (행 × V × 4 바이트) 이 코어의 L2 캐시 (1 MiB) 에 들어가도록
CACHE_BLOCK_BYTES = 768 * 1024
# 순전파의 행 구간 (행 수). 곱을 한 번 부를 때마다 BLAS 가 W (H, V) 를 다시 정리하므로 너무 잘게 나누지 않고,
# 끝에 한 스레드만 오래 계산하지 않도록 너무 크게도 하지 않는다. 끝의 구간은 절반, 4분의 1 로 줄인다
CHUNK_ROWS = 100
# 역전파의 dh 를 나누는 행 구간 수와 dW, db 를 나누는 열 구간 수 (잘게 나눌수록 두 스레드가 고르게 끝난다)
DH_TASKS = 2
WEIGHT_TASKS = 32


class Head:
    """loss = TimeSoftmaxWithLoss().forward(TimeAffine(W, b).forward(hs), ts) 를 한 번에 계산하고, 역전파도 한다.

    exp 버퍼 (R, V) 하나를 forward 마다 다시 쓴다. backward 는 마지막 forward 의 것을 쓴다.
    """

    def __init__(self):
        self.exps = None  # 다시 쓰는 (R, V) 버퍼: 점수 -> exp(점수)
        self.cache = None

    def forward(self, W, b, ts, hidden_states):
        """hidden_states(on_step) 는 마지막 은닉 상태 hs (N, T, H) 를 돌려주는 함수다.

        그 안의 순환 계층이 on_step(hs_so_far) 를 시각마다 부르면 (엔진의 TimeLSTM), 준비된 행의 점수를 다른 스레드가
        미리 계산한다. 부르지 않아도 (TimeRNN, 드롭아웃 뒤) 결과는 같다. 평균 손실을 돌려준다.
        """
        H, V = W.shape
        N, T = ts.shape
        if self.exps is None or self.exps.shape != (N * T, V) or self.exps.dtype != W.dtype:
            self.exps = np.empty((N * T, V), dtype=W.dtype)
        stream = _Stream(W, b, ts, self.exps)
        try:
            hs = hidden_states(stream.rows_ready)
            check_float_array("hs", hs, shape=(N, T, H), dtype=W.dtype)
            stream.finish(hs)
        finally:
            stream.close()
        loss, self.cache = stream.loss_and_cache()
        return loss

    def backward(self, W, dW, db, dout=1):
        """dh (N, T, H) 와 남은 일 하나를 돌려준다. 남은 일의 finish() 를 부르면 dW, db 가 다 채워진다.

        그때까지 다른 스레드가 dW, db 를 계산하므로, 부르는 쪽은 그사이에 아래 계층의 역전파를 한다.
        """
        if self.cache is None:
            raise RuntimeError("backward를 forward보다 먼저 불렀습니다. forward로 순전파를 한 뒤에 불러 주세요.")
        scale = check_finite_number("dout", dout)
        exps, sums, targets, mask, count, h_rows, (N, T) = self.cache
        H, V = W.shape
        R = N * T
        row_scales = np.where(mask, (scale / count) / sums, 0).astype(sums.dtype)  # r (R,)
        counted = np.flatnonzero(mask)
        answer = (counted, targets[counted])
        saved = exps[answer]  # 되돌릴 타깃 자리의 E (복사본)
        exps[answer] = saved - sums[counted]  # E'
        dh = np.empty((R, H), dtype=W.dtype)

        def dh_rows(rows):
            np.matmul(exps[rows], W.T, out=dh[rows])
            dh[rows] *= row_scales[rows, None]

        weighted = np.empty((R, H + 1), dtype=W.dtype)  # [h ⊙ r, r] (R, H+1)
        np.multiply(h_rows, row_scales[:, None], out=weighted[:, :H])
        weighted[:, H] = row_scales

        def weight_grads(cols):
            block = weighted.T @ exps[:, cols]  # (H+1, 열 구간): 위 H 행이 dW, 맨 아래 행이 db
            dW[:, cols] = block[:H]
            db[cols] = block[H]

        def restore():
            exps[answer] = saved

        small = R * H * V < SMALL_WORK  # 작은 문제: 나누는 비용이 더 크다
        try:
            if small:
                dh_rows(slice(0, R))
                weight_grads(slice(0, V))
                tasks = []
            else:
                run_parallel([functools.partial(dh_rows, rows) for rows in shares(R, DH_TASKS)])
                tasks = [functools.partial(weight_grads, cols) for cols in shares(V, WEIGHT_TASKS)]
        except BaseException:
            restore()
            raise
        return dh.reshape(T, N, H).swapaxes(0, 1), _Pending(tasks, restore)


class _Stream:
    """한 번의 forward: 준비된 행 구간을 두 스레드가 가져가 점수, exp, 합을 계산한다."""

    def __init__(self, W, b, ts, exps):
        H, V = W.shape
        N, T = ts.shape
        self.W, self.b, self.exps = W, b, exps
        self.shape = (N, T, H, V)
        targets = ts.T.reshape(N * T)  # 시각 순서로 (R,)
        self.mask = targets != -1
        self.targets = np.where(self.mask, targets, 0)  # 무시할 자리의 타깃은 0 (손실에서 빠진다)
        self.count = int(self.mask.sum())
        self.sums = np.empty(N * T, dtype=W.dtype)  # 행마다 exp 의 합 (R,)
        self.target_scores = np.empty(N * T, dtype=W.dtype)  # 행마다 타깃 자리의 점수 (R,)
        self.h_rows = None  # 준비된 행의 h (준비된 행 수, H)
        self.total = N * T
        self.ready = 0  # 준비된 행 수
        self.claimed = 0  # 어느 스레드가 가져간 행 수 (0..claimed 는 계산했거나 계산하는 중)
        self.done = False  # 모든 행이 준비되었다 (또는 그만둔다)
        self.condition = threading.Condition()
        self.chunked = N * T * H * V >= SMALL_WORK  # 작은 문제는 한 구간으로, 스레드 없이
        self.worker = None

    def rows_ready(self, hs_so_far):
        """순환 계층이 시각 t의 h를 구할 때마다 부른다. hs_so_far (t+1, N, H): 시각 0..t의 h."""
        with self.condition:
            self.h_rows = hs_so_far.reshape(-1, self.shape[2])
            self.ready = len(self.h_rows)
            if self.ready >= self._next_stop():
                self.condition.notify()
        self._start_worker()

    def finish(self, hs):
        """hs (N, T, H): 남은 행을 지금 스레드도 함께 계산한다."""
        N, T, H, _ = self.shape
        with self.condition:
            if self.ready < self.total:  # 순환 계층이 시각마다 알려 주지 않았다
                self.h_rows = hs.transpose(1, 0, 2).reshape(N * T, H)  # 시각 순서로 복사 (R, H)
                self.ready = self.total
            self.done = True
            self.condition.notify_all()
        self._start_worker()
        while (rows := self._claim(wait=False)) is not None:
            self._compute(rows)

    def close(self):
        """다른 스레드가 더 가져가지 않게 하고 끝나기를 기다린다. 그 스레드의 예외는 여기서 일어난다."""
        with self.condition:
            self.done = True
            self.claimed = self.total  # 남은 행이 있어도 (예외로 그만둘 때) 더 가져가지 않는다
            self.condition.notify_all()
        worker, self.worker = self.worker, None
        if worker is not None:
            worker.finish()

    def loss_and_cache(self):
        """평균 손실과 backward가 쓸 것. 넘쳤거나 0으로 뭉개졌을 수 있는 행은 최댓값을 빼서 다시 계산한다."""
        N, T, _, _ = self.shape
        exps, sums = self.exps, self.sums
        shifts = np.zeros_like(sums)  # 행마다 뺀 값 (R,)
        redo = np.flatnonzero(~((sums >= 1) & (sums <= 1e30)))  # 합이 1 보다 작거나 너무 큰 행 (NaN 도)
        if redo.size:
            scores = self.h_rows[redo] @ self.W + self.b  # (다시 할 행 수, V)
            shifts[redo] = scores.max(axis=1)
            self.target_scores[redo] = scores[np.arange(redo.size), self.targets[redo]]
            exps[redo] = np.exp(scores - shifts[redo, None])
            sums[redo] = exps[redo].sum(axis=1)
        losses = np.log(sums) - (self.target_scores - shifts)  # 행마다 -log softmax(타깃)
        loss = float(losses[self.mask].sum()) / self.count
        return loss, (exps, sums, self.targets, self.mask, self.count, self.h_rows, (N, T))

    def _start_worker(self):
        if self.worker is None and self.chunked and workers() > 1:
            self.worker = Background([self._work])

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
        """다음 구간의 끝 행. 구간들은 R 만으로 정해진다 (작은 문제는 한 구간)."""
        if not self.chunked:
            return self.total
        return min(self.claimed + chunk_size(self.total - self.claimed, CHUNK_ROWS), self.total)

    def _compute(self, rows):
        """행 구간의 점수를 exp 버퍼에 곱해 넣고, 캐시 크기의 구간마다 편향, 타깃 점수, exp, 합을 끝낸다."""
        exps = self.exps
        np.matmul(self.h_rows[rows], self.W, out=exps[rows])
        step = max(1, CACHE_BLOCK_BYTES // (self.W.shape[1] * exps.itemsize))
        with np.errstate(over="ignore", under="ignore"):  # 넘친 행은 loss_and_cache 가 다시 한다
            for start in range(rows.start, rows.stop, step):
                block = slice(start, min(start + step, rows.stop))
                scores = exps[block]  # 아직 점수 (구간 행 수, V), 이 구간은 캐시에 있다
                scores += self.b
                self.target_scores[block] = scores[np.arange(scores.shape[0]), self.targets[block]]
                np.exp(scores, out=scores)
                np.sum(scores, axis=1, out=self.sums[block])


def chunk_size(remaining, chunk):
    """남은 행이 remaining 개일 때 다음 구간의 행 수. 끝에서는 구간을 줄여 (chunk → chunk/2 → chunk/4) 두 스레드가
    거의 함께 끝나게 한다. 구간들은 R 과 chunk 만으로 정해진다 (어느 스레드가 언제 가져가든 같다)."""
    if remaining > 2 * chunk:
        return chunk
    if remaining > chunk // 2:
        return max(1, chunk // 2)
    return max(1, chunk // 4)


class _Pending:
    """다른 스레드가 계산하고 있는 dW, db. finish()는 그 일을 함께 끝내고 exp 버퍼의 타깃 자리를 되돌린다."""

    def __init__(self, tasks, restore):
        self._background = Background(tasks)
        self._restore = restore

    def finish(self):
        try:
            self._background.finish()
        finally:
            self._restore()
