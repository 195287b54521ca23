"""5.5b LSTM과 언어 모델의 연습문제 채점 함수(5-5.5 ~ 5-5.9, 5-5a의 5-5.1 ~ 5-5.4 다음 번호).

기호: D 입력 차원, H 은닉 상태 차원, V 어휘 수.
"""

import math

from ..data import load_korean
from . import as_number, close, correct, exercise, wrong

# 5-5.5: 은닉 크기 1인 LSTM 한 시각의 게이트 값과 이전 기억 셀
STEP_C_PREV, STEP_F, STEP_G, STEP_I, STEP_O = 2.0, 0.5, -0.6, 0.5, 0.8
# 5-5.6: LSTM 계층 하나의 입력 차원과 은닉 상태 차원
PARAM_D, PARAM_H = 100, 200
# 5-5.9: 기억 셀의 길로만 거슬러 가는 시각 수와 그동안의 망각 게이트 값
FLOW_STEPS, FLOW_F = 20, 0.9

HINTS = {
    "5-5.5": "c_t = f·c_(t-1) + g·i를 먼저 구하고, h_t = o·tanh(c_t)에 넣습니다. 답은 (c_t, h_t) 두 수입니다.",
    "5-5.6": "Wx (D, 4H), Wh (H, 4H), b (4H,)의 원소 수를 더합니다.",
    "5-5.7": "c_t = f·c_(t-1) + g·i에서 c_(t-1)에 곱해지는 것이 무엇인지 보세요.",
    "5-5.8": "균등한 모델은 어휘의 모든 글자에 1/V를 줍니다. 퍼플렉서티는 exp(평균 손실)이고, "
    "V는 len(char_to_id)입니다.",
    "5-5.9": "기억 셀의 길에서 한 시각 거슬러 갈 때 기울기는 dc_(t-1) = dc_t ⊙ f가 됩니다. 그것을 여러 번 하면?",
}


def korean_vocab_size():
    """rnnlib.load_korean('all')의 어휘 수(글자 수)."""
    return len(load_korean("all")[1])


@exercise("5-5.5", hint=HINTS["5-5.5"])
def cell_update(answer):
    exercise_id = "5-5.5"
    if isinstance(answer, (str, bytes)) or not isinstance(answer, (tuple, list)) or len(answer) != 2:
        return wrong(exercise_id, f"답은 (c_t, h_t)처럼 수 두 개의 튜플이어야 합니다. 받은 답: {answer!r}")
    values = [as_number(a) for a in answer]
    if None in values:
        return wrong(exercise_id, f"c_t와 h_t는 모두 실수여야 합니다. 받은 답: {answer!r}")
    c_t, h_t = values
    c_prev, f, g, i, o = STEP_C_PREV, STEP_F, STEP_G, STEP_I, STEP_O
    c_expected = f * c_prev + g * i
    h_expected = o * math.tanh(c_expected)
    if close(c_t, c_expected) and close(h_t, h_expected):
        return correct(
            exercise_id,
            f"맞습니다. c_t = {f}×{c_prev} + ({g})×{i} = {c_expected:.2f}: 옛 기억 {f * c_prev:.1f}에서 "
            f"새 기억 {abs(g * i):.1f}만큼 빠졌습니다. h_t = {o}×tanh({c_expected:.2f}) ≈ {h_expected:.4f}입니다.",
        )
    if close(c_t, h_expected) and close(h_t, c_expected):
        return wrong(exercise_id, "두 수의 순서가 바뀌었습니다. (c_t, h_t) 순서로 적어 주세요.")
    if not close(c_t, c_expected):
        if close(c_t, f * c_prev + g):
            message = "c_t에서 g에 입력 게이트 i를 곱하지 않았습니다. 새 기억은 g·i만큼 들어갑니다."
        elif close(c_t, c_prev + g * i):
            message = "c_t에서 c_(t-1)에 망각 게이트 f를 곱하지 않았습니다."
        elif close(c_t, f * c_prev - g * i) or close(c_t, f * c_prev + abs(g) * i):
            message = f"g({g})는 음수입니다. 부호를 그대로 두고 g·i를 더해 보세요."
        else:
            message = f"c_t가 맞는 값이 아닙니다(받은 값 {c_t}). 식 c_t = f·c_(t-1) + g·i에 값을 차례로 넣어 보세요."
        return wrong(exercise_id, message)
    if close(h_t, o * c_expected):
        return wrong(exercise_id, "c_t는 맞습니다. h_t는 c_t에 바로 o를 곱하지 않고 tanh(c_t)에 곱합니다.")
    if close(h_t, math.tanh(c_expected)):
        return wrong(exercise_id, "c_t는 맞습니다. h_t에는 출력 게이트 o도 곱합니다.")
    if close(h_t, math.tanh(o * c_expected)):
        return wrong(exercise_id, "c_t는 맞습니다. o는 tanh의 안이 아니라 밖에서 곱합니다: h_t = o·tanh(c_t).")
    return wrong(
        exercise_id, f"c_t는 맞지만 h_t가 맞는 값이 아닙니다(받은 값 {h_t}). h_t = o·tanh(c_t)를 다시 계산해 보세요."
    )


@exercise("5-5.6", hint=HINTS["5-5.6"])
def lstm_param_count(answer):
    exercise_id = "5-5.6"
    D, H = PARAM_D, PARAM_H
    value = as_number(answer)
    if value is None or value != int(value):
        return wrong(exercise_id, f"답은 정수 하나여야 합니다(예: 12345). 받은 답: {answer!r}")
    count = int(value)
    expected = 4 * (D * H + H * H + H)
    if count == expected:
        return correct(
            exercise_id,
            f"맞습니다. Wx {D}×{4 * H} + Wh {H}×{4 * H} + b {4 * H} = {expected:,}. 같은 D, H인 RNN"
            f"({D * H + H * H + H:,}개)의 정확히 4배입니다: "
            "게이트 셋과 새 기억 후보 g가 저마다 아핀 변환을 갖습니다.",
        )
    if count == D * H + H * H + H:
        return wrong(
            exercise_id,
            f"RNN 계층의 매개변수 수({count:,})를 구했습니다. LSTM은 f, g, i, o 네 블록의 매개변수를 가집니다.",
        )
    if count == 4 * (D * H + H * H):
        return wrong(exercise_id, f"편향 b({4 * H}개)가 빠졌습니다.")
    if count == 3 * (D * H + H * H + H):
        return wrong(exercise_id, "게이트 셋만 세었습니다. 새 기억 후보 g도 같은 크기의 아핀 변환을 가집니다.")
    if count == 4 * (D * H + H * H + H) + H:
        return wrong(exercise_id, "기억 셀 c는 매개변수가 아니라 시각마다 계산되는 값이라 세지 않습니다.")
    if count == 4 * (2 * D * H + H):
        return wrong(exercise_id, f"Wh는 (D, 4H)가 아니라 (H, 4H)입니다. h_(t-1)은 H = {H}차원입니다.")
    return wrong(exercise_id, f"아닙니다(받은 답: {count:,}). 세 배열 Wx, Wh, b의 모양부터 적어 보세요.")


GATE_ALIASES = {
    "f": ("f", "forget", "forget gate", "망각", "망각 게이트", "망각게이트"),
    "i": ("i", "input", "input gate", "입력", "입력 게이트", "입력게이트"),
    "o": ("o", "output", "output gate", "출력", "출력 게이트", "출력게이트"),
    "g": ("g", "새 기억 후보", "후보"),
}


@exercise("5-5.7", hint=HINTS["5-5.7"])
def gate_to_forget(answer):
    exercise_id = "5-5.7"
    if not isinstance(answer, str):
        return wrong(exercise_id, f"답은 게이트 이름 하나의 문자열이어야 합니다(예: 'f'). 받은 답: {answer!r}")
    given = " ".join(answer.strip().lower().split())
    gate = next((key for key, names in GATE_ALIASES.items() if given in names), None)
    if gate == "f":
        return correct(
            exercise_id,
            "맞습니다. f = 0이면 f·c_(t-1)이 0이 되어 옛 기억이 지워지고, c_t에는 새로 들어온 g·i만 남습니다. "
            "f는 시각마다 x_t와 h_(t-1)로 새로 계산되므로, 언제 무엇을 잊을지도 LSTM이 데이터에서 배웁니다.",
        )
    if gate == "i":
        return wrong(
            exercise_id,
            "입력 게이트를 닫으면 새 정보 g가 들어오지 않을 뿐, 옛 기억 c_(t-1)은 f배가 되어 그대로 남습니다.",
        )
    if gate == "o":
        return wrong(
            exercise_id,
            "출력 게이트를 닫으면 h_t만 0이 됩니다. 기억 셀 c_t는 지워지지 않고 다음 시각으로 넘어갑니다.",
        )
    if gate == "g":
        return wrong(exercise_id, "g는 게이트가 아니라 기억 셀에 더할 새 내용의 후보입니다(tanh, −1 ~ 1).")
    return wrong(exercise_id, f"게이트 이름이 아닙니다(받은 답: {answer!r}). 'f', 'i', 'o' 가운데 하나로 답해 주세요.")


@exercise("5-5.8", hint=HINTS["5-5.8"])
def korean_uniform_perplexity(answer):
    exercise_id = "5-5.8"
    V = korean_vocab_size()
    value = as_number(answer)
    if value is None:
        return wrong(exercise_id, f"답은 실수 하나여야 합니다(예: 12.5). 받은 답: {answer!r}")
    if close(value, V):
        return correct(
            exercise_id,
            f"맞습니다. 모든 글자에 1/{V}을 주면 손실은 ln {V}, 퍼플렉서티는 exp(ln {V}) = {V}입니다. "
            f"다음 글자 후보 {V}개를 똑같이 망설이는 셈이고, 학습한 모델의 퍼플렉서티는 이것과 비교합니다.",
        )
    if close(value, math.log(V)):
        return wrong(exercise_id, f"손실 ln {V}({value:.4f})을 구했습니다. 퍼플렉서티는 그 exp입니다.")
    if close(value, 1 / V):
        return wrong(exercise_id, f"1/{V}은 한 글자의 확률입니다. 퍼플렉서티는 그 역수입니다.")
    if close(value, 10000):
        return wrong(exercise_id, "10000은 PTB의 어휘 수입니다. 한국어 말뭉치의 어휘는 글자(음절)입니다.")
    if value > 10 * V:
        return wrong(
            exercise_id,
            f"답({value:g})이 어휘보다 훨씬 큽니다. 말뭉치의 글자 수가 아니라 서로 다른 글자의 수를 세어 보세요.",
        )
    return wrong(exercise_id, f"아닙니다(받은 답: {value:g}). rnnlib.load_korean('all')의 어휘 수를 세어 보세요.")


@exercise("5-5.9", hint=HINTS["5-5.9"])
def cell_path_gradient(answer):
    exercise_id = "5-5.9"
    steps, f = FLOW_STEPS, FLOW_F
    value = as_number(answer)
    if value is None:
        return wrong(exercise_id, f"답은 실수 하나여야 합니다(예: 0.5). 받은 답: {answer!r}")
    expected = f**steps
    if close(value, expected):
        return correct(
            exercise_id,
            f"맞습니다. 시각마다 f = {f}를 곱하므로 {f}^{steps} ≈ {expected:.4f}: {steps}시각을 거슬러 가도 "
            f"기울기의 {expected:.0%}가 남습니다. f = 0.5였다면 0.5^{steps} ≈ {0.5**steps:.0e}, "
            "곧 거의 0으로 사라집니다.",
        )
    if close(value, f * steps):
        return wrong(exercise_id, f"{f}×{steps}는 f를 {steps}번 더한 것입니다. 시각마다 곱해지므로 거듭제곱입니다.")
    if close(value, f ** (steps - 1)) or close(value, f ** (steps + 1)):
        return wrong(exercise_id, f"곱하는 횟수를 다시 세어 보세요. 한 시각에 한 번, 모두 {steps}번입니다.")
    if close(value, 1 - expected):
        return wrong(exercise_id, f"사라진 몫({value:.4f})을 구했습니다. 남은 크기를 물었습니다.")
    if close(value, (1 - f) ** steps):
        return wrong(exercise_id, f"기울기에 곱해지는 것은 f = {f} 자체이지 1 − f가 아닙니다.")
    return wrong(exercise_id, f"아닙니다(받은 답: {value:g}). 한 시각에 f를 한 번 곱한다는 점에서 출발해 보세요.")
