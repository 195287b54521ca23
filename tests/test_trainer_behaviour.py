"""RnnlmTrainer의 사용자 쪽 동작: 진행 막대, 중단, 그림."""

import warnings

import matplotlib
import numpy as np
import pytest

from rnnlib import SGD, RnnlmTrainer, SimpleRnnlm, preprocess

matplotlib.use("Agg")


def toy_data(repeat=20):
    corpus, _, _ = preprocess()
    corpus = np.tile(corpus, repeat)
    return corpus[:-1], corpus[1:], int(corpus.max()) + 1


class StopAfter(SimpleRnnlm):
    """stop_at 번째 forward에서 KeyboardInterrupt (노트북의 정지 버튼)를 낸다."""

    def __init__(self, stop_at, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.calls, self.stop_at = 0, stop_at

    def forward(self, xs, ts):
        self.calls += 1
        if self.calls == self.stop_at:
            raise KeyboardInterrupt
        return super().forward(xs, ts)


def test_interrupt_keeps_trained_model_and_history():
    xs, ts, V = toy_data()
    model = StopAfter(30, V, 5, 5, rng=0)
    start = [p.copy() for p in model.params]
    trainer = RnnlmTrainer(model, SGD(0.1))
    with pytest.warns(UserWarning, match="중단"):
        trainer.fit(xs, ts, max_epoch=50, batch_size=2, time_size=5, eval_interval=2, quiet=True)
    assert trainer.interrupted
    assert len(trainer.ppl_list) == 15  # 29 번 학습, 짝수 번째 반복마다 기록
    assert any(not np.array_equal(a, b) for a, b in zip(start, model.params))


def test_quiet_fit_writes_nothing(capsys):
    xs, ts, V = toy_data()
    RnnlmTrainer(SimpleRnnlm(V, 5, 5, rng=0), SGD(0.1)).fit(xs, ts, max_epoch=2, batch_size=2, time_size=5, quiet=True)
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err == ""


def test_progress_bar_shows_epoch_and_perplexity_in_a_terminal(capsys):
    xs, ts, V = toy_data()
    RnnlmTrainer(SimpleRnnlm(V, 5, 5, rng=0), SGD(0.1)).fit(
        xs, ts, max_epoch=2, batch_size=2, time_size=5, eval_interval=1
    )
    err = capsys.readouterr().err
    assert "에폭 2/2" in err
    assert "퍼플렉서티" in err


def test_plot_draws_korean_labels_without_missing_glyphs():
    xs, ts, V = toy_data()
    trainer = RnnlmTrainer(SimpleRnnlm(V, 5, 5, rng=0), SGD(0.1))
    trainer.fit(xs, ts, max_epoch=3, batch_size=2, time_size=5, eval_interval=5, quiet=True)
    with warnings.catch_warnings():
        warnings.filterwarnings("error", message="Glyph .* missing")
        ax = trainer.plot()
        ax.figure.canvas.draw()
    assert ax.get_ylabel() == "퍼플렉서티"
    assert list(ax.lines[0].get_ydata()) == trainer.ppl_list
    matplotlib.pyplot.close(ax.figure)


def test_plot_before_fit_explains_what_to_do():
    xs, ts, V = toy_data()
    with pytest.raises(ValueError, match="fit을 먼저"):
        RnnlmTrainer(SimpleRnnlm(V, 5, 5, rng=0), SGD(0.1)).plot()
