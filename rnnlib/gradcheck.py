"""수치 미분으로 역전파의 기울기를 확인한다 (테스트와 노트북에서 쓴다).

중앙 차분 (f(x+ε) - f(x-ε)) / 2ε 로 구한 기울기와 backward 가 낸 기울기의 상대 오차를 잰다.
float64 가중치로 만든 계층에서 재면 오차가 1e-7 보다 훨씬 작아야 한다.
"""

import numpy as np


def numerical_gradient(f, x, eps=1e-5):
    """인자 없는 함수 f() (스칼라)의 x에 대한 기울기. x를 제자리에서 흔들었다가 되돌린다."""
    grad = np.zeros(x.shape, dtype=np.float64)
    for index in np.ndindex(*x.shape):
        original = x[index]
        x[index] = original + eps
        f_plus = float(f())
        x[index] = original - eps
        f_minus = float(f())
        x[index] = original
        grad[index] = (f_plus - f_minus) / (2 * eps)
    return grad


def relative_error(analytic, numeric):
    """‖a − n‖ / (‖a‖ + ‖n‖). 둘 다 0 이면 0."""
    analytic = np.asarray(analytic, dtype=np.float64)
    numeric = np.asarray(numeric, dtype=np.float64)
    scale = np.linalg.norm(analytic) + np.linalg.norm(numeric)
    return 0.0 if scale == 0 else float(np.linalg.norm(analytic - numeric) / scale)


def _as_tuple(value):
    if value is None:
        return ()
    return value if isinstance(value, tuple) else (value,)


def check_layer(layer, *inputs, seed=0, eps=1e-5):
    """계층의 모든 가중치와 실수 입력에 대해 {이름: 상대 오차} 를 돌려준다.

    손실은 forward 출력에 고정된 무작위 가중치를 곱해 더한 값이다 (출력이 스칼라면 그 값).
    stateful 계층은 이어받을 상태 (h, c) 를 매번 처음 값으로 되돌린 뒤 forward 한다.
    """
    rng = np.random.default_rng(seed)
    saved_state = {name: getattr(layer, name) for name in ("h", "c") if hasattr(layer, name)}

    def run():
        for name, value in saved_state.items():
            setattr(layer, name, value)
        return _as_tuple(layer.forward(*inputs))

    outputs = run()
    douts = tuple(
        rng.standard_normal(np.shape(out)).astype(np.asarray(out).dtype) if np.ndim(out) else 1.0 for out in outputs
    )

    def loss():
        return sum(float(np.sum(out * dout)) for out, dout in zip(run(), douts))

    input_grads = _as_tuple(layer.backward(*douts))
    analytic = {f"params[{i}]": g.copy() for i, g in enumerate(layer.grads)}
    float_inputs = [(i, x) for i, x in enumerate(inputs) if np.issubdtype(np.asarray(x).dtype, np.floating)]
    for (i, _), grad in zip(float_inputs, input_grads):
        analytic[f"inputs[{i}]"] = grad
    arrays = {f"params[{i}]": p for i, p in enumerate(layer.params)}
    arrays.update({f"inputs[{i}]": x for i, x in float_inputs})
    return {name: relative_error(analytic[name], numerical_gradient(loss, arrays[name], eps)) for name in analytic}


def check_model(model, xs, ts, eps=1e-5):
    """언어 모델의 모든 가중치에 대해 {이름: 상대 오차}. 매번 은닉 상태를 지우고 계산한다."""

    def loss():
        model.reset_state()
        return model.forward(xs, ts)

    loss()
    model.backward()
    analytic = [g.copy() for g in model.grads]
    return {
        f"params[{i}]": relative_error(grad, numerical_gradient(loss, param, eps))
        for i, (param, grad) in enumerate(zip(model.params, analytic))
    }
