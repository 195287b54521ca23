"""기울기가 시간을 거슬러 가며 사라지거나 (기울기 소실) 커지는 (기울기 폭발) 모습을 재는 순수 함수.

길이 T 인 시퀀스를 TimeRNN 으로 순전파한 뒤, 마지막 은닉 상태 h_{T-1} 에 크기 1 인 기울기 g 를 놓고
거꾸로 흘려 시각 k 의 은닉 상태 h_k 에 도착한 기울기 ∂(g·h_{T-1})/∂h_k 의 크기를 잰다.
재는 방법은 교재의 TimeRNN 그대로다: h_k 에서 다시 출발하는 stateful TimeRNN 에 x_{k+1} … x_{T-1} 을
넣고 마지막 시각에만 g 를 주어 backward 하면, 출발점 h_k 로 흘러간 기울기가 TimeRNN.dh 에 남는다.

W_h 는 직교 행렬에 배율 scale 을 곱해 만든다. 직교 행렬은 길이를 바꾸지 않으므로 어떤 벡터든 W_h 를
곱하면 길이가 정확히 scale 배가 된다. 배율만 바꾸고 입력, 직교 행렬, g 는 같은 것을 쓴다.
기호: N 배치 크기, T 시각 수, D 입력 차원, H 은닉 상태 차원. 계산은 모두 float64.
"""

import numbers
from dataclasses import dataclass

import numpy as np

from ..time_layers import TimeRNN
from ..validation import check_positive_int, check_positive_number, describe

MAX_T = 200


@dataclass(frozen=True)
class GradientFlow:
    """배율마다 잰 기울기의 크기.

    scales (S,): W_h 의 배율들. norms (S, T): norms[i, k] 는 배율 scales[i] 에서 h_{T-1} 의 크기 1 인
    기울기가 h_k 에 도착했을 때의 크기 (norms[i, T-1] = 1).
    """

    scales: tuple
    norms: np.ndarray

    @property
    def T(self):
        return self.norms.shape[1]


def orthogonal(rng, H):
    """H x H 직교 행렬 Q (Q Qᵀ = I): 곱해도 벡터의 길이가 그대로다."""
    q, r = np.linalg.qr(rng.standard_normal((H, H)))
    return q * np.sign(np.diag(r))


def flow_setup(T=50, N=4, D=8, H=32, seed=0):
    """배율과 상관없이 쓰는 재료 (float64): xs (N, T, D), Wx (D, H), Q (H, H) 직교 행렬, b (H,), g (N, H).

    g 는 마지막 은닉 상태에 놓을 기울기로, 배열 전체의 크기 (노름) 가 1 이다.
    """
    rng = np.random.default_rng(seed)
    xs = rng.standard_normal((N, T, D))
    Wx = rng.standard_normal((D, H)) / np.sqrt(D) * 0.5
    Q = orthogonal(rng, H)
    g = rng.standard_normal((N, H))
    return xs, Wx, Q, np.zeros(H), g / np.linalg.norm(g)


def gradient_from_last_state(Wx, Wh, b, xs, h_start, g):
    """h_start (N, H) 에서 출발해 xs (N, S, D) 를 순전파하고 마지막 은닉 상태에 g (N, H) 를 놓아 역전파한다.

    출발점 h_start 에 도착한 기울기 (N, H) 를 돌려준다 (TimeRNN.dh).
    """
    rnn = TimeRNN(Wx, Wh, b, stateful=True)
    rnn.set_state(h_start)
    hs = rnn.forward(xs)  # (N, S, H)
    dhs = np.zeros_like(hs)
    dhs[:, -1] = g  # 마지막 시각에만 기울기를 준다
    rnn.backward(dhs)
    return rnn.dh


def _check_scales(scales):
    if isinstance(scales, numbers.Real):
        scales = (scales,)
    if not isinstance(scales, (tuple, list, np.ndarray)) or len(scales) == 0:
        raise TypeError(f"`scales`는 W_h 배율의 목록 (예: (0.5, 1.0, 3.0))이어야 하는데 {describe(scales)}입니다.")
    return tuple(check_positive_number("scales의 원소", s) for s in scales)


def gradient_norms(scales=(0.5, 1.0, 1.5, 3.0), T=50, N=4, D=8, H=32, seed=0):
    """배율 scales 마다 ‖h_{T-1}에서 h_k에 도착한 기울기‖ (k = 0 … T-1)를 재어 GradientFlow로 돌려준다."""
    scales = _check_scales(scales)
    T = check_positive_int("T", T)
    if not 2 <= T <= MAX_T:
        raise ValueError(f"`T`는 2 ~ {MAX_T}이어야 하는데 {T}입니다 (거슬러 갈 시각이 1개 이상 있어야 합니다).")
    N, D, H = (check_positive_int(name, value) for name, value in (("N", N), ("D", D), ("H", H)))
    xs, Wx, Q, b, g = flow_setup(T, N, D, H, seed)
    norms = np.ones((len(scales), T))
    for i, scale in enumerate(scales):
        Wh = scale * Q
        hs = TimeRNN(Wx, Wh, b).forward(xs)  # (N, T, H): 처음부터 한 번에 순전파한 은닉 상태
        for k in range(T - 1):
            dh = gradient_from_last_state(Wx, Wh, b, xs[:, k + 1 :], hs[:, k], g)
            norms[i, k] = np.linalg.norm(dh)
    return GradientFlow(scales, norms)
