"""잘린 BPTT 블록 탐색기 뒤의 순수 함수.

예제 문장 "you say goodbye and i say hello ." 을 되풀이해 이은 길이 S 의 시퀀스 (원-핫 입력, 다음 단어가
정답) 를 블록 길이 T (코드의 block_size) 로 자르고, 블록 k 의 손실 L_k 가 보내는 기울기를 진짜 계층으로 두 번 계산한다.

- 잘린 BPTT: TimeRNN(stateful=True) 하나에 블록을 차례로 넣는다 (트레이너와 같다). 순전파의 은닉 상태는
  블록을 넘어 이어지지만, 블록 k 의 backward 는 그 블록의 캐시만 거슬러 가고 블록 첫 시각 앞의 은닉 상태로
  가는 기울기는 TimeRNN.dh 에 남긴 채 앞 블록에 넘기지 않는다.
- 전체 BPTT: TimeRNN 하나로 시퀀스 전체를 한 번에 순전파하고, L_k 의 기울기를 시각 0 까지 거슬러 보낸다.

기호: S 시퀀스 길이, T 블록 길이 (코드에서 B = block_size), N 배치 크기 (여기서는 1), H 은닉 상태 차원,
V 어휘 수 (= 입력 차원).
"""

from dataclasses import dataclass

import numpy as np

from ..data import preprocess
from ..time_layers import TimeAffine, TimeRNN, TimeSoftmaxWithLoss
from ..validation import describe, is_int
from .stepper import stepper_weights

MAX_SEQ_LEN = 48  # 한 줄에 모든 시각을 그릴 수 있는 한계
MAX_HIDDEN = 8
BATCH_SIZE = 1


@dataclass(frozen=True)
class TruncationView:
    """블록 block (= k) 을 볼 때의 모든 수.

    bounds: 블록마다 [시작, 끝) 시각. hs_blocks (S, H): 블록마다 이어서 순전파한 은닉 상태,
    hs_full (S, H): 한 번에 순전파한 은닉 상태 (둘은 같아야 한다).
    loss: 블록 k 의 손실 L_k (블록 k 의 시각들에 대한 평균 교차 엔트로피 오차).
    grad_truncated / grad_full (S,): 시각 s 의 입력까지 내려온 L_k 의 기울기 크기 ‖∂L_k/∂x_s‖.
    carried_dh (H,): L_k 가 앞 블록의 마지막 은닉 상태로 보내는 기울기 ∂L_k/∂h (블록 k 의 TimeRNN.dh).
    전체 BPTT 는 이것을 앞 블록에 넘기고, 잘린 BPTT 는 버린다. k = 0 이면 앞 블록이 없어 None.
    note: 알려 줄 것 (블록이 하나뿐일 때 등), 없으면 None.
    """

    seq_len: int
    block_size: int
    block: int
    hidden_size: int
    batch_size: int
    bounds: list
    words: list
    targets: list
    hs_blocks: np.ndarray
    hs_full: np.ndarray
    loss: float
    grad_truncated: np.ndarray
    grad_full: np.ndarray
    carried_dh: np.ndarray | None
    note: str | None

    @property
    def n_blocks(self):
        return len(self.bounds)

    @property
    def start(self):
        return self.bounds[self.block][0]

    @property
    def end(self):
        return self.bounds[self.block][1]

    @property
    def boundary_truncated(self):
        """잘린 BPTT에서 앞 블록의 마지막 시각에 도착하는 L_k의 기울기 크기: 넘겨받는 것이 없으므로 0."""
        return None if self.carried_dh is None else 0.0

    @property
    def boundary_full(self):
        """전체 BPTT에서 앞 블록의 마지막 시각에 도착하는 L_k의 기울기 크기 ‖∂L_k/∂h‖."""
        return None if self.carried_dh is None else float(np.linalg.norm(self.carried_dh))

    @property
    def memory_truncated(self):
        """잘린 BPTT가 역전파를 위해 한꺼번에 들고 있어야 하는 은닉 상태의 수: T × N × H (한 블록)."""
        return min(self.block_size, self.seq_len) * self.batch_size * self.hidden_size

    @property
    def memory_full(self):
        """전체 BPTT가 들고 있어야 하는 은닉 상태의 수: S × N × H (시퀀스 전체)."""
        return self.seq_len * self.batch_size * self.hidden_size


def _check_int(name, value, low, high, why=""):
    if not is_int(value):
        raise TypeError(f"`{name}`은(는) 정수여야 하는데 {describe(value)}을(를) 받았습니다.")
    if value < low or (high is not None and value > high):
        expected = f"{low} 이상이어야" if high is None else f"{low} ~ {high}이어야"
        raise ValueError(f"`{name}`은(는) {expected} 하는데 {value}입니다. {why}".rstrip())
    return int(value)


def block_bounds(seq_len, block_size):
    """길이 seq_len을 block_size 씩 자른 블록의 [시작, 끝) 목록. 마지막 블록은 짧을 수 있다."""
    return [(start, min(start + block_size, seq_len)) for start in range(0, seq_len, block_size)]


def truncation_view(seq_len=12, block_size=4, block=0, hidden_size=3, seed=0):
    """시퀀스를 블록으로 자르고 블록 block 의 손실이 보내는 기울기를 잘린 BPTT 와 전체 BPTT 로 계산한다.

    block_size 가 seq_len 보다 커도 된다: 블록이 하나뿐이라 잘린 BPTT 가 전체 BPTT 와 같아진다 (note 에 적는다).
    """
    S = _check_int("seq_len", seq_len, 1, MAX_SEQ_LEN, f"그림에 모든 시각을 그리려고 {MAX_SEQ_LEN}까지만 씁니다.")
    B = _check_int("block_size", block_size, 1, None, "블록에는 시각이 1개 이상 있어야 합니다.")
    H = _check_int("hidden_size", hidden_size, 1, MAX_HIDDEN)
    bounds = block_bounds(S, B)
    k = _check_int("block", block, 0, len(bounds) - 1, f"길이 {S}을(를) {B}씩 자르면 블록이 {len(bounds)}개입니다.")
    note = None
    if len(bounds) == 1:
        note = (
            f"블록 길이 ({B})가 시퀀스 길이 ({S}) 이상이라 블록이 하나뿐입니다. "
            "자를 곳이 없으므로 잘린 BPTT가 전체 BPTT와 같습니다."
        )
    corpus, _, id_to_word = preprocess()
    positions = np.arange(S)
    word_ids = corpus[positions % len(corpus)]  # 예제 문장을 되풀이해 읽는다
    target_ids = corpus[(positions + 1) % len(corpus)]
    V = len(id_to_word)
    Wx, Wh, b, affine_W, affine_b = stepper_weights(H, 1.0, seed)
    xs = np.eye(V, dtype=np.float32)[word_ids][None]  # (1, S, V)
    ts_k = np.full((1, S), -1, dtype=np.int32)  # L_k 는 블록 k 의 시각만 센다 (나머지는 -1: 무시)
    start, end = bounds[k]
    ts_k[0, start:end] = target_ids[start:end]

    # 잘린 BPTT: stateful TimeRNN 에 블록을 차례로 넣고, 블록 k 에서 순전파 직후 역전파한다 (트레이너처럼).
    rnn = TimeRNN(Wx, Wh, b, stateful=True)
    affine, loss_layer = TimeAffine(affine_W, affine_b), TimeSoftmaxWithLoss()
    hs_blocks = np.empty((S, H), dtype=np.float32)
    grad_truncated = np.zeros(S)  # 블록 k 밖의 시각에는 L_k 의 역전파가 아예 가지 않는다
    carried_dh = None
    for j, (lo, hi) in enumerate(bounds):
        hs = rnn.forward(xs[:, lo:hi])
        hs_blocks[lo:hi] = hs[0]
        if j == k:
            loss = loss_layer.forward(affine.forward(hs), ts_k[:, lo:hi])
            dxs = rnn.backward(affine.backward(loss_layer.backward()))
            grad_truncated[lo:hi] = np.linalg.norm(dxs[0], axis=1)
            if k > 0:
                carried_dh = rnn.dh[0].copy()  # TimeRNN 이 계산해 두는 ∂L_k/∂h_{start-1}: 잘린 BPTT 는 버린다

    # 전체 BPTT: TimeRNN 하나로 시퀀스 전체를 순전파하고 L_k 를 시각 0 까지 역전파한다.
    full = TimeRNN(Wx, Wh, b)
    hs_full = full.forward(xs)
    full_affine, full_loss = TimeAffine(affine_W, affine_b), TimeSoftmaxWithLoss()
    full_loss.forward(full_affine.forward(hs_full), ts_k)
    dxs_full = full.backward(full_affine.backward(full_loss.backward()))
    return TruncationView(
        seq_len=S,
        block_size=B,
        block=k,
        hidden_size=H,
        batch_size=BATCH_SIZE,
        bounds=bounds,
        words=[id_to_word[int(i)] for i in word_ids],
        targets=[id_to_word[int(i)] for i in target_ids],
        hs_blocks=hs_blocks,
        hs_full=hs_full[0],
        loss=loss,
        grad_truncated=grad_truncated,
        grad_full=np.linalg.norm(dxs_full[0], axis=1),
        carried_dh=carried_dh,
        note=note,
    )
