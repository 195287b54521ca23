"""펼친 RNN 의 순전파·역전파 단계별 보기 뒤의 순수 함수.

예제 문장 "you say goodbye and i say hello ." 의 앞 T 단어를 원-핫 벡터로 넣고 다음 단어를 맞히는
작은 RNN 을 진짜 계층으로 계산한다: 시각마다 RNN 계층 하나 (T 개 모두 같은 Wx, Wh, b 배열을 공유),
그 위에 TimeAffine 과 TimeSoftmaxWithLoss. 역전파는 TimeRNN.backward 와 같은 순서로 시각을 거슬러
가며 RNN.backward 를 부르고, 가중치 기울기를 시각마다 더해 간다.

기호: T 시각 수, H 은닉 상태 차원, V 어휘 수 (= 입력 차원 D, 원-핫이므로).
단계 stage 는 0 ~ 2T-1: 0 ~ T-1 은 순전파 시각 t = stage, T ~ 2T-1 은 역전파 시각 t = 2T-1-stage.
"""

from dataclasses import dataclass

import numpy as np

from ..data import preprocess
from ..functions import softmax
from ..layers import RNN
from ..time_layers import TimeAffine, TimeSoftmaxWithLoss
from ..validation import describe, is_int, is_real

MAX_HIDDEN = 4  # 그림에 모든 수를 읽을 수 있게 보이는 한계


@dataclass(frozen=True)
class StepperStage:
    """단계 하나에서 보여 줄 모든 수 (float32).

    공통: Wx (V, H), Wh (H, H), b (H,) 공유 가중치, hs (T, H) 모든 은닉 상태, probs (T,) 정답 확률,
    losses (T,) 시각별 교차 엔트로피 오차 (loss 는 그 평균).
    순전파 시각 t 의 식: h_prev (H,) 는 h_{t-1}, h_part = h_prev Wh, x_part = x_t Wx (= Wx 의 한 행),
    pre = h_part + x_part + b (tanh 에 들어가는 값), h = tanh(pre).
    역전파 단계에서만 (순전파 단계에서는 None): dh_above 는 위 (Affine·손실) 에서 온 몫 dhs[:, t],
    dh_future 는 미래 (시각 t+1) 에서 온 몫, dh_t = 둘의 합, dt = dh_t ⊙ (1 − h²),
    dh_prev = dt Whᵀ (시각 t-1 로 가는 값: 그 시각의 dh_future),
    dWx, dWh, db 는 시각 T-1 부터 t 까지 더한 가중치 기울기.
    """

    T: int
    H: int
    stage: int
    t: int
    direction: str  # "forward" 또는 "backward"
    vocab: list
    word_ids: list
    target_ids: list
    wh_scale: float
    Wx: np.ndarray
    Wh: np.ndarray
    b: np.ndarray
    affine_W: np.ndarray
    affine_b: np.ndarray
    hs: np.ndarray
    probs: np.ndarray
    losses: np.ndarray
    loss: float
    h_prev: np.ndarray
    h_part: np.ndarray
    x_part: np.ndarray
    pre: np.ndarray
    h: np.ndarray
    dh_above: np.ndarray | None = None
    dh_future: np.ndarray | None = None
    dh_t: np.ndarray | None = None
    dt: np.ndarray | None = None
    dh_prev: np.ndarray | None = None
    dWx: np.ndarray | None = None
    dWh: np.ndarray | None = None
    db: np.ndarray | None = None

    @property
    def stage_count(self):
        return 2 * self.T

    @property
    def forward(self):
        return self.direction == "forward"

    @property
    def word(self):
        return self.vocab[self.word_ids[self.t]]

    @property
    def target(self):
        return self.vocab[self.target_ids[self.t]]

    @property
    def known_steps(self):
        """지금까지 은닉 상태를 계산한 시각 수 (순전파 t 이면 t+1, 역전파 중에는 T)."""
        return self.t + 1 if self.forward else self.T

    @property
    def backward_done(self):
        """역전파가 이미 지나간 시각들 (지금 시각 포함). 순전파 중에는 빈 range."""
        return range(self.t, self.T) if not self.forward else range(0)


def _check_int(name, value, low, high, why):
    if not is_int(value):
        raise TypeError(f"`{name}`은(는) 정수여야 하는데 {describe(value)}을(를) 받았습니다.")
    if not low <= value <= high:
        raise ValueError(f"`{name}`은(는) {low} ~ {high}이어야 하는데 {value}입니다. {why}")
    return int(value)


def stepper_weights(hidden_size, wh_scale=1.0, seed=0):
    """시드로 정한 가중치 (Wx (V, H), Wh (H, H), b (H,), Affine W (H, V), Affine b (V,)), float32.

    Wh 는 표준 정규분포를 √H 로 나눈 뒤 wh_scale 배 한다 (배율이 크면 기울기가 커지고, 작으면 줄어든다).
    """
    V = len(preprocess()[1])
    H = hidden_size
    rng = np.random.default_rng(seed)
    Wx = rng.standard_normal((V, H)) * 0.8
    Wh = rng.standard_normal((H, H)) / np.sqrt(H) * wh_scale
    b = rng.standard_normal(H) * 0.1
    affine_W = rng.standard_normal((H, V)) / np.sqrt(H)
    affine_b = np.zeros(V)
    return tuple(a.astype(np.float32) for a in (Wx, Wh, b, affine_W, affine_b))


def stepper_stage(T=4, hidden_size=3, wh_scale=1.0, stage=0, seed=0):
    """예제 문장 앞 T 단어로 펼친 RNN의 stage 번째 단계 (0 ~ 2T-1)를 StepperStage로 돌려준다."""
    corpus, _, id_to_word = preprocess()
    pairs = len(corpus) - 1
    T = _check_int("T", T, 1, pairs, f"예제 문장에는 (입력, 정답) 쌍이 {pairs}개뿐입니다.")
    H = _check_int(
        "hidden_size", hidden_size, 1, MAX_HIDDEN, f"그림에 수를 모두 보이려고 H는 {MAX_HIDDEN}까지만 씁니다."
    )
    if not is_real(wh_scale):
        raise TypeError(f"`wh_scale`은(는) 유한한 실수여야 하는데 {describe(wh_scale)}을(를) 받았습니다.")
    if wh_scale < 0:
        raise ValueError(f"`wh_scale` (W_h 배율)은 0 이상이어야 하는데 {wh_scale}입니다.")
    stage = _check_int("stage", stage, 0, 2 * T - 1, f"T={T}이면 순전파 {T}단계와 역전파 {T}단계가 있습니다.")
    V = len(id_to_word)
    Wx, Wh, b, affine_W, affine_b = stepper_weights(H, wh_scale, seed)
    word_ids, target_ids = corpus[:T], corpus[1 : T + 1]

    # 순전파: 시각마다 RNN 계층 하나. 모든 계층의 params 는 같은 배열 Wx, Wh, b 다.
    layers = [RNN(Wx, Wh, b) for _ in range(T)]
    xs = np.eye(V, dtype=np.float32)[word_ids]  # (T, V) 원-핫
    h = np.zeros((1, H), dtype=np.float32)
    hs = np.empty((T, H), dtype=np.float32)
    for t, layer in enumerate(layers):
        h = layer.forward(xs[t : t + 1], h)
        hs[t] = h[0]
    affine, loss_layer = TimeAffine(affine_W, affine_b), TimeSoftmaxWithLoss()
    score = affine.forward(hs[None])  # (1, T, V)
    loss = loss_layer.forward(score, target_ids[None])
    probs = softmax(score[0])[np.arange(T), target_ids]  # (T,)

    t = stage if stage < T else 2 * T - 1 - stage
    h_prev = hs[t - 1] if t > 0 else np.zeros(H, dtype=np.float32)
    h_part, x_part = h_prev @ Wh, xs[t] @ Wx
    parts = dict(h_prev=h_prev, h_part=h_part, x_part=x_part, pre=h_part + x_part + b, h=hs[t])
    common = dict(
        T=T,
        H=H,
        stage=stage,
        t=t,
        vocab=[id_to_word[i] for i in range(V)],
        word_ids=word_ids.tolist(),
        target_ids=target_ids.tolist(),
        wh_scale=float(wh_scale),
        Wx=Wx,
        Wh=Wh,
        b=b,
        affine_W=affine_W,
        affine_b=affine_b,
        hs=hs,
        probs=probs,
        losses=-np.log(probs),
        loss=loss,
        **parts,
    )
    if stage < T:
        return StepperStage(direction="forward", **common)

    # 역전파: 위 (Affine·손실) 에서 온 dhs 와 미래에서 온 dh_future 를 더해 시각 T-1 부터 t 까지 거슬러 간다.
    dhs = affine.backward(loss_layer.backward())[0]  # (T, H)
    dh_future = np.zeros((1, H), dtype=np.float32)  # 마지막 시각에는 미래가 없다
    dWx, dWh, db = np.zeros_like(Wx), np.zeros_like(Wh), np.zeros_like(b)
    for s in range(T - 1, t - 1, -1):
        arriving = dh_future
        _, dh_future = layers[s].backward(dhs[s : s + 1] + arriving)  # dh_prev: 시각 s-1 의 dh_future
        dWx += layers[s].grads[0]
        dWh += layers[s].grads[1]
        db += layers[s].grads[2]
    return StepperStage(
        direction="backward",
        dh_above=dhs[t],
        dh_future=arriving[0],
        dh_t=dhs[t] + arriving[0],
        dt=layers[t].grads[2].copy(),  # N = 1 이므로 RNN.backward 의 db 가 곧 dt = dh_t ⊙ (1 − h²)
        dh_prev=dh_future[0],
        dWx=dWx,
        dWh=dWh,
        db=db,
        **common,
    )
