"""엔진이 CPU 코어 둘 이상을 쓰는 방법: 우리 스레드 몇 개와, 스레드 하나로만 도는 BLAS.

- 일꾼 수 (workers): 기본은 os.cpu_count(). 환경 변수 RNNLIB_WORKERS 나 set_workers(n) 로 정한다.
- 일을 나누는 방법은 일꾼 수와 상관없이 정해져 있다 (행 구간, 열 구간의 수는 문제의 크기만으로 정한다). 일꾼은
  정해진 조각을 가져가 계산할 뿐이므로, 일꾼이 몇이든 어느 조각을 누가 언제 계산하든 결과가 비트까지 같다.
- BLAS (OpenBLAS) 는 스레드 하나로 쓴다 (one_blas_thread). BLAS 가 스스로 여러 스레드를 쓰면 곱이 끝난 뒤에도
  그 스레드들이 0.1 초쯤 코어를 붙잡고 다음 일을 기다려서 (busy-wait), 바로 뒤의 exp 나 합이 코어를 얻지 못한다.
"""

import collections
import contextlib
import functools
import os
from concurrent.futures import ThreadPoolExecutor

import numpy as np

from ..validation import describe, is_int

try:
    from threadpoolctl import ThreadpoolController
except ImportError as error:  # pragma: no cover - 설치 안내
    raise ImportError(
        "rnnlib.fast에는 threadpoolctl이 필요합니다. `pip install -e .[fast]` (make lab이 함께 설치합니다)로 "
        "설치해 주세요."
    ) from error


def _workers_from_environment():
    text = os.environ.get("RNNLIB_WORKERS")
    if text is None:
        return os.cpu_count() or 1
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise ValueError(f"환경 변수 RNNLIB_WORKERS는 1 이상의 정수여야 하는데 {text!r}입니다 (예: RNNLIB_WORKERS=2).")
    return value


# 곱셈-덧셈이 이보다 적은 일 (CPU 코어 하나로 1–2 ms 안쪽) 은 나누지 않는다: 다른 스레드를 깨우는 비용이 더 크다
SMALL_WORK = 1 << 24

_workers = _workers_from_environment()
_pool = None
_background = 0  # 지금 다른 스레드에서 돌고 있는 Background 의 수


def workers():
    """엔진이 쓰는 스레드 수 (지금 스레드 포함)."""
    return _workers


def set_workers(count):
    """엔진이 쓰는 스레드 수를 바꾼다 (결과는 바뀌지 않고 속도만 바뀐다). 이전 값을 돌려준다."""
    global _workers, _pool
    if not is_int(count) or count < 1:
        raise ValueError(f"`count`는 1 이상의 정수여야 하는데 {describe(count)}입니다.")
    if _background:
        raise RuntimeError("다른 스레드가 아직 계산하는 중에는 일꾼 수를 바꿀 수 없습니다.")
    previous, _workers = _workers, int(count)
    if _pool is not None:
        _pool.shutdown()
        _pool = None
    return previous


def _get_pool():
    global _pool
    if _pool is None:
        _pool = ThreadPoolExecutor(max_workers=max(1, _workers - 1), thread_name_prefix="rnnlib.fast")
    return _pool


def run_parallel(tasks):
    """인자 없는 함수 목록 tasks 를 일꾼들이 나누어 부르고 모두 끝나기를 기다린다. 예외는 여기서 다시 일어난다.

    일꾼이 하나이거나 Background 가 다른 스레드를 쓰고 있으면 모두 지금 스레드에서 차례로 한다.
    """
    if len(tasks) <= 1 or _workers == 1 or _background:
        for task in tasks:
            task()
        return
    queue = collections.deque(tasks)

    def drain():
        while True:
            try:
                task = queue.popleft()  # deque 의 popleft 는 스레드 사이에서 안전하다
            except IndexError:
                return
            task()

    futures = [_get_pool().submit(drain) for _ in range(min(_workers, len(tasks)) - 1)]
    try:
        drain()
    finally:
        for future in futures:
            future.result()


def shares(n, parts):
    """0..n을 거의 같은 크기의 연속 구간 parts 개로 나눈다 (빈 구간은 뺀다)."""
    bounds = np.linspace(0, n, parts + 1).round().astype(int)
    return [slice(start, stop) for start, stop in zip(bounds[:-1], bounds[1:]) if stop > start]


@functools.cache
def _blas_libraries():
    """이 프로세스에 올라온 BLAS 라이브러리들 (NumPy의 OpenBLAS 등)을 다루는 객체 목록."""
    return ThreadpoolController().select(user_api="blas").lib_controllers


@contextlib.contextmanager
def one_blas_thread():
    """이 블록 안에서는 BLAS가 스레드 하나만 쓴다. 나갈 때 원래의 스레드 수로 되돌린다."""
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


class Background:
    """지금 당장 필요하지 않은 계산 tasks (인자 없는 함수들) 를 다른 스레드가 하나씩 가져가 계산하게 한다.

    그동안 지금 스레드는 다른 일 (예: CPU 코어 하나만 쓰는 LSTM 의 시각마다의 반복) 을 한다.
    finish() 는 남은 tasks 를 지금 스레드도 함께 계산하고 모두 끝나기를 기다린다. tasks 안의 예외는 여기서 일어난다.
    """

    def __init__(self, tasks):
        global _background
        self._tasks = collections.deque(tasks)
        self._future = None
        if _workers > 1 and self._tasks:
            self._future = _get_pool().submit(self._drain)
            _background += 1

    def _drain(self):
        while True:
            try:
                task = self._tasks.popleft()
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


def busy():
    """다른 스레드에서 아직 돌고 있는 Background의 수 (테스트가 스레드가 남지 않았는지 볼 때 쓴다)."""
    return _background
