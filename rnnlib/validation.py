"""공개 함수와 클래스의 입구에서 인자를 한 번 검사하는 도우미.

검사에 걸리면 TypeError 나 ValueError 를 한국어 메시지로 던진다. 메시지는 항상
인자 이름, 받은 값, 기대한 값, 고치는 방법을 말한다. 안쪽 반복문은 다시 검사하지 않는다.
"""

import numbers

import numpy as np

FLOAT_DTYPES = (np.float32, np.float64)


def describe(value):
    """오류 메시지에 넣을 수 있도록 값을 짧게 설명한다."""
    if isinstance(value, np.ndarray):
        return f"모양={value.shape}, dtype={value.dtype}인 배열"
    text = repr(value)
    if len(text) > 60:
        text = text[:57] + "..."
    return f"{type(value).__name__} {text}"


def as_array(name, value):
    """배열이 아니면 TypeError. 리스트는 받지 않는다 (dtype이 모호해지므로)."""
    if not isinstance(value, np.ndarray):
        raise TypeError(
            f"`{name}`에는 NumPy 배열이 필요한데 {describe(value)}을(를) 받았습니다. "
            f"np.array(...)로 바꿔서 넘겨 주세요."
        )
    return value


def check_float_array(name, value, ndim=None, shape=None, dtype=None):
    """실수 배열인지, 차원 수와 모양이 맞는지, 모든 값이 유한한지 (NaN, inf 가 없는지) 확인한다.

    shape 의 원소가 None 이면 그 축의 크기는 따지지 않는다.
    dtype 을 주면 그 dtype 과 같아야 한다 (가중치와 입력의 dtype 을 맞추기 위해).
    """
    as_array(name, value)
    if value.dtype.type not in FLOAT_DTYPES:
        raise TypeError(
            f"`{name}`의 dtype은 float32 또는 float64여야 하는데 {value.dtype}입니다. "
            f"`{name}`.astype(np.float32)로 바꿔 주세요."
        )
    if dtype is not None and value.dtype != dtype:
        raise TypeError(
            f"`{name}`의 dtype이 {value.dtype}인데 가중치의 dtype은 {np.dtype(dtype)}입니다. "
            f"계산이 한 dtype으로 이루어지도록 `{name}`.astype(np.{np.dtype(dtype)})로 맞춰 주세요."
        )
    check_shape(name, value, ndim, shape)
    finite = np.isfinite(value)
    if not finite.all():
        where = tuple(int(i) for i in np.argwhere(~finite)[0])
        raise ValueError(
            f"`{name}`에 유한하지 않은 값 {value[where]}이(가) 있습니다 (위치 {where}, 모두 {int((~finite).sum())}개). "
            f"NaN이나 inf가 들어오면 그 뒤의 계산이 모두 망가집니다. 입력을 확인하고, 학습 중이라면 학습률을 줄이거나 "
            f"max_grad로 기울기 클리핑을 켜 주세요."
        )
    return value


def check_shape(name, value, ndim=None, shape=None):
    if shape is not None:
        ndim = len(shape)
    if ndim is not None and value.ndim != ndim:
        expected = f" {_shape_text(shape)}" if shape is not None else ""
        raise ValueError(
            f"`{name}`은(는) {ndim}차원 배열{expected}이어야 하는데 "
            f"{value.ndim}차원 배열 (모양={value.shape})을 받았습니다."
        )
    if shape is not None:
        for axis, (got, want) in enumerate(zip(value.shape, shape)):
            if want is not None and got != want:
                raise ValueError(
                    f"`{name}`의 모양은 {_shape_text(shape)}이어야 하는데 {value.shape}입니다 "
                    f"({axis}번 축의 크기가 {want}이(가) 아니라 {got})."
                )


def _shape_text(shape):
    """(5, ?) 꼴의 글. 원소가 하나면 파이썬의 튜플처럼 (5,)로 쓴다."""
    text = ", ".join("?" if s is None else str(s) for s in shape)
    return f"({text},)" if len(shape) == 1 else f"({text})"


def check_same_dtype(named_arrays):
    """가중치들이 모두 같은 실수 dtype 인지 확인하고 그 dtype을 돌려준다."""
    dtypes = {name: arr.dtype for name, arr in named_arrays}
    if len(set(dtypes.values())) > 1:
        listing = ", ".join(f"{n}: {d}" for n, d in dtypes.items())
        raise TypeError(f"가중치의 dtype이 서로 다릅니다 ({listing}). 모두 같은 dtype (보통 float32)으로 맞춰 주세요.")
    return next(iter(dtypes.values()))


def check_ids(name, value, vocab_size, ndim=None, allow_ignore=False):
    """단어 ID 배열: 정수 dtype, 0 이상 vocab_size 미만 (allow_ignore 이면 -1도 허용)."""
    as_array(name, value)
    if not np.issubdtype(value.dtype, np.integer):
        raise TypeError(
            f"`{name}`은(는) 단어 ID를 담은 정수 배열이어야 하는데 dtype이 {value.dtype}입니다. "
            f"`{name}`.astype(np.int32)로 바꿔 주세요."
        )
    check_shape(name, value, ndim)
    if value.size:
        low = -1 if allow_ignore else 0
        smallest, largest = int(value.min()), int(value.max())
        if smallest < low or largest >= vocab_size:
            bad = smallest if smallest < low else largest
            allowed = f"-1(무시) 또는 0 ~ {vocab_size - 1}" if allow_ignore else f"0 ~ {vocab_size - 1}"
            raise ValueError(
                f"`{name}`에 어휘 밖의 ID {bad}이(가) 있습니다. 어휘 수가 {vocab_size}이므로 "
                f"ID는 {allowed}이어야 합니다."
            )
    return value


def is_int(value):
    """파이썬이나 NumPy의 정수인가 (True/False는 정수로 치지 않는다)."""
    return isinstance(value, numbers.Integral) and not isinstance(value, bool)


def is_real(value, finite=True):
    """파이썬이나 NumPy의 실수인가 (정수 포함, True/False 제외). finite 이면 inf와 NaN도 뺀다."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        return False
    return not finite or bool(np.isfinite(value))


def check_positive_int(name, value):
    if not is_int(value):
        raise TypeError(f"`{name}`은(는) 양의 정수여야 하는데 {describe(value)}을(를) 받았습니다.")
    if value <= 0:
        raise ValueError(f"`{name}`은(는) 1 이상이어야 하는데 {value}을(를) 받았습니다.")
    return int(value)


def check_finite_number(name, value):
    if not is_real(value):
        raise TypeError(f"`{name}`은(는) 유한한 실수여야 하는데 {describe(value)}을(를) 받았습니다.")
    return float(value)


def check_positive_number(name, value):
    check_finite_number(name, value)
    if value <= 0:
        raise ValueError(f"`{name}`은(는) 0보다 커야 하는데 {value}을(를) 받았습니다.")
    return float(value)


def check_forward_done(layer, cache):
    if cache is None:
        raise RuntimeError(
            f"{type(layer).__name__}.backward를 forward보다 먼저 불렀습니다. "
            f"forward로 순전파를 한 뒤에 backward를 불러 주세요."
        )
