"""RNN 언어 모델의 학습 (RnnlmTrainer) 과 평가 (eval_perplexity).

미니배치를 어떻게 자르는지는 batching.py 가 정하고, 여기서는 그 일정대로 모델을 부른다.
기호: N 배치 크기, T 시각 수, M 입력 xs 의 길이.
"""

import warnings

import numpy as np
from tqdm.auto import tqdm

from .batching import get_batch, iters_per_epoch
from .optim import clip_grads
from .validation import check_ids, check_positive_int, check_positive_number, describe

# 손실이 이보다 크면 퍼플렉서티 exp(손실) 이 float64 로도 무한대가 된다: 발산으로 본다
MAX_LOSS = float(np.log(np.finfo(np.float64).max))


def check_language_model(model):
    """model 을 rnnlib 의 언어 모델처럼 쓸 수 있는지 확인한다.

    필요한 것: forward, backward, params, grads, reset_state, vocab_size (rnnlib 과 rnnlib.fast 의 모델이 모두 가졌다).
    """
    missing = [
        name
        for name in ("forward", "backward", "params", "grads", "reset_state", "vocab_size")
        if not hasattr(model, name)
    ]
    if missing:
        raise TypeError(
            f"`model`에는 언어 모델(예: rnnlib.Rnnlm)이 필요한데 {describe(model)}에는 "
            f"{', '.join(missing)}이(가) 없습니다."
        )
    return model


def _check_corpus(name, corpus, model):
    check_ids(name, corpus, model.vocab_size, ndim=1)
    if len(corpus) == 0:
        raise ValueError(f"`{name}`이(가) 비어 있습니다 (단어 0개). 단어 ID가 든 말뭉치를 넘겨 주세요.")
    return corpus


class RnnlmTrainer:
    """잘린 BPTT 로 언어 모델을 학습한다.

    fit 이 끝나면 ppl_list 에 eval_interval 반복마다의 퍼플렉서티가 쌓인다.
    학습 중 중단(노트북의 정지 버튼, KeyboardInterrupt) 하면 그때까지의 모델과 기록이 남고
    interrupted 가 True 가 된다.
    """

    def __init__(self, model, optimizer):
        self.model = check_language_model(model)
        if not callable(getattr(optimizer, "update", None)):
            raise TypeError(
                f"`optimizer`에는 update(params, grads)가 있는 최적화 기법 (예: rnnlib.SGD(lr=20))이 필요한데 "
                f"{describe(optimizer)}을(를) 받았습니다."
            )
        self.optimizer = optimizer
        self.time_idx = 0
        self.ppl_list = []
        self.eval_interval = None
        self.iters_per_epoch = None
        self.current_epoch = 0
        self.interrupted = False

    def get_batch(self, xs, ts, batch_size, time_size):
        """지금 읽을 (batch_x, batch_t) (N, T)를 꺼내고 time_idx를 T 만큼 옮긴다."""
        batch_x, batch_t = get_batch(xs, ts, batch_size, time_size, self.time_idx)
        self.time_idx += time_size
        return batch_x, batch_t

    def fit(self, xs, ts, max_epoch=10, batch_size=20, time_size=35, max_grad=None, eval_interval=20, quiet=False):
        """xs[k] 다음 단어가 ts[k] 가 되도록 학습한다. 보통 xs = corpus[:-1], ts = corpus[1:].

        max_grad 를 주면 기울기 클리핑을 한다. quiet=True 이면 진행 막대를 숨긴다.
        """
        model, optimizer = self.model, self.optimizer
        _check_corpus("xs", xs, model)
        _check_corpus("ts", ts, model)
        if len(xs) != len(ts):
            raise ValueError(f"`xs` ({len(xs)}개)와 `ts` ({len(ts)}개)의 길이가 같아야 합니다.")
        max_epoch = check_positive_int("max_epoch", max_epoch)
        max_iters = iters_per_epoch(len(xs), batch_size, time_size)
        if max_grad is not None:
            check_positive_number("max_grad", max_grad)
        if eval_interval is not None:
            eval_interval = check_positive_int("eval_interval", eval_interval)

        self.time_idx = 0
        self.ppl_list = []
        self.eval_interval = eval_interval
        self.iters_per_epoch = max_iters
        self.interrupted = False
        total_loss, loss_count = 0.0, 0
        bar = tqdm(total=max_epoch * max_iters, disable=quiet, unit="반복", leave=True)
        try:
            for epoch in range(max_epoch):
                bar.set_description(f"에폭 {epoch + 1}/{max_epoch}")
                for iters in range(max_iters):
                    batch_x, batch_t = self.get_batch(xs, ts, batch_size, time_size)
                    loss = self._forward_or_nan(batch_x, batch_t)
                    if not np.isfinite(loss) or loss > MAX_LOSS:
                        raise FloatingPointError(
                            f"에폭 {epoch + 1}의 {iters + 1}번째 반복에서 손실이 {loss}이(가) 되어 학습을 "
                            f"멈췄습니다 (발산: 퍼플렉서티 exp(손실)이 무한대). 학습률 "
                            f"(지금 {getattr(optimizer, 'lr', '?')})을 줄이거나 max_grad로 기울기 클리핑을 켜고 "
                            f"모델을 새로 만들어 다시 학습해 주세요."
                        )
                    model.backward()
                    if max_grad is not None:
                        clip_grads(model.grads, max_grad)
                    optimizer.update(model.params, model.grads)
                    total_loss += loss
                    loss_count += 1
                    if eval_interval is not None and iters % eval_interval == 0:
                        ppl = float(np.exp(total_loss / loss_count))
                        self.ppl_list.append(ppl)
                        bar.set_postfix_str(f"퍼플렉서티 {ppl:.2f}", refresh=False)
                        total_loss, loss_count = 0.0, 0
                    bar.update(1)
                self.current_epoch += 1
        except KeyboardInterrupt:
            self.interrupted = True
            bar.set_description("중단됨")
            warnings.warn(
                f"학습을 중단했습니다 (에폭 {self.current_epoch + 1}). 모델과 ppl_list는 "
                f"중단한 시점까지의 상태로 남아 있습니다.",
                stacklevel=2,
            )
        finally:
            bar.close()
        return self

    def _forward_or_nan(self, batch_x, batch_t):
        """model.forward 의 손실. 학습이 발산해 매개변수에 NaN/inf 가 생겼으면 NaN (아래에서 발산으로 알린다).

        발산하면 exp 가 넘치거나 타깃의 확률이 0 이 되므로, NumPy 의 경고 대신 fit 의 한국어 오류로 알린다.
        """
        try:
            with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
                return self.model.forward(batch_x, batch_t)
        except ValueError:
            if all(np.isfinite(param).all() for param in self.model.params):
                raise  # 발산이 아닌 다른 잘못
            return float("nan")

    def plot(self, ylim=None, ax=None):
        """ppl_list를 그린 matplotlib Axes를 돌려준다."""
        if not self.ppl_list:
            raise ValueError("그릴 퍼플렉서티 기록이 없습니다. fit을 먼저 실행해 주세요.")
        from .plotting import new_axes

        ax = ax or new_axes()
        ax.plot(np.arange(len(self.ppl_list)), self.ppl_list, label="학습")
        # 퍼플렉서티는 에폭마다 반복 0, eval_interval, 2·eval_interval, ... 에서 잰다
        per_epoch = self.eval_interval >= self.iters_per_epoch
        ax.set_xlabel("에폭" if per_epoch else f"평가 횟수 ({self.eval_interval} 반복마다)")
        ax.set_ylabel("퍼플렉서티")
        if ylim is not None:
            ax.set_ylim(*ylim)
        return ax


def eval_perplexity(model, corpus, batch_size=10, time_size=35, quiet=False):
    """말뭉치 전체에 대한 퍼플렉서티 exp(평균 손실). 시작과 끝에 모델의 은닉 상태를 지운다.

    corpus (L,) 의 위치 k 의 단어로 k+1 의 단어를 맞히게 하고, 학습과 같은 일정으로 자른다.
    평가이므로 드롭아웃은 끈다 (model.forward(..., train_flg=False)).
    """
    check_language_model(model)
    _check_corpus("corpus", corpus, model)
    if len(corpus) < 2:
        raise ValueError(f"`corpus`는 단어가 2개 이상이어야 하는데 {len(corpus)}개입니다.")
    xs, ts = corpus[:-1], corpus[1:]
    max_iters = iters_per_epoch(len(xs), batch_size, time_size)
    model.reset_state()
    total_loss = 0.0
    for k in tqdm(range(max_iters), disable=quiet, desc="퍼플렉서티 평가", unit="반복", leave=False):
        batch_x, batch_t = get_batch(xs, ts, batch_size, time_size, k * time_size)
        total_loss += model.forward(batch_x, batch_t, train_flg=False)
    model.reset_state()
    return float(np.exp(total_loss / max_iters))
