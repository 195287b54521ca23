"""LSTM 게이트 탐색기 뒤의 순수 함수.

gate_step: 게이트 값 f, g, i, o 와 이전 기억 셀 c_{t-1} 로 한 시각의 갱신
    c_t = f·c_{t-1} + g·i,   h_t = o·tanh(c_t)
을 계산한다 (은닉 크기 1 의 LSTM 한 시각과 같다. 테스트가 rnnlib.LSTM 과 비교한다).

gradient_flow: 마지막 은닉 상태 h_{T-1} 에 크기 1 인 기울기를 주고 거꾸로 흘렸을 때 시각 k 에 도착한
기울기의 크기 ‖dh_k‖ (RNN, LSTM) 와 ‖dc_k‖ (LSTM 의 기억 셀 경로). 진짜 RNN / LSTM 계층을 T 개
이어 (교재의 TimeRNN / TimeLSTM 과 같은 구조) 순전파한 뒤 backward 가 돌려주는 dh_prev, dc_prev 를 잰다.
테스트가 TimeRNN / TimeLSTM 으로 따로 계산한 값과 비교한다.
기호: T 시각 수, D 입력 차원, H 은닉 차원.
"""

from dataclasses import dataclass

import numpy as np

from ..layers import LSTM, RNN, lstm_gates
from ..validation import describe, is_int, is_real
from .gradient_flow import orthogonal

MAX_T = 120


@dataclass(frozen=True)
class GateView:
    """한 시각의 LSTM 갱신 (은닉 크기 1). 게이트는 교재의 블록 순서 f, g, i, o."""

    f: float
    g: float
    i: float
    o: float
    c_prev: float

    @property
    def kept(self):
        """망각 게이트를 지나 남은 옛 기억 f·c_{t-1}."""
        return self.f * self.c_prev

    @property
    def written(self):
        """입력 게이트가 통과시킨 새 정보 g·i."""
        return self.g * self.i

    @property
    def c_next(self):
        return self.kept + self.written

    @property
    def tanh_c(self):
        return float(np.tanh(self.c_next))

    @property
    def h_next(self):
        return self.o * self.tanh_c

    @property
    def blocks(self):
        """(이름, 값)을 교재의 순서 f, g, i, o로."""
        return (("f", self.f), ("g", self.g), ("i", self.i), ("o", self.o))


GATE_NAMES = {"f": "망각 게이트 f", "i": "입력 게이트 i", "o": "출력 게이트 o", "g": "새 기억 후보 g"}


def _check_real(name, value):
    if not is_real(value):
        raise TypeError(f"{name}은(는) 유한한 실수여야 하는데 {describe(value)}을(를) 받았습니다.")
    return float(value)


def gate_step(f=0.9, i=0.5, o=0.8, g=0.6, c_prev=1.0):
    """게이트 값과 c_{t-1}로 c_t, h_t를 계산한다. f, i, o는 sigmoid 출력 (0 ~ 1), g는 tanh 출력 (-1 ~ 1)."""
    values = {}
    for key, value, low, high, activation in [
        ("f", f, 0, 1, "sigmoid"),
        ("i", i, 0, 1, "sigmoid"),
        ("o", o, 0, 1, "sigmoid"),
        ("g", g, -1, 1, "tanh"),
    ]:
        value = _check_real(GATE_NAMES[key], value)
        if not low <= value <= high:
            raise ValueError(
                f"{GATE_NAMES[key]}는 {activation}의 출력이라 {low} ~ {high} 사이여야 하는데 {value:g}입니다."
            )
        values[key] = value
    c_prev = _check_real("이전 기억 셀 c_{t-1}", c_prev)
    return GateView(values["f"], values["g"], values["i"], values["o"], c_prev)


@dataclass(frozen=True)
class RnnLstmFlow:
    """RNN 과 LSTM 에서 시각 k = 0 … T-1 에 도착한 기울기의 크기. lstm_dc[T-1] 은 정의하지 않는다 (nan).

    (배율 여러 개로 RNN 만 재는 것은 rnnlib.viz.gradient_flow.GradientFlow.)
    """

    T: int
    rnn_scale: float
    forget_bias: float
    rnn_dh: np.ndarray
    lstm_dh: np.ndarray
    lstm_dc: np.ndarray
    forget_mean: float  # 순전파 동안 망각 게이트 f 의 평균


def flow_weights(T, rnn_scale, forget_bias, D=8, H=8, seed=0):
    """gradient_flow 가 쓰는 입력과 가중치 (float64): xs (1, T, D), RNN 의 (Wx, Wh, b), LSTM 의 (Wx, Wh, b).

    LSTM 의 편향은 망각 게이트 블록 (앞의 H 칸) 만 forget_bias 이고 나머지는 0 이다.
    """
    rng = np.random.default_rng(seed)
    xs = rng.standard_normal((1, T, D))
    rnn = (rng.standard_normal((D, H)) / np.sqrt(D), rnn_scale * orthogonal(rng, H), np.zeros(H))
    lstm_b = np.zeros(4 * H)
    lstm_b[:H] = forget_bias
    lstm = (rng.standard_normal((D, 4 * H)) / np.sqrt(D), rng.standard_normal((H, 4 * H)) / np.sqrt(H), lstm_b)
    return xs, rnn, lstm


def gradient_flow(T=30, rnn_scale=1.0, forget_bias=2.0, D=8, H=8, seed=0):
    """RNN과 LSTM에서 h_{T-1}에 준 단위 기울기가 시각 k까지 얼마나 살아 도착하는지 잰다."""
    if not is_int(T) or not 2 <= T <= MAX_T:
        raise ValueError(f"시각 수 T는 2 ~ {MAX_T}의 정수여야 하는데 {describe(T)}입니다.")
    rnn_scale = _check_real("W_h 배율", rnn_scale)
    if rnn_scale <= 0:
        raise ValueError(f"W_h 배율은 0보다 커야 하는데 {rnn_scale:g}입니다.")
    forget_bias = _check_real("망각 게이트 편향", forget_bias)
    xs, rnn_weights, lstm_weights = flow_weights(T, rnn_scale, forget_bias, D, H, seed)
    unit = np.full((1, H), 1 / np.sqrt(H))  # 크기 1 인 기울기

    rnn_layers, h = [RNN(*rnn_weights) for _ in range(T)], np.zeros((1, H))
    for t, layer in enumerate(rnn_layers):
        h = layer.forward(xs[:, t], h)
    rnn_dh, dh = np.empty(T), unit
    for k in reversed(range(T)):  # dh 는 h_k 에 도착한 기울기
        rnn_dh[k] = np.linalg.norm(dh)
        _, dh = rnn_layers[k].backward(dh)

    lstm_layers, h, c, forget = [LSTM(*lstm_weights) for _ in range(T)], np.zeros((1, H)), np.zeros((1, H)), []
    Wx, Wh, b = lstm_weights
    for t, layer in enumerate(lstm_layers):
        forget.append(lstm_gates(xs[:, t] @ Wx + h @ Wh + b)[:, :H].mean())  # 이 시각의 f 블록
        h, c = layer.forward(xs[:, t], h, c)
    lstm_dh, lstm_dc = np.empty(T), np.full(T, np.nan)
    dh, dc = unit, np.zeros((1, H))
    for k in reversed(range(T)):
        lstm_dh[k] = np.linalg.norm(dh)
        if k < T - 1:
            lstm_dc[k] = np.linalg.norm(dc)
        _, dh, dc = lstm_layers[k].backward(dh, dc)
    return RnnLstmFlow(T, rnn_scale, forget_bias, rnn_dh, lstm_dh, lstm_dc, float(np.mean(forget)))
