"""퍼플렉서티 탐색기 뒤의 순수 함수.

샘플 하나: 타깃 (정답 단어) 의 확률 p 에서 교차 엔트로피 오차 L = -log p, 퍼플렉서티 = 1/p (분기 수).
샘플 여러 개: 퍼플렉서티 = exp(L 의 평균) = (p_1 p_2 … p_n)^(-1/n), 곧 확률의 기하평균의 역수.
이 값은 TimeSoftmaxWithLoss 의 평균 손실로 eval_perplexity 가 구하는 것과 같다 (테스트가 확인한다).
기호: V 단어 수 (분포의 칸 수), n 샘플 수.
"""

from dataclasses import dataclass

import numpy as np

from ..validation import check_positive_int, describe, is_int, is_real

MAX_SAMPLES = 10_000


@dataclass(frozen=True)
class PredictionView:
    """모델이 내놓은 다음 단어 분포 하나와 타깃.

    raw (V,) 는 입력한 값 그대로, probs (V,) 는 합이 1 이 되게 나눈 값 (raw / raw_sum).
    """

    words: tuple
    raw: np.ndarray
    probs: np.ndarray
    target: str
    target_index: int

    @property
    def raw_sum(self):
        return float(self.raw.sum())

    @property
    def p(self):
        """타깃의 확률 (정규화한 뒤)."""
        return float(self.probs[self.target_index])

    @property
    def loss(self):
        """교차 엔트로피 오차 -log p (p = 0 이면 무한대)."""
        return float(-np.log(self.p)) if self.p > 0 else float("inf")

    @property
    def perplexity(self):
        """1/p: 모델이 고민하는 후보 단어 수 (분기 수)."""
        return 1 / self.p if self.p > 0 else float("inf")

    @property
    def uniform_perplexity(self):
        """모든 단어에 같은 확률 1/V를 줄 때의 퍼플렉서티 = V (아무것도 모르는 모델)."""
        return len(self.words)


@dataclass(frozen=True)
class SampleView:
    """여러 샘플의 타깃 확률 target_probs (n,) 와 그 퍼플렉서티.

    words 는 샘플마다의 타깃 단어 (분포에서 뽑았을 때만, 아니면 None).
    """

    target_probs: np.ndarray
    words: tuple = None
    distribution: np.ndarray = None

    @property
    def losses(self):
        """샘플마다의 교차 엔트로피 오차 -log p_k (n,)."""
        with np.errstate(divide="ignore"):
            return -np.log(self.target_probs)

    @property
    def mean_loss(self):
        return float(self.losses.mean())

    @property
    def perplexity(self):
        """exp(평균 교차 엔트로피 오차)."""
        return float(np.exp(self.mean_loss))

    @property
    def geometric_formula(self):
        """같은 값을 곱으로: (p_1 p_2 … p_n)^(-1/n). 아래로 넘치지 않게 p_k^(-1/n)를 곱한다."""
        with np.errstate(divide="ignore"):
            return float(np.prod(self.target_probs ** (-1 / len(self.target_probs))))

    @property
    def mean_inverse(self):
        """1/p의 산술평균: 퍼플렉서티가 아니다 (작은 p 하나에 크게 끌려간다)."""
        with np.errstate(divide="ignore"):
            return float(np.mean(1 / self.target_probs))

    @property
    def entropy_perplexity(self):
        """타깃을 분포 자체에서 뽑았다면 n이 커질수록 다가가는 값 exp(엔트로피)."""
        if self.distribution is None:
            return None
        q = self.distribution[self.distribution > 0]
        return float(np.exp(-(q * np.log(q)).sum()))


def _check_probability_values(name, values, labels):
    """실수이고 유한하며 음수가 아닌지. labels는 메시지에 쓸 칸 이름."""
    for label, value in zip(labels, values):
        if not is_real(value):
            raise TypeError(f"{label}의 확률 (`{name}`)은 유한한 실수여야 하는데 {describe(value)}입니다.")
        if value < 0:
            raise ValueError(f"{label}의 확률 (`{name}`)이 {value:g}입니다. 확률은 음수일 수 없습니다.")
    return np.asarray(values, dtype=np.float64)


def prediction_view(words, probs, target):
    """단어 words에 준 확률 probs (합이 1이 아니어도 되고, 나누어 정규화한다)와 타깃 단어 target."""
    words = tuple(words)
    if not words or len(set(words)) != len(words) or not all(isinstance(w, str) for w in words):
        raise ValueError(f"`words`는 서로 다른 단어 (문자열) 1개 이상이어야 하는데 {describe(words)}입니다.")
    if len(probs) != len(words):
        raise ValueError(f"`probs`의 길이 {len(probs)}이(가) 단어 수 {len(words)}와(과) 다릅니다.")
    raw = _check_probability_values("probs", probs, [f"단어 '{w}'" for w in words])
    if raw.sum() <= 0:
        raise ValueError("확률의 합이 0이라 정규화할 수 없습니다. 적어도 한 단어에 0보다 큰 값을 주세요.")
    if target not in words:
        listing = ", ".join(words)
        raise ValueError(f"타깃 {describe(target)}이(가) 단어 목록 ({listing})에 없습니다. 목록의 단어를 골라 주세요.")
    return PredictionView(words, raw, raw / raw.sum(), target, words.index(target))


def parse_probabilities(text):
    """'0.8, 0.2, 0.5' 같은 글을 확률 배열로. 빈 칸, 숫자가 아닌 것, 0 이하나 1 초과는 한국어 메시지로."""
    parts = [part.strip() for part in str(text).replace(";", ",").split(",") if part.strip()]
    if not parts:
        raise ValueError("정답 확률 목록이 비어 있습니다. 예: 0.8, 0.2, 0.9")
    values = []
    for k, part in enumerate(parts, 1):
        try:
            value = float(part)
        except ValueError:
            raise ValueError(f"정답 확률 목록의 {k}번째 값 '{part}'은(는) 숫자가 아닙니다.") from None
        if not 0 < value <= 1:
            raise ValueError(f"정답 확률 목록의 {k}번째 값 {value}은(는) 0보다 크고 1 이하여야 합니다.")
        values.append(value)
    return np.array(values)


def samples_from_list(target_probs):
    """샘플마다 모델이 타깃에 준 확률을 직접 준다 (리스트, 배열 또는 '0.8, 0.2' 같은 글)."""
    probs = parse_probabilities(target_probs) if isinstance(target_probs, str) else np.asarray(target_probs, float)
    if probs.ndim != 1 or probs.size == 0 or not np.all((probs > 0) & (probs <= 1)):
        raise ValueError(f"정답 확률은 0보다 크고 1 이하인 값 1개 이상이어야 하는데 {describe(probs)}입니다.")
    return SampleView(probs)


def samples_from_distribution(prediction, n, seed=0):
    """모델이 매번 prediction의 분포를 내놓고, 실제 다음 단어는 같은 분포에서 n 번 뽑힌다고 본다."""
    n = check_positive_int("n", n)
    if n > MAX_SAMPLES:
        raise ValueError(f"`n`은(는) {MAX_SAMPLES} 이하여야 하는데 {n}입니다.")
    if not is_int(seed) or seed < 0:
        raise ValueError(f"`seed`는 0 이상의 정수여야 하는데 {describe(seed)}입니다.")
    ids = np.random.default_rng(seed).choice(len(prediction.words), size=n, p=prediction.probs)
    return SampleView(prediction.probs[ids], tuple(prediction.words[i] for i in ids), prediction.probs)
