"""한 시각만 처리하는 계층: Embedding, RNN, LSTM.

글자: N 배치 크기, D 입력 차원, H 은닉 상태 차원, V 어휘 크기.
행 벡터 관례를 따른다: x (N, D) 에 가중치 Wx (D, H) 를 오른쪽에서 곱한다.
모든 계층은 params 와 grads (같은 길이, 같은 순서의 배열 목록) 를 가지고,
backward 는 grads 의 배열에 제자리로 (g[...] = ...) 기울기를 쓴다.
"""

import functools

import numpy as np

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
            f"`Wh` 의 shape 은 (H, {blocks}{width}) 여야 하는데 {Wh.shape} 입니다 (행 수 H={H} 를 기준으로 보았습니다)."
        )
    if Wx.shape[1] != width:
        raise ValueError(
            f"`Wx` 의 열 수는 `Wh` 와 같은 {blocks}{width} 이어야 하는데 {Wx.shape[1]} 입니다 "
            f"(Wx shape={Wx.shape}, Wh shape={Wh.shape})."
        )
    if b.shape != (width,):
        raise ValueError(f"`b` 의 shape 은 ({width},) 이어야 하는데 {b.shape} 입니다.")
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
        np.add.at(dW, self.idx, dout)


class RNN:
    """RNN 한 시각: h_next = tanh(h_prev Wh + x Wx + b).

    forward:  x (N, D), h_prev (N, H) -> h_next (N, H)
    backward: dh_next (N, H) -> dx (N, D), dh_prev (N, H); dWx, dWh, db 를 grads 에 쓴다.
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
        dt = dh_next * (1 - h_next**2)  # tanh 의 미분
        self.grads[0][...] = x.T @ dt
        self.grads[1][...] = h_prev.T @ dt
        self.grads[2][...] = dt.sum(axis=0)
        dx = dt @ Wx.T
        dh_prev = dt @ Wh.T
        return dx, dh_prev


@functools.cache
def _gate_constants(H, dtype):
    """lstm_gates 가 쓰는 열마다의 (배율, 더할 값) (4H,): f, i, o 열은 (0.5, 1), g 열은 (1, 0)."""
    scale = np.full(4 * H, 0.5, dtype=dtype)
    shift = np.ones(4 * H, dtype=dtype)
    scale[H : 2 * H] = 1
    shift[H : 2 * H] = 0
    scale.flags.writeable = shift.flags.writeable = False
    return scale, shift


def lstm_gates(A, out=None):
    """아핀 결과 A (N, 4H) 를 f, g, i, o 블록으로 나누어 활성화한다 (교재의 순서).

    f, i, o 는 sigmoid, g 는 tanh. σ(a) = (1 + tanh(a/2)) / 2 이므로 4H 열 모두를
    tanh 한 번으로 계산한다: f, i, o 열은 반으로 줄여 tanh 를 씌운 뒤 1 을 더하고 반으로 나누고,
    g 열은 그대로 둔다. out 을 주지 않으면 새 배열을 돌려주고, out=A 이면 제자리에서 바꾼다.
    """
    scale, shift = _gate_constants(A.shape[-1] // 4, A.dtype)
    gates = np.multiply(A, scale, out=out)
    np.tanh(gates, out=gates)
    gates += shift
    gates *= scale
    return gates


def lstm_gate_grads(gates, c_prev, tanh_c_next, dh_next, dc_next):
    """LSTM 한 시각의 역전파 핵심: (dA (N, 4H), dc_prev (N, H)) 를 돌려준다.

    gates (N, 4H) 는 활성화된 f, g, i, o, tanh_c_next 는 tanh(c_next).
    """
    H = c_prev.shape[1]
    f, g, i, o = gates[:, :H], gates[:, H : 2 * H], gates[:, 2 * H : 3 * H], gates[:, 3 * H :]
    ds = dc_next + dh_next * o * (1 - tanh_c_next**2)  # c_next 에 모인 기울기
    dA = np.empty_like(gates)
    dA[:, :H] = ds * c_prev * f * (1 - f)  # df
    dA[:, H : 2 * H] = ds * i * (1 - g**2)  # dg
    dA[:, 2 * H : 3 * H] = ds * g * i * (1 - i)  # di
    dA[:, 3 * H :] = dh_next * tanh_c_next * o * (1 - o)  # do
    return dA, ds * f


class LSTM:
    """LSTM 한 시각. 4H 개의 열은 교재의 순서대로 f, g, i, o 블록이다.

    A = x Wx + h_prev Wh + b,  f = σ(A_f), g = tanh(A_g), i = σ(A_i), o = σ(A_o)
    c_next = f ⊙ c_prev + g ⊙ i,  h_next = o ⊙ tanh(c_next)

    forward:  x (N, D), h_prev (N, H), c_prev (N, H) -> h_next (N, H), c_next (N, H)
    backward: dh_next (N, H), dc_next (N, H) -> dx (N, D), dh_prev (N, H), dc_prev (N, H)
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
        gates = lstm_gates(x @ Wx + h_prev @ Wh + b)
        f, g, i, o = gates[:, :H], gates[:, H : 2 * H], gates[:, 2 * H : 3 * H], gates[:, 3 * H :]
        c_next = f * c_prev + g * i
        tanh_c_next = np.tanh(c_next)
        h_next = o * tanh_c_next
        self.cache = (x, h_prev, c_prev, gates, tanh_c_next)
        return h_next, c_next

    def backward(self, dh_next, dc_next):
        check_forward_done(self, self.cache)
        Wx, Wh, _ = self.params
        x, h_prev, c_prev, gates, tanh_c_next = self.cache
        check_float_array("dh_next", dh_next, shape=c_prev.shape, dtype=Wx.dtype)
        check_float_array("dc_next", dc_next, shape=c_prev.shape, dtype=Wx.dtype)
        dA, dc_prev = lstm_gate_grads(gates, c_prev, tanh_c_next, dh_next, dc_next)
        self.grads[0][...] = x.T @ dA
        self.grads[1][...] = h_prev.T @ dA
        self.grads[2][...] = dA.sum(axis=0)
        return dA @ Wx.T, dA @ Wh.T, dc_prev
