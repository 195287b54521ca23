"""저장소에 들어 있는 말뭉치를 읽는다: PTB (단어 단위) 와 한국어 법령 텍스트 (음절 단위).

아무것도 내려받지 않는다. 파일은 저장소의 data/ 에 있고, 읽을 때마다 SHA-256 으로 확인한다.
돌려주는 값은 (corpus, 단어→ID 사전, ID→단어 사전) 이고 corpus 는 int32 배열 (L,) 이다.
"""

import functools
import gzip
import hashlib
import os
import re
from pathlib import Path

import numpy as np

PTB_SPLITS = ("train", "valid", "test")
KOREAN_TEXTS = ("constitution", "bills")
RESTORE_HINT = "저장소에 들어 있는 파일이니 저장소 맨 위 폴더에서 `git checkout -- data/`로 되살려 주세요."


def data_dir():
    """data/ 폴더. 환경 변수 RNNLIB_DATA로 다른 곳을 가리킬 수 있다."""
    return Path(os.environ.get("RNNLIB_DATA") or Path(__file__).resolve().parent.parent / "data")


def _read_checked(folder, name):
    """folder/name의 바이트를 읽고 folder/SHA256SUMS의 값과 맞는지 확인한다."""
    path = folder / name
    sums_path = folder / "SHA256SUMS"
    for needed in (path, sums_path):
        if not needed.is_file():
            raise FileNotFoundError(f"데이터 파일이 없습니다: {needed}. {RESTORE_HINT}")
    try:
        lines = sums_path.read_text(encoding="utf-8").splitlines()
        expected = dict(reversed(line.split()) for line in lines if line.strip())
    except ValueError:  # UnicodeDecodeError 도 여기에 걸린다
        raise ValueError(
            f"체크섬 파일 {sums_path}이(가) 손상되었습니다 ('<SHA-256>  <파일 이름>' 꼴이 아닌 줄이 있습니다). "
            f"{RESTORE_HINT}"
        ) from None
    blob = path.read_bytes()
    _verify(path, blob, expected.get(name))
    return blob, expected


def _verify(path, blob, expected_sum):
    actual = hashlib.sha256(blob).hexdigest()
    if expected_sum is None or actual != expected_sum:
        raise ValueError(
            f"데이터 파일 {path}이(가) 손상되었거나 바뀌었습니다 (SHA-256 기대값 {expected_sum}, "
            f"실제 {actual}). {RESTORE_HINT}"
        )


@functools.cache
def _ptb_words(folder, split):
    name = f"ptb.{split}.txt"
    blob, sums = _read_checked(folder, name + ".gz")
    text = gzip.decompress(blob)
    _verify(folder / name, text, sums.get(name))
    # 교재의 관례: 줄바꿈을 <eos> 라는 단어로 바꾼다
    return tuple(text.decode("utf-8").replace("\n", "<eos>").split())


def build_vocab(tokens):
    """토큰(단어나 글자) 열에서 처음 나온 순서대로 ID를 매긴 (token_to_id, id_to_token)."""
    token_to_id = {}
    for token in tokens:
        if token not in token_to_id:
            token_to_id[token] = len(token_to_id)
    return token_to_id, {i: token for token, i in token_to_id.items()}


def _encode(tokens, token_to_id):
    return np.fromiter((token_to_id[t] for t in tokens), dtype=np.int32, count=len(tokens))


@functools.cache
def _ptb_vocab(folder):
    return build_vocab(_ptb_words(folder, "train"))


@functools.cache
def _ptb_corpus(folder, split):
    corpus = _encode(_ptb_words(folder, split), _ptb_vocab(folder)[0])
    corpus.flags.writeable = False  # 캐시는 읽기 전용, 사용자에게는 복사본을 준다
    return corpus


def load_ptb(split="train"):
    """PTB 말뭉치 split ('train' | 'valid' | 'test') 를 읽는다.

    어휘는 train 에서 처음 나온 순서대로 ID 를 매긴 10,000 단어 (<eos> 포함) 이고,
    세 split 이 같은 어휘를 쓴다. (corpus, word_to_id, id_to_word) 를 돌려준다.
    """
    if split not in PTB_SPLITS:
        raise ValueError(f"`split`은 'train', 'valid', 'test' 중 하나여야 하는데 {split!r}입니다.")
    folder = data_dir() / "ptb"
    word_to_id, id_to_word = _ptb_vocab(folder)
    return _ptb_corpus(folder, split).copy(), dict(word_to_id), dict(id_to_word)


@functools.cache
def _korean_text(folder, name):
    blob, _ = _read_checked(folder, f"{name}.txt")
    lines = (re.sub(r"\s+", " ", line).strip() for line in blob.decode("utf-8").splitlines())
    return "\n".join(line for line in lines if line)


def load_korean(name="all"):
    """한국어 법령 텍스트를 음절(글자) 단위 말뭉치로 읽는다.

    name: 'constitution' (대한민국헌법), 'bills' (법률안 10건), 'all' (둘을 이은 것).
    줄마다 연속된 공백은 하나로 줄이고 빈 줄은 뺀다. 줄바꿈 '\\n' 도 한 글자로 남는다.
    ID 는 글자가 처음 나온 순서대로 매긴다. (corpus, char_to_id, id_to_char) 를 돌려준다.
    """
    names = KOREAN_TEXTS if name == "all" else (name,)
    if name != "all" and name not in KOREAN_TEXTS:
        raise ValueError(f"`name`은 'all', 'constitution', 'bills' 중 하나여야 하는데 {name!r}입니다.")
    text = "\n".join(_korean_text(data_dir() / "korean", n) for n in names)
    char_to_id, id_to_char = build_vocab(text)
    return _encode(text, char_to_id), char_to_id, id_to_char


TOY_TEXT = "You say goodbye and I say hello."


def preprocess(text=TOY_TEXT):
    """짧은 영어 문장을 단어 ID 로: 소문자로 바꾸고 마침표를 떼어 한 단어로 센다.

    예: "You say goodbye and I say hello." -> ([0, 1, 2, 3, 4, 1, 5, 6], ...)
    (corpus, word_to_id, id_to_word) 를 돌려준다.
    """
    if not isinstance(text, str):
        raise TypeError(f"`text`는 문자열이어야 하는데 {type(text).__name__}입니다.")
    words = text.lower().replace(".", " .").split()
    if not words:
        raise ValueError("`text`에 단어가 없습니다.")
    word_to_id, id_to_word = build_vocab(words)
    return _encode(words, word_to_id), word_to_id, id_to_word
