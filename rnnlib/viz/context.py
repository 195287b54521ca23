"""맥락 창 탐색기 뒤의 순수 함수: 왼쪽 맥락만 보는 고정 창 (CBOW 식) 언어 모델이 타깃을 예측할 때 보는 단어.

단서 (정답 단어가 앞에서 나온 자리) 가 타깃에서 distance 단어 앞에 있으면, 창 크기 window 가
distance 이상일 때만 단서가 창 안에 들어온다. RNN 은 은닉 상태가 왼쪽 맥락 전체를 차례로 읽는다.
가중치 수는 입력 → 은닉 행렬만 센다 (편향은 뺀다). 기호: D 단어 벡터 차원, H 은닉 차원.

창이 왼쪽 맥락보다 크면 오류 대신 모자라는 칸을 문장 앞 패딩 (<s>) 으로 채운다고 보고,
그 사실을 note 로 알린다 (고정 창 모델은 실제로 그렇게 한다). 창이 0 이하이면 ValueError.
"""

from dataclasses import dataclass

import numpy as np

from ..validation import check_positive_int, describe, is_int

# 정답 (Jiho) 이 타깃보다 18 단어 앞에 처음 나오고, 그 사이에 다른 이름 (Nari) 이 끼어 있다.
EXAMPLE_SENTENCE = "Jiho opened the kitchen window . His sister Nari came in with a letter and handed it to Jiho"
PAD = "<s>"
ORDER_DIM = 3  # 순서 예시에 쓰는 단어 벡터의 차원 (읽기 쉽게 작은 정수)


@dataclass(frozen=True)
class ContextView:
    """타깃 tokens[target_index] 를 왼쪽 창 window 개 단어로 예측할 때 보이는 것.

    seen: 창 안에 든 단어의 위치 (문장 안의 것만, 왼쪽부터), padding: 문장 앞이라 패딩으로 채운 칸 수.
    clue_index: 정답 단어가 타깃 앞에 마지막으로 나온 위치 (없으면 None).
    order_words / order_vectors: 단어의 합이 순서를 모른다는 예시 (정수 단어 벡터).
    """

    tokens: tuple
    target_index: int
    window: int
    seen: tuple
    padding: int
    clue_index: int
    D: int
    H: int
    order_words: tuple
    order_vectors: dict

    @property
    def answer(self):
        return self.tokens[self.target_index]

    @property
    def available(self):
        """타깃 왼쪽에 있는 단어 수 (볼 수 있는 맥락의 최대)."""
        return self.target_index

    @property
    def distance(self):
        """단서가 타깃보다 몇 단어 앞에 있는가 (단서가 없으면 None)."""
        return None if self.clue_index is None else self.target_index - self.clue_index

    @property
    def clue_visible(self):
        return self.clue_index is not None and self.clue_index in self.seen

    @property
    def note(self):
        """창이 왼쪽 맥락보다 클 때의 안내 (아니면 빈 문자열)."""
        if not self.padding:
            return ""
        return (
            f"창 크기 {self.window}이(가) 타깃 왼쪽의 단어 수 {self.available}보다 커서, 모자라는 "
            f"{self.padding}칸은 문장 앞 패딩 {PAD}로 채웁니다. 실제로 보는 단어는 {len(self.seen)}개입니다."
        )

    @property
    def verdict(self):
        """(종류, 문장): 종류는 'none' (단서 없음), 'inside' (창 안), 'outside' (창 밖)."""
        if self.clue_index is None:
            return "none", "정답 단어가 타깃 앞에 나오지 않아 단서가 없습니다."
        clue = self.tokens[self.clue_index]
        if self.clue_visible:
            return (
                "inside",
                f"단서 '{clue}'({self.distance}단어 앞)이(가) 창 안에 있습니다. 이 모델도 정답의 근거를 봅니다.",
            )
        return "outside", (
            f"단서 '{clue}'은(는) {self.distance}단어 앞에 있는데 창은 {self.window}단어뿐이라 보이지 않습니다. "
            f"창을 {self.distance} 이상으로 늘려 보세요."
        )

    @property
    def weights_sum(self):
        """맥락 벡터를 더한 뒤 (D, H) 행렬을 얹을 때: (D, H). 창 크기와 상관없다 (합만 쓰는 CBOW 는 이 행렬이 없다)."""
        return self.D * self.H

    @property
    def weights_concat(self):
        """맥락 벡터를 이어 붙일 때: (window*D, H). 창에 비례해 커진다."""
        return self.window * self.D * self.H

    @property
    def weights_rnn(self):
        """RNN: Wx (D, H) + Wh (H, H). 맥락 길이와 상관없다."""
        return self.D * self.H + self.H * self.H

    def order_sum(self, words):
        return np.sum([self.order_vectors[w] for w in words], axis=0)

    def order_concat(self, words):
        return np.concatenate([self.order_vectors[w] for w in words])


def _check_int(name, value):
    if not is_int(value):
        raise TypeError(f"`{name}`은(는) 정수여야 하는데 {describe(value)}을(를) 받았습니다.")
    return int(value)


def tokenize(sentence):
    """문장 (공백으로 나눈 글, 또는 단어 목록)을 단어 튜플로."""
    tokens = tuple(sentence.split()) if isinstance(sentence, str) else tuple(sentence)
    if len(tokens) < 2 or not all(isinstance(t, str) and t for t in tokens):
        raise ValueError(f"문장은 단어가 2개 이상이어야 하는데 {describe(sentence)}입니다.")
    return tokens


def context_view(window=2, sentence=EXAMPLE_SENTENCE, target_index=None, D=100, H=100, clue_index=None):
    """sentence 의 target_index 번째 단어 (기본: 마지막) 를 왼쪽 window 개 단어로 예측할 때의 모습.

    clue_index 를 주지 않으면 타깃 단어가 앞에 마지막으로 나온 자리를 단서로 본다.
    """
    tokens = tokenize(sentence)
    target_index = len(tokens) - 1 if target_index is None else _check_int("target_index", target_index)
    if not 1 <= target_index < len(tokens):
        raise ValueError(
            f"`target_index`는 1 ~ {len(tokens) - 1}이어야 하는데 {target_index}입니다 "
            "(타깃 왼쪽에 단어가 하나는 있어야 합니다)."
        )
    window = _check_int("window", window)
    if window <= 0:
        raise ValueError(f"창 크기 `window`는 1 이상이어야 하는데 {window}입니다. 타깃 바로 앞 단어라도 보아야 합니다.")
    D, H = check_positive_int("D", D), check_positive_int("H", H)
    if clue_index is None:
        earlier = [k for k in range(target_index) if tokens[k] == tokens[target_index]]
        clue_index = earlier[-1] if earlier else None
    elif not 0 <= _check_int("clue_index", clue_index) < target_index:
        raise ValueError(f"`clue_index`는 0 ~ {target_index - 1}이어야 하는데 {clue_index}입니다.")
    seen = tuple(range(max(0, target_index - window), target_index))
    order_words = tuple(tokens[k] for k in range(max(0, target_index - max(2, min(window, 3))), target_index))
    vocab = sorted(set(tokens))
    table = np.random.default_rng(0).integers(-3, 4, size=(len(vocab), ORDER_DIM))
    vectors = {word: table[vocab.index(word)] for word in order_words}
    padding = max(0, window - target_index)
    return ContextView(tokens, target_index, window, seen, padding, clue_index, D, H, order_words, vectors)
