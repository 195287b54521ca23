"""미니배치 오프셋 탐색기 뒤의 순수 함수.

RnnlmTrainer 와 똑같이 batching.batch_positions 로 위치를 구한다 (다시 유도하지 않는다).
기호: N 배치 크기 (행), T 시각 수, M 입력 xs = corpus[:-1] 의 길이.
"""

from dataclasses import dataclass

import numpy as np

from ..batching import batch_offsets, batch_positions, iters_per_epoch
from ..validation import as_array, describe, is_int


@dataclass(frozen=True)
class BatchView:
    """반복 iteration 에서 각 행이 읽는 곳.

    positions (N, T): 읽는 입력 위치 (L 로 나눈 나머지), laps (N, T): 말뭉치 끝을 지나 처음으로
    돌아간 횟수 (0 이면 아직 첫 바퀴), batch_x / batch_t (N, T): 입력과 정답 단어.
    """

    data_size: int
    batch_size: int
    time_size: int
    iteration: int
    iters_per_epoch: int
    offsets: np.ndarray
    positions: np.ndarray
    laps: np.ndarray
    batch_x: list
    batch_t: list

    @property
    def epoch(self):
        """이 반복이 속한 에폭 (0부터 센다)."""
        return self.iteration // self.iters_per_epoch

    @property
    def time_idx(self):
        return self.iteration * self.time_size


def batch_view(corpus, batch_size, time_size, iteration, id_to_word=None):
    """corpus (단어 ID 배열) 로 학습할 때 iteration 번째 반복 (0 부터, 에폭을 넘어 이어 셈) 의 미니배치.

    트레이너처럼 xs = corpus[:-1], ts = corpus[1:] 로 보고, time_idx = iteration * time_size.
    id_to_word 가 있으면 batch_x / batch_t 를 단어로, 없으면 ID 로 채운다.
    """
    as_array("corpus", corpus)
    if corpus.ndim != 1 or len(corpus) < 2:
        raise ValueError(f"`corpus`는 단어가 2개 이상인 1차원 배열이어야 하는데 모양={corpus.shape}입니다.")
    xs, ts = corpus[:-1], corpus[1:]
    data_size = len(xs)
    per_epoch = iters_per_epoch(data_size, batch_size, time_size)
    if not is_int(iteration) or iteration < 0:
        raise ValueError(f"`iteration`은 0 이상의 정수여야 하는데 {describe(iteration)}입니다.")
    time_idx = iteration * time_size
    offsets = batch_offsets(data_size, batch_size)
    positions = batch_positions(data_size, batch_size, time_size, time_idx)
    laps = (offsets[:, None] + time_idx + np.arange(time_size)) // data_size

    def words(ids):
        return [[id_to_word[int(i)] if id_to_word else int(i) for i in row] for row in ids]

    return BatchView(
        data_size=data_size,
        batch_size=batch_size,
        time_size=time_size,
        iteration=int(iteration),
        iters_per_epoch=per_epoch,
        offsets=offsets,
        positions=positions,
        laps=laps,
        batch_x=words(xs[positions]),
        batch_t=words(ts[positions]),
    )
