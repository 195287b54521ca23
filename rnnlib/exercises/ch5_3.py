"""5.3 RNN 구현의 연습문제 채점 함수 (5-3.1 ~ 5-3.5).

5-3.1 매개변수 수, 5-3.2 기울기의 모양, 5-3.3 RNN 한 시각의 역전파를 함수로 구현 (무작위 입력에서
rnnlib.RNN과 비교), 5-3.4 stateful이 바꾸는 것 (객관식), 5-3.5 양방향 RNN의 출력 모양과 매개변수 수.
"""

import numpy as np

from ..layers import RNN
from ..validation import is_int
from . import correct, exercise, wrong


def _as_shape(value):
    """(정수, ...) 튜플이나 리스트면 튜플로, 아니면 None."""
    if isinstance(value, (tuple, list)) and all(is_int(n) for n in value):
        return tuple(int(n) for n in value)
    return None


def _type_name(value):
    return type(value).__name__


# ---------------------------------------------------------------- 5-3.1 매개변수 수


@exercise("5-3.1", hint="Wx(D, H), Wh(H, H), b(H,)의 원소 수를 각각 세어 더해 보세요.")
def parameter_count(answer):
    eid, D, H = "5-3.1", 50, 20
    if not is_int(answer):
        return wrong(eid, f"답은 정수(int) 하나여야 하는데 {_type_name(answer)}을(를) 받았습니다.", "예: answer = 123")
    expected = D * H + H * H + H
    if answer == expected:
        return correct(eid, f"맞습니다. Wx {D}×{H} + Wh {H}×{H} + b {H} = {expected}개입니다.")
    mistakes = {
        D * H + H * H: "편향 b(H,)의 H개를 빠뜨렸습니다.",
        D * H + H: "순환 가중치 Wh(H, H)를 빠뜨렸습니다. 은닉 상태에서 은닉 상태로 가는 가중치도 학습합니다.",
        D * H: "Wx만 세었습니다. Wh와 b도 계층의 매개변수입니다.",
        2 * expected: "양방향 RNN의 수입니다. 이 문제는 한 방향 계층 하나입니다.",
    }
    message = mistakes.get(int(answer), f"{answer}은(는) 아닙니다.")
    return wrong(eid, message, "units × (units + input_dim + 1)로 검산할 수 있습니다.")


# ---------------------------------------------------------------- 5-3.2 기울기의 모양


@exercise(
    "5-3.2",
    hint="매개변수의 기울기는 그 매개변수와 모양이 같고, dh는 시작 상태(첫 시각이 이어받은 은닉 상태)의 기울기입니다.",
)
def gradient_shapes(answer):
    eid = "5-3.2"
    N, T, D, H = 8, 5, 16, 32
    names = ("dWx", "dWh", "dh")
    if not isinstance(answer, (tuple, list)) or len(answer) != 3:
        return wrong(
            eid,
            f"답은 모양 세 개를 담은 튜플 (dWx의 모양, dWh의 모양, dh의 모양)이어야 하는데 "
            f"{_type_name(answer)}을(를) 받았습니다.",
            "예: answer = ((1, 2), (3, 4), (5, 6))",
        )
    shapes = [_as_shape(item) for item in answer]
    for name, item, shape in zip(names, answer, shapes):
        if shape is None:
            return wrong(eid, f"{name}의 모양은 정수의 튜플이어야 하는데 {item!r}을(를) 받았습니다.", "예: (3, 4)")
    expected = {"dWx": (D, H), "dWh": (H, H), "dh": (N, H)}
    notes = {
        ("dWx", (H, D)): "dWx의 축 순서가 뒤바뀌었습니다. dWx = xᵀ dt는 (D, N) @ (N, H)입니다.",
        ("dWx", (N, T, D)): "(N, T, D)는 입력의 기울기 dxs의 모양입니다. dWx는 Wx와 같은 모양입니다.",
        ("dWh", (N, H)): "(N, H)는 은닉 상태의 기울기입니다. dWh는 Wh와 같은 모양입니다.",
        ("dh", (N, T, H)): "dh는 T개 시각 전체가 아니라 첫 시각이 이어받은 시작 상태 하나의 기울기입니다.",
        ("dh", (H, H)): "(H, H)는 dWh의 모양입니다. dh는 배치의 은닉 상태 하나(N행)의 기울기입니다.",
    }
    problems = [
        notes.get((name, shape), f"{name}의 모양은 {shape}이(가) 아닙니다.")
        for name, shape in zip(names, shapes)
        if shape != expected[name]
    ]
    if not problems:
        return correct(
            eid,
            f"맞습니다. 매개변수의 기울기는 매개변수와 모양이 같고(dWx {(D, H)}, dWh {(H, H)}), "
            f"dh는 시작 상태 (N, H) = {(N, H)}의 기울기입니다. N과 T는 더해져 사라집니다.",
        )
    return wrong(eid, " ".join(problems), "N=8, T=5, D=16, H=32를 기호로 쓴 모양에 넣어 보세요.")


# ---------------------------------------------------------------- 5-3.3 역전파 구현

BACKWARD_NAMES = ("dx", "dh_prev", "dWx", "dWh", "db")
BACKWARD_HINTS = {
    "dx": "dx = dt @ Wx.T (N, D)입니다.",
    "dh_prev": "dh_prev = dt @ Wh.T (N, H)입니다.",
    "dWx": "dWx = x.T @ dt (D, H)입니다.",
    "dWh": "dWh = h_prev.T @ dt (H, H)입니다.",
    "db": "db는 dt를 배치 축으로 더한 것, dt.sum(axis=0) (H,)입니다.",
}


def _backward_case(rng, N, D, H):
    """무작위 입력 하나와 rnnlib.RNN이 낸 정답 기울기."""
    Wx, Wh, b = rng.standard_normal((D, H)), rng.standard_normal((H, H)) * 0.5, rng.standard_normal(H)
    x, h_prev, dh_next = rng.standard_normal((N, D)), rng.standard_normal((N, H)), rng.standard_normal((N, H))
    layer = RNN(Wx, Wh, b)
    h_next = layer.forward(x, h_prev)
    dx, dh_prev = layer.backward(dh_next)
    dWx, dWh, db = (g.copy() for g in layer.grads)
    inputs = dict(x=x, h_prev=h_prev, h_next=h_next, dh_next=dh_next, Wx=Wx, Wh=Wh)
    return inputs, dict(dx=dx, dh_prev=dh_prev, dWx=dWx, dWh=dWh, db=db)


@exercise("5-3.3", hint="먼저 dt = dh_next * (1 - h_next ** 2)를 구하고, 나머지 다섯 기울기를 모두 dt로 계산합니다.")
def rnn_backward_function(answer):
    eid = "5-3.3"
    if not callable(answer):
        return wrong(
            eid,
            f"답은 함수여야 하는데 {_type_name(answer)}을(를) 받았습니다. 괄호 없이 함수 이름을 넣으세요.",
            "예: answer = rnn_backward",
        )
    rng = np.random.default_rng(53)
    for N, D, H in ((2, 3, 4), (5, 2, 3), (1, 4, 1)):
        inputs, expected = _backward_case(rng, N, D, H)
        copies = {name: value.copy() for name, value in inputs.items()}
        try:
            result = answer(**copies)
        except Exception as error:  # 학생의 코드가 어떤 오류를 내든 채점 메시지로 바꾼다
            return wrong(
                eid,
                f"N={N}, D={D}, H={H}인 입력에서 함수가 오류를 냈습니다: {type(error).__name__}: {error}",
                "인자 이름은 x, h_prev, h_next, dh_next, Wx, Wh입니다.",
            )
        if not isinstance(result, (tuple, list)) or len(result) != 5:
            return wrong(
                eid,
                f"함수는 (dx, dh_prev, dWx, dWh, db) 다섯 개를 돌려주어야 하는데 {_type_name(result)}을(를) "
                "돌려주었습니다.",
                "마지막 줄을 return dx, dh_prev, dWx, dWh, db로 쓰세요.",
            )
        if any(not np.array_equal(copies[name], inputs[name]) for name in inputs):
            return wrong(
                eid,
                "함수가 받은 입력 배열을 고쳤습니다. 역전파는 입력을 바꾸지 않아야 합니다.",
                "제자리 연산(+=) 대신 새 배열을 만드세요.",
            )
        problems = {}  # 이름 -> 무엇이 틀렸는지
        for name, got in zip(BACKWARD_NAMES, result):
            got, want = np.asarray(got), expected[name]
            if got.shape != want.shape:
                problems[name] = f"{name}의 모양이 {got.shape}입니다. 올바른 모양은 {want.shape}입니다."
            elif not np.allclose(got, want, rtol=1e-6, atol=1e-9):
                problems[name] = f"{name}의 값이 다릅니다."
        if len(problems) == 5:
            return wrong(
                eid,
                "다섯 기울기가 모두 rnnlib.RNN과 다릅니다. 모두가 쓰는 dt부터 확인해 보세요.",
                "tanh의 미분은 1 - tanh²입니다: dt = dh_next * (1 - h_next ** 2).",
            )
        if problems:
            first = next(iter(problems))
            return wrong(eid, f"(N={N}, D={D}, H={H}인 입력) " + " ".join(problems.values()), BACKWARD_HINTS[first])
    return correct(eid, "맞습니다. 무작위 입력 세 가지에서 다섯 기울기가 모두 rnnlib.RNN의 backward와 같습니다.")


# ---------------------------------------------------------------- 5-3.4 stateful


STATEFUL_CHOICES = {
    "a": "stateful=True이면 두 번째 forward는 0이 아니라 앞 forward의 마지막 은닉 상태에서 시작합니다. "
    "0에서 시작하는 것은 stateful=False이거나 reset_state()를 부른 뒤입니다.",
    "b": "맞습니다. 두 번째 forward는 self.h(= 첫 번째 호출의 hs[:, -1])에서 시작하므로, 두 번 나눠 부른 결과를 "
    "이어 붙이면 한 번에 부른 결과와 같습니다.",
    "c": "stateful은 순전파의 상태만 이어 줍니다. 역전파는 forward 한 번의 블록 안에서 끝납니다(잘린 BPTT). "
    "블록을 넘는 기울기는 self.dh에 남을 뿐 앞 블록으로 흘러가지 않습니다.",
    "d": "매개변수는 forward가 바꾸지 않습니다. stateful이 이어 주는 것은 매개변수가 아니라 은닉 상태 h입니다.",
}


@exercise(
    "5-3.4",
    hint="stateful=True인 TimeRNN이 forward 끝에 self.h에 무엇을 남기고, "
    "다음 forward가 그것을 어떻게 쓰는지 떠올려 보세요.",
)
def stateful_choice(answer):
    eid = "5-3.4"
    if not isinstance(answer, str):
        return wrong(
            eid,
            f"답은 'a', 'b', 'c', 'd' 중 하나의 문자열이어야 하는데 {_type_name(answer)}을(를) 받았습니다.",
            "예: answer = 'a'",
        )
    choice = answer.strip().strip("()").strip().lower()
    if choice not in STATEFUL_CHOICES:
        return wrong(eid, f"{answer!r}은(는) 보기에 없습니다. 'a', 'b', 'c', 'd' 중 하나를 고르세요.", hint="")
    if choice == "b":
        return correct(eid, STATEFUL_CHOICES["b"])
    return wrong(eid, STATEFUL_CHOICES[choice], hint="")


# ---------------------------------------------------------------- 5-3.5 양방향 RNN


@exercise(
    "5-3.5",
    hint="return_sequences=False이면 시각 축이 없어지고, 양방향은 두 방향의 은닉 상태를 이어 붙여 2·units가 됩니다.",
)
def bidirectional_shape_and_count(answer):
    eid = "5-3.5"
    N, T, D, H = 32, 20, 100, 64
    if not isinstance(answer, (tuple, list)) or len(answer) != 2:
        return wrong(
            eid,
            f"답은 (출력 모양, 매개변수 수) 두 개를 담은 튜플이어야 하는데 {_type_name(answer)}을(를) 받았습니다.",
            "예: answer = ((1, 2), 345)",
        )
    shape, count = _as_shape(answer[0]), answer[1]
    if shape is None:
        return wrong(eid, f"출력 모양은 정수의 튜플이어야 하는데 {answer[0]!r}을(를) 받았습니다.", "예: (1, 2)")
    if not is_int(count):
        return wrong(eid, f"매개변수 수는 정수여야 하는데 {_type_name(count)}을(를) 받았습니다.", hint="")
    per_direction = H * (H + D + 1)
    problems = []
    if shape != (N, 2 * H):
        notes = {
            (N, T, 2 * H): "return_sequences=False이므로 모든 시각이 아니라 끝 상태만 나옵니다. 시각 축이 없습니다.",
            (N, H): "두 방향의 끝 상태를 이어 붙이므로 마지막 축은 units가 아니라 2·units입니다.",
            (N, T, H): "return_sequences=False이고 양방향이므로 시각 축은 없고 마지막 축은 2·units입니다.",
        }
        problems.append(notes.get(shape, f"출력 모양은 {shape}이(가) 아닙니다."))
    if count != 2 * per_direction:
        notes = {
            per_direction: "한 방향의 수입니다. 역방향 RNN은 자기 매개변수를 따로 가지므로 두 배가 됩니다.",
            2 * H * (H + D): "편향을 빠뜨렸습니다. 방향마다 units개입니다.",
            2 * H * (D + 1): "순환 가중치 Wh(units × units)를 빠뜨렸습니다.",
        }
        problems.append(notes.get(int(count), f"매개변수 수는 {count}이(가) 아닙니다."))
    if problems:
        return wrong(eid, " ".join(problems), "한 방향의 매개변수 수는 units × (units + input_dim + 1)입니다.")
    return correct(
        eid,
        f"맞습니다. 출력은 정방향과 역방향의 끝 상태를 이어 붙인 {(N, 2 * H)}, "
        f"매개변수는 방향마다 {per_direction:,}개씩, 모두 {2 * per_direction:,}개입니다.",
    )
