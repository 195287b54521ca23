"""코어를 나누어 쓰는 두 가지 도우미: 큰 배열을 행 구간으로 나누어 스레드에서 계산하기, BLAS 스레드 수 정하기.

- for_row_blocks: NumPy 의 ufunc (exp, max, sum, 곱셈…) 은 한 코어만 쓴다. 하지만 계산하는 동안 GIL 을
  놓으므로, 배열을 행 구간으로 나누어 스레드 몇 개에 맡기면 여러 코어가 함께 일한다.
- blas_threads_for: 행렬 곱 (BLAS) 은 스스로 여러 스레드를 쓰는데, 작은 곱에서는 스레드끼리 맞추는 비용이 곱셈보다
  크다. 코어를 다른 일과 나누어 쓰는 기계에서는 곱셈마다 다른 스레드를 기다리느라 수십 배 느려지기도 한다.
  그래서 작은 곱은 스레드 하나로 한다.
글자: R 행 수.
"""

import contextlib
import functools
import os
from concurrent.futures import ThreadPoolExecutor

from threadpoolctl import ThreadpoolController

WORKERS = os.cpu_count() or 1
# 한 구간의 크기: 구간 하나를 여러 번 훑는 동안 코어의 L2 캐시 (0.5–1 MiB) 에 머물 만큼
BLOCK_BYTES = 256 * 1024
# 이보다 작은 배열은 스레드를 깨우는 비용이 더 커서 나누지 않는다
PARALLEL_MIN_BYTES = 1024 * 1024
# 곱셈-덧셈이 이보다 적은 행렬 곱 (한 코어로 1–2 ms 안쪽) 은 BLAS 스레드 하나로 한다
SMALL_MATMUL = 1 << 24

_pool = None


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
        for rows in share:
            compute(rows)

    global _pool
    if _pool is None:
        _pool = ThreadPoolExecutor(max_workers=WORKERS - 1, thread_name_prefix="rnnlib")
    per_worker = -(-len(blocks) // workers)  # 올림 나눗셈
    shares = [blocks[k : k + per_worker] for k in range(0, len(blocks), per_worker)]
    futures = [_pool.submit(run, share) for share in shares[1:]]
    run(shares[0])  # 첫 묶음은 지금 스레드가 맡는다
    for future in futures:
        future.result()


@functools.cache
def _blas_libraries():
    """이 프로세스에 올라온 BLAS 라이브러리들 (NumPy 의 OpenBLAS 등) 을 다루는 객체 목록."""
    return ThreadpoolController().select(user_api="blas").lib_controllers


@contextlib.contextmanager
def blas_threads_for(multiply_adds):
    """곱셈-덧셈 multiply_adds 번짜리 행렬 곱이면, 작을 때 이 블록 안에서 BLAS 스레드를 하나만 쓴다.

    큰 곱 (PTB 의 어휘 크기 곱처럼) 은 BLAS 가 정한 스레드 수를 그대로 쓴다.
    """
    if multiply_adds >= SMALL_MATMUL:
        yield
        return
    libraries = _blas_libraries()
    previous = [library.get_num_threads() for library in libraries]
    for library in libraries:
        library.set_num_threads(1)
    try:
        yield
    finally:
        for library, threads in zip(libraries, previous):
            library.set_num_threads(threads)
