"""rnnlib: 순환 신경망(RNN)을 밑바닥부터 배우기 위한 작은 NumPy 라이브러리.

교재(사이토 고키, 『밑바닥부터 시작하는 딥러닝 2』)와 같은 이름과 시그니처를 쓴다: RNN, TimeRNN, LSTM, TimeLSTM,
TimeEmbedding, TimeAffine, TimeSoftmaxWithLoss, TimeDropout, SimpleRnnlm, Rnnlm, BetterRnnlm, SGD, Adam,
RnnlmTrainer, eval_perplexity, load_ptb.

여기서 가져오는 것은 모두 노트북의 유도를 그대로 옮긴 코어다. 같은 모델을 더 빨리 계산하는 엔진은
rnnlib.fast 에 따로 있고 (from rnnlib.fast import Rnnlm), 연습문제 채점은 rnnlib.exercises, 위젯은 rnnlib.widgets,
그림은 rnnlib.plotting 과 rnnlib.figures 에 있다.
"""

from .batching import batch_offsets, batch_positions, get_batch, iters_per_epoch
from .data import load_korean, load_ptb, preprocess
from .functions import cross_entropy, sigmoid, softmax
from .gradcheck import check_layer, check_model, numerical_gradient, relative_error
from .layers import LSTM, RNN, Embedding
from .models import BetterRnnlm, Rnnlm, SimpleRnnlm
from .optim import SGD, Adam, clip_grads
from .time_layers import TimeAffine, TimeDropout, TimeEmbedding, TimeLSTM, TimeRNN, TimeSoftmaxWithLoss
from .trainer import RnnlmTrainer, eval_perplexity

__version__ = "0.1.0"

__all__ = [
    "LSTM",
    "RNN",
    "SGD",
    "Adam",
    "BetterRnnlm",
    "Embedding",
    "Rnnlm",
    "RnnlmTrainer",
    "SimpleRnnlm",
    "TimeAffine",
    "TimeDropout",
    "TimeEmbedding",
    "TimeLSTM",
    "TimeRNN",
    "TimeSoftmaxWithLoss",
    "batch_offsets",
    "batch_positions",
    "check_layer",
    "check_model",
    "clip_grads",
    "cross_entropy",
    "eval_perplexity",
    "get_batch",
    "iters_per_epoch",
    "load_korean",
    "load_ptb",
    "numerical_gradient",
    "preprocess",
    "relative_error",
    "sigmoid",
    "softmax",
]
