"""위젯의 반응 속도: 조작 하나를 바꿀 때 (순수 함수 + 다시 그리기) 걸리는 시간.

실행: .venv/bin/python benchmarks/widget_latency.py
조작마다 값을 여러 번 바꾸어 중앙값과 최댓값 (ms) 을 표로 찍는다. 목표: 중앙값 ≤ 50 ms.
위젯을 새로 만들면 CASES 에 (이름, 만드는 함수, [(조작 이름, [바꿀 값들])]) 를 더한다.
"""

import statistics
import sys
import time

from rnnlib.widgets.offsets import offset_explorer

TARGET_MS = 50
REPEATS = 5

CASES = [
    (
        "미니배치 오프셋 (예제 문장)",
        lambda: offset_explorer("toy", batch_size=2, time_size=3),
        [("iteration", [1, 2, 3, 0]), ("batch_size", [1, 3, 2]), ("time_size", [2, 1, 3])],
    ),
    (
        "미니배치 오프셋 (PTB 1000)",
        lambda: offset_explorer("ptb", ptb_words=1000, batch_size=10, time_size=5),
        [("iteration", [1, 5, 19, 40, 0]), ("batch_size", [2, 20, 10]), ("ptb_words", [500, 2000, 1000])],
    ),
]


def measure(widget, control, values):
    """values 를 차례로 넣으며 각 변경이 끝날 때까지의 시간 (ms)."""
    times = []
    for _ in range(REPEATS):
        for value in values:
            start = time.perf_counter()
            getattr(widget, control).value = value
            times.append((time.perf_counter() - start) * 1000)
    return times


def main():
    rows = []
    for name, make, changes in CASES:
        widget = make()
        for control, values in changes:
            times = measure(widget, control, values)
            rows.append((name, control, statistics.median(times), max(times)))
    width = max(len(r[0]) for r in rows) + 2
    print(f"{'위젯':<{width}} {'조작':<12} {'중앙값 ms':>10} {'최댓값 ms':>10}  목표")
    for name, control, median, worst in rows:
        verdict = "통과" if median <= TARGET_MS else "초과"
        print(f"{name:<{width}} {control:<12} {median:>10.1f} {worst:>10.1f}  {verdict}")
    return 0 if all(r[2] <= TARGET_MS for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
