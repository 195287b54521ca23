"""저장소에 든 학습 결과 (data/trained/) 가 그것을 만든 스크립트의 기록과 맞는다.

korean_lstm.{json,npz} 는 benchmarks/train_korean.py 가, ptb_lstm_textbook.json 과 ptb_lstm_better.{json,npz} 는
benchmarks/train_ptb.py 가 썼다. json 이 말하는 모델에 가중치가 들어가고, 같은 규칙으로 나눈 검증 말뭉치에서
rnnlib.eval_perplexity 로 다시 잰 퍼플렉서티가 기록된 값과 같아야 한다 (5.5b 노트북이 이 파일들을 읽는다).
"""

import json
import math

import numpy as np
import pytest

from rnnlib import eval_perplexity, load_korean, load_ptb
from rnnlib.data import data_dir
from rnnlib.fast import BetterRnnlm, Rnnlm  # 엔진으로 잰다 (코어와 같다는 것은 test_engine.py 가 확인한다): 빠르다

TRAINED = data_dir() / "trained"
ROOT = data_dir().parent
MODELS = {"Rnnlm": Rnnlm, "BetterRnnlm": BetterRnnlm}


def load_json(name):
    return json.loads((TRAINED / name).read_text(encoding="utf-8"))


def build(config, vocab_size):
    """json의 config가 말하는 모델 (학습 스크립트의 build_model과 같은 인자)."""
    D, H = config["wordvec_size"], config["hidden_size"]
    if config["model"] == "Rnnlm":
        return Rnnlm(vocab_size, D, H)
    return BetterRnnlm(vocab_size, D, H, dropout_ratio=config["dropout"], num_layers=config["num_layers"])


def loaded(result, vocab_size):
    model = build(result["config"], vocab_size)
    model.load_params(ROOT / result["weights"])  # shape 이 하나라도 다르면 ValueError
    return model


# ---------------------------------------------------------------- 한국어 (benchmarks/train_korean.py)


@pytest.fixture(scope="module")
def korean():
    result = load_json("korean_lstm.json")
    corpus, char_to_id, id_to_char = load_korean("all")
    return result, corpus, id_to_char


def test_korean_json_vocabulary_is_the_one_load_korean_builds(korean):
    result, _, id_to_char = korean
    assert result["config"]["vocab_size"] == len(id_to_char)
    assert result["vocabulary"] == [id_to_char[i] for i in range(len(id_to_char))]


def test_korean_weights_load_into_the_model_the_json_describes(korean):
    result, _, id_to_char = korean
    model = loaded(result, len(id_to_char))
    assert type(model).__name__ == result["config"]["model"]
    assert len(model.lstm_layers) == result["config"]["num_layers"]
    assert all(np.isfinite(p).all() for p in model.params)
    with np.load(ROOT / result["weights"]) as saved:
        assert str(saved["model"]) == result["config"]["model"]


def test_korean_split_follows_the_rule_written_in_the_json(korean):
    result, corpus, _ = korean
    split = int(round(len(corpus) * (1 - result["split"]["valid_fraction"])))
    assert (split, len(corpus) - split) == (result["split"]["train_size"], result["split"]["valid_size"])


def test_shipped_korean_weights_reproduce_the_stored_validation_perplexity(korean):
    result, corpus, id_to_char = korean
    assert result["evaluation"] == "rnnlib.eval_perplexity(model, valid, batch_size=10, time_size=35)"
    valid = corpus[int(round(len(corpus) * (1 - result["split"]["valid_fraction"]))) :]
    ppl = eval_perplexity(loaded(result, len(id_to_char)), valid, batch_size=10, time_size=35, quiet=True)
    assert math.isclose(ppl, result["valid_ppl"], rel_tol=1e-3)


def test_korean_stored_perplexity_is_the_best_epoch_of_the_history(korean):
    result, _, _ = korean
    history = result["history"]
    assert len(history["epoch"]) == result["epochs_run"] == len(history["valid_ppl"])
    best = int(np.argmin(history["valid_ppl"]))
    assert history["epoch"][best] == result["best_epoch"]
    assert math.isclose(history["valid_ppl"][best], result["valid_ppl"], rel_tol=1e-3)
    assert result["command"].startswith(".venv/bin/python benchmarks/train_korean.py")


# ---------------------------------------------------------------- PTB (benchmarks/train_ptb.py)


@pytest.fixture(scope="module")
def ptb_vocab_size():
    return len(load_ptb("train")[1])


@pytest.mark.parametrize("setting", ["textbook", "better"])
def test_ptb_results_record_history_perplexities_time_and_command(setting):
    result = load_json(f"ptb_lstm_{setting}.json")
    assert result["setting"] == setting
    assert result["command"].startswith(".venv/bin/python benchmarks/train_ptb.py") and setting in result["command"]
    history, curve = result["history"], result["iteration_curve"]
    for key in ("epoch", "lr", "train_ppl", "valid_ppl", "elapsed_seconds"):
        assert len(history[key]) == result["epochs_run"], key
    assert len(curve["iteration"]) == len(curve["train_ppl"]) > 0
    assert curve["iteration"] == sorted(curve["iteration"])
    for key in ("valid_ppl", "test_ppl", "wall_seconds"):
        assert math.isfinite(result[key]) and result[key] > 0, key
    assert result["valid_ppl"] < 10_000 and result["test_ppl"] < 10_000  # 균등 모델 (V = 10,000) 보다 낫다
    assert math.isclose(min(history["valid_ppl"]), result["valid_ppl"], rel_tol=1e-3)  # 가장 좋았던 가중치로 쟀다


def test_ptb_better_weights_load_into_the_model_the_json_describes(ptb_vocab_size):
    result = load_json("ptb_lstm_better.json")
    assert result["config"]["model"] == "BetterRnnlm"
    model = loaded(result, ptb_vocab_size)
    assert len(model.lstm_layers) == result["config"]["num_layers"]
    assert all(np.isfinite(p).all() for p in model.params)


def test_shipped_ptb_better_weights_reproduce_the_stored_validation_perplexity(ptb_vocab_size):
    # 검증 말뭉치 73,760 단어 전체를 읽는다 (이 파일에서 가장 느린 테스트, 2 코어에서 10 초 남짓)
    result = load_json("ptb_lstm_better.json")
    ppl = eval_perplexity(loaded(result, ptb_vocab_size), load_ptb("valid")[0], quiet=True)
    assert math.isclose(ppl, result["valid_ppl"], rel_tol=1e-3)
