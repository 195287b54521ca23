"""위젯의 반응 속도: 조작 하나를 바꿀 때 (순수 함수 + 다시 그리기) 걸리는 시간.

실행: .venv/bin/python benchmarks/widget_latency.py
조작마다 값을 여러 번 바꾸어 중앙값과 최댓값 (ms) 을 표로 찍는다. 목표: 중앙값 ≤ 50 ms.
위젯을 새로 만들면 CASES 에 (이름, 만드는 함수, [(조작 이름, [바꿀 값들])]) 를 더한다.
"""

import statistics
import sys
import time
import unicodedata

from rnnlib.widgets.context import context_window_explorer
from rnnlib.widgets.gates import lstm_gate_explorer
from rnnlib.widgets.offsets import offset_explorer
from rnnlib.widgets.perplexity import perplexity_explorer
from rnnlib.widgets.shapes import shape_explorer
from rnnlib.widgets.stepper import rnn_stepper
from rnnlib.widgets.truncation import truncation_explorer

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
    (
        "펼친 RNN 단계별 보기 (T=7, H=4)",
        lambda: rnn_stepper(T=7, hidden_size=4),
        [("stage", [1, 6, 7, 10, 13, 0]), ("wh_scale", [0.5, 2.0, 1.0]), ("T", [4, 7]), ("hidden_size", [3, 4])],
    ),
    (
        "잘린 BPTT 블록 (S=48, B=4)",
        lambda: truncation_explorer(seq_len=48, block_size=4, hidden_size=8),
        [("block", [1, 5, 11, 0]), ("block_size", [6, 3, 4]), ("seq_len", [24, 48]), ("hidden_size", [3, 8])],
    ),
    (
        "RNN 모양 (N=2, T=4, D=10, H=3)",
        lambda: shape_explorer(),
        [("T", [8, 100, 4]), ("H", [5, 3]), ("bidirectional", [True, False]), ("return_sequences", [False, True])],
    ),
    (
        "퍼플렉서티 (단어 5개)",
        lambda: perplexity_explorer(),
        [
            ("target", ["you", "say", "goodbye"]),
            ("samples", ["0.8, 0.2", "0.5, 0.5, 0.9", "0.8, 0.2, 0.9, 0.05"]),
            ("mode", ["draw", "list"]),
        ],
    ),
    (
        "퍼플렉서티 (분포에서 n 개)",
        lambda: perplexity_explorer(mode="draw", n=200),
        [("n", [1000, 5000, 200]), ("seed", [1, 2, 0])],
    ),
    (
        "맥락 창 (예문, 18단어 앞 단서)",
        lambda: context_window_explorer(window=2),
        [("window", [5, 18, 21, 1, 2]), ("D", [50, 100]), ("H", [10, 100])],
    ),
    (
        "LSTM 게이트 (T=30)",
        lambda: lstm_gate_explorer(),
        [
            ("f", [0.1, 0.5, 0.9]),
            ("c_prev", [-2.0, 1.0]),
            ("T", [60, 100, 30]),
            ("rnn_scale", [0.5, 1.5, 1.0]),
            ("forget_bias", [0.0, 5.0, 2.0]),
        ],
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


def pad(text, width):
    """한글은 두 칸을 차지하므로 화면 폭으로 맞춰 채운다."""
    shown = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
    return text + " " * max(width - shown, 0)


def main():
    rows = []
    for name, make, changes in CASES:
        widget = make()
        for control, values in changes:
            times = measure(widget, control, values)
            rows.append((name, control, statistics.median(times), max(times)))
    print(f"{pad('위젯', 34)} {pad('조작', 17)} {pad('중앙값 ms', 10)} {pad('최댓값 ms', 10)} 목표 ≤ {TARGET_MS} ms")
    for name, control, median, worst in rows:
        verdict = "통과" if median <= TARGET_MS else "초과"
        print(f"{pad(name, 34)} {pad(control, 17)} {median:>10.1f} {worst:>10.1f} {verdict}")
    return 0 if all(r[2] <= TARGET_MS for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
