"""RNN 언어 모델: 계층 목록 + 손실 계층.

기호: N 배치 크기, T 시각 수, V 어휘 수, D 단어 벡터 차원, H 은닉 상태 차원.
구조: TimeEmbedding -> TimeRNN 또는 TimeLSTM -> TimeAffine -> TimeSoftmaxWithLoss.
params / grads 는 계층 순서대로 (임베딩 W, Wx, Wh, b, Affine W, b) 이다.
BetterRnnlm 은 LSTM 을 쌓고 그 사이에 TimeDropout 을 두며, Affine 의 W 로 임베딩 W 의 전치를 쓴다
(가중치 묶기: params 에는 그 배열이 한 번만 들어 있다).
"""

import zipfile
from pathlib import Path

import numpy as np

from .functions import softmax
from .time_layers import (
    TimeAffine,
    TimeDropout,
    TimeEmbedding,
    TimeLSTM,
    TimeRNN,
    TimeSoftmaxWithLoss,
    check_targets,
)
from .validation import FLOAT_DTYPES, check_ids, check_positive_int, describe, is_int


class LanguageModel:
    """SimpleRnnlm, Rnnlm, BetterRnnlm 이 함께 쓰는 부분. 하위 클래스는 layers 만 만든다.

    layers 는 입력 쪽부터 차례로 놓인 계층 목록이고, 마지막 계층이 점수 (N, T, V) 를 낸다.
    """

    def __init__(self, layers):
        self.layers = layers
        self.loss_layer = TimeSoftmaxWithLoss()
        self.recurrent_layers = [layer for layer in layers if hasattr(layer, "reset_state")]
        self.dropout_layers = [layer for layer in layers if isinstance(layer, TimeDropout)]
        self.params = [p for layer in layers for p in layer.params]
        self.grads = [g for layer in layers for g in layer.grads]

    @property
    def vocab_size(self):
        return self.layers[0].params[0].shape[0]

    def predict(self, xs, train_flg=False):
        """단어 ID xs (N, T) -> 다음 단어의 점수 (N, T, V). softmax 전의 값이다.

        train_flg=True 이면 학습할 때처럼 드롭아웃을 켠다 (드롭아웃이 없는 모델에는 영향이 없다).
        """
        for layer in self.dropout_layers:
            layer.train_flg = bool(train_flg)
        for layer in self.layers:
            xs = layer.forward(xs)
        return xs

    def forward(self, xs, ts, train_flg=True):
        """xs (N, T), 타깃 ts (N, T) -> 평균 교차 엔트로피 오차 (스칼라).

        평가할 때는 train_flg=False 로 드롭아웃을 끈다 (eval_perplexity 가 그렇게 부른다).
        """
        self.check_batch(xs, ts)
        score = self.predict(xs, train_flg)
        return self.loss_layer.forward(score, ts)

    def backward(self, dout=1):
        """손실 계층부터 모든 계층을 거꾸로 거치며 grads를 채운다."""
        dout = self.loss_layer.backward(dout)
        for layer in reversed(self.layers):
            dout = layer.backward(dout)
        return dout

    def check_batch(self, xs, ts):
        """계층에 넘기기 전에 xs, ts를 확인한다: 틀린 ts로 멈출 때 은닉 상태가 한 블록 나아가 있지 않도록."""
        check_ids("xs", xs, self.vocab_size, ndim=2)
        check_targets(ts, *xs.shape, self.vocab_size)

    def reset_state(self):
        """이어받던 은닉 상태를 지운다 (새 문서를 읽기 시작할 때, 평가 전에)."""
        for layer in self.recurrent_layers:
            layer.reset_state()

    def generate(self, start_id, skip_ids=None, sample_size=100, rng=None):
        """start_id 부터 시작해 다음 단어를 확률대로 뽑아 sample_size 개의 ID 목록을 만든다.

        skip_ids 에 든 ID 가 뽑히면 버리고 다시 뽑는다. rng 는 시드(int) 나
        np.random.Generator. 시작할 때 은닉 상태를 지운다.
        """
        V = self.vocab_size
        if not is_int(start_id) or not 0 <= start_id < V:
            raise ValueError(f"`start_id`는 0 ~ {V - 1}의 단어 ID여야 하는데 {describe(start_id)}입니다.")
        sample_size = check_positive_int("sample_size", sample_size)
        skip = set()
        if skip_ids is not None:
            ids = np.asarray(tuple(skip_ids) if isinstance(skip_ids, (set, frozenset)) else skip_ids)
            if ids.size:
                skip = {int(i) for i in check_ids("skip_ids", ids, V, ndim=1)}
        if skip >= set(range(V)):
            raise ValueError(f"`skip_ids`가 어휘 {V}개를 모두 막아서 뽑을 단어가 없습니다.")
        rng = np.random.default_rng(rng)
        self.reset_state()
        word_ids = [int(start_id)]
        x = int(start_id)
        while len(word_ids) < sample_size:
            score = self.predict(np.array([[x]]))  # (1, 1, V)
            p = softmax(score.reshape(V).astype(np.float64))
            sampled = int(rng.choice(V, p=p))
            if sampled not in skip:
                x = sampled
                word_ids.append(sampled)
        return word_ids

    def save_params(self, path=None):
        """가중치를 .npz 파일로 저장하고 그 경로를 돌려준다 (pickle은 쓰지 않는다)."""
        path = Path(path or f"{type(self).__name__}.npz")
        if path.suffix != ".npz":
            path = path.with_name(path.name + ".npz")
        arrays = {f"param_{i:02d}": p for i, p in enumerate(self.params)}
        np.savez(path, model=np.array(type(self).__name__), **arrays)
        return path

    def load_params(self, path=None):
        """save_params로 저장한 .npz 파일의 가중치를 이 모델의 배열에 제자리로 채운다."""
        path = Path(path or f"{type(self).__name__}.npz")
        if not path.exists():
            raise FileNotFoundError(
                f"가중치 파일을 찾을 수 없습니다: {path}. save_params로 저장한 .npz 파일의 경로를 확인해 주세요."
            )
        try:
            with np.load(path, allow_pickle=False) as data:
                saved = {name: data[name] for name in data.files}
        except (OSError, ValueError, zipfile.BadZipFile) as exc:
            raise ValueError(f"{path}은(는) save_params로 저장한 .npz 파일이 아닙니다 ({exc}).") from None
        arrays = [saved[name] for name in sorted(saved) if name.startswith("param_")]
        expected = [p.shape for p in self.params]
        found = [a.shape for a in arrays]
        if found != expected:
            source = str(saved.get("model", "알 수 없는 모델"))
            raise ValueError(
                f"{path}에 저장된 가중치의 모양이 이 모델의 모양과 다릅니다 (파일: {found}, 모델: {expected}). "
                f"파일은 {source}에서 저장했습니다. 같은 크기(V, D, H)로 만든 모델에 불러와 주세요."
            )
        for param, array in zip(self.params, arrays):
            param[...] = array


def _init_weights(rng, dtype, vocab_size, wordvec_size, hidden_size, gates):
    """교재의 초기화: 임베딩은 작게 (표준편차 0.01), 나머지는 Xavier (1/sqrt(입력 수))."""
    V = check_positive_int("vocab_size", vocab_size)
    D = check_positive_int("wordvec_size", wordvec_size)
    H = check_positive_int("hidden_size", hidden_size)
    dtype = np.dtype(dtype)
    if dtype.type not in FLOAT_DTYPES:
        raise TypeError(f"`dtype`은 float32 또는 float64여야 하는데 {dtype}입니다.")
    rng = np.random.default_rng(rng)

    def normal(*shape, scale):
        return (rng.standard_normal(shape) * scale).astype(dtype)

    embed_W = normal(V, D, scale=0.01)
    Wx = normal(D, gates * H, scale=1 / np.sqrt(D))
    Wh = normal(H, gates * H, scale=1 / np.sqrt(H))
    b = np.zeros(gates * H, dtype=dtype)
    affine_W = normal(H, V, scale=1 / np.sqrt(H))
    affine_b = np.zeros(V, dtype=dtype)
    return embed_W, (Wx, Wh, b), (affine_W, affine_b)


class SimpleRnnlm(LanguageModel):
    """RNN 언어 모델: TimeEmbedding -> TimeRNN(stateful) -> TimeAffine -> TimeSoftmaxWithLoss.

    rng: 가중치 초기화에 쓸 시드(int) 나 np.random.Generator. dtype: 기울기 확인에는 float64.
    """

    def __init__(self, vocab_size, wordvec_size, hidden_size, rng=None, dtype=np.float32):
        embed_W, rnn_params, affine_params = _init_weights(rng, dtype, vocab_size, wordvec_size, hidden_size, gates=1)
        self.rnn_layer = TimeRNN(*rnn_params, stateful=True)
        super().__init__([TimeEmbedding(embed_W), self.rnn_layer, TimeAffine(*affine_params)])


class Rnnlm(LanguageModel):
    """LSTM 언어 모델: TimeEmbedding -> TimeLSTM(stateful) -> TimeAffine -> TimeSoftmaxWithLoss.

    rng: 가중치 초기화에 쓸 시드(int) 나 np.random.Generator. dtype: 기울기 확인에는 float64.
    """

    def __init__(self, vocab_size=10000, wordvec_size=100, hidden_size=100, rng=None, dtype=np.float32):
        embed_W, lstm_params, affine_params = _init_weights(rng, dtype, vocab_size, wordvec_size, hidden_size, gates=4)
        self.lstm_layer = TimeLSTM(*lstm_params, stateful=True)
        super().__init__([TimeEmbedding(embed_W), self.lstm_layer, TimeAffine(*affine_params)])


class BetterRnnlm(LanguageModel):
    """LSTM 을 쌓고 드롭아웃과 가중치 묶기를 더한 언어 모델 (교재의 BetterRnnlm).

    TimeEmbedding -> (TimeDropout -> TimeLSTM) × num_layers -> TimeDropout -> TimeAffine -> TimeSoftmaxWithLoss

    가중치 묶기: Affine 의 W (H, V) 는 임베딩 W (V, D) 의 전치 (같은 메모리) 이므로 D = H 여야 한다.
    params / grads 에는 그 배열이 한 번만 (맨 앞의 임베딩 W 로) 들어 있고, backward 가 두 쓰임의
    기울기를 더해 둔다. 그래서 SGD 와 clip_grads 는 묶인 가중치를 매개변수 하나로 본다.
    params 의 순서: 임베딩 W, 층마다 (Wx, Wh, b), Affine b.
    rng: 가중치 초기화와 드롭아웃 마스크에 쓸 시드(int) 나 np.random.Generator.
    """

    def __init__(
        self,
        vocab_size=10000,
        wordvec_size=650,
        hidden_size=650,
        dropout_ratio=0.5,
        rng=None,
        num_layers=2,
        dtype=np.float32,
    ):
        num_layers = check_positive_int("num_layers", num_layers)
        rng = np.random.default_rng(rng)  # 초기화와 드롭아웃이 함께 쓰는 생성기 하나
        embed_W, (Wx, Wh, b), (_, affine_b) = _init_weights(rng, dtype, vocab_size, wordvec_size, hidden_size, gates=4)
        if wordvec_size != hidden_size:
            raise ValueError(
                f"가중치를 묶으려면 (Affine W = 임베딩 W의 전치) `wordvec_size`와 `hidden_size`가 같아야 하는데 "
                f"{wordvec_size}와(과) {hidden_size}입니다."
            )
        H = hidden_size
        layers = [TimeEmbedding(embed_W)]
        for k in range(num_layers):
            if k > 0:  # 둘째 층부터는 입력이 아래 층의 h (H 차원)
                Wx = (rng.standard_normal((H, 4 * H)) / np.sqrt(H)).astype(dtype)
                Wh = (rng.standard_normal((H, 4 * H)) / np.sqrt(H)).astype(dtype)
                b = np.zeros(4 * H, dtype=dtype)
            layers += [TimeDropout(dropout_ratio, rng=rng), TimeLSTM(Wx, Wh, b, stateful=True)]
        self.affine = TimeAffine(embed_W.T, affine_b)  # 묶인 가중치: (H, V) 모양으로 본 임베딩 W
        layers += [TimeDropout(dropout_ratio, rng=rng), self.affine]
        super().__init__(layers)
        self.embedding = layers[0]
        self.lstm_layers = [layer for layer in layers if isinstance(layer, TimeLSTM)]
        # 묶인 W 는 임베딩 W 로 한 번만 센다
        self.params = [p for layer in layers for p in layer.params if p is not self.affine.params[0]]
        self.grads = [g for layer in layers for g in layer.grads if g is not self.affine.grads[0]]

    def backward(self, dout=1):
        """모든 계층을 거꾸로 거친 뒤, Affine 쪽의 기울기 (H, V)를 임베딩의 기울기 (V, D)에 더한다."""
        dout = super().backward(dout)
        self.embedding.grads[0] += self.affine.grads[0].T  # (V, D) = (V, H): 같은 배치라 복사 없이 더한다
        return dout
