#!/usr/bin/env python3
"""windows.compile: every source of server/, viz-client/, tools/ and bench/ that is meant
to build on Windows, compiled for the Windows target with MinGW-w64 (-fsyntax-only).

The file list and each file's include dirs and defines come from the Linux build's
compile_commands.json. Sources in those folders that the Linux build does not compile
(the Windows twins, e.g. tools/stress/poller_wsapoll.cpp) are checked with the flags of a
compiled neighbour in the same folder. Third-party headers are Debian's own (SDL2, Dear
ImGui, stb, SQLite, libsodium, asio, GoogleTest): portable, reached through a small
include dir of links so that no glibc header is ever on the MinGW path. POSIX headers
that MinGW has but MSVC lacks (unistd.h, ...) are #error there, so they fail here too. Debian ships no
MinGW builds of those libraries, so nothing is linked here; what can link (the platform,
the framework and its tests, the stress tool) is linked and run by the cross build.

LINUX_ONLY below is the one list of sources that are Linux-only by design, with why.
"""
import argparse
import json
import os
import shlex
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

FOLDERS = ("server/", "viz-client/", "tools/", "bench/")

# source (relative to the repository) -> why it is not built for Windows
LINUX_ONLY = {
    "server/platform/linux/": "the IOCP emulation over epoll/io_uring; on Windows iocp.h is the system's API",
    "bench/servers/epoll_echo_server.cpp": "the bare epoll echo, the Linux baseline the IOCP servers are measured against",
    "bench/load/pingpong_client.cpp": "the benchmark's epoll load generator; bench/run.sh runs the comparison on Linux only",
    "bench/fanout/fanout_client.cpp": "the fan-out benchmark's epoll load generator (bench/run.sh, Linux only)",
    "bench/load/grid_bots.cpp": "a second, independent epoll bot client that cross-checks the stress tool's figures on Linux",
    "bench/tests/": "the bench smoke test drives the Linux-only load generators through fork/exec",
    "tools/stress/cpu_meter_linux.cpp": "CPU figures from /proc; its Windows twin is cpu_meter_windows.cpp",
    "tools/stress/poller_epoll.cpp": "the bots' epoll readiness loop; its Windows twin is poller_wsapoll.cpp",
    "viz-client/lessons/child_process_posix.cpp": "the lesson runner's posix_spawn/signals half; its Windows twin is child_process_win.cpp",
}

# Debian headers reached through the link dir (names under /usr/include).
LINKED_HEADERS = ["sqlite3.h", "sqlite3ext.h", "sodium.h", "sodium", "asio.hpp", "asio",
                  "gtest", "gmock"]
# POSIX headers MinGW-w64 has but MSVC (the real Windows build) does not: here each one is
# an #error, so code that needs them fails this check as it would fail in Visual Studio.
POSIX_ONLY_HEADERS = ["unistd.h", "dirent.h", "strings.h", "getopt.h", "libgen.h", "sys/time.h"]
# Include dirs from compile_commands.json that are fine for MinGW (only portable headers).
PORTABLE_SYSTEM_DIRS = ("/usr/include/SDL2", "/usr/include/imgui", "/usr/include/stb")


def linux_only_reason(rel):
    for key, why in LINUX_ONLY.items():
        if rel == key or (key.endswith("/") and rel.startswith(key)):
            return why
    return None


def compile_flags(entry, source_dir):
    """-I/-isystem/-D/-std/-W flags of one compile_commands entry, made fit for MinGW."""
    args = entry.get("arguments") or shlex.split(entry["command"])
    out, i = [], 1
    while i < len(args):
        a = args[i]
        for opt in ("-I", "-isystem", "-D"):
            if a == opt and i + 1 < len(args):
                a, i = opt + args[i + 1], i + 1
                break
        if a.startswith("-isystem") and a != "-isystem":
            a = "-I" + a[len("-isystem"):].strip()
        if a.startswith("-I"):
            d = os.path.normpath(a[2:])
            if d.startswith(source_dir) or d.startswith(PORTABLE_SYSTEM_DIRS):
                out.append("-I" + d)
            # any other system dir (glibc, multiarch) stays off the MinGW path
        elif a.startswith("-D") and a != "-D_REENTRANT":
            out.append(a)
        elif a.startswith("-std=") or (a.startswith("-W") and not a.startswith("-Wl")):
            out.append(a)
        i += 1
    return out


def make_include_dir(work_dir, source_dir):
    inc = os.path.join(work_dir, "include")
    os.makedirs(os.path.join(inc, "SDL2"), exist_ok=True)
    for name in LINKED_HEADERS:
        target, link = os.path.join("/usr/include", name), os.path.join(inc, name)
        if os.path.exists(target) and not os.path.lexists(link):
            os.symlink(target, link)
    for name in POSIX_ONLY_HEADERS:
        path = os.path.join(inc, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            f.write(f'#error "<{name}> is POSIX only: Visual Studio has no such header (windows.compile)"\n')
    # Debian's SDL_config.h includes <SDL2/_real_SDL_config.h>: give it the Windows one.
    real = os.path.join(inc, "SDL2", "_real_SDL_config.h")
    src = os.path.join(source_dir, "cmake", "windows-compile", "SDL_config_windows.h")
    with open(src) as f:
        text = f.read()
    if not os.path.exists(real) or open(real).read() != text:
        with open(real, "w") as f:
            f.write(text)
    return inc


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--compile-commands", required=True)
    ap.add_argument("--source-dir", required=True)
    ap.add_argument("--work-dir", required=True)
    ap.add_argument("--compiler", default="x86_64-w64-mingw32-g++-posix")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--list", action="store_true", help="print what would be compiled and stop")
    o = ap.parse_args()
    source_dir = os.path.realpath(o.source_dir)
    with open(o.compile_commands) as f:
        db = json.load(f)

    jobs = {}          # rel path -> flags
    neighbours = {}    # folder -> flags of one compiled file there
    for e in db:
        path = os.path.realpath(os.path.join(e.get("directory", ""), e["file"]))
        if not path.startswith(source_dir + os.sep):
            continue
        rel = os.path.relpath(path, source_dir)
        if not rel.startswith(FOLDERS) or rel in jobs:
            continue
        flags = compile_flags(e, source_dir)
        neighbours.setdefault(os.path.dirname(rel), flags)
        if not linux_only_reason(rel):
            jobs[rel] = flags

    # Every source in the folders is compiled, or listed as Linux-only: nothing slips by.
    unplaced = []
    for folder in FOLDERS:
        for root, _, files in os.walk(os.path.join(source_dir, folder)):
            for name in files:
                if not name.endswith((".cpp", ".cc", ".c")):
                    continue
                rel = os.path.relpath(os.path.join(root, name), source_dir)
                if rel in jobs or linux_only_reason(rel):
                    continue
                flags = neighbours.get(os.path.dirname(rel))
                if flags is None:
                    unplaced.append(rel)
                else:
                    jobs[rel] = flags  # a Windows twin: its neighbours' flags
    # A folder this build does not configure at all (e.g. viz-client with -DIOCPLAB_CLIENT=OFF)
    # has no flags to borrow: say so and leave it out; anything else unplaced is an error.
    configured = {rel.split("/")[0] + "/" for rel in neighbours}
    not_configured = sorted({rel.split("/")[0] + "/" for rel in unplaced} - configured)
    unplaced = [rel for rel in unplaced if rel.split("/")[0] + "/" in configured]
    for folder in not_configured:
        print(f"windows.compile: {folder} is not part of this build's configuration: not checked")
    if unplaced:
        print("windows.compile: no flags known for (not in the Linux build, no compiled neighbour):")
        for rel in unplaced:
            print("  " + rel)
        return 1

    os.makedirs(o.work_dir, exist_ok=True)
    inc = make_include_dir(o.work_dir, source_dir)
    base = [o.compiler, "-fsyntax-only", "-std=c++20", "-I" + inc]

    def run(rel):
        flags = jobs[rel]
        lang = ["-x", "c"] if rel.endswith(".c") else []
        cmd = base + flags + lang + [os.path.join(source_dir, rel)]
        if rel.endswith(".c"):
            cmd = [c for c in cmd if not c.startswith("-std=c++")]
        p = subprocess.run(cmd, capture_output=True, text=True)
        return rel, p.returncode, p.stderr, cmd

    if o.list:
        for rel in sorted(jobs):
            print(rel)
        return 0
    failed = 0
    with ThreadPoolExecutor(max_workers=max(1, o.jobs)) as pool:
        for rel, rc, text, cmd in pool.map(run, sorted(jobs)):
            if rc != 0:
                failed += 1
                print(f"FAILED {rel}\n  {' '.join(cmd)}\n{text}")
    skipped = sorted({k for k in LINUX_ONLY})
    print(f"windows.compile: {len(jobs) - failed} of {len(jobs)} sources compile for Windows "
          f"({o.compiler}); Linux-only by design:")
    for key in skipped:
        print(f"  {key}: {LINUX_ONLY[key]}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
