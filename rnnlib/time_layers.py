"""T 개 시각을 한 번에 처리하는 Time 계층 (노트북 5.3, 5.4, 5.5b 에서 유도한 그대로).

기호: N 배치 크기, T 시각 수, D 입력 차원, H 은닉 상태 차원, V 어휘 수.
배열은 모두 배치가 첫 축이다: xs (N, T, D), hs (N, T, H).
TimeRNN 과 TimeLSTM 은 시각과 상관없는 x Wx 를 N*T 개 행의 행렬 곱 한 번으로 미리 하고 (5.3 의 묶음 계산),
은닉 상태가 이어지는 부분만 시각마다 반복한다. 가중치의 기울기도 시각마다의 몫을 행렬 곱 한 번으로 더한다.
"""

import numpy as np

from .functions import sigmoid, softmax
from .layers import check_recurrent_weights
from .validation import (
    check_finite_number,
    check_float_array,
    check_forward_done,
    check_ids,
    check_same_dtype,
    check_shape,
)


def initial_state(layer, state, N):
    """forward의 시작 상태 (N, H): stateful이고 이어받을 상태가 있으면 그것, 아니면 0."""
    if not layer.stateful or state is None:
        return np.zeros((N, layer.H), dtype=layer.dtype)
    if state.shape[0] != N:
        raise ValueError(
            f"이어받을 은닉 상태의 배치 크기는 {state.shape[0]}인데 xs의 배치 크기는 {N}입니다. "
            f"배치 크기를 바꿀 때는 먼저 reset_state()를 불러 주세요."
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
        self.xs = xs  # 역전파에서 어느 행으로 기울기를 보낼지 알아야 한다
        return W[xs]  # (N, T, D)

    def backward(self, dout):
        check_forward_done(self, self.xs)
        (dW,) = self.grads
        N, T = self.xs.shape
        check_float_array("dout", dout, shape=(N, T, dW.shape[1]), dtype=dW.dtype)
        dW[...] = 0
        np.add.at(dW, self.xs, dout)  # 같은 ID 로 온 기울기는 모두 더한다


class TimeRNN:
    """RNN 계층 T 개를 이은 것. 모든 시각이 같은 가중치 Wx, Wh, b 를 쓴다.

    forward:  xs (N, T, D) -> hs (N, T, H)
    backward: dhs (N, T, H) -> dxs (N, T, D); dWx, dWh, db 를 grads 에 쓴다.

    stateful=True 이면 forward 가 끝난 은닉 상태 h 를 다음 forward 가 이어받는다
    (잘린 BPTT: 순전파는 블록을 넘어 이어지고, 역전파는 블록 안에서 끝난다).
    backward 뒤 dh 에는 시작 상태 h_{-1} 로 흘러간 기울기가 남는다.
    """

    def __init__(self, Wx, Wh, b, stateful=False):
        self.D, self.H, self.dtype = check_recurrent_weights(Wx, Wh, b)
        self.params = [Wx, Wh, b]
        self.grads = [np.zeros_like(Wx), np.zeros_like(Wh), np.zeros_like(b)]
        self.stateful = bool(stateful)
        self.h = None  # 마지막 은닉 상태 (N, H): stateful 이면 다음 forward 가 이어받는다
        self.dh = None  # 시작 상태의 기울기 (N, H): backward 가 채운다
        self.cache = None

    def set_state(self, h):
        """다음 forward가 이어받을 은닉 상태 h (N, H)를 정한다."""
        self.h = check_float_array("h", h, shape=(None, self.H), dtype=self.dtype)

    def reset_state(self):
        self.h = None

    def forward(self, xs):
        Wx, Wh, b = self.params
        check_float_array("xs", xs, shape=(None, None, self.D), dtype=self.dtype)
        N, T, D = xs.shape
        H = self.H
        h_start = initial_state(self, self.h, N)
        xWx = (xs.reshape(N * T, D) @ Wx).reshape(N, T, H)  # 모든 시각의 x_t Wx 를 한 번에
        hs = np.empty((N, T, H), dtype=self.dtype)
        h = h_start
        for t in range(T):
            h = np.tanh(h @ Wh + xWx[:, t] + b)
            hs[:, t] = h
        self.h = h
        self.cache = (xs, h_start, hs)
        return hs

    def backward(self, dhs):
        check_forward_done(self, self.cache)
        Wx, Wh, _ = self.params
        xs, h_start, hs = self.cache
        N, T, H = hs.shape
        D = self.D
        check_float_array("dhs", dhs, shape=(N, T, H), dtype=self.dtype)
        dts = np.empty((N, T, H), dtype=self.dtype)  # 시각마다 tanh 를 거슬러 간 기울기 dt
        dh_future = np.zeros((N, H), dtype=self.dtype)  # 마지막 시각 뒤에서 오는 기울기는 없다
        for t in reversed(range(T)):
            dh_t = dhs[:, t] + dh_future  # 위에서 온 몫 + 미래에서 온 몫
            dt = dh_t * (1 - hs[:, t] ** 2)
            dts[:, t] = dt
            dh_future = dt @ Wh.T  # 시각 t 의 dh_prev: 시각 t-1 에게는 미래에서 온 몫
        self.dh = dh_future  # 시작 상태 h_{-1} 의 기울기
        hs_prev = np.concatenate([h_start[:, None], hs[:, :-1]], axis=1)  # 시각마다의 h_{t-1} (N, T, H)
        dts_2d = dts.reshape(N * T, H)  # (N*T, H)
        self.grads[0][...] = xs.reshape(N * T, D).T @ dts_2d  # dWx: 모든 시각의 몫의 합
        self.grads[1][...] = hs_prev.reshape(N * T, H).T @ dts_2d  # dWh
        self.grads[2][...] = dts_2d.sum(axis=0)  # db
        return (dts_2d @ Wx.T).reshape(N, T, D)  # dxs


class TimeLSTM:
    """LSTM 계층 T 개를 이은 것 (가중치 공유, 4H 열은 f, g, i, o 블록).

    forward:  xs (N, T, D) -> hs (N, T, H)
    backward: dhs (N, T, H) -> dxs (N, T, D); dWx, dWh, db 를 grads 에 쓴다.

    stateful=True 이면 은닉 상태 h 와 기억 셀 c 를 다음 forward 가 이어받는다.
    backward 뒤 dh 에는 시작 상태 h_{-1} 로 흘러간 기울기가 남는다.
    """

    def __init__(self, Wx, Wh, b, stateful=False):
        self.D, self.H, self.dtype = check_recurrent_weights(Wx, Wh, b, gates=4)
        self.params = [Wx, Wh, b]
        self.grads = [np.zeros_like(Wx), np.zeros_like(Wh), np.zeros_like(b)]
        self.stateful = bool(stateful)
        self.h, self.c = None, None  # 마지막 은닉 상태와 기억 셀 (N, H)
        self.dh = None
        self.cache = None

    def set_state(self, h, c=None):
        """다음 forward가 이어받을 은닉 상태 h (N, H)와 기억 셀 c (N, H)를 정한다 (c를 빼면 0)."""
        check_float_array("h", h, shape=(None, self.H), dtype=self.dtype)
        if c is not None:
            check_float_array("c", c, shape=h.shape, dtype=self.dtype)
        self.h, self.c = h, c

    def reset_state(self):
        self.h, self.c = None, None

    def forward(self, xs):
        Wx, Wh, b = self.params
        check_float_array("xs", xs, shape=(None, None, self.D), dtype=self.dtype)
        N, T, D = xs.shape
        H = self.H
        h_start = initial_state(self, self.h, N)
        c_start = initial_state(self, self.c, N)
        xWx = (xs.reshape(N * T, D) @ Wx).reshape(N, T, 4 * H)  # 모든 시각의 x_t Wx 를 한 번에
        hs = np.empty((N, T, H), dtype=self.dtype)
        cs = np.empty((N, T, H), dtype=self.dtype)
        gates = np.empty((N, T, 4 * H), dtype=self.dtype)  # 시각마다 활성화한 f, g, i, o
        h, c = h_start, c_start
        for t in range(T):
            A = h @ Wh + xWx[:, t] + b  # (N, 4H)
            f, g, i, o = A[:, :H], A[:, H : 2 * H], A[:, 2 * H : 3 * H], A[:, 3 * H :]
            f, g, i, o = sigmoid(f), np.tanh(g), sigmoid(i), sigmoid(o)
            c = f * c + g * i
            h = o * np.tanh(c)
            gates[:, t] = np.hstack([f, g, i, o])
            hs[:, t], cs[:, t] = h, c
        self.h, self.c = h, c
        self.cache = (xs, h_start, c_start, gates, hs, cs)
        return hs

    def backward(self, dhs):
        check_forward_done(self, self.cache)
        Wx, Wh, _ = self.params
        xs, h_start, c_start, gates, hs, cs = self.cache
        N, T, H = hs.shape
        D = self.D
        check_float_array("dhs", dhs, shape=(N, T, H), dtype=self.dtype)
        dAs = np.empty((N, T, 4 * H), dtype=self.dtype)  # 시각마다 A 의 기울기
        dh_future = np.zeros((N, H), dtype=self.dtype)  # 마지막 시각 뒤에서 오는 기울기는 없다
        dc_future = np.zeros((N, H), dtype=self.dtype)
        for t in reversed(range(T)):
            f, g, i, o = gates[:, t, :H], gates[:, t, H : 2 * H], gates[:, t, 2 * H : 3 * H], gates[:, t, 3 * H :]
            c_prev = cs[:, t - 1] if t > 0 else c_start
            tanh_c = np.tanh(cs[:, t])
            dh_t = dhs[:, t] + dh_future  # h: 위에서 온 몫 + 미래에서 온 몫
            dc = dc_future + dh_t * o * (1 - tanh_c**2)  # c_t 에 모인 기울기
            df, dg, di, do = dc * c_prev, dc * i, dc * g, dh_t * tanh_c
            dA = np.hstack([df * f * (1 - f), dg * (1 - g**2), di * i * (1 - i), do * o * (1 - o)])  # (N, 4H)
            dAs[:, t] = dA
            dh_future = dA @ Wh.T  # 시각 t 의 dh_prev
            dc_future = dc * f  # 시각 t 의 dc_prev
        self.dh = dh_future  # 시작 상태 h_{-1} 의 기울기
        hs_prev = np.concatenate([h_start[:, None], hs[:, :-1]], axis=1)  # 시각마다의 h_{t-1} (N, T, H)
        dAs_2d = dAs.reshape(N * T, 4 * H)  # (N*T, 4H)
        self.grads[0][...] = xs.reshape(N * T, D).T @ dAs_2d  # dWx: 모든 시각의 몫의 합
        self.grads[1][...] = hs_prev.reshape(N * T, H).T @ dAs_2d  # dWh
        self.grads[2][...] = dAs_2d.sum(axis=0)  # db
        return (dAs_2d @ Wx.T).reshape(N, T, D)  # dxs


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
            raise ValueError(f"`dropout_ratio`는 0 이상 1 미만이어야 하는데 {dropout_ratio}입니다.")
        self.params, self.grads = [], []
        self.dropout_ratio = ratio
        self.rng = np.random.default_rng(rng)
        self.train_flg = True
        self.mask = None
        self.shape, self.dtype = None, None

    def forward(self, xs):
        check_float_array("xs", xs, ndim=3)
        self.shape, self.dtype = xs.shape, xs.dtype
        self.mask = None  # 평가할 때: 모든 원소를 그대로 통과시킨다
        if not self.train_flg or self.dropout_ratio == 0:
            return xs
        keep = self.rng.random(xs.shape, dtype=np.float32) >= self.dropout_ratio  # (N, T, H) bool
        self.mask = keep.astype(xs.dtype) * (1 / (1 - self.dropout_ratio))  # 남은 원소를 키운다
        return xs * self.mask

    def backward(self, dout):
        check_forward_done(self, self.shape)
        check_float_array("dout", dout, shape=self.shape, dtype=self.dtype)
        return dout if self.mask is None else dout * self.mask


class TimeAffine:
    """모든 시각의 은닉 상태에 같은 Affine 변환을 한 번에 적용한다.

    forward:  h (N, T, H) -> score (N, T, V)
    backward: dscore (N, T, V) -> dh (N, T, H); dW (H, V), db (V,) 를 grads 에 쓴다.
    """

    def __init__(self, W, b):
        check_float_array("W", W, ndim=2)
        check_float_array("b", b, shape=(W.shape[1],))
        check_same_dtype([("W", W), ("b", b)])
        self.params = [W, b]
        self.grads = [np.zeros_like(W), np.zeros_like(b)]
        self.h = None

    def forward(self, h):
        W, b = self.params
        check_float_array("h", h, shape=(None, None, W.shape[0]), dtype=W.dtype)
        N, T, H = h.shape
        self.h = h
        score = h.reshape(N * T, H) @ W + b  # (N*T, V): 행렬 곱 한 번
        return score.reshape(N, T, -1)  # (N, T, V)

    def backward(self, dscore):
        check_forward_done(self, self.h)
        W, _ = self.params
        N, T, H = self.h.shape
        check_float_array("dscore", dscore, shape=(N, T, W.shape[1]), dtype=W.dtype)
        dscore_2d = dscore.reshape(N * T, -1)  # (N*T, V)
        self.grads[0][...] = self.h.reshape(N * T, H).T @ dscore_2d  # dW: 모든 시각의 몫의 합
        self.grads[1][...] = dscore_2d.sum(axis=0)  # db
        return (dscore_2d @ W.T).reshape(N, T, H)  # dh


class TimeSoftmaxWithLoss:
    """모든 시각의 점수에 softmax 와 교차 엔트로피 오차를 적용하고 평균 손실을 낸다.

    forward:  xs (N, T, V) 점수, ts (N, T) 타깃 ID -> loss (스칼라)
    backward: dout (스칼라) -> dxs (N, T, V)

    손실은 타깃이 -1 인 자리 (무시) 를 빼고 나머지 count 개 자리에 대한 평균이다.
    """

    def __init__(self):
        self.params, self.grads = [], []  # 매개변수가 없는 계층
        self.cache = None

    def forward(self, xs, ts):
        check_float_array("xs", xs, ndim=3)
        N, T, V = xs.shape
        check_targets(ts, N, T, V)
        ys = softmax(xs).reshape(N * T, V)  # (N*T, V) 확률
        ts = ts.reshape(N * T)  # (N*T,)
        rows = np.flatnonzero(ts != -1)  # 타깃이 있는 자리, count = len(rows)
        self.cache = (ys, ts, rows, xs.shape)
        return float(-np.log(ys[rows, ts[rows]]).sum() / len(rows))

    def backward(self, dout=1):
        check_forward_done(self, self.cache)
        dout = check_finite_number("dout", dout)
        ys, ts, rows, shape = self.cache
        dxs = ys.copy()  # softmax 출력 y. 캐시는 그대로 둔다
        dxs[rows, ts[rows]] -= 1  # y - 원-핫
        dxs[ts == -1] = 0  # 무시한 자리의 기울기는 0
        dxs *= dout / len(rows)
        return dxs.reshape(shape)


def check_targets(ts, N, T, V):
    """타깃 ts가 (N, T)의 단어 ID (또는 무시할 자리 -1)이고, 타깃이 있는 자리가 하나라도 있는지 확인한다."""
    check_ids("ts", ts, V, allow_ignore=True)
    check_shape("ts", ts, shape=(N, T))
    if not (ts != -1).any():
        raise ValueError("`ts`의 타깃이 모두 -1(무시)이라 평균 손실을 계산할 수 없습니다.")
