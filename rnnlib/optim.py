"""최적화 기법 (SGD, Adam) 과 기울기 클리핑.

update(params, grads) 는 params 의 배열을 제자리에서 고친다. 두 목록은 같은 길이, 같은 순서.
"""

import numpy as np

from .validation import check_finite_number, check_positive_number


def _check_lists(params, grads):
    if len(params) != len(grads):
        raise ValueError(f"params ({len(params)}개)와 grads ({len(grads)}개)의 길이가 다릅니다.")
    for i, (param, grad) in enumerate(zip(params, grads)):
        if np.shape(param) != np.shape(grad):
            raise ValueError(
                f"params[{i}]의 모양 {np.shape(param)}와(과) grads[{i}]의 모양 {np.shape(grad)}이(가) 다릅니다. "
                f"같은 순서로 만든 model.params와 model.grads를 넘겨 주세요."
            )


class SGD:
    """확률적 경사 하강법: W <- W - lr * dW."""

    def __init__(self, lr=0.01):
        self.lr = check_positive_number("lr", lr)

    def update(self, params, grads):
        _check_lists(params, grads)
        for param, grad in zip(params, grads):
            param -= self.lr * grad


class Adam:
    """Adam: 기울기의 이동 평균(m)과 제곱의 이동 평균(v)으로 매개변수마다 보폭을 조절한다."""

    def __init__(self, lr=0.001, beta1=0.9, beta2=0.999):
        self.lr = check_positive_number("lr", lr)
        for name, beta in (("beta1", beta1), ("beta2", beta2)):
            if not 0 <= check_finite_number(name, beta) < 1:
                raise ValueError(f"`{name}`은(는) 0 이상 1 미만이어야 하는데 {beta}입니다.")
        self.beta1, self.beta2 = beta1, beta2
        self.iter = 0
        self.m = None
        self.v = None

    def update(self, params, grads):
        _check_lists(params, grads)
        if self.m is None:
            self.m = [np.zeros_like(p) for p in params]
            self.v = [np.zeros_like(p) for p in params]
        self.iter += 1
        # 편향 보정을 학습률에 합친 형태
        lr_t = self.lr * np.sqrt(1 - self.beta2**self.iter) / (1 - self.beta1**self.iter)
        for param, grad, m, v in zip(params, grads, self.m, self.v):
            m += (1 - self.beta1) * (grad - m)  # 기울기의 이동 평균
            v += (1 - self.beta2) * (grad**2 - v)  # 기울기 제곱의 이동 평균
            param -= lr_t * m / (np.sqrt(v) + 1e-7)


def clip_grads(grads, max_norm):
    """모든 기울기를 한 벡터로 본 L2 노름이 max_norm 을 넘으면 같은 비율로 줄인다 (제자리).

    클리핑 전의 노름을 돌려준다.
    """
    max_norm = check_positive_number("max_norm", max_norm)
    total_norm = float(np.sqrt(sum(float(np.sum(grad**2)) for grad in grads)))
    rate = max_norm / (total_norm + 1e-6)
    if rate < 1:
        for grad in grads:
            grad *= rate
    return total_norm
