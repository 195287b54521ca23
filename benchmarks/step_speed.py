"""PTB LSTM 언어 모델의 학습 한 걸음 (forward, backward, 클리핑, 갱신) 은 얼마나 걸리나.

실행 (저장소 맨 위 폴더에서):
    .venv/bin/python benchmarks/step_speed.py            # 표 (엔진, 코어, PyTorch, 교재 방식, 바닥), 메모리, 작은 설정
    .venv/bin/python benchmarks/step_speed.py --phases   # 엔진 한 걸음의 단계별 시간 (벽시계)
    .venv/bin/python benchmarks/step_speed.py --profile  # 엔진 한 걸음의 시간이 어디에 쓰이는지 (cProfile)
PyTorch 줄은 torch 가 있을 때만 (`.venv/bin/pip install -e .[bench]`, 없으면 빼고 그렇다고 적는다).

설정은 교재 6장의 PTB LSTM 언어 모델: V = 10,000, D = H = 100, N = 20, T = 35, SGD lr 20, 클리핑 0.25.
- 엔진: rnnlib.fast.Rnnlm + clip_grads + SGD
- 코어: rnnlib.Rnnlm + clip_grads + SGD (노트북의 유도를 그대로 옮긴 NumPy 코드)
- PyTorch CPU: nn.Embedding + nn.LSTM + nn.Linear + CrossEntropyLoss + clip_grad_norm_ + optim.SGD (같은 크기,
  같은 스레드 수 = os.cpu_count(), NumPy 의 BLAS 도 그만큼 쓴다)
- 교재 방식: 교재의 TimeLSTM 처럼 시각마다 LSTM 계층 (rnnlib.LSTM) 을 하나씩 만들어 잇는 구현 (이 파일의 BookTimeLSTM).
  나머지 계층은 교재와 같은 코어의 것을 쓴다
- 바닥: 어휘 크기의 행렬 곱 세 개 (점수 h W, dW = hᵀ dscore, dh = dscore Wᵀ). 어떤 구현도 이보다 빠를 수 없다.
이 기계는 다른 작업과 함께 쓰므로 모두를 바퀴마다 몇 걸음씩 번갈아 재고 (순서는 바퀴마다 섞는다) 중앙값을 낸다.
"""

import argparse
import cProfile
import gc
import os
import pstats
import random
import statistics
import time
import tracemalloc
import unicodedata
from pathlib import Path

import numpy as np

from rnnlib import LSTM, SGD, Rnnlm, RnnlmTrainer, SimpleRnnlm, clip_grads, fast, get_batch, load_ptb
from rnnlib.fast.threads import one_blas_thread

V, D, H, N, T = 10_000, 100, 100, 20, 35
LR, MAX_GRAD = 20.0, 0.25
THREADS = os.cpu_count() or 1


def ptb_batches(count):
    """PTB 학습 말뭉치의 앞에서부터 잘린 BPTT 일정대로 꺼낸 (xs, ts) count 개."""
    corpus = load_ptb("train")[0]
    xs, ts = corpus[:-1], corpus[1:]
    return [get_batch(xs, ts, N, T, k * T) for k in range(count)]


class ModelStep:
    """model 의 학습 한 걸음: forward, backward, clip_grads, SGD."""

    def __init__(self, name, model):
        self.name, self.model = name, model
        self.optimizer = SGD(LR)

    def __call__(self, xs, ts):
        model = self.model
        model.forward(xs, ts)
        model.backward()
        clip_grads(model.grads, MAX_GRAD)
        self.optimizer.update(model.params, model.grads)


def engine_step():
    return ModelStep("엔진 (rnnlib.fast)", fast.Rnnlm(V, D, H, rng=0))


def core_step():
    return ModelStep("코어 (rnnlib)", Rnnlm(V, D, H, rng=0))


class BookTimeLSTM:
    """교재의 TimeLSTM 처럼 forward 가 시각마다 LSTM 계층을 하나씩 만들어 잇고, backward 가 그것들을 거꾸로 부른다."""

    def __init__(self, Wx, Wh, b):
        self.params = [Wx, Wh, b]
        self.grads = [np.zeros_like(Wx), np.zeros_like(Wh), np.zeros_like(b)]
        self.layers, self.h, self.c = None, None, None

    def forward(self, xs):
        N, T, _ = xs.shape
        H = self.params[1].shape[0]
        if self.h is None:
            self.h, self.c = np.zeros((N, H), dtype=xs.dtype), np.zeros((N, H), dtype=xs.dtype)
        hs, self.layers = np.empty((N, T, H), dtype=xs.dtype), []
        for t in range(T):
            layer = LSTM(*self.params)
            self.h, self.c = layer.forward(xs[:, t], self.h, self.c)
            hs[:, t] = self.h
            self.layers.append(layer)
        return hs

    def backward(self, dhs):
        N, T, H = dhs.shape
        dxs = np.empty((N, T, self.params[0].shape[0]), dtype=dhs.dtype)
        dh, dc = np.zeros((N, H), dtype=dhs.dtype), np.zeros((N, H), dtype=dhs.dtype)
        for grad in self.grads:
            grad[...] = 0
        for t in reversed(range(T)):
            dxs[:, t], dh, dc = self.layers[t].backward(dhs[:, t] + dh, dc)
            for grad, step_grad in zip(self.grads, self.layers[t].grads):
                grad += step_grad
        return dxs

    def reset_state(self):
        self.h, self.c = None, None


def textbook_step():
    """코어의 Rnnlm 에서 TimeLSTM 만 BookTimeLSTM 으로 바꾼 모델 (교재 코드를 이 기계에서 돌렸을 때를 대신한다)."""
    model = Rnnlm(V, D, H, rng=0)
    model.layers[1] = BookTimeLSTM(*model.layers[1].params)
    model.grads[1:4] = model.layers[1].grads
    return ModelStep("교재 방식 (시각마다 LSTM 계층)", model)


class FloorStep:
    """어휘 크기의 행렬 곱 세 개: 점수 (N*T, V), dW (H, V), dh (N*T, H). 같은 NumPy/BLAS 로."""

    name = "바닥 (V 크기 행렬 곱 3개)"

    def __init__(self):
        rng = np.random.default_rng(0)
        self.h = rng.standard_normal((N * T, H)).astype(np.float32)
        self.W = rng.standard_normal((H, V)).astype(np.float32)
        self.dscore = rng.standard_normal((N * T, V)).astype(np.float32)

    def __call__(self, xs, ts):
        _ = self.h @ self.W  # (N*T, V)
        _ = self.h.T @ self.dscore  # (H, V)
        _ = self.dscore @ self.W.T  # (N*T, H)


class TorchStep:
    name = "PyTorch CPU"

    def __init__(self, torch):
        torch.manual_seed(0)
        torch.set_num_threads(THREADS)
        self.torch = torch
        self.embed = torch.nn.Embedding(V, D)
        self.lstm = torch.nn.LSTM(D, H, batch_first=True)
        self.affine = torch.nn.Linear(H, V)
        self.params = [*self.embed.parameters(), *self.lstm.parameters(), *self.affine.parameters()]
        self.optimizer = torch.optim.SGD(self.params, lr=LR)
        self.loss_fn = torch.nn.CrossEntropyLoss()
        self.state = None

    def __call__(self, xs, ts):
        torch = self.torch
        xs, ts = torch.from_numpy(xs.astype(np.int64)), torch.from_numpy(ts.astype(np.int64))
        self.optimizer.zero_grad(set_to_none=True)
        hs, state = self.lstm(self.embed(xs), self.state)
        self.state = tuple(s.detach() for s in state)  # 잘린 BPTT: 상태는 이어받고 기울기는 끊는다
        loss = self.loss_fn(self.affine(hs).reshape(N * T, V), ts.reshape(N * T))
        loss.backward()
        torch.nn.utils.clip_grad_norm_(self.params, MAX_GRAD)
        self.optimizer.step()


def load_torch():
    try:
        import torch
    except ImportError:
        return None
    return torch


def measure(steps, batches, rounds, warmup=2, per_round=4):
    """steps 를 바퀴마다 섞은 순서로 돌려 걸음마다의 시간 (초) 목록을 모은다.

    한 바퀴에서 구현마다 걸음을 (warmup + per_round) 번 잇달아 하고 뒤의 per_round 번만 잰다. 학습처럼 걸음이
    이어질 때의 속도를 재기 위해서다: OpenBLAS 와 PyTorch (OpenMP) 는 일이 끝난 뒤에도 스레드가 한동안 코어를
    붙잡고 기다리므로 (busy-wait), 구현이 바뀐 직후의 걸음은 앞 구현의 스레드와 코어를 다툰다. 처음 warmup 걸음이
    그 자리를 맡는다. 바퀴마다 순서를 섞어 기계의 부하 변화는 모든 구현이 함께 나눈다.
    """
    times = {step.name: [] for step in steps}
    order = list(steps)
    shuffle = random.Random(0).shuffle
    k = 0
    for _ in range(rounds):
        shuffle(order)
        for step in order:
            for j in range(warmup + per_round):
                xs, ts = batches[k % len(batches)]
                k += 1
                start = time.perf_counter()
                step(xs, ts)
                elapsed = time.perf_counter() - start
                if j >= warmup:
                    times[step.name].append(elapsed)
    return times


def peak_step_memory(step, batch):
    """한 걸음 동안 새로 잡은 메모리의 최고점 (MiB). NumPy 는 자기 할당을 tracemalloc 에 알린다."""
    step(*batch)  # 처음 한 번은 버퍼를 만든다
    gc.collect()
    tracemalloc.start()
    base = tracemalloc.get_traced_memory()[0]
    step(*batch)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return (peak - base) / 2**20


def small_setting_seconds(model_class):
    """노트북 5.5a 의 작은 설정: SimpleRnnlm, PTB 앞 1,000 단어, 100 에폭, 배치 10, 시각 5, D = H = 100, SGD 0.1."""
    corpus = load_ptb("train")[0][:1000]
    xs, ts = corpus[:-1], corpus[1:]
    model = model_class(int(corpus.max()) + 1, 100, 100, rng=1)
    start = time.perf_counter()
    RnnlmTrainer(model, SGD(0.1)).fit(xs, ts, max_epoch=100, batch_size=10, time_size=5, quiet=True)
    return time.perf_counter() - start


def pad(text, width, right=False):
    """한글은 두 칸을 차지하므로 화면 폭으로 맞춰 채운다."""
    fill = " " * max(width - sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text), 0)
    return fill + text if right else text + fill


def print_table(times, torch_name, floor_name, notes):
    medians = {name: statistics.median(values) for name, values in times.items()}
    torch_seconds = medians.get(torch_name)
    columns = [("구현", 32), ("ms/걸음 (중앙값)", 17), ("토큰/초", 8), ("÷ PyTorch", 9), ("÷ 바닥", 7)]
    print("| " + " | ".join(pad(title, width) for title, width in columns) + " |")
    print("|" + "|".join("-" * (width + 2) for _, width in columns) + "|")
    for name, seconds in medians.items():
        cells = [
            f"{seconds * 1e3:.1f}",
            f"{N * T / seconds:.0f}",
            f"{seconds / torch_seconds:.2f}" if torch_seconds else "-",
            f"{seconds / medians[floor_name]:.2f}",
        ]
        widths = [width for _, width in columns[1:]]
        row = [pad(name, columns[0][1])] + [pad(cell, width, right=True) for cell, width in zip(cells, widths)]
        print("| " + " | ".join(row) + " |")
    for note in notes:
        print(note)


def print_profile(batches, repeats, top=12):
    """엔진 한 걸음의 cProfile 을 함수마다 (자기 시간, tottime) 걸음당 ms 와 비율의 표로 찍는다."""
    step = engine_step()
    for xs, ts in batches[:3]:
        step(xs, ts)
    profiler = cProfile.Profile()
    start = time.perf_counter()
    profiler.enable()
    for k in range(repeats):
        step(*batches[k % len(batches)])
    profiler.disable()
    per_step = (time.perf_counter() - start) / repeats
    rows = sorted(pstats.Stats(profiler).stats.items(), key=lambda item: -item[1][2])[:top]
    print(f"엔진 한 걸음 × {repeats} 의 cProfile: 걸음당 {per_step * 1e3:.1f} ms (프로파일러 포함)")
    print("| 함수 (자기 시간 순) | 부른 횟수/걸음 | ms/걸음 | 비율 |")
    print("|---|---:|---:|---:|")
    for (filename, line, function), (_, calls, own_seconds, _, _) in rows:
        where = f"{Path(filename).parent.name}/{Path(filename).name}:{line} {function}" if line else function
        share = own_seconds / repeats / per_step
        print(f"| `{where}` | {calls / repeats:.0f} | {own_seconds / repeats * 1e3:.1f} | {share:.0%} |")


def print_phases(batches, repeats):
    """엔진 한 걸음을 단계별로 나누어 벽시계 시간 (ms, 중앙값) 을 찍는다.

    rnnlib.fast.Rnnlm 의 forward/backward 가 하는 일을 같은 순서로 한 단계씩 부른다.
    """
    model, optimizer = fast.Rnnlm(V, D, H, rng=0), SGD(LR)
    embedding, lstm, affine = model.layers
    W, b = affine.params
    dW, db = affine.grads
    phases = {}

    def timed(name, call, *args, **kwargs):
        start = time.perf_counter()
        result = call(*args, **kwargs)
        phases.setdefault(name, []).append(time.perf_counter() - start)
        return result

    def hidden_states(xs, on_step):
        h = timed("순전파: TimeEmbedding", embedding.forward, xs)
        return timed("순전파: TimeLSTM (다른 코어는 준비된 시각의 점수)", lstm.forward, h, on_step=on_step)

    for k in range(repeats + 3):
        xs, ts = batches[k % len(batches)]
        start = time.perf_counter()
        with one_blas_thread():
            forward_start = time.perf_counter()
            model.head.forward(W, b, ts, lambda on_step, xs=xs: hidden_states(xs, on_step))
            rest = time.perf_counter() - forward_start - phases["순전파: TimeEmbedding"][-1]
            rest -= phases["순전파: TimeLSTM (다른 코어는 준비된 시각의 점수)"][-1]
            phases.setdefault("순전파: 남은 Affine + softmax + 손실 (V 크기 곱, exp, 합)", []).append(rest)
            dh, weight_grads = timed("역전파: Affine 의 dh (V 크기 곱)", model.head.backward, W, dW, db)
            dh = timed("역전파: TimeLSTM (다른 코어는 Affine 의 dW)", lstm.backward, dh)
            timed("역전파: TimeEmbedding", embedding.backward, dh)
            timed("역전파: Affine 의 dW, db 마저 (두 코어)", weight_grads.finish)
        timed("clip_grads", clip_grads, model.grads, MAX_GRAD)
        timed("SGD.update", optimizer.update, model.params, model.grads)
        phases.setdefault("한 걸음 전체", []).append(time.perf_counter() - start)
    print("| 단계 | ms/걸음 (중앙값) |")
    print("|---|---:|")
    for name, values in phases.items():
        print(f"| {name} | {statistics.median(values[3:]) * 1e3:.1f} |")


def main(argv=None):
    parser = argparse.ArgumentParser(description="PTB LSTM LM 학습 한 걸음의 속도 비교")
    parser.add_argument("--rounds", type=int, default=10, help="번갈아 재는 바퀴 수 (바퀴마다 구현별로 4 걸음을 잰다)")
    parser.add_argument("--no-textbook", action="store_true", help="교재 방식 줄을 빼고 잰다 (빨리 보고 싶을 때)")
    parser.add_argument("--no-torch", action="store_true")
    parser.add_argument("--no-small", action="store_true", help="작은 설정 (SimpleRnnlm 1,000 단어) 을 재지 않는다")
    parser.add_argument("--profile", action="store_true", help="표 대신 엔진 한 걸음의 프로파일을 찍는다")
    parser.add_argument("--phases", action="store_true", help="표 대신 엔진 한 걸음의 단계별 시간을 찍는다")
    args = parser.parse_args(argv)

    batches = ptb_batches(20)
    print(
        f"설정: V={V}, D=H={D}, N={N}, T={T}, SGD lr {LR}, 클리핑 {MAX_GRAD}, "
        f"스레드 {THREADS} (엔진의 일꾼 {fast.workers()})"
    )
    if args.profile:
        print_profile(batches, repeats=args.rounds)
        return
    if args.phases:
        print_phases(batches, repeats=4 * args.rounds)
        return

    notes = []
    steps = [engine_step(), core_step(), FloorStep()]
    torch = None if args.no_torch else load_torch()
    if torch is not None:
        steps.append(TorchStep(torch))
        notes.append(f"PyTorch {torch.__version__}, torch.get_num_threads() = {torch.get_num_threads()}")
    elif args.no_torch:
        notes.append("PyTorch 줄은 --no-torch 로 뺐습니다.")
    else:
        notes.append("PyTorch 줄은 뺐습니다: torch 가 없습니다 (`.venv/bin/pip install -e .[bench]`).")
    if not args.no_textbook:
        steps.append(textbook_step())
    load_before = os.getloadavg()[0]
    times = measure(steps, batches, args.rounds)
    load_after = os.getloadavg()[0]
    notes.append(
        f"{args.rounds} 바퀴 × 구현마다 4 걸음, 번갈아 잰 중앙값. 부하 평균 {load_before:.1f} -> {load_after:.1f}"
    )
    print_table(times, TorchStep.name, FloorStep.name, notes)

    for step in (engine_step(), core_step()):
        memory = peak_step_memory(step, batches[0])
        print(f"{step.name} 한 걸음의 최고 메모리 (tracemalloc, 걸음 사이에 남는 가중치·버퍼 제외): {memory:.1f} MiB")
    if not args.no_small:
        core, engine = small_setting_seconds(SimpleRnnlm), small_setting_seconds(fast.SimpleRnnlm)
        print(f"작은 설정 (SimpleRnnlm, PTB 1,000 단어, 100 에폭, N=10, T=5): 코어 {core:.1f} 초, 엔진 {engine:.1f} 초")


if __name__ == "__main__":
    main()
