"""세어서 만드는 언어 모델 (n-gram) 의 순수 함수: 단어 쌍을 세고, 조건부 확률 표를 만들고, 문장의 확률을 곱한다.

5.1 노트북이 예제 말뭉치로 P(w_t | w_{t-1}) 를 직접 계산하고, 맥락이 길어질수록 처음 보는 조합이
얼마나 많아지는지 PTB 로 재는 데 쓴다. 기호: V 어휘 수, M 말뭉치 길이.
"""

import numbers

import numpy as np

from ..validation import check_positive_int, describe


def _check_ids(name, ids, vocab_size=None):
    """단어 ID의 정수 배열 (L,)로 바꾸고 범위를 확인한다."""
    ids = np.asarray(ids)
    if ids.ndim != 1 or not np.issubdtype(ids.dtype, np.integer):
        raise TypeError(f"`{name}`은(는) 단어 ID의 정수 1차원 배열이어야 하는데 {describe(ids)}입니다.")
    if ids.size and ids.min() < 0:
        raise ValueError(f"`{name}`에 음수 ID {ids.min()}이(가) 있습니다. 단어 ID는 0 이상입니다.")
    if ids.size and vocab_size is not None and ids.max() >= vocab_size:
        raise ValueError(f"`{name}`의 ID는 0 ~ {vocab_size - 1}이어야 하는데 {ids.max()}이(가) 있습니다.")
    return ids.astype(np.int64)


def bigram_counts(corpus, vocab_size=None):
    """counts[i, j] = 말뭉치에서 단어 i 바로 다음에 단어 j가 나온 횟수. (V, V) 정수 배열."""
    corpus = _check_ids("corpus", corpus)
    V = int(corpus.max()) + 1 if vocab_size is None else check_positive_int("vocab_size", vocab_size)
    corpus = _check_ids("corpus", corpus, V)
    counts = np.bincount(corpus[:-1] * V + corpus[1:], minlength=V * V)  # (V*V,)
    return counts.reshape(V, V)


def conditional_probs(counts):
    """각 행을 그 행의 합으로 나눈 P(다음 | 앞) 표 (V, V).

    뒤에 아무 단어도 나온 적 없는 앞 단어 (예: 말뭉치의 마지막 단어) 의 행은 모두 0 으로 둔다.
    """
    counts = np.asarray(counts, dtype=np.float64)
    if counts.ndim != 2 or counts.shape[0] != counts.shape[1] or (counts < 0).any():
        raise ValueError(f"`counts`는 음수가 없는 정사각 행렬이어야 하는데 {describe(counts)}입니다.")
    totals = counts.sum(axis=1, keepdims=True)  # (V, 1)
    return np.divide(counts, totals, out=np.zeros_like(counts), where=totals > 0)


def sentence_factors(ids, probs, first_probs):
    """문장 ids의 확률을 이루는 인수들: [P(w_1), P(w_2 | w_1), ..., P(w_m | w_{m-1})]. 곱하면 문장의 확률."""
    probs = np.asarray(probs)
    ids = _check_ids("ids", ids, probs.shape[0])
    if ids.size == 0:
        raise ValueError("`ids`에 단어가 하나도 없습니다.")
    return np.concatenate([[first_probs[ids[0]]], probs[ids[:-1], ids[1:]]])


def sample_sentence(probs, start, end, rng, max_len=20):
    """start에서 시작해 P(다음 | 앞)에서 한 단어씩 뽑아 end가 나오거나 max_len 단어가 될 때까지 이은 ID 목록."""
    if not isinstance(start, numbers.Integral) or not isinstance(end, numbers.Integral):
        raise TypeError(f"`start`, `end`는 단어 ID (정수)여야 하는데 {start!r}, {end!r}입니다.")
    ids = [int(start)]
    while ids[-1] != end and len(ids) < max_len:
        row = probs[ids[-1]]
        if row.sum() == 0:  # 뒤에 올 단어를 본 적이 없으면 멈춘다
            break
        ids.append(int(rng.choice(len(row), p=row)))
    return ids


def ngram_codes(corpus, n, vocab_size):
    """연속한 n 단어마다 정수 하나 (V 진법의 n 자리 수). (L - n + 1,) int64."""
    corpus = _check_ids("corpus", corpus, vocab_size)
    n = check_positive_int("n", n)
    if float(vocab_size) ** n >= 2**63:
        raise ValueError(f"V^n = {vocab_size}^{n}이 int64에 들어가지 않습니다. n을 줄여 주세요.")
    k = len(corpus) - n + 1
    codes = np.zeros(max(k, 0), dtype=np.int64)
    for j in range(n):
        codes = codes * vocab_size + corpus[j : j + k]
    return codes


def unseen_rate(train, test, n, vocab_size):
    """test의 n 단어 조합 가운데 train에 한 번도 나오지 않은 것의 비율 (0 ~ 1)."""
    seen = np.unique(ngram_codes(train, n, vocab_size))
    wanted = ngram_codes(test, n, vocab_size)
    where = np.minimum(np.searchsorted(seen, wanted), len(seen) - 1)
    return float(np.mean(seen[where] != wanted))


def format_table(table, labels, digits=2):
    """행렬을 행·열 이름이 붙은 글 표로 (print 해서 본다). 0은 '-'로 적어 빈칸이 눈에 띄게 한다."""
    table = np.asarray(table)
    cells = [
        [("-" if x == 0 else f"{x:.{digits}f}" if table.dtype.kind == "f" else str(x)) for x in row] for row in table
    ]
    width = max(max(len(str(label)) for label in labels), max(len(c) for row in cells for c in row)) + 2
    lines = [" " * width + "".join(f"{label:>{width}}" for label in labels)]
    lines += [f"{label:>{width}}" + "".join(f"{c:>{width}}" for c in row) for label, row in zip(labels, cells)]
    return "\n".join(lines)
