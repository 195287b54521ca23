"""학습이 실제로 된다 (PTB 앞 1,000 단어), 그리고 저장소에 든 말뭉치에 관한 사실들."""

import re

import numpy as np

from rnnlib import SGD, RnnlmTrainer, SimpleRnnlm, load_korean, load_ptb, preprocess
from rnnlib.data import KOREAN_TEXTS, data_dir


def test_simple_rnnlm_on_first_1000_ptb_words_reaches_perplexity_below_10():
    corpus = load_ptb("train")[0][:1000]
    xs, ts = corpus[:-1], corpus[1:]
    model = SimpleRnnlm(int(corpus.max()) + 1, 100, 100, rng=1)
    trainer = RnnlmTrainer(model, SGD(lr=0.1))
    trainer.fit(xs, ts, max_epoch=100, batch_size=10, time_size=5, quiet=True)
    assert len(trainer.ppl_list) == 100  # 에폭마다 19 반복, eval_interval 20 이라 반복 0 에서만 기록
    assert trainer.ppl_list[0] > 300  # 처음에는 어휘 수 (418) 에 가깝다
    assert trainer.ppl_list[-1] < 10


# ---------------------------------------------------------------- PTB


def test_ptb_splits_have_929589_73760_82430_ids():
    lengths = [len(load_ptb(split)[0]) for split in ("train", "valid", "test")]
    assert lengths == [929_589, 73_760, 82_430]


def test_ptb_vocabulary_has_10000_words_shared_by_all_splits():
    _, word_to_id, id_to_word = load_ptb("train")
    assert len(word_to_id) == len(id_to_word) == 10_000
    assert load_ptb("test")[1] == word_to_id


def test_ptb_train_starts_with_ids_0_to_4_numbered_in_order_of_appearance():
    corpus, _, id_to_word = load_ptb("train")
    assert corpus[:5].tolist() == [0, 1, 2, 3, 4]
    assert [id_to_word[i] for i in range(5)] == ["aer", "banknote", "berlitz", "calloway", "centrust"]


def test_ptb_line_ends_are_the_word_eos():
    corpus, word_to_id, _ = load_ptb("train")
    assert "<eos>" in word_to_id
    assert np.count_nonzero(corpus == word_to_id["<eos>"]) == 42_068  # 줄 수 (data/SOURCE.md)


def test_ptb_valid_and_test_ids_are_inside_the_vocabulary():
    for split in ("valid", "test"):
        corpus = load_ptb(split)[0]
        assert corpus.dtype == np.int32
        assert 0 <= corpus.min() and corpus.max() < 10_000


def test_ptb_word_to_id_and_id_to_word_are_inverse():
    _, word_to_id, id_to_word = load_ptb("train")
    assert sorted(id_to_word) == list(range(10_000))
    assert all(word_to_id[word] == i for i, word in id_to_word.items())


def test_mutating_a_returned_ptb_corpus_or_dict_does_not_change_the_next_load():
    corpus, word_to_id, id_to_word = load_ptb("valid")
    expected = corpus.copy()
    corpus[:] = 0
    word_to_id["<eos>"] = -5
    id_to_word[0] = "바뀐 단어"
    del word_to_id["aer"]
    again, word_to_id_again, id_to_word_again = load_ptb("valid")
    np.testing.assert_array_equal(again, expected)
    assert word_to_id_again["<eos>"] != -5 and "aer" in word_to_id_again
    assert id_to_word_again[0] == "aer"


# ---------------------------------------------------------------- 한국어, 장난감 문장


def test_korean_corpus_ids_round_trip_to_the_shipped_text():
    corpus, char_to_id, id_to_char = load_korean()
    text = "".join(id_to_char[int(i)] for i in corpus)
    assert [char_to_id[ch] for ch in text] == corpus.tolist()
    shipped = "".join((data_dir() / "korean" / f"{name}.txt").read_text(encoding="utf-8") for name in KOREAN_TEXTS)
    assert re.sub(r"\s", "", text) == re.sub(r"\s", "", shipped)  # 공백만 정리했다
    assert text.startswith("대한민국헌법\n")


def test_korean_corpus_has_about_560_distinct_characters():
    corpus, char_to_id, id_to_char = load_korean()
    assert len(char_to_id) == len(id_to_char) == len(np.unique(corpus))
    assert 540 <= len(char_to_id) <= 580  # data/SOURCE.md: 약 560 자 (지금 558)


def test_preprocess_of_the_toy_sentence_gives_ids_0_1_2_3_4_1_5_6():
    corpus, word_to_id, id_to_word = preprocess("You say goodbye and I say hello.")
    assert corpus.tolist() == [0, 1, 2, 3, 4, 1, 5, 6]
    assert word_to_id == {"you": 0, "say": 1, "goodbye": 2, "and": 3, "i": 4, "hello": 5, ".": 6}
    assert id_to_word == {i: word for word, i in word_to_id.items()}
