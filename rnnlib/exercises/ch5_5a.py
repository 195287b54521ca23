"""5.5a RNNLM 학습과 평가의 연습문제 채점 함수 (5-5.1 ~ 5-5.4, 5-5.5 부터는 5-5b).

기호: N 배치 크기, T 블록 길이(시각 수), M 입력 xs = corpus[:-1]의 길이.
"""

import math
import numbers

import numpy as np

from ..validation import is_int
from . import as_number, close, correct, exercise, wrong

# 5-5.1: 세 샘플에서 모델이 정답 단어에 준 확률
PPL_PROBS = (0.5, 0.25, 0.125)
# 5-5.2: 단어 2,000개의 말뭉치, 배치 크기 4
OFFSET_CORPUS, OFFSET_N = 2000, 4
# 5-5.3: PTB 학습 말뭉치 전체, 배치 크기 20, T = 35
PTB_TRAIN_WORDS, ITERS_N, ITERS_T = 929_589, 20, 35
# 5-5.4: 기울기 두 배열(전체 노름 10)과 max_norm 5
CLIP_GRADS = ((6.0, 0.0), ((0.0, 8.0),))
CLIP_MAX = 5.0

HINTS = {
    "5-5.1": "퍼플렉서티는 exp(평균 교차 엔트로피 오차), 곧 정답 확률들의 기하평균의 역수입니다.",
    "5-5.2": "오프셋은 i × (M // N)입니다. M은 말뭉치가 아니라 입력 xs = corpus[:-1]의 길이입니다.",
    "5-5.3": "한 번의 반복이 행 N개 × 시각 T개 = N·T개의 입력을 씁니다. 입력 xs의 길이를 N·T로 정수 나눗셈하세요.",
    "5-5.4": "두 배열을 한 벡터로 이어 붙인 길이 √(6² + 8²)을 먼저 구하고, 그것이 5보다 크면 "
    "모든 원소에 같은 수(5 / 그 길이)를 곱합니다.",
}


@exercise("5-5.1", hint=HINTS["5-5.1"])
def perplexity_of_probabilities(answer):
    exercise_id = "5-5.1"
    probs = np.array(PPL_PROBS)
    value = as_number(answer)
    if value is None:
        return wrong(exercise_id, f"답은 실수 하나여야 합니다(예: 2.5). 받은 답: {answer!r}")
    mean_loss = float(np.mean(-np.log(probs)))
    expected = math.exp(mean_loss)
    if close(value, expected):
        return correct(
            exercise_id,
            f"맞습니다. 평균 손실 = (ln 2 + ln 4 + ln 8) / 3 = ln 4 ≈ {mean_loss:.4f}, exp하면 {expected:g}입니다. "
            f"1/p가 2, 4, 8이니 그 기하평균 (2·4·8)^(1/3) = 4와 같습니다.",
        )
    if close(value, mean_loss):
        return wrong(exercise_id, f"평균 교차 엔트로피 오차({value:.4f})를 구했습니다. 퍼플렉서티는 그 exp입니다.")
    if close(value, float(np.mean(1 / probs))):
        return wrong(
            exercise_id,
            f"1/p의 산술평균({value:g})을 구했습니다. 손실 −log p를 평균한 뒤 exp하면 "
            "산술평균이 아니라 기하평균이 됩니다.",
        )
    if close(value, 1 / float(np.mean(probs))):
        return wrong(
            exercise_id,
            f"확률의 산술평균의 역수({value:.4f})를 구했습니다. 평균하는 것은 확률이 아니라 손실 −log p입니다.",
        )
    bits = float(np.mean(-np.log2(probs)))
    if close(value, bits):
        return wrong(
            exercise_id,
            f"밑이 2인 로그로 구한 평균 손실({value:g})에서 멈췄습니다. 2의 거듭제곱으로 되돌리세요.",
        )
    if close(value, math.exp(bits)):
        return wrong(
            exercise_id, "log와 exp의 밑을 맞추세요. 교차 엔트로피 오차는 자연로그(np.log), 그 반대는 np.exp입니다."
        )
    if close(value, float(np.prod(probs)) ** (1 / len(probs))):
        return wrong(exercise_id, f"확률의 기하평균({value:g})을 구했습니다. 퍼플렉서티는 그 역수입니다.")
    return wrong(exercise_id, f"아닙니다(받은 답: {value:g}). 세 확률에서 손실 −log p를 하나씩 구해 평균해 보세요.")


@exercise("5-5.2", hint=HINTS["5-5.2"])
def batch_offsets_answer(answer):
    exercise_id = "5-5.2"
    if isinstance(answer, np.ndarray):
        answer = answer.tolist()
    if not isinstance(answer, (list, tuple)) or not all(isinstance(x, numbers.Real) for x in answer):
        return wrong(
            exercise_id,
            f"답은 행마다의 오프셋(정수)을 담은 리스트여야 합니다. 받은 답: {answer!r}",
            hint="예: [0, 10, 20]처럼 행 0부터 차례로 적습니다.",
        )
    data_size = OFFSET_CORPUS - 1
    expected = [i * (data_size // OFFSET_N) for i in range(OFFSET_N)]
    if len(answer) != OFFSET_N:
        return wrong(
            exercise_id,
            f"배치 크기가 {OFFSET_N}이니 오프셋도 {OFFSET_N}개(행마다 하나)입니다. 받은 답은 {len(answer)}개입니다.",
        )
    if not all(is_int(x) for x in answer):
        if np.allclose(answer, [i * data_size / OFFSET_N for i in range(OFFSET_N)]):
            return wrong(
                exercise_id,
                f"{data_size} / {OFFSET_N}를 그대로 썼습니다. 위치는 정수여야 하므로 정수 나눗셈(//)을 씁니다.",
            )
        return wrong(exercise_id, f"오프셋은 말뭉치의 위치라 정수여야 합니다. 받은 답: {answer!r}")
    given = [int(x) for x in answer]
    if given == expected:
        return correct(
            exercise_id,
            f"맞습니다. 입력 xs는 {data_size}개이므로 jump = {data_size} // {OFFSET_N} = {data_size // OFFSET_N}, "
            f"오프셋은 {expected}입니다.",
        )
    if given == [i * (OFFSET_CORPUS // OFFSET_N) for i in range(OFFSET_N)]:
        return wrong(
            exercise_id,
            f"입력의 길이 대신 말뭉치의 길이 {OFFSET_CORPUS}을 배치 크기 {OFFSET_N}로 나누었습니다. "
            "학습에 넣는 입력은 xs = corpus[:-1]이라 한 단어 짧은 "
            f"{data_size}개입니다.",
        )
    if given == list(range(OFFSET_N)):
        return wrong(exercise_id, "행 번호를 적었습니다. 행 i는 입력을 N등분한 i번째 구간의 처음에서 읽기 시작합니다.")
    if given[0] != 0:
        return wrong(exercise_id, "행 0은 입력의 처음(위치 0)에서 읽기 시작합니다.")
    return wrong(exercise_id, f"아닙니다(받은 답: {given}). 오프셋 사이의 간격 jump를 먼저 구해 보세요.")


@exercise("5-5.3", hint=HINTS["5-5.3"])
def iterations_per_epoch(answer):
    exercise_id = "5-5.3"
    data_size = PTB_TRAIN_WORDS - 1
    per_iter = ITERS_N * ITERS_T
    expected = data_size // per_iter
    if isinstance(answer, np.generic):
        answer = answer.item()
    value = as_number(answer)
    if value is None:
        return wrong(exercise_id, f"답은 정수 하나여야 합니다(예: 120). 받은 답: {answer!r}")
    if is_int(answer) and answer == expected:
        return correct(
            exercise_id,
            f"맞습니다. 입력 {data_size:,}개를 한 번에 {ITERS_N}×{ITERS_T} = {per_iter}개씩 쓰므로 "
            f"{data_size:,} // {per_iter} = {expected:,}번의 반복이 한 에폭입니다. 남는 {data_size % per_iter}개는 "
            f"time_idx가 이어지므로 다음 에폭에서 읽힙니다.",
        )
    if value == expected:
        return wrong(
            exercise_id, f"값은 맞지만 실수({answer!r})로 적었습니다. 반복 수는 정수 {expected}로 적어 주세요."
        )
    if close(value, data_size / per_iter, rel=1e-6) or close(value, PTB_TRAIN_WORDS / per_iter, rel=1e-6):
        return wrong(
            exercise_id, f"나누어떨어지지 않은 값({value:g})입니다. 반복 수는 정수이므로 정수 나눗셈(//)을 씁니다."
        )
    if value == expected + 1:
        return wrong(exercise_id, "올림을 했습니다. 트레이너는 N·T개를 다 채울 수 있는 반복만 세므로 내림(//)입니다.")
    if value in (data_size // ITERS_N, PTB_TRAIN_WORDS // ITERS_N):
        return wrong(
            exercise_id,
            f"jump(행 하나가 맡은 구간의 길이, {value:,.0f})를 구했습니다. 한 번의 반복에 행마다 T칸씩 나아갑니다.",
        )
    if value in (data_size // ITERS_T, PTB_TRAIN_WORDS // ITERS_T):
        return wrong(
            exercise_id, "T로만 나누었습니다. 한 번의 반복은 행 N개를 한꺼번에 처리하므로 N·T개의 입력을 씁니다."
        )
    if not is_int(answer):
        return wrong(exercise_id, f"반복 수는 정수여야 합니다. 받은 답: {answer!r}")
    return wrong(exercise_id, f"아닙니다(받은 답: {value:,.0f}). 한 번의 반복이 입력을 몇 개 쓰는지부터 구해 보세요.")


def _arrays(answer):
    """기울기 두 개의 답을 float 배열 두 개로. 바꿀 수 없으면 None."""
    if not isinstance(answer, (list, tuple)) or len(answer) != 2:
        return None
    try:
        arrays = [np.asarray(a, dtype=np.float64) for a in answer]
    except (TypeError, ValueError):
        return None
    if any(a.dtype == object or a.size != 2 for a in arrays) or any(isinstance(a, (str, bytes)) for a in answer):
        return None
    return [a.ravel() for a in arrays]


@exercise("5-5.4", hint=HINTS["5-5.4"])
def clipped_gradients(answer):
    exercise_id = "5-5.4"
    original = [np.asarray(g, dtype=np.float64).ravel() for g in CLIP_GRADS]
    norm = math.sqrt(sum(float(g @ g) for g in original))
    expected = [g * CLIP_MAX / norm for g in original]
    if as_number(answer) is not None:
        return wrong(
            exercise_id,
            "답은 수 하나가 아니라 클리핑한 뒤의 기울기 두 개입니다. 예: [np.array([…, …]), np.array([[…, …]])]",
        )
    given = _arrays(answer)
    if given is None:
        return wrong(
            exercise_id,
            f"답은 원소가 2개인 배열 두 개의 리스트여야 합니다(grads와 같은 꼴). 받은 답: {answer!r}",
            hint="예: [np.array([1.0, 2.0]), np.array([[3.0, 4.0]])]",
        )
    if all(np.allclose(g, e) for g, e in zip(given, expected)):
        return correct(
            exercise_id,
            f"맞습니다. 두 배열을 이은 벡터의 길이가 √(6² + 8²) = {norm:g} > {CLIP_MAX:g}이므로 모든 원소에 "
            f"{CLIP_MAX:g}/{norm:g} = {CLIP_MAX / norm:g}를 곱해 [3, 0], [[0, 4]]가 됩니다. "
            f"길이는 {CLIP_MAX:g}, 방향은 그대로입니다.",
        )
    if all(np.allclose(g, o) for g, o in zip(given, original)):
        return wrong(
            exercise_id, f"그대로 두었습니다. 두 배열을 합친 길이는 {norm:g}으로 max_norm {CLIP_MAX:g}보다 큽니다."
        )
    if all(np.allclose(g, np.clip(o, -CLIP_MAX, CLIP_MAX)) for g, o in zip(given, original)):
        return wrong(
            exercise_id,
            "원소마다 ±5로 자르거나(np.clip) 배열마다 따로 길이 5로 줄인 결과입니다. clip_grads는 모든 기울기를 "
            "한 벡터로 보고 같은 비율로 줄이므로, 두 배열의 비율 6 : 8이 그대로 남습니다.",
        )
    return wrong(
        exercise_id,
        "값이 다릅니다. 클리핑한 뒤 두 배열을 합친 길이가 정확히 5인지, 6 : 8의 비율이 남았는지 확인해 보세요.",
    )
