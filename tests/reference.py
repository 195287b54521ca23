"""교재(5–6장)가 설명하는 계산을 글자 그대로 따라가는 느린 참조 구현. 테스트에서만 쓴다.

rnnlib 은 빠르게 하려고 계산을 모은다 (N*T 행을 한 번에 곱하기, 정렬한 뒤 구간 합, log-softmax).
여기서는 반대로, 교재의 그림을 그대로 코드로 옮긴다:

- Time 계층은 시각마다 한 걸음짜리 계층(셀)을 새로 만들어 파이썬 반복문으로 잇는다.
- 역전파는 위에서 온 기울기 dhs[:, t] 와 다음 시각에서 온 기울기 dh 를 더해 셀에 넘기고,
  가중치 기울기는 셀마다 구한 것을 시각에 대해 더한다.
- 임베딩의 기울기는 np.add.at 으로 같은 ID 끼리 더한다.
- 손실은 softmax 를 구한 뒤 정답 확률에 -log 를 씌우고, 정답이 -1 인 자리를 빼고 평균한다.
- 미니배치는 이중 반복문으로 한 칸씩 채운다.

테스트는 같은 가중치와 입력에서 rnnlib 의 결과가 이 파일의 결과와 float32 정밀도로 같은지 본다.
교재의 코드를 옮긴 것이 아니라 교재의 알고리즘을 우리 말로 다시 쓴 것이다.

기호: N 배치, T 시각, D 입력, H 은닉, V 어휘.
"""

import numpy as np


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


# ---------------------------------------------------------------- 한 시각짜리 셀


class EmbeddingCell:
    """한 시각의 임베딩: idx (N,) -> W[idx] (N, D)."""

    def __init__(self, W):
        self.W = W

    def forward(self, idx):
        self.idx = idx
        return self.W[idx]

    def backward(self, dout):
        dW = np.zeros_like(self.W)
        np.add.at(dW, self.idx, dout)  # 같은 ID 가 여러 번 나오면 기울기를 더한다
        return dW


class RNNCell:
    """h_next = tanh(h_prev Wh + x Wx + b)."""

    def __init__(self, Wx, Wh, b):
        self.Wx, self.Wh, self.b = Wx, Wh, b

    def forward(self, x, h_prev):
        h_next = np.tanh(np.dot(h_prev, self.Wh) + np.dot(x, self.Wx) + self.b)
        self.saved = (x, h_prev, h_next)
        return h_next

    def backward(self, dh_next):
        """-> (dx, dh_prev, [dWx, dWh, db])."""
        x, h_prev, h_next = self.saved
        dpre = dh_next * (1 - h_next * h_next)  # tanh 를 거슬러 오른 기울기
        weight_grads = [np.dot(x.T, dpre), np.dot(h_prev.T, dpre), np.sum(dpre, axis=0)]
        return np.dot(dpre, self.Wx.T), np.dot(dpre, self.Wh.T), weight_grads


class LSTMCell:
    """교재의 LSTM 한 시각. 아핀 결과의 4H 열은 f, g, i, o 순서의 블록이다."""

    def __init__(self, Wx, Wh, b):
        self.Wx, self.Wh, self.b = Wx, Wh, b

    def forward(self, x, h_prev, c_prev):
        H = h_prev.shape[1]
        A = np.dot(x, self.Wx) + np.dot(h_prev, self.Wh) + self.b
        f = sigmoid(A[:, 0:H])  # 망각 게이트
        g = np.tanh(A[:, H : 2 * H])  # 새 기억 후보
        i = sigmoid(A[:, 2 * H : 3 * H])  # 입력 게이트
        o = sigmoid(A[:, 3 * H : 4 * H])  # 출력 게이트
        c_next = f * c_prev + g * i
        h_next = o * np.tanh(c_next)
        self.saved = (x, h_prev, c_prev, f, g, i, o, c_next)
        return h_next, c_next

    def backward(self, dh_next, dc_next):
        """-> (dx, dh_prev, dc_prev, [dWx, dWh, db])."""
        x, h_prev, c_prev, f, g, i, o, c_next = self.saved
        tanh_c = np.tanh(c_next)
        dc = dc_next + dh_next * o * (1 - tanh_c * tanh_c)  # 기억 셀로 모인 기울기
        df = dc * c_prev * f * (1 - f)
        dg = dc * i * (1 - g * g)
        di = dc * g * i * (1 - i)
        do = dh_next * tanh_c * o * (1 - o)
        dA = np.hstack((df, dg, di, do))
        weight_grads = [np.dot(x.T, dA), np.dot(h_prev.T, dA), np.sum(dA, axis=0)]
        return np.dot(dA, self.Wx.T), np.dot(dA, self.Wh.T), dc * f, weight_grads


# ---------------------------------------------------------------- Time 계층


class TimeEmbedding:
    def __init__(self, W):
        self.params = [W]
        self.grads = [np.zeros_like(W)]

    def forward(self, xs):
        W = self.params[0]
        N, T = xs.shape
        out = np.empty((N, T, W.shape[1]), dtype=W.dtype)
        self.cells = []
        for t in range(T):
            cell = EmbeddingCell(W)
            out[:, t, :] = cell.forward(xs[:, t])
            self.cells.append(cell)
        return out

    def backward(self, dout):
        total = 0
        for t, cell in enumerate(self.cells):
            total = total + cell.backward(dout[:, t, :])
        self.grads[0][...] = total


class TimeRNN:
    def __init__(self, Wx, Wh, b, stateful=False):
        self.params = [Wx, Wh, b]
        self.grads = [np.zeros_like(Wx), np.zeros_like(Wh), np.zeros_like(b)]
        self.stateful = stateful
        self.h = None
        self.dh = None

    def set_state(self, h):
        self.h = h

    def reset_state(self):
        self.h = None

    def forward(self, xs):
        Wx, Wh, b = self.params
        N, T, D = xs.shape
        H = Wh.shape[0]
        if not self.stateful or self.h is None:
            self.h = np.zeros((N, H), dtype=Wh.dtype)
        hs = np.empty((N, T, H), dtype=Wh.dtype)
        self.cells = []
        for t in range(T):
            cell = RNNCell(Wx, Wh, b)
            self.h = cell.forward(xs[:, t, :], self.h)
            hs[:, t, :] = self.h
            self.cells.append(cell)
        return hs

    def backward(self, dhs):
        N, T, H = dhs.shape
        D = self.params[0].shape[0]
        dxs = np.empty((N, T, D), dtype=dhs.dtype)
        dh = 0  # 마지막 시각 다음에서 오는 기울기는 없다
        totals = [0, 0, 0]
        for t in reversed(range(T)):
            dx, dh, weight_grads = self.cells[t].backward(dhs[:, t, :] + dh)
            dxs[:, t, :] = dx
            totals = [total + grad for total, grad in zip(totals, weight_grads)]
        for grad, total in zip(self.grads, totals):
            grad[...] = total
        self.dh = dh
        return dxs


class TimeLSTM:
    def __init__(self, Wx, Wh, b, stateful=False):
        self.params = [Wx, Wh, b]
        self.grads = [np.zeros_like(Wx), np.zeros_like(Wh), np.zeros_like(b)]
        self.stateful = stateful
        self.h = None
        self.c = None
        self.dh = None

    def set_state(self, h, c=None):
        self.h, self.c = h, c

    def reset_state(self):
        self.h, self.c = None, None

    def forward(self, xs):
        Wx, Wh, b = self.params
        N, T, D = xs.shape
        H = Wh.shape[0]
        if not self.stateful or self.h is None:
            self.h = np.zeros((N, H), dtype=Wh.dtype)
        if not self.stateful or self.c is None:
            self.c = np.zeros((N, H), dtype=Wh.dtype)
        hs = np.empty((N, T, H), dtype=Wh.dtype)
        self.cells = []
        for t in range(T):
            cell = LSTMCell(Wx, Wh, b)
            self.h, self.c = cell.forward(xs[:, t, :], self.h, self.c)
            hs[:, t, :] = self.h
            self.cells.append(cell)
        return hs

    def backward(self, dhs):
        N, T, H = dhs.shape
        D = self.params[0].shape[0]
        dxs = np.empty((N, T, D), dtype=dhs.dtype)
        dh, dc = 0, 0
        totals = [0, 0, 0]
        for t in reversed(range(T)):
            dx, dh, dc, weight_grads = self.cells[t].backward(dhs[:, t, :] + dh, dc)
            dxs[:, t, :] = dx
            totals = [total + grad for total, grad in zip(totals, weight_grads)]
        for grad, total in zip(self.grads, totals):
            grad[...] = total
        self.dh = dh
        return dxs


class TimeAffine:
    """시각마다 따로 x_t W + b를 계산한다 (rnnlib은 N*T 행을 한 번에 곱한다)."""

    def __init__(self, W, b):
        self.params = [W, b]
        self.grads = [np.zeros_like(W), np.zeros_like(b)]

    def forward(self, x):
        W, b = self.params
        N, T, H = x.shape
        self.x = x
        out = np.empty((N, T, W.shape[1]), dtype=W.dtype)
        for t in range(T):
            out[:, t, :] = np.dot(x[:, t, :], W) + b
        return out

    def backward(self, dout):
        W, _ = self.params
        N, T, H = self.x.shape
        dx = np.empty((N, T, H), dtype=dout.dtype)
        dW, db = 0, 0
        for t in range(T):
            dW = dW + np.dot(self.x[:, t, :].T, dout[:, t, :])
            db = db + np.sum(dout[:, t, :], axis=0)
            dx[:, t, :] = np.dot(dout[:, t, :], W.T)
        self.grads[0][...] = dW
        self.grads[1][...] = db
        return dx


class TimeSoftmaxWithLoss:
    """자리마다 softmax 확률을 구하고 정답 확률의 -log를 평균한다. 정답 -1은 세지 않는다."""

    def __init__(self):
        self.params, self.grads = [], []

    def forward(self, xs, ts):
        N, T, V = xs.shape
        probs = np.empty_like(xs)
        total = 0
        count = 0
        for n in range(N):
            for t in range(T):
                shifted = xs[n, t] - np.max(xs[n, t])
                e = np.exp(shifted)
                probs[n, t] = e / np.sum(e)
                if ts[n, t] != -1:
                    total = total - np.log(probs[n, t, ts[n, t]])
                    count += 1
        self.probs, self.ts, self.count = probs, ts, count
        return total / count

    def backward(self, dout=1):
        N, T, V = self.probs.shape
        dxs = self.probs.copy()
        for n in range(N):
            for t in range(T):
                if self.ts[n, t] == -1:
                    dxs[n, t] = 0
                else:
                    dxs[n, t, self.ts[n, t]] -= 1
        return dxs * dout / self.count


# ---------------------------------------------------------------- 언어 모델


class LanguageModel:
    """임베딩 -> 순환 계층 -> Affine -> softmax 손실."""

    def __init__(self, layers):
        self.layers = layers
        self.recurrent = layers[1]
        self.loss_layer = TimeSoftmaxWithLoss()
        self.params = [p for layer in layers for p in layer.params]
        self.grads = [g for layer in layers for g in layer.grads]

    def forward(self, xs, ts):
        for layer in self.layers:
            xs = layer.forward(xs)
        return self.loss_layer.forward(xs, ts)

    def backward(self, dout=1):
        dout = self.loss_layer.backward(dout)
        for layer in reversed(self.layers):
            dout = layer.backward(dout)
        return dout

    def reset_state(self):
        self.recurrent.reset_state()


def _build(params, recurrent_class):
    embed_W, Wx, Wh, b, affine_W, affine_b = (np.array(p, copy=True) for p in params)
    layers = [TimeEmbedding(embed_W), recurrent_class(Wx, Wh, b, stateful=True), TimeAffine(affine_W, affine_b)]
    return LanguageModel(layers)


def simple_rnnlm(params):
    """rnnlib.SimpleRnnlm의 params를 복사해 만든 참조 모델 (RNN)."""
    return _build(params, TimeRNN)


def rnnlm(params):
    """rnnlib.Rnnlm의 params를 복사해 만든 참조 모델 (LSTM)."""
    return _build(params, TimeLSTM)


# ---------------------------------------------------------------- 학습과 평가


def clip_grads(grads, max_norm):
    """전체 기울기의 L2 노름이 max_norm을 넘으면 같은 비율로 줄인다. 줄였으면 True."""
    total = 0
    for grad in grads:
        total += np.sum(grad**2)
    rate = max_norm / (np.sqrt(total) + 1e-6)
    if rate < 1:
        for grad in grads:
            grad *= rate
        return True
    return False


class Trainer:
    """교재의 RnnlmTrainer: 이중 반복문으로 미니배치를 채우고 SGD로 갱신한다."""

    def __init__(self, model, lr):
        self.model = model
        self.lr = lr
        self.time_idx = 0
        self.ppl_list = []
        self.clip_count = 0  # 클리핑이 실제로 일어난 횟수 (테스트가 확인용으로 본다)

    def get_batch(self, xs, ts, batch_size, time_size):
        data_size = len(xs)
        jump = data_size // batch_size
        offsets = [i * jump for i in range(batch_size)]
        batch_x = np.empty((batch_size, time_size), dtype=xs.dtype)
        batch_t = np.empty((batch_size, time_size), dtype=ts.dtype)
        for t in range(time_size):
            for i, offset in enumerate(offsets):
                batch_x[i, t] = xs[(offset + self.time_idx) % data_size]
                batch_t[i, t] = ts[(offset + self.time_idx) % data_size]
            self.time_idx += 1  # 한 열을 채울 때마다 한 칸 나아간다 (반복, 에폭을 넘어 이어진다)
        return batch_x, batch_t

    def fit(self, xs, ts, max_epoch, batch_size, time_size, max_grad=None, eval_interval=20):
        model = self.model
        max_iters = len(xs) // (batch_size * time_size)
        self.time_idx = 0
        self.ppl_list = []
        total_loss, loss_count = 0, 0
        for _ in range(max_epoch):
            for iters in range(max_iters):
                batch_x, batch_t = self.get_batch(xs, ts, batch_size, time_size)
                loss = model.forward(batch_x, batch_t)
                model.backward()
                if max_grad is not None and clip_grads(model.grads, max_grad):
                    self.clip_count += 1
                for param, grad in zip(model.params, model.grads):
                    param -= self.lr * grad
                total_loss += loss
                loss_count += 1
                if eval_interval is not None and iters % eval_interval == 0:
                    self.ppl_list.append(np.exp(total_loss / loss_count))
                    total_loss, loss_count = 0, 0
        return self


def eval_perplexity(model, corpus, batch_size=10, time_size=35):
    """교재의 평가: 행 i는 iters*time_size + i*jump에서 읽고, 정답은 한 칸 뒤의 단어."""
    corpus_size = len(corpus)
    max_iters = (corpus_size - 1) // (batch_size * time_size)
    jump = (corpus_size - 1) // batch_size
    total_loss = 0
    for iters in range(max_iters):
        xs = np.zeros((batch_size, time_size), dtype=corpus.dtype)
        ts = np.zeros((batch_size, time_size), dtype=corpus.dtype)
        offsets = [iters * time_size + i * jump for i in range(batch_size)]
        for t in range(time_size):
            for i, offset in enumerate(offsets):
                xs[i, t] = corpus[(offset + t) % corpus_size]
                ts[i, t] = corpus[(offset + t + 1) % corpus_size]
        total_loss += model.forward(xs, ts)
    return np.exp(total_loss / max_iters)
