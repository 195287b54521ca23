"""상태가 없는 수학 함수: sigmoid, softmax, cross_entropy.

모두 벡터화되어 있고 입력의 dtype(float32/float64)을 그대로 지킨다.
기호: N 샘플 수, V 어휘 수(클래스 수).
"""

import numpy as np


def sigmoid(x):
    """σ(x) = 1 / (1 + exp(-x)).

    exp(-x) 는 x 가 큰 음수일 때 넘쳐흐르므로 같은 값인 (1 + tanh(x/2)) / 2 로 계산한다.
    """
    out = np.tanh(x * 0.5)
    out += 1
    out *= 0.5
    return out


def softmax(x):
    """마지막 축에 대한 softmax. 최댓값을 빼서 exp 가 넘치지 않게 한다.

    x (..., V) -> y (..., V), 각 행의 합은 1.
    """
    y = x - x.max(axis=-1, keepdims=True)
    np.exp(y, out=y)
    y /= y.sum(axis=-1, keepdims=True)
    return y


def cross_entropy(y, t):
    """정답 ID 에 대한 평균 교차 엔트로피 오차 -mean(log y[n, t_n]).

    y (N, V) 는 확률, t (N,) 는 정답 ID.
    """
    y = np.atleast_2d(y)
    t = np.atleast_1d(t)
    picked = y[np.arange(len(t)), t]  # (N,)
    return float(-np.mean(np.log(picked)))
