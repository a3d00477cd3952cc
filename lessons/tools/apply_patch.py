#!/usr/bin/env python3
"""apply_patch.py — build a stage's planted-bug variant: copy its sources, apply bug/planted.patch.

  apply_patch.py [--lenient] PATCH SRC_DIR OUT_DIR FILE...

Copies each FILE (relative to SRC_DIR) to OUT_DIR, then applies the unified diff PATCH
(paths as `diff -u a/server.cpp b/server.cpp` writes them: the first path component is
dropped). Every hunk's lines must match exactly, where it says or shifted (the nearest
match, after the previous hunk); otherwise it stops with the hunk.
--lenient (how lesson_stage uses it): a file whose hunks do not fit is copied as it is,
with a warning. A student edits exactly those lines (solving the exercise, or trying
things), and the build must not break for it: the "solved" build then checks the
student's version, and a planted bug that no longer fits fails lessonNN.bug ("nothing
caught it") instead of building something else.
Make a patch with:  diff -u a/server.cpp b/server.cpp > bug/planted.patch
(a/ and b/ being copies of the stage folder: the original and the one with the bug).
"""
import pathlib
import re
import sys

HUNK = re.compile(r"^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@")


def parse(patch_text):
    """[(file, [(old_start, [lines with ' ', '-', '+' prefixes])])]"""
    files, lines, i = [], patch_text.splitlines(), 0
    while i < len(lines):
        if lines[i].startswith("--- ") and i + 1 < len(lines) and lines[i + 1].startswith("+++ "):
            name = lines[i + 1][4:].split("\t")[0].strip()
            name = name.split("/", 1)[1] if "/" in name else name
            files.append((name, []))
            i += 2
            continue
        m = HUNK.match(lines[i])
        if m and files:
            old_len = int(m.group(2)) if m.group(2) is not None else 1
            new_len = int(m.group(4)) if m.group(4) is not None else 1
            body, i = [], i + 1
            while i < len(lines) and (old_len > 0 or new_len > 0):
                l = lines[i] if lines[i] else " "
                if l.startswith("\\"):
                    i += 1
                    continue
                body.append(l)
                if l[0] in " -":
                    old_len -= 1
                if l[0] in " +":
                    new_len -= 1
                i += 1
            files[-1][1].append((int(m.group(1)), body))
            continue
        i += 1
    return files


class Mismatch(Exception):
    pass


def apply(text_lines, hunks, name):
    out, at = [], 0  # at: 0-based index into text_lines of the next line not yet copied
    for start, body in hunks:
        first = max(start - 1, 0) if any(l[0] in " -" for l in body) else start
        old = [l[1:] for l in body if l[0] in " -"]
        # Where it says, or the nearest place where its lines match exactly (the stage may
        # have grown or shrunk above it since the patch was made, as `patch` allows).
        near = sorted(range(at, len(text_lines) - len(old) + 1), key=lambda n: abs(n - first))
        first = next((n for n in near if text_lines[n:n + len(old)] == old), None)
        if first is None:
            raise Mismatch(f"apply_patch.py: {name}: the hunk at line {start} does not match the source")
        out += text_lines[at:first]
        out += [l[1:] for l in body if l[0] in " +"]
        at = first + len(old)
    return out + text_lines[at:]


def main():
    args = sys.argv[1:]
    lenient = bool(args) and args[0] == "--lenient"
    args = args[1:] if lenient else args
    if len(args) < 4:
        raise SystemExit(__doc__)
    patch, src, dst = (pathlib.Path(a) for a in args[:3])
    dst.mkdir(parents=True, exist_ok=True)
    files = args[3:]
    content = {f: (src / f).read_text(encoding="utf-8") for f in files}
    for name, hunks in parse(patch.read_text(encoding="utf-8")):
        if name not in content:
            raise SystemExit(f"apply_patch.py: the patch changes {name}, which is not among the stage's sources")
        try:
            lines = apply(content[name].splitlines(), hunks, name)
        except Mismatch as e:
            if not lenient:
                raise SystemExit(str(e))
            print(f"{e}; {name} is used as it is (edited for the exercise?)", file=sys.stderr)
            continue
        content[name] = "\n".join(lines) + "\n"
    for f, text in content.items():
        (dst / f).parent.mkdir(parents=True, exist_ok=True)
        (dst / f).write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
