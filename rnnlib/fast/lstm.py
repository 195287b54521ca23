"""엔진의 TimeLSTM: rnnlib.TimeLSTM 과 같은 수학, 같은 params/grads, 다른 계산 순서.

기호: N 배치 크기, T 시각 수, D 입력 차원, H 은닉 상태 차원.
코어와 다른 점 (모두 속도 때문):
- 안쪽에서는 시각을 첫 축에 둔다 (T, N, ·). 반복문의 한 걸음이 메모리에 연속으로 놓인 작은 배열만 다룬다.
- 필요한 배열을 반복문 전에 한 번에 잡고, 게이트 네 블록을 tanh 한 번으로 활성화한다 (σ(a) = (1 + tanh(a/2)) / 2).
- 역전파에서 국소 미분 (순전파의 결과만으로 정해진다) 을 반복문 밖에서 모든 시각에 대해 한 번에 구한다.
- forward(xs, on_step=f) 는 시각 t 의 h 를 구할 때마다 f(지금까지의 h) 를 부른다: 모델이 다른 CPU 코어에서 그 시각의
  점수를 미리 계산한다 (head.py).
- 큰 행렬 곱 (가중치의 기울기, dxs) 은 정해진 수의 열/행 구간으로 나누어 일꾼들이 계산한다.
"""

import functools

import numpy as np

from .. import time_layers
from ..time_layers import initial_state
from ..validation import check_float_array, check_forward_done
from .threads import SMALL_WORK, run_parallel, shares

# 큰 행렬 곱을 나누는 조각 수 (일꾼 수와 상관없이 언제나 같다: 결과가 일꾼 수에 따라 달라지지 않는다)
MATMUL_TASKS = 2


@functools.cache
def _gate_constants(H, dtype):
    """게이트 활성화의 열마다의 (배율, 더할 값) (4H,): f, i, o 열은 (0.5, 1), g 열은 (1, 0)."""
    scale = np.full(4 * H, 0.5, dtype=dtype)
    shift = np.ones(4 * H, dtype=dtype)
    scale[H : 2 * H] = 1
    shift[H : 2 * H] = 0
    scale.flags.writeable = shift.flags.writeable = False
    return scale, shift


def activate_gates(A):
    """A (N, 4H)를 제자리에서 f, g, i, o로 활성화한다: f, i, o 열은 σ(a) = (1 + tanh(a/2)) / 2, g 열은 tanh(a)."""
    scale, shift = _gate_constants(A.shape[-1] // 4, A.dtype)
    A *= scale
    np.tanh(A, out=A)
    A += shift
    A *= scale


def matmul(a, b, by):
    """a (M, K) @ b (K, P). 곱이 크면 b의 열 (by="cols") 이나 a의 행 (by="rows")을 MATMUL_TASKS 조각으로 나눈다."""
    M, K = a.shape
    P = b.shape[1]
    out = np.empty((M, P), dtype=a.dtype)
    if M * K * P < SMALL_WORK:
        return np.matmul(a, b, out=out)
    if by == "cols":
        parts = [(a, b[:, cols], out[:, cols]) for cols in shares(P, MATMUL_TASKS)]
    else:
        parts = [(a[rows], b, out[rows]) for rows in shares(M, MATMUL_TASKS)]
    run_parallel([functools.partial(np.matmul, x, y, out=z) for x, y, z in parts])
    return out


class TimeLSTM(time_layers.TimeLSTM):
    """rnnlib.TimeLSTM 과 같은 계층 (같은 인자, params, grads, stateful, set_state, reset_state, dh). forward 와
    backward 만 다시 쓴다."""

    def forward(self, xs, on_step=None):
        """xs (N, T, D) -> hs (N, T, H). on_step(hs_so_far): hs_so_far (t+1, N, H)는 시각 0..t의 h."""
        Wx, Wh, b = self.params
        check_float_array("xs", xs, shape=(None, None, self.D), dtype=self.dtype)
        N, T, D = xs.shape
        H = self.H
        xs_t = xs.transpose(1, 0, 2).reshape(T * N, D)  # (T*N, D) 시각 순서로 복사
        gates = matmul(xs_t, Wx, by="rows").reshape(T, N, 4 * H)  # 모든 시각의 x Wx 를 한 번에
        gates += b
        hs = np.empty((T + 1, N, H), dtype=self.dtype)  # hs[0] 시작 상태, hs[t + 1] 시각 t 의 h
        cs = np.empty((T + 1, N, H), dtype=self.dtype)
        tanh_cs = np.empty((T, N, H), dtype=self.dtype)
        hs[0] = initial_state(self, self.h, N)
        cs[0] = initial_state(self, self.c, N)
        hWh = np.empty((N, 4 * H), dtype=self.dtype)
        for t in range(T):
            gate = gates[t]  # (N, 4H): x Wx + b 가 들어 있다
            gate += np.matmul(hs[t], Wh, out=hWh)
            activate_gates(gate)  # 제자리에서 f, g, i, o 로
            f, g, i, o = gate[:, :H], gate[:, H : 2 * H], gate[:, 2 * H : 3 * H], gate[:, 3 * H :]
            np.multiply(f, cs[t], out=cs[t + 1])
            cs[t + 1] += g * i  # c_t = f ⊙ c_{t-1} + g ⊙ i
            np.tanh(cs[t + 1], out=tanh_cs[t])
            np.multiply(o, tanh_cs[t], out=hs[t + 1])  # h_t = o ⊙ tanh(c_t)
            if on_step is not None:
                on_step(hs[1 : t + 2])
        self.h, self.c = hs[T].copy(), cs[T].copy()
        self.cache = (xs_t, gates, hs, cs, tanh_cs)
        return hs[1:].transpose(1, 0, 2).copy()  # (N, T, H)

    def backward(self, dhs):
        check_forward_done(self, self.cache)
        Wx, Wh, _ = self.params
        dWx, dWh, db = self.grads
        xs_t, gates, hs, cs, tanh_cs = self.cache
        T, N, _ = gates.shape
        H, D = self.H, self.D
        check_float_array("dhs", dhs, shape=(N, T, H), dtype=self.dtype)
        dhs_t = dhs.transpose(1, 0, 2)  # (T, N, H) 시각 순서로 본 모습 (복사 없음)
        f, g, i, o = gates[..., :H], gates[..., H : 2 * H], gates[..., 2 * H : 3 * H], gates[..., 3 * H :]
        # 국소 미분: dh_t -> A_o 의 기울기, dh_t -> c_t 의 기울기, dc -> A_f, A_g, A_i 의 기울기 (cs[:-1] 은 c_{t-1})
        do_dh = tanh_cs * o * (1 - o)  # (T, N, H)
        dc_dh = o * (1 - tanh_cs**2)  # (T, N, H)
        dfgi_dc = np.stack([cs[:-1] * f * (1 - f), i * (1 - g**2), g * i * (1 - i)], axis=2)  # (T, N, 3, H)
        dA = np.empty((T, N, 4, H), dtype=self.dtype)  # A 의 기울기, f g i o 블록
        dh_future = np.zeros((N, H), dtype=self.dtype)
        dc_future = np.zeros((N, H), dtype=self.dtype)
        for t in reversed(range(T)):
            dh_t = dhs_t[t] + dh_future  # 위에서 온 몫 + 미래에서 온 몫
            np.multiply(dh_t, do_dh[t], out=dA[t, :, 3])
            dc = dh_t * dc_dh[t]
            dc += dc_future  # c_t 에 모인 기울기
            np.multiply(dc[:, None, :], dfgi_dc[t], out=dA[t, :, :3])
            dc_future = dc * f[t]
            dh_future = dA[t].reshape(N, 4 * H) @ Wh.T
        self.dh = dh_future
        dA_2d = dA.reshape(T * N, 4 * H)  # (T*N, 4H)
        dWx[...] = matmul(xs_t.T, dA_2d, by="cols")
        dWh[...] = matmul(hs[:-1].reshape(T * N, H).T, dA_2d, by="cols")  # hs[:-1] 은 시각마다의 h_{t-1}
        np.sum(dA_2d, axis=0, out=db)
        dxs = matmul(dA_2d, Wx.T, by="rows")  # (T*N, D)
        return dxs.reshape(T, N, D).transpose(1, 0, 2).copy()  # (N, T, D)
