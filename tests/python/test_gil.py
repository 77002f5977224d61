"""encode_batch, predict and learn release the GIL: a second Python thread makes progress while
they run."""

import random
import threading
import time

import motiftok


def ticks_during(call):
    """Runs call() while a second thread records timestamps; returns the number of timestamps in
    the middle half of the call (none if the call kept the GIL) and the call's duration."""
    ticks = []
    stop = threading.Event()

    def spin():
        while not stop.is_set():
            ticks.append(time.perf_counter())

    thread = threading.Thread(target=spin)
    thread.start()
    time.sleep(0.02)
    t0 = time.perf_counter()
    call()
    t1 = time.perf_counter()
    stop.set()
    thread.join()
    margin = (t1 - t0) / 4
    return sum(t0 + margin < t < t1 - margin for t in ticks), t1 - t0


def test_second_thread_runs_during_encode_batch(data):
    tok = motiftok.Tokenizer.load(str(data / "vocab_small.json"))
    rng = random.Random(7)
    seqs = ["".join(rng.choices("ACGT", k=5000)) for _ in range(200)]
    # Grow the batch until the call is long enough to see inside (machines differ in speed).
    while True:
        ticks, seconds = ticks_during(lambda: tok.encode_batch(seqs, threads=1))
        if seconds > 0.2 or len(seqs) > 200 * 64:
            break
        seqs = seqs * 2
    assert seconds > 0.05
    assert ticks > 50, f"{ticks} ticks of the second thread during a {seconds:.3f} s call"
