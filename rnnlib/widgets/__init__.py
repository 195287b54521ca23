"""ipywidgets로 만든 대화형 위젯. 수학은 rnnlib.viz의 순수 함수가 하고, 여기서는 조작과 그리기만 한다."""
