"""연습문제 채점 함수의 테스트가 함께 쓰는 확인."""

from rnnlib.exercises import check


def assert_wrong(exercise_id, answer, *phrases):
    """answer가 오답으로 채점되고, 설명에 phrases가 모두 들어 있는지 확인한다."""
    feedback = check(exercise_id, answer)
    assert feedback.status == "wrong", feedback
    for phrase in phrases:
        assert phrase in feedback.message, feedback.message
    return feedback
