"""한 시각만 처리하는 계층: Embedding, RNN, LSTM (노트북 5.3, 5.5b 에서 유도한 그대로).

기호: N 배치 크기, D 입력 차원, H 은닉 상태 차원, V 어휘 수.
행 벡터 관례를 따른다: x (N, D) 에 가중치 Wx (D, H) 를 오른쪽에서 곱한다.
모든 계층은 params 와 grads (같은 길이, 같은 순서의 배열 목록) 를 가지고,
backward 는 grads 의 배열에 제자리로 (g[...] = ...) 기울기를 쓴다.
"""

import numpy as np

from .functions import sigmoid
from .validation import check_float_array, check_forward_done, check_ids, check_same_dtype


def check_recurrent_weights(Wx, Wh, b, gates=1):
    """Wx (D, G*H), Wh (H, G*H), b (G*H,) 가 서로 맞는지 확인하고 (D, H, dtype) 을 돌려준다.

    G 는 한 번에 계산하는 블록 수 (RNN 1, LSTM 4).
    """
    check_float_array("Wx", Wx, ndim=2)
    check_float_array("Wh", Wh, ndim=2)
    check_float_array("b", b, ndim=1)
    dtype = check_same_dtype([("Wx", Wx), ("Wh", Wh), ("b", b)])
    H = Wh.shape[0]
    width = gates * H
    blocks = "" if gates == 1 else f"{gates}*H = "
    if Wh.shape != (H, width):
        raise ValueError(
            f"`Wh`의 모양은 (H, {blocks}{width})이어야 하는데 {Wh.shape}입니다 (행 수 H={H}을(를) 기준으로 보았습니다)."
        )
    if Wx.shape[1] != width:
        raise ValueError(
            f"`Wx`의 열 수는 `Wh`와 같은 {blocks}{width}이어야 하는데 {Wx.shape[1]}입니다 "
            f"(Wx 모양={Wx.shape}, Wh 모양={Wh.shape})."
        )
    if b.shape != (width,):
        raise ValueError(f"`b`의 모양은 ({width},)이어야 하는데 {b.shape}입니다.")
    return Wx.shape[0], H, dtype


class Embedding:
    """단어 ID 로 가중치 W 의 행을 꺼낸다.

    forward:  idx (N,) -> W[idx] (N, D)
    backward: dout (N, D) -> None; dW (V, D) 를 grads 에 쓴다 (같은 ID 의 기울기는 더한다).
    """

    def __init__(self, W):
        check_float_array("W", W, ndim=2)
        self.params = [W]
        self.grads = [np.zeros_like(W)]
        self.idx = None

    def forward(self, idx):
        (W,) = self.params
        check_ids("idx", idx, W.shape[0], ndim=1)
        self.idx = idx
        return W[idx]

    def backward(self, dout):
        check_forward_done(self, self.idx)
        (dW,) = self.grads
        check_float_array("dout", dout, shape=(len(self.idx), dW.shape[1]), dtype=dW.dtype)
        dW[...] = 0
        np.add.at(dW, self.idx, dout)  # 같은 ID 로 온 기울기는 모두 더한다


class RNN:
    """RNN 한 시각: h_next = tanh(h_prev Wh + x Wx + b).

    forward:  x (N, D), h_prev (N, H) -> h_next (N, H)
    backward: dh_next (N, H) -> dx (N, D), dh_prev (N, H); dWx, dWh, db 를 grads 에 쓴다.
    dh_next 는 출력 h_next 로 바깥 (위와 다음 시각) 에서 들어온 기울기다.
    """

    def __init__(self, Wx, Wh, b):
        check_recurrent_weights(Wx, Wh, b)
        self.params = [Wx, Wh, b]
        self.grads = [np.zeros_like(Wx), np.zeros_like(Wh), np.zeros_like(b)]
        self.cache = None

    def forward(self, x, h_prev):
        Wx, Wh, b = self.params
        D, H = Wx.shape
        check_float_array("x", x, shape=(None, D), dtype=Wx.dtype)
        check_float_array("h_prev", h_prev, shape=(x.shape[0], H), dtype=Wx.dtype)
        h_next = np.tanh(h_prev @ Wh + x @ Wx + b)
        self.cache = (x, h_prev, h_next)
        return h_next

    def backward(self, dh_next):
        check_forward_done(self, self.cache)
        Wx, Wh, _ = self.params
        x, h_prev, h_next = self.cache
        check_float_array("dh_next", dh_next, shape=h_next.shape, dtype=Wx.dtype)
        dt = dh_next * (1 - h_next**2)  # tanh 를 거슬러 간 기울기
        self.grads[0][...] = x.T @ dt  # dWx (D, H)
        self.grads[1][...] = h_prev.T @ dt  # dWh (H, H)
        self.grads[2][...] = dt.sum(axis=0)  # db (H,)
        dx = dt @ Wx.T
        dh_prev = dt @ Wh.T
        return dx, dh_prev


def lstm_gates(A):
    """아핀 결과 A (N, 4H)의 열 블록 f, g, i, o를 활성화해 (N, 4H)로 돌려준다: f, i, o는 sigmoid, g는 tanh."""
    H = A.shape[1] // 4
    f, g, i, o = A[:, :H], A[:, H : 2 * H], A[:, 2 * H : 3 * H], A[:, 3 * H :]
    return np.hstack([sigmoid(f), np.tanh(g), sigmoid(i), sigmoid(o)])


class LSTM:
    """LSTM 한 시각. 4H 개의 열은 f, g, i, o 블록이다.

    A = h_prev Wh + x Wx + b,  f = σ(A_f), g = tanh(A_g), i = σ(A_i), o = σ(A_o)
    c_next = f ⊙ c_prev + g ⊙ i,  h_next = o ⊙ tanh(c_next)

    forward:  x (N, D), h_prev (N, H), c_prev (N, H) -> h_next (N, H), c_next (N, H)
    backward: dh_next (N, H), dc_next (N, H) -> dx (N, D), dh_prev (N, H), dc_prev (N, H)
    dh_next, dc_next 는 출력 h_next, c_next 로 바깥에서 들어온 기울기다 (c_next 로는 다음 시각에서만 온다).
    """

    def __init__(self, Wx, Wh, b):
        check_recurrent_weights(Wx, Wh, b, gates=4)
        self.params = [Wx, Wh, b]
        self.grads = [np.zeros_like(Wx), np.zeros_like(Wh), np.zeros_like(b)]
        self.cache = None

    def forward(self, x, h_prev, c_prev):
        Wx, Wh, b = self.params
        D, H = Wx.shape[0], Wh.shape[0]
        check_float_array("x", x, shape=(None, D), dtype=Wx.dtype)
        check_float_array("h_prev", h_prev, shape=(x.shape[0], H), dtype=Wx.dtype)
        check_float_array("c_prev", c_prev, shape=(x.shape[0], H), dtype=Wx.dtype)
        A = h_prev @ Wh + x @ Wx + b  # (N, 4H)
        f, g, i, o = A[:, :H], A[:, H : 2 * H], A[:, 2 * H : 3 * H], A[:, 3 * H :]  # 열 블록
        f, g, i, o = sigmoid(f), np.tanh(g), sigmoid(i), sigmoid(o)
        c_next = f * c_prev + g * i
        tanh_c_next = np.tanh(c_next)
        h_next = o * tanh_c_next
        self.cache = (x, h_prev, c_prev, f, g, i, o, tanh_c_next)
        return h_next, c_next

    def backward(self, dh_next, dc_next):
        check_forward_done(self, self.cache)
        Wx, Wh, _ = self.params
        x, h_prev, c_prev, f, g, i, o, tanh_c_next = self.cache
        check_float_array("dh_next", dh_next, shape=c_prev.shape, dtype=Wx.dtype)
        check_float_array("dc_next", dc_next, shape=c_prev.shape, dtype=Wx.dtype)
        dc = dc_next + dh_next * o * (1 - tanh_c_next**2)  # c_next 에 모인 기울기 (다음 시각 + h_next 를 거친 몫)
        dc_prev = dc * f  # 기억 셀의 길: f 를 곱할 뿐
        df, dg, di, do = dc * c_prev, dc * i, dc * g, dh_next * tanh_c_next  # 곱 노드: 상대편의 값을 곱한다
        dA = np.hstack([df * f * (1 - f), dg * (1 - g**2), di * i * (1 - i), do * o * (1 - o)])  # (N, 4H)
        self.grads[0][...] = x.T @ dA  # dWx (D, 4H)
        self.grads[1][...] = h_prev.T @ dA  # dWh (H, 4H)
        self.grads[2][...] = dA.sum(axis=0)  # db (4H,)
        dx = dA @ Wx.T
        dh_prev = dA @ Wh.T
        return dx, dh_prev, dc_prev
