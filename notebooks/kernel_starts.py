#!/usr/bin/python3
"""How many starts of a Jupyter kernel answer: start it N times, wait for kernel_info and run one cell each time.

    JUPYTER_PATH=<folder with kernels/NAME/kernel.json> /usr/bin/python3 notebooks/kernel_starts.py NAME [N] [TIMEOUT_S]

Progress goes to stderr; the last stdout line is one JSON object: kernel, starts, answered, never_answered,
median_ready_s. Used to measure the Java kernel's start races with and without this module's LoopThread fix
(notebooks/README.md).
"""
import json
import statistics
import sys
import time

from jupyter_client import KernelManager


def main():
    name = sys.argv[1]
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 20
    timeout = float(sys.argv[3]) if len(sys.argv) > 3 else 45
    answered, ready = 0, []
    for i in range(n):
        km = KernelManager(kernel_name=name)
        start = time.time()
        km.start_kernel()
        kc = km.client()
        kc.start_channels()
        try:
            kc.wait_for_ready(timeout=timeout)
            if kc.execute_interactive("1 + 1", timeout=timeout)["content"]["status"] == "ok":
                answered += 1
                ready.append(time.time() - start)
                print(f"{i}: ready in {ready[-1]:.1f} s", file=sys.stderr, flush=True)
        except (RuntimeError, TimeoutError) as e:
            print(f"{i}: never answered ({e})", file=sys.stderr, flush=True)
        finally:
            kc.stop_channels()
            km.shutdown_kernel(now=True)
    print(json.dumps({"kernel": name, "starts": n, "answered": answered, "never_answered": n - answered,
                      "median_ready_s": round(statistics.median(ready), 1) if ready else None}))


if __name__ == "__main__":
    main()
