"""T 개 시각을 한 번에 처리하는 Time 계층.

글자: N 배치 크기, T 시각 수, D 입력 차원, H 은닉 상태 차원, V 어휘 크기.
시각에 따라 달라지지 않는 계산 (입력 쪽 행렬 곱, 가중치 기울기) 은 N*T 개 행을 모아
행렬 곱 한 번으로 하고, 은닉 상태의 순환이 필요한 부분만 시각마다 반복한다.
결과는 교재처럼 RNN/LSTM 계층을 T 개 이어 붙인 것과 같다 (테스트가 확인한다).
행렬 곱은 모두 BLAS 스레드 하나로 한다: 작은 곱 (한 시각의 h Wh 등) 은 `with one_blas_thread():` 안에서,
큰 곱은 `_parallel.matmul` 이 코어 수만큼 나누어 (까닭은 _parallel.py 의 설명).
"""

import numpy as np

from ._parallel import for_row_blocks, matmul, one_blas_thread
from .layers import check_recurrent_weights, lstm_gates
from .validation import (
    check_finite_number,
    check_float_array,
    check_forward_done,
    check_ids,
    check_same_dtype,
    check_shape,
)


def _initial_state(layer, name, state, N, H, dtype):
    """stateful 이면 이전 상태를, 아니면 0 을 시작 상태로 쓴다."""
    if not layer.stateful or state is None:
        return np.zeros((N, H), dtype=dtype)
    if state.shape[0] != N:
        raise ValueError(
            f"이어받을 {name} 의 배치 크기는 {state.shape[0]} 인데 xs 의 배치 크기는 {N} 입니다. "
            f"배치 크기를 바꿀 때는 먼저 reset_state() 를 불러 주세요."
        )
    return state


class TimeEmbedding:
    """T 개 시각의 단어 ID 를 한 번에 분산 표현(단어 벡터)으로 바꾼다.

    forward:  xs (N, T) 정수 ID -> out (N, T, D)
    backward: dout (N, T, D) -> None; dW (V, D) 를 grads 에 쓴다.
    """

    def __init__(self, W):
        check_float_array("W", W, ndim=2)
        self.params = [W]
        self.grads = [np.zeros_like(W)]
        self.xs = None

    def forward(self, xs):
        (W,) = self.params
        check_ids("xs", xs, W.shape[0], ndim=2)
        self.xs = xs
        return W[xs]

    def backward(self, dout):
        check_forward_done(self, self.xs)
        (dW,) = self.grads
        N, T = self.xs.shape
        D = dW.shape[1]
        check_float_array("dout", dout, shape=(N, T, D), dtype=dW.dtype)
        ids = self.xs.reshape(N * T)  # (N*T,)
        # 같은 ID 의 기울기를 더한다: ID 순으로 정렬해 구간별 합을 구한다 (np.add.at 보다 빠름)
        order = np.argsort(ids, kind="stable")
        sorted_ids = ids[order]
        starts = np.flatnonzero(np.r_[True, sorted_ids[1:] != sorted_ids[:-1]])
        dW[...] = 0
        dW[sorted_ids[starts]] = np.add.reduceat(dout.reshape(N * T, D)[order], starts, axis=0)


class TimeRNN:
    """RNN 계층 T 개를 이은 것. 모든 시각이 같은 가중치 Wx, Wh, b 를 공유한다.

    forward:  xs (N, T, D) -> hs (N, T, H)
    backward: dhs (N, T, H) -> dxs (N, T, D); dWx, dWh, db 를 grads 에 쓴다.

    stateful=True 이면 forward 가 끝난 은닉 상태 h 를 다음 forward 가 이어받는다
    (잘린 BPTT: 순전파는 블록을 넘어 이어지고, 역전파는 블록 안에서 끝난다).
    backward 후 dh 에는 첫 시각의 은닉 상태로 흘러간 기울기가 남는다.
    """

    def __init__(self, Wx, Wh, b, stateful=False):
        self.D, self.H, self.dtype = check_recurrent_weights(Wx, Wh, b)
        self.params = [Wx, Wh, b]
        self.grads = [np.zeros_like(Wx), np.zeros_like(Wh), np.zeros_like(b)]
        self.stateful = bool(stateful)
        self.h = None
        self.dh = None
        self.cache = None

    def set_state(self, h):
        """다음 forward 가 이어받을 은닉 상태 h (N, H) 를 정한다."""
        self.h = check_float_array("h", h, shape=(None, self.H), dtype=self.dtype)

    def reset_state(self):
        self.h = None

    def forward(self, xs):
        Wx, Wh, b = self.params
        check_float_array("xs", xs, shape=(None, None, self.D), dtype=self.dtype)
        N, T, D = xs.shape
        H = self.H
        h = _initial_state(self, "h", self.h, N, H, self.dtype)
        h0 = h
        with one_blas_thread():
            xWx = (xs.reshape(N * T, D) @ Wx).reshape(N, T, H)  # 모든 시각의 x Wx 를 한 번에
        xWx += b
        hs = np.empty((N, T, H), dtype=self.dtype)
        with one_blas_thread():
            for t in range(T):
                h = np.tanh(h @ Wh + xWx[:, t])
                hs[:, t] = h
        self.h = h
        self.cache = (xs, h0, hs)
        return hs

    def backward(self, dhs):
        check_forward_done(self, self.cache)
        Wx, Wh, _ = self.params
        xs, h0, hs = self.cache
        N, T, H = hs.shape
        D = self.D
        check_float_array("dhs", dhs, shape=(N, T, H), dtype=self.dtype)
        dts = np.empty_like(hs)  # 시각마다 tanh 를 거슬러 올라간 기울기 (N, T, H)
        dh = np.zeros((N, H), dtype=self.dtype)  # 미래(다음 시각)에서 오는 기울기
        with one_blas_thread():
            for t in reversed(range(T)):
                dt = (dhs[:, t] + dh) * (1 - hs[:, t] ** 2)
                dts[:, t] = dt
                dh = dt @ Wh.T
        self.dh = dh
        hs_prev = np.concatenate([h0[:, None], hs[:, :-1]], axis=1)  # 시각 t 의 h_{t-1} (N, T, H)
        dts2 = dts.reshape(N * T, H)  # (N*T, H)
        with one_blas_thread():
            np.matmul(xs.reshape(N * T, D).T, dts2, out=self.grads[0])
            np.matmul(hs_prev.reshape(N * T, H).T, dts2, out=self.grads[1])
            np.sum(dts2, axis=0, out=self.grads[2])
            return (dts2 @ Wx.T).reshape(N, T, D)


class TimeLSTM:
    """LSTM 계층 T 개를 이은 것 (가중치 공유, 4H 열은 f, g, i, o 순서).

    forward:  xs (N, T, D) -> hs (N, T, H)
    backward: dhs (N, T, H) -> dxs (N, T, D); dWx, dWh, db 를 grads 에 쓴다.

    stateful=True 이면 은닉 상태 h 와 기억 셀 c 를 다음 forward 가 이어받는다.

    안쪽에서는 시각을 첫 축에 둔다 (T, N, ·): 한 시각의 배열이 메모리에 연속으로 놓여서
    반복문의 한 걸음이 작은 연속 배열만 다룬다. 필요한 배열은 반복문 전에 한 번에 만든다.
    """

    def __init__(self, Wx, Wh, b, stateful=False):
        self.D, self.H, self.dtype = check_recurrent_weights(Wx, Wh, b, gates=4)
        self.params = [Wx, Wh, b]
        self.grads = [np.zeros_like(Wx), np.zeros_like(Wh), np.zeros_like(b)]
        self.stateful = bool(stateful)
        self.h = None
        self.c = None
        self.dh = None
        self.cache = None

    def set_state(self, h, c=None):
        """다음 forward 가 이어받을 은닉 상태 h (N, H) 와 기억 셀 c (N, H) 를 정한다."""
        check_float_array("h", h, shape=(None, self.H), dtype=self.dtype)
        if c is not None:
            check_float_array("c", c, shape=h.shape, dtype=self.dtype)
        self.h, self.c = h, c

    def reset_state(self):
        self.h, self.c = None, None

    def forward(self, xs, on_step=None):
        """on_step: 주면 시각 t 의 h 를 구할 때마다 on_step(hs_so_far) 를 부른다. hs_so_far (t+1, N, H) 는 시각
        0..t 의 h 를 시각 순서로 본 뷰다 (언어 모델이 다음 계층의 계산을 다른 코어에서 미리 시작할 때 쓴다)."""
        Wx, Wh, b = self.params
        check_float_array("xs", xs, shape=(None, None, self.D), dtype=self.dtype)
        N, T, D = xs.shape
        H = self.H
        xs_t = xs.transpose(1, 0, 2).reshape(T * N, D)  # (T*N, D) 시각 순서로 복사
        gates = np.empty((T * N, 4 * H), dtype=self.dtype)
        gates = matmul(xs_t, Wx, out=gates).reshape(T, N, 4 * H)  # 모든 시각의 x Wx 를 한 번에 (T, N, 4H)
        gates += b
        hs = np.empty((T + 1, N, H), dtype=self.dtype)  # hs[0] 시작 상태, hs[t + 1] 시각 t 의 h
        cs = np.empty((T + 1, N, H), dtype=self.dtype)  # cs[0] 시작 상태, cs[t + 1] 시각 t 의 c
        tanh_cs = np.empty((T, N, H), dtype=self.dtype)  # tanh(c)
        hs[0] = _initial_state(self, "h", self.h, N, H, self.dtype)
        cs[0] = _initial_state(self, "c", self.c, N, H, self.dtype)
        hWh = np.empty((N, 4 * H), dtype=self.dtype)  # 한 시각의 h_prev Wh
        with one_blas_thread():
            for t in range(T):
                gate = gates[t]  # (N, 4H): x Wx + b 가 들어 있다
                gate += np.matmul(hs[t], Wh, out=hWh)
                lstm_gates(gate, out=gate)  # 제자리에서 f, g, i, o 로 활성화
                f, g, i, o = gate[:, :H], gate[:, H : 2 * H], gate[:, 2 * H : 3 * H], gate[:, 3 * H :]
                np.multiply(f, cs[t], out=cs[t + 1])
                cs[t + 1] += g * i  # c_next = f ⊙ c_prev + g ⊙ i
                np.tanh(cs[t + 1], out=tanh_cs[t])
                np.multiply(o, tanh_cs[t], out=hs[t + 1])  # h_next = o ⊙ tanh(c_next)
                if on_step is not None:
                    on_step(hs[1 : t + 2])
        self.h, self.c = hs[T].copy(), cs[T].copy()
        self.cache = (xs_t, gates, hs, cs, tanh_cs)
        return hs[1:].transpose(1, 0, 2).copy()  # (N, T, H)

    def backward(self, dhs):
        check_forward_done(self, self.cache)
        Wx, Wh, _ = self.params
        dWx, dWh, db = self.grads
        xs_t, gates, hs, cs, tanh_cs = self.cache
        T, N, _ = gates.shape
        H, D = self.H, self.D
        check_float_array("dhs", dhs, shape=(N, T, H), dtype=self.dtype)
        dhs_t = dhs.transpose(1, 0, 2)  # (T, N, H) 시각 순서로 본 모습 (복사 없음)
        f, g, i, o = gates[..., :H], gates[..., H : 2 * H], gates[..., 2 * H : 3 * H], gates[..., 3 * H :]
        # 국소 미분은 순전파의 결과만으로 정해지므로 반복문 밖에서 모든 시각을 한 번에 구한다
        do_dh = tanh_cs * o * (1 - o)  # h 의 기울기 -> A_o 의 기울기 (T, N, H)
        ds_dh = o * (1 - tanh_cs**2)  # h 의 기울기 -> c 의 기울기 (T, N, H)
        # c 의 기울기 -> A_f, A_g, A_i 의 기울기 (T, N, 3, H). cs[:-1] 은 시각마다의 c_prev
        dfgi_ds = np.stack([cs[:-1] * f * (1 - f), i * (1 - g**2), g * i * (1 - i)], axis=2)
        dA = np.empty((T, N, 4, H), dtype=self.dtype)  # A (= x Wx + h_prev Wh + b) 의 기울기, f g i o 블록
        dh = np.zeros((N, H), dtype=self.dtype)  # 다음 시각에서 오는 h 의 기울기
        dc = np.zeros((N, H), dtype=self.dtype)  # 다음 시각에서 오는 c 의 기울기
        with one_blas_thread():
            for t in reversed(range(T)):
                dh_t = dhs_t[t] + dh  # 위에서 온 기울기 + 다음 시각에서 온 기울기
                np.multiply(dh_t, do_dh[t], out=dA[t, :, 3])
                ds = dh_t * ds_dh[t]
                ds += dc  # c_next 에 모인 기울기
                np.multiply(ds[:, None, :], dfgi_ds[t], out=dA[t, :, :3])
                dc = ds * f[t]
                dh = dA[t].reshape(N, 4 * H) @ Wh.T
        self.dh = dh
        dA2 = dA.reshape(T * N, 4 * H)  # (T*N, 4H)
        matmul(xs_t.T, dA2, out=dWx, by="cols")
        matmul(hs[:-1].reshape(T * N, H).T, dA2, out=dWh, by="cols")  # hs[:-1] 은 시각마다의 h_prev
        np.sum(dA2, axis=0, out=db)
        dxs = matmul(dA2, Wx.T, out=np.empty((T * N, D), dtype=self.dtype))
        return dxs.reshape(T, N, D).transpose(1, 0, 2).copy()  # (N, T, D)


class TimeDropout:
    """학습할 때만 원소를 dropout_ratio 의 확률로 0 으로 만들고, 남은 원소는 1 / (1 - dropout_ratio) 배 한다.

    forward:  xs (N, T, H) -> xs ⊙ mask (N, T, H)   (train_flg=False 이면 xs 그대로)
    backward: dout (N, T, H) -> dout ⊙ mask (N, T, H)

    남은 원소를 키워 두므로 평가할 때 (train_flg=False) 는 아무것도 하지 않아도 기댓값이 같다 (역 드롭아웃).
    rng 는 시드(int) 나 np.random.Generator.
    """

    def __init__(self, dropout_ratio=0.5, rng=None):
        ratio = check_finite_number("dropout_ratio", dropout_ratio)
        if not 0 <= ratio < 1:
            raise ValueError(f"`dropout_ratio` 는 0 이상 1 미만이어야 하는데 {dropout_ratio} 입니다.")
        self.params, self.grads = [], []
        self.dropout_ratio = ratio
        self.rng = np.random.default_rng(rng)
        self.train_flg = True
        self.cache = None

    def forward(self, xs):
        check_float_array("xs", xs, ndim=3)
        mask = None  # 평가할 때: 모든 원소를 그대로 통과시킨다
        if self.train_flg and self.dropout_ratio > 0:
            keep = self.rng.random(xs.shape, dtype=np.float32) >= self.dropout_ratio  # (N, T, H) bool
            mask = keep.astype(xs.dtype)
            mask *= 1 / (1 - self.dropout_ratio)
        self.cache = (mask, xs.shape, xs.dtype)
        return xs if mask is None else xs * mask

    def backward(self, dout):
        check_forward_done(self, self.cache)
        mask, shape, dtype = self.cache
        check_float_array("dout", dout, shape=shape, dtype=dtype)
        return dout if mask is None else dout * mask


class TimeAffine:
    """모든 시각의 은닉 상태에 같은 Affine 변환을 한 번에 적용한다.

    forward:  h (N, T, H) -> score (N, T, V)
    backward: dscore (N, T, V) -> dh (N, T, H); dW (H, V), db (V,) 를 grads 에 쓴다.

    W 는 다른 배열의 전치여도 된다 (가중치 묶기: W = 임베딩 가중치.T). dW 는 W 와 같은 배치(layout)로
    만들어 두고 행렬 곱의 결과를 그 자리에 바로 쓴다.
    """

    def __init__(self, W, b):
        check_float_array("W", W, ndim=2)
        check_float_array("b", b, shape=(W.shape[1],))
        check_same_dtype([("W", W), ("b", b)])
        self.params = [W, b]
        self.grads = [np.zeros_like(W), np.zeros_like(b)]
        self.x = None

    def forward(self, x):
        W, b = self.params
        check_float_array("x", x, shape=(None, None, W.shape[0]), dtype=W.dtype)
        N, T, H = x.shape
        V = W.shape[1]
        self.x = x
        out = matmul(x.reshape(N * T, H), W, out=np.empty((N * T, V), dtype=W.dtype))  # (N*T, V)

        def add_bias(rows):
            out[rows] += b

        for_row_blocks(add_bias, N * T, V * out.itemsize)
        return out.reshape(N, T, V)

    def backward(self, dout):
        check_forward_done(self, self.x)
        W, _ = self.params
        N, T, H = self.x.shape
        V = W.shape[1]
        check_float_array("dout", dout, shape=(N, T, V), dtype=W.dtype)
        dout2 = dout.reshape(N * T, V)  # (N*T, V)
        dW, db = self.grads
        matmul(self.x.reshape(N * T, H).T, dout2, out=dW, by="cols")  # 임시 배열 없이 dW 에 바로
        np.sum(dout2, axis=0, out=db)
        dx = matmul(dout2, W.T, out=np.empty((N * T, H), dtype=W.dtype))  # (N*T, H)
        return dx.reshape(N, T, H)


class TimeSoftmaxWithLoss:
    """모든 시각의 점수에 softmax 와 교차 엔트로피 오차를 적용하고 평균 손실을 낸다.

    forward:  xs (N, T, V) 점수, ts (N, T) 정답 ID -> loss (스칼라)
    backward: dout (스칼라) -> dxs (N, T, V)

    손실은 정답이 -1 인 자리(패딩)를 빼고 나머지 N*T 개 자리에 대한 평균이다.

    V 가 크면 (PTB 는 10,000) 이 계층이 다루는 (N*T, V) 배열이 학습에서 가장 크다. 그래서
    exp 를 담는 버퍼 하나를 forward 마다 다시 쓰고, 행 구간마다 (캐시 안에서) exp → 합을 한 번에 끝내며,
    구간들을 코어 수만큼의 스레드로 나눈다.
    확률로 나누는 일은 backward 에서 배율과 함께 한 번에 한다.
    """

    def __init__(self):
        self.params, self.grads = [], []
        self.cache = None
        self.exp_buffer = None  # 다시 쓰는 (N*T, V) 버퍼

    def forward(self, xs, ts):
        check_float_array("xs", xs, ndim=3)
        N, T, V = xs.shape
        targets, mask, count = self._check_targets(ts, (N, T, V))
        scores = xs.reshape(N * T, V)  # (N*T, V)
        exps = self._exp_buffer(scores.shape, xs.dtype)  # exp(x - shift) (N*T, V)
        sums = np.empty(N * T, dtype=xs.dtype)  # 행마다 exp(x - shift) 의 합 (N*T,)

        def exp_rows(rows):
            np.exp(scores[rows], out=exps[rows])
            np.sum(exps[rows], axis=1, out=sums[rows])

        # softmax 는 행마다 같은 값 (shift) 을 빼도 변하지 않는다. 흔히 행의 최댓값을 빼서 exp 가 넘치지 않게 하지만,
        # 그러면 배열을 두 번 더 훑는다 (최댓값, 빼기). 점수가 -87 ~ 88 쯤이면 (float32 의 exp 가 넘치거나 0 이 되지
        # 않는 범위) 빼지 않아도 되므로 먼저 shift = 0 으로 계산한다. 넘쳤을 수 있는 행은 _finish_forward 가 다시 한다.
        with np.errstate(over="ignore", under="ignore"):
            for_row_blocks(exp_rows, N * T, V * xs.itemsize)
        target_scores = scores[np.arange(N * T), targets]  # (N*T,)
        return self._finish_forward(
            lambda rows: scores[rows],
            target_scores,
            sums,
            targets,
            mask,
            count,
            lambda a: a.reshape(N, T, *a.shape[1:]),  # 행 순서는 (n, t): (N*T, ...) -> (N, T, ...)
        )

    def _check_targets(self, ts, shape):
        """정답 ts (N, T) 를 확인하고 (targets (N*T,), mask (N*T,), 센 자리 수) 를 돌려준다. -1 자리의 target 은 0."""
        N, T, V = shape
        check_ids("ts", ts, V, allow_ignore=True)
        check_shape("ts", ts, shape=(N, T))
        targets = ts.reshape(N * T)  # (N*T,)
        mask = targets != -1
        count = int(mask.sum())
        if count == 0:
            raise ValueError("`ts` 의 정답이 모두 -1(무시) 이라 평균 손실을 계산할 수 없습니다.")
        return np.where(mask, targets, 0), mask, count

    def _exp_buffer(self, shape, dtype):
        """forward 마다 다시 쓰는 exp 버퍼 (모양이나 dtype 이 바뀌면 새로 만든다)."""
        if self.exp_buffer is None or self.exp_buffer.shape != shape or self.exp_buffer.dtype != dtype:
            self.exp_buffer = np.empty(shape, dtype=dtype)
        return self.exp_buffer

    def _finish_forward(self, scores_of, target_scores, sums, targets, mask, count, rows_to_nt):
        """exp 버퍼 (R, V) 와 행마다의 합 sums (R,) 가 채워진 뒤의 나머지: 넘쳤을 수 있는 행을 다시 하고 손실을 낸다.

        합이 1 보다 작은 행 (점수가 모두 작아 exp 가 0 으로 뭉개졌을 수 있다) 과 1e30 보다 큰 행 (넘쳤거나,
        backward 의 1 / 합이 float32 로 나타내기 어렵다) 만 점수 scores_of(행 번호들) 에서 최댓값을 빼서 다시 계산한다.
        행 배열들은 부르는 쪽의 행 순서를 따른다. rows_to_nt(a) 는 (R, ...) 배열을 (N, T, ...) 로 보는 뷰를 돌려주며,
        캐시는 그 모양으로 둔다 (그래서 backward 는 행 순서를 몰라도 된다).
        """
        exps = self.exp_buffer
        shifts = np.zeros_like(sums)  # 행마다 뺀 값 (R,)
        redo = np.flatnonzero(~((sums >= 1) & (sums <= 1e30)))  # NaN 도 여기로
        if redo.size:
            scores = scores_of(redo)  # (다시 할 행 수, V)
            shifts[redo] = scores.max(axis=1)
            exps[redo] = np.exp(scores - shifts[redo, None])
            sums[redo] = exps[redo].sum(axis=1)
        # log softmax 를 직접 계산한다: 손실 = log Σ exp(x - shift) - (x_정답 - shift)
        losses = np.log(sums) - (target_scores - shifts)
        loss = float(losses[mask].sum()) / count
        self.cache = (*(rows_to_nt(a) for a in (exps, sums, targets, mask)), count)
        return loss

    def _row_scales(self, dout):
        """backward 의 자리마다의 배율 dout / (센 자리 수 × exp 합) (N, T). 정답이 -1 인 자리는 0."""
        _, sums, _, mask, count = self.cache
        scale = check_finite_number("dout", dout) / count  # 파이썬 float: 점수의 dtype 을 바꾸지 않는다
        return np.where(mask, scale / sums, 0).astype(sums.dtype, copy=False)

    def backward(self, dout=1):
        check_forward_done(self, self.cache)
        exps, sums, targets, mask, count = self.cache  # (N, T, V), (N, T) × 3
        N, T, V = exps.shape
        # dx = (softmax - 정답의 one-hot) * dout / count. softmax = exps / sums 이므로 자리마다 배율을 곱한다.
        # 정답이 -1 인 자리는 배율 0 이라 기울기가 0 이 된다.
        row_scales = self._row_scales(dout)  # (N, T)
        dxs = np.empty((N, T, V), dtype=exps.dtype)  # 새 배열: 캐시는 그대로 둔다

        def grad_rows(batch_rows):
            np.multiply(exps[batch_rows], row_scales[batch_rows, :, None], out=dxs[batch_rows])

        for_row_blocks(grad_rows, N, T * V * exps.itemsize)
        n, t = np.nonzero(mask)
        dxs[n, t, targets[n, t]] -= float(dout) / count
        return dxs
