"""코어를 나누어 쓰는 도우미: 큰 계산을 구간으로 나누어 우리 스레드에서 돌리고, BLAS 는 스레드 하나로 쓴다.

- for_row_blocks: NumPy 의 ufunc (exp, max, sum, 곱셈…) 은 한 코어만 쓴다. 하지만 계산하는 동안 GIL 을
  놓으므로, 배열을 행 구간으로 나누어 스레드 몇 개에 맡기면 여러 코어가 함께 일한다.
- matmul: 큰 행렬 곱도 같은 스레드들에 행 (또는 열) 구간으로 나누어 맡기고, 구간마다 BLAS 는 스레드 하나로 한다.
  BLAS (OpenBLAS) 가 스스로 스레드를 쓰면, 곱이 끝난 뒤에도 그 스레드들이 0.1 초쯤 코어를 붙잡고 다음 일을
  기다린다 (busy-wait). 그동안 우리 스레드의 exp 나 softmax 는 코어를 못 얻어 두 배 가까이 느려진다.
  모든 곱을 BLAS 스레드 하나로 하면 그 스레드들은 깨어나지 않는다.
- one_blas_thread: 이 블록 안의 행렬 곱은 BLAS 스레드 하나로 한다 (작은 곱: 스레드를 맞추는 비용이 곱보다 크다).
글자: R 행 수.
"""

import collections
import contextlib
import functools
import os
from concurrent.futures import ThreadPoolExecutor

import numpy as np
from threadpoolctl import ThreadpoolController

WORKERS = os.cpu_count() or 1
# 한 구간의 크기: 구간 하나를 여러 번 훑는 동안 코어의 L2 캐시 (0.5–1 MiB) 에 머물 만큼
BLOCK_BYTES = 256 * 1024
# 이보다 작은 배열은 스레드를 깨우는 비용이 더 커서 나누지 않는다
PARALLEL_MIN_BYTES = 1024 * 1024
# 곱셈-덧셈이 이보다 적은 행렬 곱 (한 코어로 1–2 ms 안쪽) 은 나누지 않는다
SMALL_MATMUL = 1 << 24

_pool = None
_background = 0  # 지금 다른 스레드에서 돌고 있는 Background 의 수


def _get_pool():
    global _pool
    if _pool is None:
        _pool = ThreadPoolExecutor(max_workers=WORKERS - 1, thread_name_prefix="rnnlib")
    return _pool


def run_parallel(tasks):
    """인자 없는 함수 목록 tasks 를 코어 수만큼의 스레드에서 나누어 부르고 모두 끝나기를 기다린다.

    첫 함수는 지금 스레드가 맡는다. 함수 안의 예외는 여기서 다시 일어난다.
    Background 가 다른 스레드를 쓰고 있으면 그 일을 기다리지 않도록 모두 지금 스레드에서 차례로 한다.
    """
    if len(tasks) == 1 or WORKERS == 1 or _background:
        for task in tasks:
            task()
        return
    futures = [_get_pool().submit(task) for task in tasks[1:]]
    tasks[0]()
    for future in futures:
        future.result()


def shares(n, parts):
    """0..n 을 거의 같은 크기의 연속 구간 parts 개로 나눈다."""
    bounds = np.linspace(0, n, parts + 1).round().astype(int)
    return [slice(start, stop) for start, stop in zip(bounds[:-1], bounds[1:]) if stop > start]


def for_row_blocks(compute, n_rows, row_bytes):
    """행 0..R 을 캐시에 들어가는 구간 (slice) 으로 나누어 compute(rows) 를 부른다.

    구간들은 코어 수 (WORKERS) 만큼의 묶음으로 나누어 스레드에서 동시에 계산한다.
    행마다 독립인 계산 (행의 최댓값, exp, 행의 합, 행마다 다른 배율) 에만 쓴다:
    결과는 나누는 방법과 상관없이 같다.
    """
    step = max(1, BLOCK_BYTES // max(1, row_bytes))
    blocks = [slice(start, min(start + step, n_rows)) for start in range(0, n_rows, step)]
    workers = min(WORKERS, len(blocks))
    if workers == 1 or n_rows * row_bytes < PARALLEL_MIN_BYTES:
        for rows in blocks:
            compute(rows)
        return

    def run(share):
        return lambda: [compute(rows) for rows in blocks[share]]

    run_parallel([run(share) for share in shares(len(blocks), workers)])


@functools.cache
def _blas_libraries():
    """이 프로세스에 올라온 BLAS 라이브러리들 (NumPy 의 OpenBLAS 등) 을 다루는 객체 목록."""
    return ThreadpoolController().select(user_api="blas").lib_controllers


@contextlib.contextmanager
def one_blas_thread():
    """이 블록 안에서는 BLAS 가 스레드 하나만 쓴다. 나갈 때 원래의 스레드 수로 되돌린다."""
    libraries = _blas_libraries()
    previous = [library.get_num_threads() for library in libraries]
    for library, threads in zip(libraries, previous):
        if threads != 1:
            library.set_num_threads(1)
    try:
        yield
    finally:
        for library, threads in zip(libraries, previous):
            if threads != 1:
                library.set_num_threads(threads)


def matmul(a, b, out, by="rows"):
    """out (M, N) 에 a (M, K) @ b (K, N) 를 쓰고 out 을 돌려준다.

    큰 곱은 a 의 행 (by="rows") 이나 b 와 out 의 열 (by="cols") 을 코어 수만큼의 구간으로 나누어 우리
    스레드에서 계산한다. 어느 쪽이든 out 의 원소 하나는 같은 K 개 곱의 합이므로 나누어도 결과가 같다.
    """
    M, K = a.shape
    N = b.shape[1]
    with one_blas_thread():
        if M * K * N < SMALL_MATMUL or WORKERS == 1:
            return np.matmul(a, b, out=out)
        if by == "rows":
            tasks = [functools.partial(np.matmul, a[rows], b, out=out[rows]) for rows in shares(M, WORKERS)]
        else:
            tasks = [functools.partial(np.matmul, a, b[:, cols], out=out[:, cols]) for cols in shares(N, WORKERS)]
        run_parallel(tasks)
    return out


class Background:
    """지금 당장 필요하지 않은 계산 tasks (인자 없는 함수들) 를 다른 스레드가 하나씩 가져가 계산하게 한다.

    그동안 지금 스레드는 다른 일 (예: LSTM 의 시각마다의 역전파처럼 코어 하나만 쓰는 일) 을 한다.
    finish() 는 남은 tasks 를 지금 스레드도 함께 계산하고, 모두 끝나기를 기다린다. tasks 안의 예외는 여기서 일어난다.
    """

    def __init__(self, tasks):
        global _background
        self._tasks = collections.deque(tasks)
        self._future = None
        if WORKERS > 1 and self._tasks:
            self._future = _get_pool().submit(self._drain)
            _background += 1

    def _drain(self):
        while True:
            try:
                task = self._tasks.popleft()  # deque 의 popleft 는 스레드 사이에서 안전하다
            except IndexError:
                return
            task()

    def finish(self):
        global _background
        try:
            self._drain()
        finally:
            if self._future is not None:
                future, self._future = self._future, None
                _background -= 1
                future.result()
