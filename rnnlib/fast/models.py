"""엔진의 언어 모델: rnnlib.SimpleRnnlm, Rnnlm, BetterRnnlm 과 같은 인자, 같은 가중치, 같은 params/grads 순서.

모델마다 같은 인자로 코어의 모델을 먼저 만든 뒤 그 계층과 가중치 배열을 그대로 쓴다. 그래서 같은 rng 면 가중치도,
드롭아웃의 마스크도 코어와 같다. 바꾸는 것은 둘뿐이다: TimeLSTM 을 엔진의 것 (lstm.py) 으로, 마지막 두 계층
(TimeAffine, TimeSoftmaxWithLoss) 의 계산을 머리 (head.py) 로. 예측 (predict, generate), 저장 (save_params,
load_params) 은 코어의 것을 그대로 물려받으므로 가중치 파일은 코어와 엔진이 함께 쓴다.
"""

import numpy as np

from .. import models
from ..time_layers import TimeLSTM
from .head import Head
from .lstm import TimeLSTM as FastTimeLSTM
from .threads import one_blas_thread


class EngineModel(models.LanguageModel):
    """코어의 모델 하나를 받아, 같은 계층과 배열로 더 빨리 forward/backward 하는 모델."""

    def __init__(self, core):
        layers = [
            FastTimeLSTM(*layer.params, stateful=layer.stateful) if isinstance(layer, TimeLSTM) else layer
            for layer in core.layers
        ]
        super().__init__(layers)
        # params 는 코어와 같은 배열, 같은 순서 (묶인 가중치는 한 번). grads 는 같은 자리의 엔진 계층의 기울기 배열
        engine_grad = {
            id(core_grad): grad
            for core_layer, layer in zip(core.layers, layers)
            for core_grad, grad in zip(core_layer.grads, layer.grads)
        }
        self.params = core.params
        self.grads = [engine_grad[id(core_grad)] for core_grad in core.grads]
        self.affine = layers[-1]
        self.head = Head()

    def forward(self, xs, ts, train_flg=True):
        """코어의 forward와 같은 손실. TimeAffine과 TimeSoftmaxWithLoss는 머리가 한 번에 계산한다."""
        self.check_batch(xs, ts)
        for layer in self.dropout_layers:
            layer.train_flg = bool(train_flg)
        W, b = self.affine.params
        with one_blas_thread():
            return self.head.forward(W, b, ts, lambda on_step: self._hidden_states(xs, on_step))

    def _hidden_states(self, xs, on_step):
        """마지막 계층 (TimeAffine) 앞까지 차례로 거친 결과 (N, T, H). 바로 앞이 엔진의 LSTM 이면 on_step을 넘긴다."""
        for layer in self.layers[:-2]:
            xs = layer.forward(xs)
        last = self.layers[-2]
        if isinstance(last, FastTimeLSTM):
            return last.forward(xs, on_step=on_step)
        return last.forward(xs)

    def backward(self, dout=1):
        """grads를 채운다. Affine의 dW, db는 아래 계층 (LSTM: CPU 코어 하나)의 역전파 동안 다른 스레드가 계산한다."""
        W, _ = self.affine.params
        dW, db = self.affine.grads
        with one_blas_thread():
            dout, affine_weight_grads = self.head.backward(W, dW, db, dout)
            try:
                for layer in reversed(self.layers[:-1]):
                    dout = layer.backward(dout)
            finally:
                affine_weight_grads.finish()
        return dout


class SimpleRnnlm(EngineModel):
    """rnnlib.SimpleRnnlm과 같은 모델 (RNN은 코어의 TimeRNN 그대로, 머리만 엔진)."""

    def __init__(self, vocab_size, wordvec_size, hidden_size, rng=None, dtype=np.float32):
        core = models.SimpleRnnlm(vocab_size, wordvec_size, hidden_size, rng=rng, dtype=dtype)
        super().__init__(core)
        self.rnn_layer = self.layers[1]


class Rnnlm(EngineModel):
    """rnnlib.Rnnlm과 같은 모델 (LSTM과 머리가 엔진)."""

    def __init__(self, vocab_size=10000, wordvec_size=100, hidden_size=100, rng=None, dtype=np.float32):
        core = models.Rnnlm(vocab_size, wordvec_size, hidden_size, rng=rng, dtype=dtype)
        super().__init__(core)
        self.lstm_layer = self.layers[1]


class BetterRnnlm(EngineModel):
    """rnnlib.BetterRnnlm 과 같은 모델 (LSTM 들과 머리가 엔진, 드롭아웃과 가중치 묶기는 코어와 같다).

    마지막 LSTM 과 Affine 사이에 드롭아웃이 있으므로 LSTM 이 도는 동안 점수를 미리 계산하지는 않는다.
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
        core = models.BetterRnnlm(vocab_size, wordvec_size, hidden_size, dropout_ratio, rng, num_layers, dtype)
        super().__init__(core)
        self.embedding = self.layers[0]
        self.lstm_layers = [layer for layer in self.layers if isinstance(layer, FastTimeLSTM)]

    def backward(self, dout=1):
        """모든 계층을 거꾸로 거친 뒤, Affine 쪽의 기울기 (H, V)를 임베딩의 기울기 (V, D)에 더한다 (가중치 묶기)."""
        dout = super().backward(dout)
        self.embedding.grads[0] += self.affine.grads[0].T
        return dout
