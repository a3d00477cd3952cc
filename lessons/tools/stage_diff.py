#!/usr/bin/env python3
"""stage_diff.py — what stage B changed against stage A, as a reader of one language reads it.

The program files of both stages (the ones coverage.py checks: no README*, tests/,
CMakeLists.txt, bug/, solution/, exercise/; a file a stage builds from an earlier stage's
folder counts as its own) are rendered into a temporary folder and
compared with `diff -ruN`:

  (default)  English: the //ko: lines dropped, as README.md shows code
  --ko       Korean: the //ko: lines in place of the comments they translate, as README.ko.md
  --raw      the files as they are (every comment twice)

The last line, on stderr, is coverage.py's count for the step (the English view).

  stage_diff.py [--ko|--raw] A B    A and B: stage folders or numbers (13, lessons/14-...)
"""
import argparse
import os
import pathlib
import subprocess
import sys
import tempfile

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import coverage  # noqa: E402  (the file selection and the count)
import quote  # noqa: E402  (the English and Korean renderings)


def stage_folder(arg):
    p = pathlib.Path(arg)
    if p.is_dir():
        return p.resolve()
    if arg.isdigit():
        found = sorted(coverage.LESSONS.glob(f"{int(arg):02d}-*"))
        if found and found[0].is_dir():
            return found[0]
    raise SystemExit(f"stage_diff.py: no stage {arg}")


def render(text, view, where):
    """The file's text in the view: "en", "ko" or "raw"."""
    if view == "raw":
        return text
    lines = quote.localize(text.splitlines(), view == "ko", where)
    return "\n".join(lines) + ("\n" if lines and text.endswith("\n") else "")


def copy_stage(stage, into, view):
    for rel in coverage.program_files(stage):
        src, dst = coverage.source(stage, rel), into / rel
        dst.parent.mkdir(parents=True, exist_ok=True)
        data = src.read_bytes()
        try:
            data = render(data.decode("utf-8"), view, f"{stage.name}/{rel}").encode("utf-8")
        except UnicodeDecodeError:
            pass  # not text: as it is
        dst.write_bytes(data)
        st = src.stat()
        os.utime(dst, ns=(st.st_atime_ns, st.st_mtime_ns))  # diff's headers show the real times


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    view = ap.add_mutually_exclusive_group()
    view.add_argument("--ko", dest="view", action="store_const", const="ko", help="the Korean rendering")
    view.add_argument("--raw", dest="view", action="store_const", const="raw", help="the files as they are")
    ap.add_argument("--color", default="auto", help="auto (colors on a terminal), always or never")
    ap.add_argument("a")
    ap.add_argument("b")
    args = ap.parse_args()
    a, b = stage_folder(args.a), stage_folder(args.b)
    roots = ("lessons", "lessons") if a.name != b.name else ("a", "b")
    with tempfile.TemporaryDirectory(prefix="stage_diff.") as t:
        tmp = pathlib.Path(t)
        try:
            copy_stage(a, tmp / roots[0] / a.name, args.view or "en")
            copy_stage(b, tmp / roots[1] / b.name, args.view or "en")
        except ValueError as e:  # a //ko: line with nothing to translate
            print(f"stage_diff.py: {e}", file=sys.stderr)
            return 2
        sys.stdout.flush()
        color = "always" if args.color == "auto" and sys.stdout.isatty() else args.color
        rc = subprocess.run(["diff", "-ruN", *([f"--color={color}"] if color != "auto" else []),
                             f"{roots[0]}/{a.name}", f"{roots[1]}/{b.name}"], cwd=tmp).returncode
    if rc > 1:
        return rc
    print(f"{coverage.changed_lines(b, a)} lines changed (English view; --raw counts the //ko: lines too)",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
