"""세어서 만드는 언어 모델: 단어 쌍의 수, 조건부 확률 표, 문장의 확률, 처음 보는 조합의 비율."""

import numpy as np
import pytest

from rnnlib import preprocess
from rnnlib.viz.ngram import (
    bigram_counts,
    conditional_probs,
    format_table,
    ngram_codes,
    sample_sentence,
    sentence_factors,
    unseen_rate,
)


@pytest.fixture
def toy():
    corpus, word_to_id, _ = preprocess()
    return corpus, word_to_id


def test_bigram_counts_equal_a_loop_over_neighbouring_pairs(toy):
    corpus, _ = toy
    expected = np.zeros((7, 7), dtype=int)
    for prev, nxt in zip(corpus[:-1], corpus[1:]):
        expected[prev, nxt] += 1
    np.testing.assert_array_equal(bigram_counts(corpus), expected)
    assert bigram_counts(corpus).sum() == len(corpus) - 1


def test_word_after_say_is_goodbye_or_hello_with_equal_probability(toy):
    corpus, w = toy
    probs = conditional_probs(bigram_counts(corpus))
    assert probs[w["say"], w["goodbye"]] == probs[w["say"], w["hello"]] == 0.5
    np.testing.assert_allclose(probs[:6].sum(axis=1), 1.0)


def test_a_word_never_followed_by_anything_gets_a_row_of_zeros(toy):
    corpus, w = toy
    probs = conditional_probs(bigram_counts(corpus))
    assert not probs[w["."]].any()


def test_sentence_probability_is_the_product_of_its_factors(toy):
    corpus, w = toy
    probs = conditional_probs(bigram_counts(corpus))
    first = np.bincount(corpus) / len(corpus)
    factors = sentence_factors(corpus, probs, first)
    assert len(factors) == len(corpus) and np.prod(factors) == pytest.approx(1 / 8 * 1 / 4)
    unseen = [w[x] for x in "you say hello and".split()]  # "hello and" 는 말뭉치에 없다
    assert np.prod(sentence_factors(unseen, probs, first)) == 0


def test_sampled_sentences_use_only_seen_pairs_and_stop_at_the_end_word(toy):
    corpus, w = toy
    counts = bigram_counts(corpus)
    probs = conditional_probs(counts)
    rng = np.random.default_rng(0)
    for _ in range(20):
        ids = sample_sentence(probs, w["you"], w["."], rng, max_len=30)
        assert all(counts[a, b] > 0 for a, b in zip(ids[:-1], ids[1:]))
        assert ids[-1] == w["."] or len(ids) == 30


def test_ngram_codes_are_equal_exactly_when_the_words_are_equal():
    corpus = np.array([1, 2, 1, 2, 3])
    codes = ngram_codes(corpus, 2, vocab_size=4)
    assert codes.tolist() == [1 * 4 + 2, 2 * 4 + 1, 1 * 4 + 2, 2 * 4 + 3]


def test_unseen_rate_counts_test_ngrams_missing_from_train():
    train = np.array([0, 1, 2, 0, 1])
    test = np.array([0, 1, 2, 1])  # (0,1) (1,2) 는 있고 (2,1) 은 없다
    assert unseen_rate(train, test, 2, vocab_size=3) == pytest.approx(1 / 3)
    assert unseen_rate(train, test, 1, vocab_size=3) == 0


def test_format_table_marks_zeros_with_a_dash():
    text = format_table(np.array([[0, 2], [1, 0]]), ["a", "b"])
    assert text.splitlines()[1].split() == ["a", "-", "2"]


def test_bad_ids_are_rejected_in_korean():
    with pytest.raises(TypeError, match="`corpus`"):
        bigram_counts([0.5, 1.0])
    with pytest.raises(ValueError, match="음수 ID"):
        bigram_counts([0, -1])
    with pytest.raises(ValueError, match="0 ~ 2"):
        bigram_counts([0, 5], vocab_size=3)
    with pytest.raises(ValueError, match="int64"):
        ngram_codes(np.array([0, 1]), 5, vocab_size=10_000)
