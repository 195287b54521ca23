"""5.2 RNN이란의 연습문제 채점 함수.

5-2.1 은닉 상태 h_t의 모양, 5-2.2 미니배치 행의 오프셋, 5-2.3 반복 k에 행 i가 읽는 위치(되돌아가기),
5-2.4 잘린 BPTT에서 한 시각의 손실이 기울기를 보내는 시각, 5-2.5 기울기 크기의 상한(W_h 배율의 거듭제곱).
정답은 트레이너와 같은 rnnlib.batching 함수로 계산한다.
"""

import math

import numpy as np

from ..batching import batch_offsets, batch_positions
from ..validation import is_int, is_real
from . import correct, exercise, wrong

EXERCISE_5_2_1 = dict(N=20, T=35, D=100, H=50)
EXERCISE_5_2_2 = dict(data_size=1000, batch_size=3)
EXERCISE_5_2_3 = dict(data_size=1000, batch_size=2, time_size=8, iteration=62, row=1)
EXERCISE_5_2_4 = dict(seq_len=15, block_size=5, loss_time=12)
EXERCISE_5_2_5 = dict(scale=0.5, steps=10)


def _integers(answer):
    """정수들의 목록 (list, tuple, set, range, 1차원 정수 배열) 이면 int 리스트, 아니면 None."""
    if isinstance(answer, np.ndarray):
        if answer.ndim != 1 or not np.issubdtype(answer.dtype, np.integer):
            return None
        answer = answer.tolist()
    if not isinstance(answer, (list, tuple, set, range)):
        return None
    items = list(answer)
    if not all(is_int(x) for x in items):
        return None
    return [int(x) for x in items]


def _type_error(exercise_id, answer, expected, hint):
    shown = f"모양이 {answer.shape}, dtype이 {answer.dtype}인 배열" if isinstance(answer, np.ndarray) else repr(answer)
    return wrong(exercise_id, f"답은 {expected}이어야 하는데 {type(answer).__name__} {shown}을(를) 받았습니다.", hint)


@exercise("5-2.1", hint="h_t는 한 시각의 은닉 상태입니다. 배치의 샘플마다 한 행, 행의 길이는 은닉 상태 차원 H입니다.")
def hidden_state_shape(answer):
    N, T, D, H = (EXERCISE_5_2_1[k] for k in "NTDH")
    shape = _integers(answer) if isinstance(answer, (tuple, list)) else None
    if shape is None:
        return _type_error(
            "5-2.1", answer, "정수 두 개의 튜플(예: (3, 4))", "모양은 (행 수, 열 수) 꼴의 튜플로 씁니다."
        )
    if shape == [N, H]:
        return correct(
            "5-2.1",
            f"맞습니다. h_(t-1) W_h는 ({N}, {H})·({H}, {H}), x_t W_x는 ({N}, {D})·({D}, {H})이라서 둘 다 "
            f"({N}, {H})이고, tanh는 모양을 바꾸지 않으므로 h_t도 ({N}, {H})입니다. "
            f"T = {T}은(는) 여기에 나오지 않습니다.",
        )
    if shape == [N, T, H]:
        return wrong(
            "5-2.1",
            f"({N}, {T}, {H})은(는) T개 시각의 은닉 상태를 모두 모은 hs의 모양입니다. 묻는 것은 한 시각의 h_t입니다.",
            "TimeRNN의 hs[:, t]를 떠올려 보세요. 시각 축 하나가 빠집니다.",
        )
    if shape == [H, N]:
        return wrong(
            "5-2.1",
            f"행과 열이 바뀌었습니다. 행 벡터 관례에서는 샘플 {N}개가 행이 됩니다.",
            "x_t (N, D)에 W_x (D, H)를 오른쪽에서 곱하면 (N, H)가 나옵니다.",
        )
    if shape == [H, H]:
        return wrong("5-2.1", f"({H}, {H})은(는) 가중치 W_h의 모양입니다.", "h_t는 배치의 샘플마다 한 행씩 있습니다.")
    if len(shape) != 2:
        return wrong(
            "5-2.1", f"h_t는 2차원 배열인데 답에는 수가 {len(shape)}개 있습니다.", "(행 수, 열 수) 두 수를 쓰세요."
        )
    if D in shape:
        return wrong(
            "5-2.1",
            f"D = {D}은(는) 입력 x_t의 차원입니다. W_x를 곱하면 열 수가 D에서 H로 바뀝니다.",
            "h_t의 열 수는 은닉 상태 차원입니다.",
        )
    return wrong("5-2.1", f"{tuple(shape)}은(는) h_t의 모양이 아닙니다.", "행 수는 배치 크기 N, 열 수는 H입니다.")


@exercise(
    "5-2.2",
    hint="행 i의 오프셋은 i × (입력 길이 // 배치 크기)입니다. //는 소수점 아래를 버리는 정수 나눗셈입니다(7 // 2 = 3).",
)
def offsets_for_three_rows(answer):
    L, N = EXERCISE_5_2_2["data_size"], EXERCISE_5_2_2["batch_size"]
    expected = batch_offsets(L, N).tolist()
    values = _integers(answer)
    if values is None:
        if isinstance(answer, (list, tuple, np.ndarray)) and not isinstance(answer, str):
            flat = np.asarray(answer).ravel()
            if flat.size == N and np.issubdtype(flat.dtype, np.floating):
                return wrong(
                    "5-2.2",
                    f"오프셋이 {flat.tolist()}처럼 실수입니다. 말뭉치의 위치는 정수여야 합니다.",
                    f"{L} / {N}이 아니라 정수 나눗셈 {L} // {N}을 쓰세요.",
                )
        return _type_error("5-2.2", answer, f"정수 {N}개의 리스트", "예: [0, 10, 20]처럼 행마다 하나씩 씁니다.")
    if values == expected:
        return correct(
            "5-2.2",
            f"맞습니다. {L} // {N} = {expected[1]}이므로 오프셋은 {expected}입니다. 나머지 {L % N}칸은 시작점이 "
            "되지 않지만, 행이 차례대로 읽어 나가며 되돌아가므로 언젠가 읽힙니다.",
        )
    if len(values) != N:
        return wrong(
            "5-2.2", f"배치 크기가 {N}이므로 오프셋도 행마다 하나씩 {N}개여야 합니다.", "첫 행은 0에서 시작합니다."
        )
    if values == [round(i * L / N) for i in range(N)] or values == [math.ceil(i * L / N) for i in range(N)]:
        return wrong(
            "5-2.2",
            f"{L} / {N}을 반올림했습니다. batch_offsets는 정수 나눗셈(내림)을 씁니다.",
            f"{L} // {N}을 계산해 보세요.",
        )
    if values[0] != 0:
        return wrong(
            "5-2.2", "첫 행(행 0)은 말뭉치의 맨 앞, 위치 0에서 읽기 시작합니다.", "행 i의 오프셋은 i × 간격입니다."
        )
    return wrong("5-2.2", f"{values}은(는) 오프셋이 아닙니다.", f"간격은 {L} // {N}, 행 i는 i × 간격입니다.")


@exercise("5-2.3", hint="time_idx = 반복 × T이고, 위치는 (오프셋 + time_idx + 0, 1, …, T-1) % 입력 길이입니다.")
def positions_with_wrap_around(answer):
    L, N, T, k, row = (EXERCISE_5_2_3[key] for key in ("data_size", "batch_size", "time_size", "iteration", "row"))
    expected = batch_positions(L, N, T, k * T)[row].tolist()
    values = _integers(answer)
    if values is None:
        return _type_error("5-2.3", answer, f"정수 {T}개의 리스트", "예: [3, 4, 5]처럼 읽는 순서대로 씁니다.")
    if values == expected:
        return correct(
            "5-2.3",
            f"맞습니다. 행 {row}의 오프셋 {batch_offsets(L, N)[row]}에 time_idx {k} × {T} = {k * T}을(를) 더하면 "
            f"{expected[0]}이고, 위치 {L - 1} 다음에는 처음 0으로 돌아가 {expected}을(를) 읽습니다.",
        )
    unwrapped = [p + (L if p < expected[0] else 0) for p in expected]
    if values == unwrapped:
        return wrong(
            "5-2.3",
            f"위치 {L} 이상은 말뭉치에 없습니다. 끝을 지나면 처음으로 돌아가야 합니다.",
            f"각 위치에 % {L}을(를) 적용해 보세요.",
        )
    if len(values) != T:
        return wrong("5-2.3", f"한 번에 T = {T}칸을 읽으므로 위치도 {T}개여야 합니다.", "읽는 순서대로 모두 쓰세요.")
    if values == batch_positions(L, N, T, k * T)[1 - row].tolist():
        return wrong(
            "5-2.3",
            f"그것은 행 {1 - row}이(가) 읽는 위치입니다. 묻는 것은 행 {row}입니다.",
            "행마다 오프셋이 다릅니다.",
        )
    for near in (k - 1, k + 1):
        if values == batch_positions(L, N, T, near * T)[row].tolist():
            return wrong(
                "5-2.3",
                f"반복 {near}의 위치입니다. 반복은 0부터 세고 time_idx = {k} × {T}입니다.",
                "반복 0에서는 오프셋부터 읽습니다.",
            )
    return wrong(
        "5-2.3", f"{values}은(는) 행 {row}이(가) 반복 {k}에 읽는 위치가 아닙니다.", "오프셋부터 계산해 보세요."
    )


@exercise(
    "5-2.4",
    hint="시각 12는 어느 블록에 속하나요? 역전파는 그 블록의 첫 시각까지만 거슬러 가고, 미래로는 가지 않습니다.",
)
def truncated_reach(answer):
    S, B, t = (EXERCISE_5_2_4[key] for key in ("seq_len", "block_size", "loss_time"))
    start = t // B * B
    expected = list(range(start, t + 1))
    values = _integers(answer)
    if values is None:
        return _type_error("5-2.4", answer, "시각을 나타내는 정수들의 리스트", "예: [3, 4]처럼 시각 번호를 씁니다.")
    values = sorted(set(values))
    if values == expected:
        return correct(
            "5-2.4",
            f"맞습니다. 시각 {t}은(는) 블록 {t // B}(시각 {start} ~ {start + B - 1})에 있으므로 L_{t}의 기울기는 "
            f"시각 {start}까지 거슬러 가고 거기서 멈춥니다. "
            f"시각 {t} 뒤의 입력은 L_{t}에 영향을 주지 않아 기울기가 0입니다.",
        )
    if values == list(range(t + 1)):
        return wrong(
            "5-2.4",
            "그것은 전체 BPTT의 답입니다. 잘린 BPTT는 블록 경계에서 역전파를 끊습니다.",
            f"블록 길이 {B}(으)로 자르면 시각 {t}은(는) 어느 블록에 들어가나요?",
        )
    if any(s > t for s in values):
        return wrong(
            "5-2.4",
            f"시각 {t} 뒤의 입력은 h_{t}을(를) 만드는 데 쓰이지 않으므로 L_{t}의 기울기가 가지 않습니다.",
            "역전파는 시간을 거슬러 과거로만 흐릅니다.",
        )
    if any(s < start for s in values):
        return wrong(
            "5-2.4",
            f"시각 {start} 앞은 앞 블록입니다. 잘린 BPTT는 블록 경계에서 역전파를 멈춥니다.",
            "순전파의 은닉 상태는 경계를 넘지만, 역전파는 넘지 않습니다.",
        )
    return wrong(
        "5-2.4",
        f"블록 안의 시각이 빠졌습니다. L_{t}의 기울기는 블록의 첫 시각까지 한 시각도 빠짐없이 거슬러 갑니다.",
        f"시각 {t}에서 블록의 첫 시각까지 모두 쓰세요.",
    )


@exercise("5-2.5", hint="역전파 한 시각마다 W_h가 길이에 배율을 곱하고, tanh의 미분(1 이하)이 조금 더 줄입니다.")
def gradient_upper_bound(answer):
    scale, steps = EXERCISE_5_2_5["scale"], EXERCISE_5_2_5["steps"]
    if not is_real(answer):
        return _type_error("5-2.5", answer, "실수 하나", "수식 그대로 써도 됩니다(예: 0.9 ** 3).")
    value, expected = float(answer), scale**steps
    if math.isclose(value, expected, rel_tol=1e-3):
        return correct(
            "5-2.5",
            f"맞습니다. 한 시각마다 {scale}배 이하가 되므로 {steps}시각 뒤에는 "
            f"{scale}^{steps} ≈ {expected:.3g} 이하입니다. "
            "배율이 1보다 작으면 거슬러 간 시각 수에 대해 지수적으로 줄어듭니다(기울기 소실).",
        )
    if math.isclose(value, scale * steps, rel_tol=1e-3):
        return wrong(
            "5-2.5",
            f"{scale} × {steps}을(를) 계산했습니다. 한 시각마다 곱해지므로 거듭제곱이 됩니다.",
            "0.5를 10번 곱해 보세요.",
        )
    if math.isclose(value, scale ** (steps - 1), rel_tol=1e-3) or math.isclose(
        value, scale ** (steps + 1), rel_tol=1e-3
    ):
        return wrong(
            "5-2.5", "거듭제곱의 횟수가 하나 어긋났습니다.", f"{steps}시각을 거슬러 가면 W_h를 {steps}번 지납니다."
        )
    if value > 1:
        return wrong(
            "5-2.5", f"배율이 {scale}(으)로 1보다 작은데 기울기가 커질 수는 없습니다.", "한 시각마다 줄어듭니다."
        )
    return wrong("5-2.5", f"{value:.4g}은(는) 상한이 아닙니다.", f"{scale}을(를) 몇 번 곱하게 되는지 세어 보세요.")
