"""5.4 시계열 데이터 처리 계층 구현의 그림.

- 5-4_rnnlm_unrolled.svg: 예제 문장이 RNNLM 의 네 Time 계층을 지나는 모습과 각 단계의 shape
- 5-4_time_layers.svg: Time 계층 = 같은 가중치를 쓰는 계층 T 개 = reshape 후 행렬 곱 한 번
- 5-4_loss_average.svg: TimeSoftmaxWithLoss 가 시각마다의 손실을 평균하는 방법 (타깃 −1 은 뺀다)
- 5-4_embedding_backward.svg: 같은 ID 가 두 번 나오면 dW 의 그 행에 기울기 두 개가 더해진다

기호: N 배치 크기, T 시각 수, D 단어 벡터 차원, H 은닉 상태 차원, V 어휘 수.
"""

from ..data import preprocess
from ..plotting.svg import COLORS, Svg
from . import figure

TARGET = "#e07b00"  # 타깃 (맞혀야 할 다음 단어): 주황
TIME_COLORS = ("#cfe3f5", "#d8f0d2", "#fde7c8", "#ead9f2")  # 시각 t = 0, 1, 2, 3 의 바탕색
BAND = "#f4f7fb"


def toy_words():
    """예제 문장의 단어 목록과 단어→ID 사전."""
    corpus, word_to_id, id_to_word = preprocess()
    return [id_to_word[int(i)] for i in corpus], word_to_id


@figure("5-4_rnnlm_unrolled.svg")
def rnnlm_unrolled(path):
    """입력 7 단어가 Embedding → RNN → Affine → Softmax with Loss를 지나 손실 하나가 되기까지."""
    words, word_to_id = toy_words()
    inputs, targets = words[:-1], words[1:]
    T = len(inputs)
    svg = Svg(960, 560)
    left, step, box_w = 230, 95, 80
    xs = [left + t * step for t in range(T)]
    band_x0, band_x1 = xs[0] - 70, xs[-1] + 52
    rows = {"loss": 180, "affine": 275, "rnn": 355, "embed": 435}
    names = {
        "loss": ("TimeSoftmax", "WithLoss"),
        "affine": ("TimeAffine",),
        "rnn": ("TimeRNN",),
        "embed": ("TimeEmbedding",),
    }
    labels = {"loss": ("Softmax", "with Loss"), "affine": ("Affine",), "rnn": ("RNN",), "embed": ("Embedding",)}
    for key, y in rows.items():
        height = 56 if key == "loss" else 40
        svg.rect(band_x0, y - height / 2 - 8, band_x1 - band_x0, height + 16, fill=BAND, stroke=COLORS["grid"], rx=8)
        for i, name in enumerate(names[key]):
            svg.text(band_x0 - 10, y + (i - (len(names[key]) - 1) / 2) * 16, name, size=13, anchor="end", weight="bold")
        for x in xs:
            svg.box(x - box_w / 2, y - height / 2, box_w, height, labels[key], fill="white", size=12)
    # 입력 단어와 ID
    for x, word in zip(xs, inputs):
        svg.text(x, 512, word, size=14, weight="bold")
        svg.text(x, 532, f"ID {word_to_id[word]}", size=11, fill=COLORS["muted"])
        svg.line(x, 500, x, rows["embed"] + 22, stroke=COLORS["forward"], arrow=True)
    svg.text(band_x0 - 10, 512, "입력 xs", size=13, anchor="end")
    # 아래 계층에서 위 계층으로
    for lower, upper in (("embed", "rnn"), ("rnn", "affine"), ("affine", "loss")):
        top = rows[lower] - 20
        bottom = rows[upper] + (28 if upper == "loss" else 20)
        for x in xs:
            svg.line(x, top, x, bottom + 2, stroke=COLORS["forward"], arrow=True)
    # 은닉 상태가 다음 시각으로
    y = rows["rnn"]
    svg.rich_text(xs[0] - box_w / 2 - 20, y - 13, "h_{-1} = 0", size=11, fill=COLORS["muted"])
    svg.line(xs[0] - box_w / 2 - 22, y, xs[0] - box_w / 2, y, stroke=COLORS["forward"], arrow=True)
    for t in range(T - 1):
        svg.line(xs[t] + box_w / 2, y, xs[t + 1] - box_w / 2, y, stroke=COLORS["forward"], arrow=True)
    # 타깃 단어와 시각마다의 손실
    top = rows["loss"] - 28
    for t, (x, word) in enumerate(zip(xs, targets)):
        svg.text(x + 20, 118, word, size=12, fill=TARGET, weight="bold")
        svg.line(x + 20, 127, x + 20, top, stroke=TARGET, arrow=True)
        svg.line(x - 20, top, x - 20, 70, stroke=COLORS["ink"], arrow=True)
        svg.label(x - 20, 98, f"L_{{{t}}}", size=12)
    svg.text(band_x0 - 10, 118, "타깃 ts", size=13, anchor="end", fill=TARGET)
    svg.box(
        band_x0,
        30,
        band_x1 - band_x0,
        38,
        [f"L = (L_{{0}} + L_{{1}} + … + L_{{{T - 1}}}) / {T} : N·T개 손실의 평균"],
        fill=COLORS["soft"],
        size=13,
    )
    # 오른쪽: 각 단계의 shape (N = 1, T = 7, V = 7)
    V = len(word_to_id)
    shapes = [
        (49, "스칼라 L", ""),
        (rows["loss"] + 46, "(N, T, V)", f"= (1, {T}, {V})"),
        (rows["affine"] + 40, "(N, T, H)", f"= (1, {T}, H)"),
        (rows["rnn"] + 40, "(N, T, D)", f"= (1, {T}, D)"),
        (512, "(N, T)", f"= (1, {T})"),
    ]
    x = band_x1 + 18
    for y, first, second in shapes:
        svg.text(x, y - (7 if second else 0), first, size=13, anchor="start", weight="bold")
        if second:
            svg.text(x, y + 10, second, size=12, anchor="start", fill=COLORS["muted"])
    svg.save(path)


@figure("5-4_time_layers.svg")
def time_layers(path):
    """왼쪽: 같은 W, b를 쓰는 Affine 계층 T 개. 오른쪽: (N·T, H)로 펴서 행렬 곱 한 번."""
    N, T = 2, 4
    svg = Svg(1000, 400)
    # 왼쪽: T 개의 복사본
    xs = [125 + t * 107 for t in range(T)]
    svg.text(262, 22, f"시각마다 Affine 계층 하나 (T = {T})", size=15, weight="bold")
    svg.rect(24, 138, 476, 104, fill=BAND, stroke=COLORS["muted"], rx=10, stroke_width=1.2)
    svg.text(34, 152, "TimeAffine", size=12, anchor="start", weight="bold", fill=COLORS["muted"])
    for t, x in enumerate(xs):
        svg.box(x - 42, 165, 84, 56, ["Affine", "W, b"], fill=TIME_COLORS[t], size=13)
        svg.line(x, 300, x, 223, stroke=COLORS["forward"], arrow=True)
        svg.rich_text(x, 312, f"h_{{{t}}}", size=14)
        svg.text(x, 332, "(N, H)", size=11, fill=COLORS["muted"])
        svg.line(x, 163, x, 86, stroke=COLORS["forward"], arrow=True)
        svg.rich_text(x, 72, f"s_{{{t}}}", size=14)
        svg.text(x, 52, "(N, V)", size=11, fill=COLORS["muted"])
    svg.text(262, 368, "네 상자의 W, b는 모두 같은 배열입니다 (가중치 공유)", size=13)
    svg.text(262, 388, "입력 (N, T, H)를 시각별로 잘라 넣고, 출력을 모으면 (N, T, V)", size=12, fill=COLORS["muted"])
    # 오른쪽: reshape 한 행렬 곱
    svg.line(515, 40, 515, 380, stroke=COLORS["grid"], width=1)
    svg.text(775, 22, "행렬 곱 한 번 (reshape)", size=15, weight="bold")
    row_h, top = 18, 80
    rows = N * T
    left_x, w_x, out_x = 615, 735, 875
    for r in range(rows):
        n, t = divmod(r, T)
        y = top + r * row_h
        svg.rect(left_x, y, 60, row_h, fill=TIME_COLORS[t], stroke="white", rx=0)
        svg.rect(out_x, y, 90, row_h, fill=TIME_COLORS[t], stroke="white", rx=0)
        svg.text(left_x - 8, y + row_h / 2, f"n={n}, t={t}", size=10, anchor="end", fill=COLORS["muted"])
    for x, w in ((left_x, 60), (out_x, 90)):
        svg.rect(x, top, w, rows * row_h, stroke=COLORS["ink"], rx=0)
    svg.rect(w_x, top + 40, 90, 56, fill="white", stroke=COLORS["ink"], rx=0)
    svg.text(w_x + 45, top + 68, "W", size=15, weight="bold")
    svg.text(705, top + 68, "×", size=20)
    svg.text(849, top + 68, "=", size=20)
    bottom = top + rows * row_h
    svg.text(left_x + 30, bottom + 18, "(N·T, H)", size=12, weight="bold")
    svg.text(w_x + 45, top + 112, "(H, V)", size=12, weight="bold")
    svg.text(out_x + 45, bottom + 18, "(N·T, V)", size=12, weight="bold")
    svg.text(w_x + 45, top + 132, "그리고 + b (V,)", size=12, fill=COLORS["muted"])
    svg.text(775, bottom + 52, f"(N, T, H) → reshape → 행렬 곱 → reshape → (N, T, V)   (N = {N}, T = {T})", size=12)
    svg.text(775, bottom + 74, "같은 색 = 같은 시각: 행의 순서는 (n, t) 순", size=12, fill=COLORS["muted"])
    svg.save(path)


@figure("5-4_loss_average.svg")
def loss_average(path):
    """시각마다 Softmax with Loss, 타깃이 −1인 자리는 빼고 평균. 역전파는 (y − 원-핫) / count."""
    targets = ["say", "goodbye", "−1", "i"]
    ignored = [t == "−1" for t in targets]
    count = ignored.count(False)
    T = len(targets)
    svg = Svg(900, 420)
    xs = [150 + t * 190 for t in range(T)]
    used = " + ".join(f"L_{{{t}}}" for t in range(T) if not ignored[t])
    svg.box(40, 28, 820, 44, [f"L = ({used}) / {count} : 타깃이 있는 {count}자리의 평균"], fill=COLORS["soft"], size=14)
    for t, (x, target) in enumerate(zip(xs, targets)):
        skip = ignored[t]
        stroke = COLORS["muted"] if skip else COLORS["ink"]
        svg.box(
            x - 65, 205, 130, 50, ["Softmax", "with Loss"], fill="white", stroke=stroke, dash="5,4" if skip else None
        )
        svg.text(x + 35, 140, target, size=13, fill=COLORS["muted"] if skip else TARGET, weight="bold")
        svg.line(x + 35, 150, x + 35, 203, stroke=COLORS["muted"] if skip else TARGET, arrow=True)
        if skip:
            svg.text(x - 30, 150, "무시", size=13, fill=COLORS["muted"])
        else:
            svg.line(x - 30, 203, x - 30, 74, stroke=COLORS["ink"], arrow=True)
            svg.label(x - 30, 120, f"L_{{{t}}}", size=13)
        svg.line(x - 12, 340, x - 12, 257, stroke=COLORS["forward"], arrow=True)
        svg.line(x + 12, 259, x + 12, 340, stroke=COLORS["backward"], arrow=True)
        svg.rich_text(x - 12, 356, f"s_{{{t}}}", size=13, fill=COLORS["forward"])
        grad = "0" if skip else f"(y_{{{t}}} − e_{{y*}}) / {count}"
        svg.label(x + 20, 300, grad, size=12, anchor="start", fill=COLORS["backward"])
    svg.text(40, 140, "타깃", size=13, anchor="start", fill=TARGET)
    legend = f"파랑: 점수 s (순전파) · 빨강: 점수의 기울기 (역전파) · N = 1, T = {T}, count = {count}"
    svg.text(450, 392, legend, size=12)
    svg.save(path)


@figure("5-4_embedding_backward.svg")
def embedding_backward(path):
    """dout의 시각 t 행이 dW의 xs[t] 행으로 간다. 'say' 행에는 두 개가 모여 더해진다."""
    words, word_to_id = toy_words()
    inputs = words[:-1]
    vocab = sorted(word_to_id, key=word_to_id.get)
    repeated = {w for w in inputs if inputs.count(w) > 1}
    svg = Svg(780, 360)
    top, row_h = 70, 32
    svg.text(160, 30, "dout (N, T, D)의 행: 시각 t", size=14, weight="bold")
    svg.text(600, 30, "dW (V, D)의 행: 단어 ID", size=14, weight="bold")

    def y_of(i):
        return top + i * row_h

    for t, word in enumerate(inputs):
        y = y_of(t)
        svg.text(95, y, f"t={t}  {word}", size=12, anchor="end")
        svg.rect(105, y - 9, 110, 18, fill="#ffd9a8" if word in repeated else "#eeeeee", stroke="none")
        svg.rich_text(160, y, f"dout_{{{t}}}", size=11)
        end = y_of(word_to_id[word])
        svg.line(220, y, 530, end, stroke=COLORS["backward"] if word in repeated else COLORS["muted"], arrow=True)
    for i, word in enumerate(vocab):
        y = y_of(i)
        touched = word in inputs
        svg.rect(540, y - 9, 110, 18, fill="#ffd9a8" if word in repeated else ("#eeeeee" if touched else "white"))
        sources = [f"dout_{{{t}}}" for t, w in enumerate(inputs) if w == word]
        svg.rich_text(595, y, " + ".join(sources) or "0", size=11, fill=COLORS["ink"] if touched else COLORS["muted"])
        svg.text(660, y, f"{i}  {word}", size=12, anchor="start")
    bottom = y_of(len(vocab)) + 8
    svg.text(390, bottom, "np.add.at(dW, xs, dout): 같은 ID로 가는 행은 모두 더합니다", size=13, weight="bold")
    svg.text(390, bottom + 24, "dW[xs] = dout이나 dW[xs] += dout: 같은 행에 여러 번 쓰면 하나만 남습니다", size=13)
    svg.text(390, bottom + 46, "(입력에 한 번도 나오지 않은 ID의 행은 0으로 남습니다)", size=12, fill=COLORS["muted"])
    svg.save(path)
