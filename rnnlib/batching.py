"""잘린 BPTT 의 미니배치 일정: 오프셋, 읽는 위치, 말뭉치 끝에서 처음으로 돌아가기.

트레이너, eval_perplexity, 미니배치 위젯이 모두 이 함수들을 쓴다.
기호: N 배치 크기 (행 수), T 시각 수 (한 번에 읽는 길이), M 입력 xs 의 길이 (말뭉치 길이 − 1).

행 i 는 위치 i * (L // N) 에서 읽기 시작하고, 모든 행이 반복마다 T 칸씩 함께 나아간다.
위치가 L 을 넘으면 0 으로 돌아간다 (나머지 연산).
"""

import numpy as np

from .validation import check_positive_int, describe, is_int


def batch_offsets(data_size, batch_size):
    """각 행이 읽기 시작하는 위치 (N,). 행 i의 오프셋은 i * (data_size // batch_size)."""
    data_size = check_positive_int("data_size", data_size)
    batch_size = check_positive_int("batch_size", batch_size)
    if batch_size > data_size:
        raise ValueError(
            f"`batch_size` {batch_size}이(가) 말뭉치 길이 {data_size}보다 큽니다. "
            f"행마다 다른 곳을 읽으려면 batch_size를 {data_size} 이하로 줄여 주세요."
        )
    return np.arange(batch_size) * (data_size // batch_size)


def iters_per_epoch(data_size, batch_size, time_size):
    """한 에폭의 반복 수 = data_size // (batch_size * time_size). 0 이면 ValueError."""
    batch_offsets(data_size, batch_size)
    time_size = check_positive_int("time_size", time_size)
    iters = data_size // (batch_size * time_size)
    if iters == 0:
        raise ValueError(
            f"말뭉치 길이 {data_size}이(가) 미니배치 하나 (batch_size {batch_size} × time_size "
            f"{time_size} = {batch_size * time_size})보다 짧습니다. batch_size나 time_size를 줄여 주세요."
        )
    return iters


def batch_positions(data_size, batch_size, time_size, time_idx):
    """time_idx 번째 칸부터 읽을 말뭉치 위치 (N, T). 말뭉치 끝을 넘으면 처음으로 돌아간다.

    반복 k 의 time_idx 는 k * time_size 이다.
    """
    offsets = batch_offsets(data_size, batch_size)
    time_size = check_positive_int("time_size", time_size)
    if not is_int(time_idx) or time_idx < 0:
        raise ValueError(f"`time_idx`는 0 이상의 정수여야 하는데 {describe(time_idx)}입니다.")
    return (offsets[:, None] + time_idx + np.arange(time_size)) % data_size


def get_batch(xs, ts, batch_size, time_size, time_idx):
    """입력 xs와 정답 ts에서 (batch_x, batch_t)를 꺼낸다. 둘 다 (N, T)."""
    positions = batch_positions(len(xs), batch_size, time_size, time_idx)
    return xs[positions], ts[positions]
