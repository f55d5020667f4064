"""Chart functions shared by the notebooks: each takes loaded data and returns a figure.

matplotlib functions return a ``Figure`` for ``figures.save_matplotlib``; plotly functions return
a ``go.Figure`` for ``figures.save_plotly``. Every chart carries a title and labelled axes; the
source line is added when it is saved.
"""
