"""rnnlib: 순환 신경망(RNN) 을 밑바닥부터 배우기 위한 작은 NumPy 라이브러리.

교재와 같은 이름과 시그니처를 쓴다: RNN, TimeRNN, LSTM, TimeLSTM, TimeEmbedding, TimeAffine,
TimeSoftmaxWithLoss, TimeDropout, SimpleRnnlm, Rnnlm, BetterRnnlm, SGD, Adam, RnnlmTrainer, eval_perplexity, load_ptb.
"""

from . import exercises  # noqa: F401  (노트북의 답 칸이 rnnlib.exercises.check 를 부른다)
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
