#!/usr/bin/env python3
"""stress.wine.e2e: the Windows build of iocplab-stress (its bots on WSAPoll) run under
Wine against the Linux iocplab-server on loopback; passes when every bot logs in and
the tool's last line says it held them all.

usage: wine_stress_e2e.py SERVER WINE_RUN STRESS_EXE [BOTS]
"""
import re
import subprocess
import sys
import time


def main():
    server, wine_run, stress = sys.argv[1:4]
    bots = int(sys.argv[4]) if len(sys.argv) > 4 else 100
    srv = subprocess.Popen([server, "--port", "0", "--db", ":memory:"], stdout=subprocess.PIPE,
                           stderr=subprocess.DEVNULL, text=True)
    try:
        port, deadline = None, time.monotonic() + 10
        while port is None and time.monotonic() < deadline:
            line = srv.stdout.readline()
            if not line:
                break
            m = re.match(r"listening on (\d+)$", line.strip())
            if m:
                port = m.group(1)
        if port is None:
            print("the server did not print 'listening on <port>' within 10 s")
            return 1
        cmd = [wine_run, stress, "--port", port, "--max-bots", str(bots), "--ramp-ms", "5",
               "--hold", "2", "--duration", "30"]
        run = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
        out = run.stdout.strip().splitlines()
        print("\n".join(out[-6:]))
        last = out[-1] if out else ""
        ok = run.returncode == 0 and re.match(rf"held {bots} bots, avg [0-9.]+ ms", last) is not None
        if not ok:
            print(f"expected 'held {bots} bots, ...' as the last line (exit code {run.returncode})\n"
                  + run.stderr[-2000:])
        return 0 if ok else 1
    finally:
        srv.terminate()
        try:
            srv.wait(timeout=10)
        except subprocess.TimeoutExpired:
            srv.kill()


if __name__ == "__main__":
    sys.exit(main())
