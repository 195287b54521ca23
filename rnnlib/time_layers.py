"""T 개 시각을 한 번에 처리하는 Time 계층.

글자: N 배치 크기, T 시각 수, D 입력 차원, H 은닉 상태 차원, V 어휘 크기.
시각에 따라 달라지지 않는 계산 (입력 쪽 행렬 곱, 가중치 기울기) 은 N*T 개 행을 모아
행렬 곱 한 번으로 하고, 은닉 상태의 순환이 필요한 부분만 시각마다 반복한다.
결과는 교재처럼 RNN/LSTM 계층을 T 개 이어 붙인 것과 같다 (테스트가 확인한다).
"""

import numpy as np

from . import _validate as v
from .layers import check_recurrent_weights, lstm_gate_grads, lstm_gates


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
        v.check_float_array("W", W, ndim=2)
        self.params = [W]
        self.grads = [np.zeros_like(W)]
        self.xs = None

    def forward(self, xs):
        (W,) = self.params
        v.check_ids("xs", xs, W.shape[0], ndim=2)
        self.xs = xs
        return W[xs]

    def backward(self, dout):
        v.check_forward_done(self, self.xs)
        (dW,) = self.grads
        N, T = self.xs.shape
        D = dW.shape[1]
        v.check_float_array("dout", dout, shape=(N, T, D), dtype=dW.dtype)
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
        self.h = v.check_float_array("h", h, shape=(None, self.H), dtype=self.dtype)

    def reset_state(self):
        self.h = None

    def forward(self, xs):
        Wx, Wh, b = self.params
        v.check_float_array("xs", xs, shape=(None, None, self.D), dtype=self.dtype)
        N, T, D = xs.shape
        H = self.H
        h = _initial_state(self, "h", self.h, N, H, self.dtype)
        h0 = h
        xWx = (xs.reshape(N * T, D) @ Wx).reshape(N, T, H)  # 모든 시각의 x Wx 를 한 번에
        xWx += b
        hs = np.empty((N, T, H), dtype=self.dtype)
        for t in range(T):
            h = np.tanh(h @ Wh + xWx[:, t])
            hs[:, t] = h
        self.h = h
        self.cache = (xs, h0, hs)
        return hs

    def backward(self, dhs):
        v.check_forward_done(self, self.cache)
        Wx, Wh, _ = self.params
        xs, h0, hs = self.cache
        N, T, H = hs.shape
        D = self.D
        v.check_float_array("dhs", dhs, shape=(N, T, H), dtype=self.dtype)
        dts = np.empty_like(hs)  # 시각마다 tanh 를 거슬러 올라간 기울기 (N, T, H)
        dh = np.zeros((N, H), dtype=self.dtype)  # 미래(다음 시각)에서 오는 기울기
        for t in reversed(range(T)):
            dt = (dhs[:, t] + dh) * (1 - hs[:, t] ** 2)
            dts[:, t] = dt
            dh = dt @ Wh.T
        self.dh = dh
        hs_prev = np.concatenate([h0[:, None], hs[:, :-1]], axis=1)  # 시각 t 의 h_{t-1} (N, T, H)
        dts2 = dts.reshape(N * T, H)  # (N*T, H)
        self.grads[0][...] = xs.reshape(N * T, D).T @ dts2
        self.grads[1][...] = hs_prev.reshape(N * T, H).T @ dts2
        self.grads[2][...] = dts2.sum(axis=0)
        return (dts2 @ Wx.T).reshape(N, T, D)


class TimeLSTM:
    """LSTM 계층 T 개를 이은 것 (가중치 공유, 4H 열은 f, g, i, o 순서).

    forward:  xs (N, T, D) -> hs (N, T, H)
    backward: dhs (N, T, H) -> dxs (N, T, D); dWx, dWh, db 를 grads 에 쓴다.

    stateful=True 이면 은닉 상태 h 와 기억 셀 c 를 다음 forward 가 이어받는다.
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
        v.check_float_array("h", h, shape=(None, self.H), dtype=self.dtype)
        if c is not None:
            v.check_float_array("c", c, shape=h.shape, dtype=self.dtype)
        self.h, self.c = h, c

    def reset_state(self):
        self.h, self.c = None, None

    def forward(self, xs):
        Wx, Wh, b = self.params
        v.check_float_array("xs", xs, shape=(None, None, self.D), dtype=self.dtype)
        N, T, D = xs.shape
        H = self.H
        h = _initial_state(self, "h", self.h, N, H, self.dtype)
        c = _initial_state(self, "c", self.c, N, H, self.dtype)
        h0, c0 = h, c
        xA = (xs.reshape(N * T, D) @ Wx).reshape(N, T, 4 * H)  # 모든 시각의 x Wx 를 한 번에
        xA += b
        gates = np.empty((N, T, 4 * H), dtype=self.dtype)
        cs = np.empty((N, T, H), dtype=self.dtype)
        tanh_cs = np.empty((N, T, H), dtype=self.dtype)
        hs = np.empty((N, T, H), dtype=self.dtype)
        for t in range(T):
            gate = lstm_gates(xA[:, t] + h @ Wh)
            f, g, i, o = gate[:, :H], gate[:, H : 2 * H], gate[:, 2 * H : 3 * H], gate[:, 3 * H :]
            c = f * c + g * i
            tanh_c = np.tanh(c)
            h = o * tanh_c
            gates[:, t], cs[:, t], tanh_cs[:, t], hs[:, t] = gate, c, tanh_c, h
        self.h, self.c = h, c
        self.cache = (xs, h0, c0, gates, cs, tanh_cs, hs)
        return hs

    def backward(self, dhs):
        v.check_forward_done(self, self.cache)
        Wx, Wh, _ = self.params
        xs, h0, c0, gates, cs, tanh_cs, hs = self.cache
        N, T, H = hs.shape
        D = self.D
        v.check_float_array("dhs", dhs, shape=(N, T, H), dtype=self.dtype)
        dAs = np.empty_like(gates)  # (N, T, 4H)
        dh = np.zeros((N, H), dtype=self.dtype)
        dc = np.zeros((N, H), dtype=self.dtype)
        for t in reversed(range(T)):
            c_prev = cs[:, t - 1] if t > 0 else c0
            dA, dc = lstm_gate_grads(gates[:, t], c_prev, tanh_cs[:, t], dhs[:, t] + dh, dc)
            dAs[:, t] = dA
            dh = dA @ Wh.T
        self.dh = dh
        hs_prev = np.concatenate([h0[:, None], hs[:, :-1]], axis=1)  # (N, T, H)
        dAs2 = dAs.reshape(N * T, 4 * H)  # (N*T, 4H)
        self.grads[0][...] = xs.reshape(N * T, D).T @ dAs2
        self.grads[1][...] = hs_prev.reshape(N * T, H).T @ dAs2
        self.grads[2][...] = dAs2.sum(axis=0)
        return (dAs2 @ Wx.T).reshape(N, T, D)


class TimeAffine:
    """모든 시각의 은닉 상태에 같은 Affine 변환을 한 번에 적용한다.

    forward:  h (N, T, H) -> score (N, T, V)
    backward: dscore (N, T, V) -> dh (N, T, H); dW (H, V), db (V,) 를 grads 에 쓴다.
    """

    def __init__(self, W, b):
        v.check_float_array("W", W, ndim=2)
        v.check_float_array("b", b, shape=(W.shape[1],))
        v.check_same_dtype([("W", W), ("b", b)])
        self.params = [W, b]
        self.grads = [np.zeros_like(W), np.zeros_like(b)]
        self.x = None

    def forward(self, x):
        W, b = self.params
        v.check_float_array("x", x, shape=(None, None, W.shape[0]), dtype=W.dtype)
        N, T, H = x.shape
        self.x = x
        out = x.reshape(N * T, H) @ W  # (N*T, V)
        out += b
        return out.reshape(N, T, -1)

    def backward(self, dout):
        v.check_forward_done(self, self.x)
        W, _ = self.params
        N, T, H = self.x.shape
        V = W.shape[1]
        v.check_float_array("dout", dout, shape=(N, T, V), dtype=W.dtype)
        dout2 = dout.reshape(N * T, V)  # (N*T, V)
        self.grads[0][...] = self.x.reshape(N * T, H).T @ dout2
        self.grads[1][...] = dout2.sum(axis=0)
        return (dout2 @ W.T).reshape(N, T, H)


class TimeSoftmaxWithLoss:
    """모든 시각의 점수에 softmax 와 교차 엔트로피 오차를 적용하고 평균 손실을 낸다.

    forward:  xs (N, T, V) 점수, ts (N, T) 정답 ID -> loss (스칼라)
    backward: dout (스칼라) -> dxs (N, T, V)

    손실은 정답이 -1 인 자리(패딩)를 빼고 나머지 N*T 개 자리에 대한 평균이다.
    """

    def __init__(self):
        self.params, self.grads = [], []
        self.cache = None

    def forward(self, xs, ts):
        v.check_float_array("xs", xs, ndim=3)
        N, T, V = xs.shape
        v.check_ids("ts", ts, V, allow_ignore=True)
        v.check_shape("ts", ts, shape=(N, T))
        targets = ts.reshape(N * T)  # (N*T,)
        mask = targets != -1
        count = int(mask.sum())
        if count == 0:
            raise ValueError("`ts` 의 정답이 모두 -1(무시) 이라 평균 손실을 계산할 수 없습니다.")
        targets = np.where(mask, targets, 0)
        rows = np.arange(N * T)
        # log softmax 를 직접 계산한다: 손실 = log Σ exp(x - max) - (x_정답 - max)
        probs = xs.reshape(N * T, V) - xs.reshape(N * T, V).max(axis=1, keepdims=True)  # (N*T, V)
        target_scores = probs[rows, targets]
        np.exp(probs, out=probs)
        sums = probs.sum(axis=1)
        losses = np.log(sums) - target_scores
        loss = float(losses[mask].sum()) / count
        probs /= sums[:, None]
        self.cache = (probs, targets, mask, count, (N, T, V))
        return loss

    def backward(self, dout=1):
        v.check_forward_done(self, self.cache)
        probs, targets, mask, count, shape = self.cache
        scale = v.check_finite_number("dout", dout) / count  # 파이썬 float: 점수의 dtype 을 바꾸지 않는다
        dxs = probs * scale  # 새 배열: 캐시는 그대로 둔다
        dxs[np.arange(len(targets)), targets] -= scale
        if count < len(targets):
            dxs[~mask] = 0
        return dxs.reshape(shape)
