"""The serving process: garbage collected less often than Python's default."""
import gc

from webapp.server import GC_YOUNG_THRESHOLD, serving_gc


def test_a_serving_process_collects_garbage_less_often():
    before = gc.get_threshold()
    try:
        serving_gc()
        assert gc.get_threshold()[0] == GC_YOUNG_THRESHOLD > before[0]
    finally:
        gc.set_threshold(*before)
