"""모양(shape) 탐색기 뒤의 순수 함수: TimeRNN 의 순전파·역전파에 나오는 모든 배열의 모양과 매개변수 수.

기호: N 배치 크기, T 시각 수, D 입력 차원, H 은닉 상태 차원.
케라스 같은 프레임워크는 같은 입력을 (batch_size, timesteps, input_dim) 으로 쓰고 H 를 units 라 부른다.
shape 은 공식으로 구한다 (큰 값도 곧바로). 테스트가 진짜 TimeRNN 을 만들어 0 으로 순전파·역전파한
배열의 shape 과 하나하나 비교한다.
"""

from dataclasses import dataclass

from ..validation import check_positive_int, describe


@dataclass(frozen=True)
class ArrayShape:
    """배열 하나: 코드에서의 이름, 모양 (shape), 기호로 쓴 모양, 뜻."""

    name: str
    shape: tuple
    letters: str
    meaning: str


@dataclass(frozen=True)
class ShapeView:
    """TimeRNN (양방향이면 둘) 한 번의 순전파·역전파에 나오는 배열들.

    forward / backward / params 는 ArrayShape 의 튜플이다. 양방향이면 정방향과 역방향 TimeRNN 이
    같은 shape 의 배열을 따로 가지므로 한 방향 것만 싣고, directions 가 2 가 된다.
    """

    N: int
    T: int
    D: int
    H: int
    return_sequences: bool
    bidirectional: bool
    forward: tuple
    backward: tuple
    params: tuple

    @property
    def directions(self):
        return 2 if self.bidirectional else 1

    @property
    def units_out(self):
        """출력의 마지막 축 크기: H (양방향이면 이어 붙여 2H)."""
        return self.H * self.directions

    @property
    def params_per_direction(self):
        """Wx (D*H) + Wh (H*H) + b (H) = (D + H + 1) * H."""
        return (self.D + self.H + 1) * self.H

    @property
    def param_count(self):
        return self.params_per_direction * self.directions

    @property
    def output_shape(self):
        return self.shape_of("out")

    def exports(self, direction, t):
        """방향 direction (0 정방향, 1 역방향) 이 시각 t 에 만든 은닉 상태가 출력 out 에 들어가는가.

        역방향 TimeRNN 은 뒤집은 시퀀스를 읽으므로 그 마지막 상태는 원래 순서의 시각 0 에 있다.
        """
        return self.return_sequences or t == (self.T - 1 if direction == 0 else 0)

    @property
    def output_note(self):
        if self.bidirectional:
            if self.return_sequences:
                return "시각마다 정방향 h와 역방향 h를 이어 붙입니다 (2H)"
            return "정방향의 끝(맨 오른쪽)과 역방향의 끝(맨 왼쪽)을 이어 붙입니다 (2H)"
        return "모든 시각의 h_{t}를 쌓습니다" if self.return_sequences else "마지막 시각의 h 하나만 내보냅니다"

    def shape_of(self, name):
        """이름으로 배열의 shape을 찾는다 (예: 'hs', 'dWx')."""
        for item in self.forward + self.backward + self.params:
            if item.name == name:
                return item.shape
        raise KeyError(name)

    @property
    def framework_layer(self):
        """케라스 식으로 쓴 같은 계층."""
        layer = f"SimpleRNN(units={self.H}, return_sequences={self.return_sequences})"
        return f"Bidirectional({layer})" if self.bidirectional else layer

    @property
    def framework_output(self):
        """출력 shape을 프레임워크의 이름으로."""
        units = "2·units" if self.bidirectional else "units"
        names = f"(batch_size, timesteps, {units})" if self.return_sequences else f"(batch_size, {units})"
        return f"{names} = {self.output_shape}"

    @property
    def framework_input(self):
        return f"(batch_size, timesteps, input_dim) = {(self.N, self.T, self.D)}"

    @property
    def param_formula(self):
        """units × (units + input_dim + 1) = 매개변수 수 (양방향이면 × 2)."""
        H, D = self.H, self.D
        text = f"{H} × ({H} + {D} + 1) = {self.params_per_direction:,}"
        return (
            f"{text}, 방향 2개 × {self.params_per_direction:,} = {self.param_count:,}" if self.bidirectional else text
        )


def _check_flag(name, value):
    if not isinstance(value, bool):
        raise TypeError(f"`{name}`은(는) True나 False여야 하는데 {describe(value)}을(를) 받았습니다.")
    return value


def rnn_shapes(N=2, T=4, D=10, H=3, return_sequences=True, bidirectional=False):
    """TimeRNN 으로 xs (N, T, D) 를 처리할 때 나오는 모든 배열의 shape.

    return_sequences=False 이면 마지막 은닉 상태 h (N, H) 만 내보내고, 역전파에서 dhs 는 마지막 시각만
    0 이 아니다. bidirectional=True 이면 두 번째 TimeRNN 이 뒤집은 시퀀스를 읽고, 두 출력을 마지막 축으로
    이어 붙인다 (2H). dxs 는 두 방향에서 온 기울기의 합이다.
    """
    N, T, D, H = (check_positive_int(name, value) for name, value in zip("NTDH", (N, T, D, H)))
    _check_flag("return_sequences", return_sequences)
    _check_flag("bidirectional", bidirectional)
    units = 2 * H if bidirectional else H
    units_letter = "2H" if bidirectional else "H"
    which = "정방향과 역방향 은닉 상태를 이어 붙인 것" if bidirectional else "은닉 상태"
    if return_sequences:
        out = ArrayShape("out", (N, T, units), f"(N, T, {units_letter})", f"계층의 출력: 모든 시각의 {which}")
    else:
        out = ArrayShape("out", (N, units), f"(N, {units_letter})", f"계층의 출력: 마지막 시각의 {which}")
    forward = [
        ArrayShape("xs", (N, T, D), "(N, T, D)", "입력 시계열 (미니배치)"),
        ArrayShape("x_t", (N, D), "(N, D)", "시각 t의 입력 xs[:, t]"),
        ArrayShape("h_prev", (N, H), "(N, H)", "앞 시각에서 넘어온 은닉 상태 h_{t-1}"),
        ArrayShape("h_t", (N, H), "(N, H)", "h_{t} = tanh(h_{t-1} W_{h} + x_{t} W_{x} + b)"),
        ArrayShape("hs", (N, T, H), "(N, T, H)", "TimeRNN.forward가 돌려주는 모든 은닉 상태"),
        out,
    ]
    dhs_meaning = "위에서 각 시각으로 들어오는 몫 dh^{위}"
    if not return_sequences:
        dhs_meaning += " (마지막 시각 말고는 0)"
    dxs_meaning = "backward가 돌려주는 입력의 기울기"
    if bidirectional:
        dxs_meaning += " (두 방향의 합)"
    backward = [
        ArrayShape("dout", out.shape, out.letters, "출력 out의 기울기"),
        ArrayShape("dhs", (N, T, H), "(N, T, H)", dhs_meaning),
        ArrayShape("dh_future", (N, H), "(N, H)", "미래(다음 시각)에서 온 몫 dh^{미래}"),
        ArrayShape("dh_t", (N, H), "(N, H)", "dhs[:, t] + dh_future: 위와 미래의 몫을 더한 기울기"),
        ArrayShape("dxs", (N, T, D), "(N, T, D)", dxs_meaning),
        ArrayShape("dWx", (D, H), "(D, H)", "모든 시각에서 더한 Wx의 기울기"),
        ArrayShape("dWh", (H, H), "(H, H)", "모든 시각에서 더한 Wh의 기울기"),
        ArrayShape("db", (H,), "(H,)", "모든 시각에서 더한 b의 기울기"),
        ArrayShape("dh", (N, H), "(N, H)", "TimeRNN.dh: 시작 상태 h_{-1}로 흘러간 기울기"),
    ]
    params = (
        ArrayShape("Wx", (D, H), "(D, H)", "입력 → 은닉 가중치"),
        ArrayShape("Wh", (H, H), "(H, H)", "은닉 → 은닉 (순환) 가중치"),
        ArrayShape("b", (H,), "(H,)", "편향"),
    )
    return ShapeView(N, T, D, H, return_sequences, bidirectional, tuple(forward), tuple(backward), params)
