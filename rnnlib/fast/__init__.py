"""rnnlib.fast: 코어와 같은 수학을 더 빨리 계산하는 엔진 (공부할 때 읽는 코드는 코어입니다).

    from rnnlib.fast import Rnnlm        # rnnlib.Rnnlm 과 같은 인자, 같은 가중치, 같은 params/grads 순서

코어 (rnnlib.layers, time_layers, models, optim, trainer) 는 노트북의 유도를 그대로 옮긴 NumPy 코드입니다.
엔진은 같은 모델을 같은 이름으로 (SimpleRnnlm, Rnnlm, BetterRnnlm) 제공하고, 같은 rng 로 만들면 가중치도
드롭아웃 마스크도 코어와 같습니다. RnnlmTrainer, eval_perplexity, save_params/load_params 는 둘을 가리지 않으므로
가중치 파일을 서로 바꿔 읽을 수 있습니다. 엔진은 코어의 공개된 것 (계층, 모델, 검사 함수) 만 쓰고 코어는 엔진을
모릅니다. 둘이 같다는 것은 tests/test_engine.py 가 PTB 크기 (V = 10,000, N = 20, T = 35) 에서 손실, 모든 기울기,
SGD 여러 걸음으로 확인합니다 (float64 에서 1e-10, float32 에서 1e-5 안쪽).

무엇을 하는가 (PTB LSTM 언어 모델의 한 걸음: V = 10,000, D = H = 100, N = 20, T = 35, CPU 코어가 2개인 이 기계):

1. 머리 (head.py): TimeAffine 과 TimeSoftmaxWithLoss 를 한 번에. (N·T, V) 배열 (PTB 에서 28 MB) 은 캐시에 들어가지
   않아 한 번 훑을 때마다 수 ms 가 든다. 순전파는 점수를 exp 버퍼에 바로 곱해 넣고 캐시 크기의 행 구간마다
   편향 → 타깃 점수 → exp → 합을 끝낸다 (점수 배열이 따로 없다). 역전파는 dscore 를 만들지 않고 E' (타깃 자리에서
   행의 합을 뺀 exp 버퍼) 를 행렬 곱이 바로 읽는다: dh = r ⊙ (E' Wᵀ), [dW; db] = [h ⊙ r, r]ᵀ E'.
   exp 버퍼는 걸음마다 다시 쓴다 (새로 잡은 28 MB 는 처음 쓸 때 페이지 폴트가 난다).
2. BLAS 스레드 하나 + 우리 스레드 (threads.py): OpenBLAS 가 스스로 여러 스레드를 쓰면 곱이 끝난 뒤에도 그
   스레드들이 코어를 붙잡고 기다려 (busy-wait) 바로 뒤의 exp 가 두 배 가까이 느려졌다 (17 ms → 9 ms,
   OPENBLAS_THREAD_TIMEOUT 로 확인). 그래서 곱은 모두 BLAS 스레드 하나로 하고, 큰 곱과 exp 는 우리 스레드들이
   정해진 구간으로 나누어 한다. 구간은 문제의 크기만으로 정하므로 결과는 일꾼 수와 상관없이 비트까지 같다.
3. LSTM 과 겹치기: LSTM 의 시각마다의 반복은 CPU 코어 하나만 쓴다. 순전파에서는 엔진의 TimeLSTM (lstm.py) 이 시각마다
   h 를 알려 주고, 다른 CPU 코어가 준비된 행 (100 행씩, 끝에서는 50, 25) 의 점수와 exp 를 미리 계산한다. 역전파에서는
   Affine 의 dW, db (32 개 열 구간) 를 다른 CPU 코어가 LSTM 의 역전파 동안 계산한다.
4. 엔진의 TimeLSTM: 시각을 첫 축에 두고 (반복문의 한 걸음이 연속된 작은 배열만 다룬다), 필요한 배열을 미리 잡고,
   게이트 네 블록을 tanh 한 번으로 (σ(a) = (1 + tanh(a/2)) / 2), 역전파의 국소 미분을 반복문 밖에서 한 번에 구한다.

잰 것 (benchmarks/step_speed.py --rounds 20, 2026-12-06, 같은 실행 안에서 번갈아 잰 한 걸음의 중앙값; 표 전체와
단계별 시간은 benchmarks/README.md): 엔진 54.8 ms, PyTorch CPU 64.1 ms (엔진은 그 0.85배), V 크기 행렬 곱 세 개
(바닥) 35.1 ms (엔진은 그 1.56배), 코어 86.8 ms, 교재 방식 (시각마다 LSTM 계층) 92.3 ms. 한 걸음 동안 새로 잡는
메모리는 엔진 6.0 MiB, 코어 62 MiB. BetterRnnlm 은 마지막 LSTM 과 Affine 사이의 드롭아웃 때문에 3 의 순전파 겹치기를
하지 않는다 (머리와 역전파 겹치기는 한다).

일꾼 수: 기본은 CPU 코어 수. 환경 변수 RNNLIB_WORKERS=1 (또는 rnnlib.fast.set_workers(1)) 로 바꿀 수 있고,
결과는 바뀌지 않는다.
"""

from .models import BetterRnnlm, Rnnlm, SimpleRnnlm
from .threads import set_workers, workers

__all__ = ["BetterRnnlm", "Rnnlm", "SimpleRnnlm", "set_workers", "workers"]
