"""미니배치 오프셋 탐색기: 순수 함수는 트레이너의 미니배치와 같고, 위젯은 조작에 반응한다."""

import numpy as np
import pytest

from rnnlib import SGD, RnnlmTrainer, SimpleRnnlm, load_ptb, preprocess
from rnnlib.viz.offsets import batch_view
from rnnlib.widgets.offsets import offset_explorer


class Recorder(SimpleRnnlm):
    """트레이너가 실제로 넘긴 미니배치를 모두 기록한다."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.batches = []

    def forward(self, xs, ts):
        self.batches.append((xs.copy(), ts.copy()))
        return super().forward(xs, ts)


@pytest.mark.parametrize(
    "length, batch_size, time_size, epochs",
    [(8, 2, 3, 3), (101, 4, 5, 3), (1000, 10, 5, 2), (57, 3, 7, 4), (12, 1, 11, 3)],
)
def test_batch_view_equals_what_the_trainer_feeds_for_every_iteration(length, batch_size, time_size, epochs):
    corpus = load_ptb("train")[0][:length]
    V = int(corpus.max()) + 1
    model = Recorder(V, 3, 3, rng=0)
    RnnlmTrainer(model, SGD(0.01)).fit(
        corpus[:-1], corpus[1:], max_epoch=epochs, batch_size=batch_size, time_size=time_size, quiet=True
    )
    assert len(model.batches) == epochs * ((length - 1) // (batch_size * time_size))
    for iteration, (batch_x, batch_t) in enumerate(model.batches):
        view = batch_view(corpus, batch_size, time_size, iteration)
        np.testing.assert_array_equal(view.batch_x, batch_x)
        np.testing.assert_array_equal(view.batch_t, batch_t)


def test_batch_view_marks_positions_that_wrapped_past_the_end():
    corpus = np.arange(11)  # 입력 10개
    view = batch_view(corpus, batch_size=2, time_size=3, iteration=1)  # time_idx 3, 오프셋 0, 5
    assert view.positions.tolist() == [[3, 4, 5], [8, 9, 0]]
    assert view.laps.tolist() == [[0, 0, 0], [0, 0, 1]]


def test_batch_view_shows_words_of_the_toy_corpus():
    corpus, _, id_to_word = preprocess()
    view = batch_view(corpus, batch_size=1, time_size=3, iteration=0, id_to_word=id_to_word)
    assert view.batch_x == [["you", "say", "goodbye"]]
    assert view.batch_t == [["say", "goodbye", "and"]]


def test_offset_explorer_redraws_when_iteration_changes():
    explorer = offset_explorer("ptb", ptb_words=1000, batch_size=2, time_size=5)
    before = explorer.area.value
    explorer.iteration.value = 3
    assert explorer.area.value != before
    assert "time_idx = 3 × 5 = 15" in explorer.area.value


@pytest.mark.parametrize(
    "control, value, fragment",
    [("batch_size", 0, "`batch_size`"), ("batch_size", 50, "50"), ("time_size", -1, "`time_size`"),
     ("ptb_words", 1, "PTB 단어 수")],
)  # fmt: skip
def test_offset_explorer_shows_a_korean_message_for_impossible_values(control, value, fragment):
    explorer = offset_explorer("toy")
    getattr(explorer, control).value = value
    if control == "ptb_words":
        explorer.source.value = "ptb"
    assert "입력값을 확인해 주세요" in explorer.area.value
    assert fragment in explorer.area.value


def test_offset_explorer_output_carries_a_static_rendering_of_its_first_state():
    bundle = offset_explorer("toy")._repr_mimebundle_()
    assert "<svg" in bundle["text/html"]
    assert "application/vnd.jupyter.widget-view+json" in bundle
