"""5.1 확률과 언어 모델의 연습문제 채점 함수.

5-1.1 바이그램 모델로 문장의 확률, 5-1.2 교차 엔트로피 오차, 5-1.3 단서가 들어오는 가장 작은 창,
5-1.4 이어 붙이기 모델의 가중치 수, 5-1.5 새 말뭉치의 조건부 확률 한 행.
"""

import math

import numpy as np

from ..data import preprocess
from ..validation import is_int
from ..viz.ngram import bigram_counts, conditional_probs
from . import as_number, close, correct, exercise, wrong

EXERCISE_5_1_3_SENTENCE = (
    "Minseo lent her blue umbrella to Taeyang on Monday , and on Friday Taeyang gave the umbrella back to Minseo"
)
EXERCISE_5_1_5_TEXT = "The cat sat on the mat."


def _type_error(exercise_id, answer, expected):
    return wrong(
        exercise_id,
        f"답은 {expected}이어야 하는데 {type(answer).__name__} {answer!r}을(를) 받았습니다.",
        "따옴표로 감싼 문자열이나 리스트가 아니라 계산한 값 자체를 answer에 넣으세요.",
    )


@exercise("5-1.1", hint="첫 단어의 확률은 unigram에서, 나머지 인수는 probs 표에서 찾아 모두 곱합니다.")
def sentence_probability(answer):
    value = as_number(answer)
    if value is None:
        return _type_error("5-1.1", answer, "확률 하나(float)")
    if close(value, 1 / 16, rel=1e-4):
        return correct(
            "5-1.1",
            "맞습니다. P(i) = 1/8에 P(say | i) = 1, P(hello | say) = 0.5, P(. | hello) = 1을 곱하면 "
            "1/16 = 0.0625입니다.",
        )
    if not 0 <= value <= 1:
        return wrong("5-1.1", f"확률은 0과 1 사이인데 답은 {value}입니다.", "확률을 곱하면 0 ~ 1 사이에 머뭅니다.")
    if close(value, 0.5, rel=1e-4):
        return wrong(
            "5-1.1",
            "조건부 확률 세 개의 곱(0.5)만 구했습니다. 첫 단어 i의 확률이 빠졌습니다.",
            "첫 단어에는 앞 단어가 없으므로 단어 빈도 unigram[word_to_id['i']] = 1/8을 씁니다.",
        )
    if close(value, 1 / 8, rel=1e-4):
        return wrong(
            "5-1.1",
            "P(i) = 1/8까지는 맞는데 say 뒤의 갈림길(hello와 goodbye가 반반)이 빠졌습니다.",
            "P(hello | say)는 probs[say, hello] = 0.5입니다.",
        )
    return wrong(
        "5-1.1", f"{value:.4g}은(는) 이 문장의 확률이 아닙니다.", "인수 네 개를 하나씩 표에서 찾아 곱해 보세요."
    )


@exercise("5-1.2", hint="6절의 손실 식 L을 다시 보세요. 로그는 밑이 e인 자연로그(np.log)입니다.")
def cross_entropy_of_one_sample(answer):
    value = as_number(answer)
    if value is None:
        return _type_error("5-1.2", answer, "실수 하나(float)")
    expected = -math.log(0.25)
    if close(value, expected, rel=1e-4):
        return correct(
            "5-1.2", f"맞습니다. -log 0.25 = log 4 ≈ {expected:.4f}입니다. 확률이 1이면 0이고, 작을수록 커집니다."
        )
    if close(value, -expected, rel=1e-4):
        return wrong(
            "5-1.2", "부호가 반대입니다. log 0.25는 음수이므로 앞에 -를 붙여 양수로 만듭니다.", "손실은 0 이상입니다."
        )
    if close(value, -math.log10(0.25), rel=1e-4) or close(value, -math.log2(0.25), rel=1e-4):
        return wrong(
            "5-1.2",
            "밑이 다른 로그를 썼습니다. 교차 엔트로피 오차는 자연로그(np.log)로 계산합니다.",
            "np.log10이나 np.log2가 아니라 np.log를 쓰세요.",
        )
    if close(value, 0.75, rel=1e-4):
        return wrong("5-1.2", "1 - p는 손실이 아닙니다. 확률에 로그를 씌워야 합니다.", "-np.log(0.25)를 계산해 보세요.")
    return wrong("5-1.2", f"{value:.4g}은(는) -log 0.25와 다릅니다.", "-np.log(0.25)를 계산해 보세요.")


@exercise("5-1.3", hint="타깃은 마지막 단어 Minseo이고 단서는 맨 앞의 Minseo입니다. 두 위치의 차이를 세어 보세요.")
def smallest_window(answer):
    if not is_int(answer):
        return _type_error("5-1.3", answer, "정수 하나(창 크기)")
    tokens = EXERCISE_5_1_3_SENTENCE.split()
    distance = len(tokens) - 1 - tokens.index(tokens[-1])
    value = int(answer)
    if value == distance:
        other = len(tokens) - 1 - max(k for k, word in enumerate(tokens) if word == "Taeyang")
        return correct(
            "5-1.3",
            f"맞습니다. 단서는 타깃보다 {distance}단어 앞에 있어 창이 {distance} 이상이어야 보입니다. "
            f"다른 이름 Taeyang은 창이 {other}만 되어도 보이니, 작은 창은 틀린 이름을 고르기 쉽습니다.",
        )
    if value == distance + 1:
        return wrong(
            "5-1.3",
            f"{value}은(는) 한 칸 많습니다. 창에는 타깃 자신이 들어가지 않습니다.",
            "창은 타깃 왼쪽의 단어만 셉니다.",
        )
    if value == distance - 1:
        return wrong(
            "5-1.3",
            f"창이 {value}이면 단서 바로 뒤 단어까지만 보입니다. 한 칸 모자랍니다.",
            "단서 자신도 창 안에 들어야 합니다.",
        )
    if value < distance:
        return wrong(
            "5-1.3", f"창 {value}(으)로는 단서 Minseo가 창 밖에 있습니다.", "타깃의 위치에서 단서의 위치를 빼 보세요."
        )
    return wrong(
        "5-1.3",
        f"창이 {value}이면 단서가 보이지만 가장 작은 크기는 아닙니다.",
        "타깃의 위치에서 단서의 위치를 빼 보세요.",
    )


@exercise("5-1.4", hint="7절 한계 3의 식에서 가중치 행렬 W의 모양을 보세요. 원소 수는 행 수 × 열 수입니다.")
def concat_weights(answer):
    if not is_int(answer):
        return _type_error("5-1.4", answer, "정수 하나(가중치 수)")
    D, H, window = 50, 200, 8
    value = int(answer)
    if value == window * D * H:
        return correct(
            "5-1.4",
            f"맞습니다. ({window}·{D}) × {H} = {window * D * H:,}개입니다. 합 위에 (D, H) 행렬을 얹으면 {D * H:,}개, "
            f"RNN은 {D * H + H * H:,}개로 창과 상관없습니다.",
        )
    if value == D * H:
        return wrong(
            "5-1.4",
            f"{value:,}은(는) 벡터를 더할 때(합 위에 (D, H) 행렬을 얹은 모델)의 수입니다.",
            "이어 붙이면 입력의 길이가 τ배가 됩니다.",
        )
    if value == D * H + H * H:
        return wrong("5-1.4", f"{value:,}은(는) RNN의 Wx와 Wh를 합친 수입니다.", "이어 붙이기 모델에는 Wh가 없습니다.")
    if value == window * D:
        return wrong(
            "5-1.4", f"{value:,}은(는) 이어 붙인 입력 벡터의 길이입니다.", "행렬의 원소 수는 행 수 × 열 수입니다."
        )
    return wrong(
        "5-1.4",
        f"{value:,}은(는) ({window}·{D}) × {H}의 값과 다릅니다.",
        "np.zeros((window * D, H)).size로 세어 보세요.",
    )


@exercise("5-1.5", hint="preprocess로 ID를 얻고 bigram_counts, conditional_probs로 표를 만든 뒤 the의 행을 꺼내세요.")
def row_after_the(answer):
    corpus, word_to_id, _ = preprocess(EXERCISE_5_1_5_TEXT)
    counts = bigram_counts(corpus)
    expected = conditional_probs(counts)[word_to_id["the"]]
    if not isinstance(answer, (np.ndarray, list, tuple)):
        return _type_error("5-1.5", answer, f"길이가 {len(expected)}인 NumPy 배열")
    try:
        value = np.asarray(answer, dtype=np.float64)
    except (TypeError, ValueError):
        return wrong(
            "5-1.5", "답을 수의 배열로 바꿀 수 없습니다.", "probs[word_to_id['the']]처럼 수가 든 배열을 넣으세요."
        )
    if value.shape != expected.shape:
        return wrong(
            "5-1.5",
            f"모양이 {value.shape}인데 어휘가 {len(expected)}개이므로 ({len(expected)},)이어야 합니다.",
            "표 전체가 아니라 the의 행 하나만 꺼내세요.",
        )
    if np.allclose(value, expected):
        return correct(
            "5-1.5",
            "맞습니다. the 뒤에는 cat과 mat이 한 번씩 나왔으므로 둘 다 0.5, 나머지는 0입니다. "
            "대문자 The도 preprocess가 소문자로 바꾸어 같은 단어로 셉니다.",
        )
    if np.allclose(value, counts[word_to_id["the"]]):
        return wrong(
            "5-1.5",
            "횟수를 그대로 적었습니다. 확률이 되려면 행의 합으로 나누어야 합니다.",
            "conditional_probs를 쓰세요.",
        )
    if not np.isclose(value.sum(), 1):
        return wrong(
            "5-1.5",
            f"합이 {value.sum():.3g}입니다. 다음 단어의 확률 분포이므로 합이 1이어야 합니다.",
            "행을 합으로 나누세요.",
        )
    return wrong(
        "5-1.5",
        "합은 1이지만 값이 다릅니다. 열의 순서는 단어 ID 순서입니다.",
        "word_to_id를 출력해 ID를 확인해 보세요.",
    )
