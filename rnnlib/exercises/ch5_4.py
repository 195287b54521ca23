"""5.4 시계열 데이터 처리 계층 구현의 연습문제 채점 함수.

기호: N 배치 크기, T 블록 길이 (시각 수), D 단어 벡터 차원, H 은닉 상태 차원, V 어휘 수.
"""

import math

import numpy as np

from ..validation import is_int
from . import as_number, close, correct, exercise, wrong

# 5-4.1: N = 20, T = 35, V = 10000, D = 100, H = 200 인 RNNLM
SHAPES_N, SHAPES_T, SHAPES_V, SHAPES_D, SHAPES_H = 20, 35, 10000, 100, 200
LAYER_NAMES = ("TimeEmbedding", "TimeRNN", "TimeAffine")
# 5-4.2: 예제 말뭉치의 어휘 (V = 7) 로 만든 입력
EMBED_XS = ((1, 5, 1), (6, 1, 2))
# 5-4.3, 5-4.5: 모든 단어에 같은 점수를 주는 모델의 어휘 수
UNIFORM_V = 10000
# 5-4.4: 점수가 모두 0 인 (N, T, V) = (1, 2, 4) 와 타깃 (둘째 자리는 무시)
LOSS_SCORES_SHAPE = (1, 2, 4)
LOSS_TARGETS = ((2, -1),)

HINTS = {
    "5-4.1": "TimeEmbedding은 ID마다 D개의 수, TimeRNN은 H개, TimeAffine은 V개를 냅니다.",
    "5-4.2": "dW의 행 번호는 단어 ID입니다. 입력 xs에 한 번이라도 나온 ID의 행에만 기울기가 갑니다.",
    "5-4.3": "모든 점수가 같으면 softmax는 모든 단어에 1/V를 줍니다. 손실은 타깃 단어 확률의 −log입니다.",
    "5-4.4": "backward는 (softmax − 원-핫) / count입니다. count는 타깃이 −1이 아닌 자리의 수이고, "
    "−1인 자리의 기울기는 0입니다.",
    "5-4.5": "퍼플렉서티는 exp(평균 손실)입니다. 5-4.3의 손실을 넣어 보세요.",
}


def _shape(value):
    """(20, 35, 100) 같은 정수 튜플로 바꾼다. 바꿀 수 없으면 None."""
    if not isinstance(value, (tuple, list)):
        return None
    if not all(is_int(s) for s in value):
        return None
    return tuple(int(s) for s in value)


@exercise("5-4.1", hint=HINTS["5-4.1"])
def layer_shapes(answer):
    exercise_id = "5-4.1"
    N, T, V, D, H = SHAPES_N, SHAPES_T, SHAPES_V, SHAPES_D, SHAPES_H
    if _shape(answer) is not None:
        return wrong(
            exercise_id,
            f"{tuple(answer)}은(는) 모양 하나입니다. 답은 세 계층의 출력 모양 세 개의 리스트입니다.",
            hint="예: [(N, T, ?), (N, T, ?), (N, T, ?)] 꼴에 수를 넣습니다.",
        )
    if not isinstance(answer, (tuple, list)) or len(answer) != 3:
        return wrong(
            exercise_id,
            f"답은 모양 세 개의 리스트여야 합니다(TimeEmbedding, TimeRNN, TimeAffine의 출력 순서). 받은 답: {answer!r}",
            hint="예: [(N, T, ?), (N, T, ?), (N, T, ?)] 꼴에 수를 넣습니다.",
        )
    shapes = [_shape(s) for s in answer]
    for name, shape, raw in zip(LAYER_NAMES, shapes, answer):
        if shape is None:
            return wrong(
                exercise_id,
                f"{name}의 모양은 정수의 튜플이어야 하는데 {raw!r}입니다.",
                hint="예: (20, 35, 100)처럼 괄호 안에 정수를 씁니다.",
            )
    expected = [(N, T, D), (N, T, H), (N, T, V)]
    if shapes == expected:
        return correct(
            exercise_id,
            f"맞습니다. (N, T) = ({N}, {T})는 그대로 두고 마지막 축만 D = {D} → H = {H} → V = {V}으로 바뀝니다.",
        )
    # 처음으로 틀린 계층 하나에 대해 말한다
    name, shape, want = next(item for item in zip(LAYER_NAMES, shapes, expected) if item[1] != item[2])
    if len(shape) == 2 and shape[0] == N * T:
        message = (
            f"{name}의 출력을 ({N * T}, …)로 폈습니다. N·T로 펴는 것은 계층 안의 계산에서만이고, "
            f"출력은 다시 (N, T, …)로 돌려놓습니다."
        )
    elif len(shape) != 3:
        message = f"{name}의 출력은 (N, T, 벡터 크기)의 3차원인데 {shape}은(는) {len(shape)}차원입니다."
    elif shape[:2] != (N, T):
        message = f"{name}의 출력 {shape}에서 앞 두 축이 (N, T) = ({N}, {T})가 아닙니다."
    elif {shape[2], want[2]} == {D, H}:
        message = f"{name}의 마지막 축이 바뀌었습니다. 단어 벡터는 D = {D}, 은닉 상태는 H = {H}입니다."
    else:
        message = f"{name}의 출력 모양은 {shape}이(가) 아닙니다. 마지막 축에 무엇이 오는지 다시 보세요."
    return wrong(exercise_id, message)


@exercise("5-4.2", hint=HINTS["5-4.2"])
def embedding_rows(answer):
    exercise_id = "5-4.2"
    if isinstance(answer, np.ndarray):
        answer = answer.ravel().tolist()
    if not isinstance(answer, (list, tuple, set, frozenset)) or not all(is_int(i) for i in answer):
        return wrong(
            exercise_id,
            f"답은 행 번호(정수)의 리스트여야 합니다. 받은 답: {answer!r}",
            hint="예: [0, 3]처럼 0이 아닌 행의 번호를 적습니다.",
        )
    expected = {i for row in EMBED_XS for i in row}
    given = {int(i) for i in answer}
    if given == expected:
        counts = {i: sum(row.count(i) for row in EMBED_XS) for i in sorted(expected)}
        return correct(
            exercise_id,
            f"맞습니다. 행 {sorted(expected)}에만 기울기가 갑니다. ID 1은 {counts[1]}번 나오므로 "
            f"dW[1]은 dout의 벡터 {counts[1]}개를 더한 것입니다. 나머지 행은 0입니다.",
        )
    extra, missing = sorted(given - expected), sorted(expected - given)
    if extra:
        return wrong(exercise_id, f"행 {extra}은(는) 입력에 나오지 않는 ID라서 기울기가 0입니다.")
    return wrong(exercise_id, f"입력에 나오는 ID {missing}의 행이 빠졌습니다.")


@exercise("5-4.3", hint=HINTS["5-4.3"])
def uniform_loss(answer):
    exercise_id = "5-4.3"
    V = UNIFORM_V
    value = as_number(answer)
    if value is None:
        return wrong(exercise_id, f"답은 수 하나여야 합니다(예: 1.234). 받은 답: {answer!r}")
    expected = math.log(V)
    if close(value, expected):
        return correct(
            exercise_id,
            f"맞습니다. 타깃 단어의 확률이 어디서나 1/{V}이므로 평균도 −log(1/{V}) = ln {V} ≈ {expected:.4f}입니다.",
        )
    if close(value, -expected):
        return wrong(exercise_id, "부호를 확인하세요. 손실은 −log(확률)이고 확률이 1보다 작으니 양수입니다.")
    if close(value, 1 / V):
        return wrong(exercise_id, f"{value}은(는) 타깃 단어의 확률 1/{V}입니다. 손실은 그 확률의 −log입니다.")
    if close(value, math.log10(V)) or close(value, math.log2(V)):
        return wrong(exercise_id, "교차 엔트로피 오차의 log는 자연로그(밑 e, np.log)입니다.")
    return wrong(exercise_id, f"{value}이(가) 아닙니다. 타깃 단어의 확률이 모든 자리에서 같다는 점을 이용해 보세요.")


@exercise("5-4.4", hint=HINTS["5-4.4"])
def loss_backward(answer):
    exercise_id = "5-4.4"
    try:
        given = np.asarray(answer, dtype=np.float64)
    except (TypeError, ValueError):
        given = None
    if given is None or isinstance(answer, (str, bytes)):
        return wrong(exercise_id, f"답은 수의 배열(np.array나 중첩 리스트)이어야 합니다. 받은 답: {answer!r}")
    if given.shape != LOSS_SCORES_SHAPE:
        return wrong(
            exercise_id,
            f"dscore의 모양은 점수와 같은 {LOSS_SCORES_SHAPE}이어야 하는데 {given.shape}입니다.",
        )
    ts = np.array(LOSS_TARGETS)
    N, T, V = LOSS_SCORES_SHAPE
    mask = ts != -1
    onehot = np.zeros(LOSS_SCORES_SHAPE)
    for n, t in zip(*np.nonzero(mask)):
        onehot[n, t, ts[n, t]] = 1
    diff = np.where(mask[..., None], 1 / V - onehot, 0)
    expected = diff / mask.sum()
    if np.allclose(given, expected):
        return correct(
            exercise_id,
            f"맞습니다. 타깃이 있는 자리는 {mask.sum()}곳뿐이라 (1/{V} − 원-핫)을 타깃이 있는 자리의 수로 나누고, "
            f"타깃이 −1인 자리의 기울기는 0입니다.",
        )
    if np.allclose(given, -expected):
        return wrong(exercise_id, "부호가 반대입니다. 기울기는 softmax 출력에서 원-핫을 뺀 것입니다.")
    if np.allclose(given, diff / (N * T)):
        return wrong(
            exercise_id,
            f"N·T = {N * T}로 나누었습니다. 타깃이 −1인 자리는 평균에서 빠지므로 분모도 타깃이 있는 자리의 수입니다.",
        )
    if np.allclose(given[mask], expected[mask]) and not np.allclose(given[~mask], 0):
        return wrong(exercise_id, "타깃이 −1인 자리(dscore[0, 1])는 손실에 들어가지 않으므로 기울기가 0입니다.")
    return wrong(exercise_id, "값이 다릅니다. 점수가 모두 0일 때 softmax 출력이 무엇인지부터 적어 보세요.")


@exercise("5-4.5", hint=HINTS["5-4.5"])
def uniform_perplexity(answer):
    exercise_id = "5-4.5"
    V = UNIFORM_V
    value = as_number(answer)
    if value is None:
        return wrong(exercise_id, f"답은 수 하나여야 합니다(예: 12.5). 받은 답: {answer!r}")
    if close(value, V):
        return correct(
            exercise_id,
            f"맞습니다. exp(ln {V}) = {V}. 아무것도 배우지 않은 모델은 다음 단어 후보 {V}개 사이에서 똑같이 "
            f"망설이는 셈입니다. 학습은 이 수를 줄이는 일입니다.",
        )
    if close(value, math.log(V)):
        return wrong(exercise_id, f"{value:.4f}은(는) 손실 ln {V}입니다. 퍼플렉서티는 그 exp입니다.")
    if close(value, 1 / V):
        return wrong(exercise_id, f"1/{V}은(는) 한 단어의 확률입니다. 퍼플렉서티는 그 역수, 곧 exp(손실)입니다.")
    return wrong(exercise_id, f"{value}이(가) 아닙니다. exp와 log가 서로 지운다는 점을 이용해 보세요.")
