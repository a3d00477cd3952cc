#!/usr/bin/env python3
"""coverage.py — every line a stage changes is shown in its text or said to be left out.

For stage NN, each hunk of the difference between stage NN-1's program and NN's (the
files `./lab diff` compares: no README*, tests/, CMakeLists.txt, bug/, solution/,
exercise/) must lie inside a marked region that the text quotes, or be listed in the text
under the heading `## Not shown here` (README.ko.md: `## 여기에 싣지 않은 것`) as a
bullet that starts with `FILE#REGION` or `FILE` in backquotes and gives the reason:

    ## Not shown here
    - `completion.h` — because it only declares what completion.cpp defines.
    - `server.cpp#helpers`, `server.h` — because ...

A file the stage adds is one hunk (all its lines); the first stage is compared against
nothing. A program file the stage's CMakeLists.txt builds from an earlier stage's folder
(`../NN-name/FILE`, not under tests/) counts as the stage's own (see referenced()). Lines that need no cover: blank ones, `#include` and `#pragma once`, and the
comment block a file starts with (what the file is). README.md and README.ko.md are checked separately.
It also holds every converted stage to the course's rules: a text of at most MAX_TEXT
lines with the box "Where this differs from the lecture" (Korean "강의와 다른 점"), a step
of at most MAX_STEP changed lines (//ko: lines not counted; STEP_ALLOWANCE names the
exceptions and why), a planted bug (bug/planted.patch) from stage 05 on.
Stages listed in under_conversion.txt are skipped (and reported).

  coverage.py [STAGE_DIR...]   exit 1 naming each uncovered hunk
"""
import difflib
import pathlib
import re
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import quote  # noqa: E402  (markers and the quote syntax live there)

LESSONS = quote.LESSONS
MAX_TEXT = 330   # the rule says ~300 lines a text
MAX_STEP = 220   # and ~200 changed lines a step
FIRST_BUG = 5    # planted bugs start at the first recv (05-first-recv): 03 and 04 hear no client
# A stage allowed a longer step, and why (printed on every run; keep this short).
STEP_ALLOWANCE = {}  # none since 03 was cut in two (03 accept thread, 04 client array)
BOXES = {"README.md": "Where this differs from the lecture", "README.ko.md": "강의와 다른 점"}
SKIP_DIRS = {"tests", "bug", "solution", "exercise"}
HEADINGS = {"README.md": "## Not shown here", "README.ko.md": "## 여기에 싣지 않은 것"}
BULLET = re.compile(r"^[-*][ \t]+((?:`[^`]+`[ \t]*(?:,|and|및|와|과)?[ \t]*)+)(.*)$")
SPAN = re.compile(r"`([^`#]+)(?:#([\w.-]+))?`")
REFERENCE = re.compile(r"\.\./([0-9][0-9]-[\w-]+)/([\w./-]+\.(?:cpp|h))")


def under_conversion():
    """Stage numbers (\"06\") whose texts are being rewritten; see under_conversion.txt."""
    f = LESSONS / "tools" / "under_conversion.txt"
    if not f.exists():
        return set()
    return {l.split("#")[0].strip() for l in f.read_text(encoding="utf-8").splitlines()} - {""}


def referenced(stage):
    """Program files the stage builds from an earlier stage's folder, unchanged (its
    CMakeLists.txt names them ../NN-name/FILE): relative path -> the file. Tests so named
    are not program files."""
    cmake, found = stage / "CMakeLists.txt", {}
    if cmake.is_file():
        for m in REFERENCE.finditer(cmake.read_text(encoding="utf-8")):
            f = stage.parent / m.group(1) / m.group(2)
            if m.group(2).split("/")[0] not in SKIP_DIRS and f.is_file():
                found[m.group(2)] = f
    return found


def source(stage, rel):
    """Where the stage's program file rel is: in its folder, or referenced."""
    own = stage / rel
    return own if own.is_file() else referenced(stage).get(rel, own)


def program_files(stage):
    """The stage's program files, relative paths as strings (the referenced ones too)."""
    out = []
    for f in sorted(stage.rglob("*")):
        rel = f.relative_to(stage)
        if not f.is_file() or rel.parts[0] in SKIP_DIRS or f.name.startswith("README") \
                or f.name == "CMakeLists.txt":
            continue
        out.append(rel.as_posix())
    return sorted(set(out) | set(referenced(stage)))


def regions(lines):
    """name -> (first, last) 1-based line numbers of its markers, inclusive."""
    found, open_at = {}, {}
    for n, line in enumerate(lines, 1):
        m_open, m_close = quote.OPEN.match(line), quote.CLOSE.match(line)
        if m_open:
            open_at[m_open.group(1)] = n
        elif m_close and m_close.group(1) in open_at:
            found[m_close.group(1)] = (open_at.pop(m_close.group(1)), n)
    return found


def not_shown(text, heading):
    """The (file, region or None) pairs listed under the heading, and problems found."""
    listed, problems, inside = [], [], False
    for n, line in enumerate(text.splitlines(), 1):
        if line.startswith("## "):
            inside = line.strip() == heading
            continue
        if not inside or not line.lstrip().startswith(("-", "*")):
            continue
        m = BULLET.match(line.strip())
        if not m:
            continue
        reason = m.group(2).strip(" —-:")
        english = heading == HEADINGS["README.md"]
        if (english and "because" not in reason) or len(reason) < 4:
            problems.append(f"line {n}: a listed item needs its reason"
                            f"{' (... because ...)' if english else ''}: {line.strip()}")
        listed += [(s.group(1), s.group(2)) for s in SPAN.finditer(m.group(1))]
    return listed, problems


def hunks(old, new):
    """(j1, j2) 0-based new-side ranges of each change; old None: the whole file is one."""
    if old is None:
        return [(0, len(new))]
    sm = difflib.SequenceMatcher(None, old, new, autojunk=False)
    return [(j1, j2) for tag, i1, i2, j1, j2 in sm.get_opcodes() if tag != "equal"]


def english(lines):
    """The lines a reader of one language reads: the //ko: twins left out (README.md's
    rendering, which stage_diff.py shows too)."""
    return quote.localize(lines, False)


def changed_lines(stage, prev):
    """What `./lab diff PREV STAGE` shows as changed (lines removed plus lines added), not
    counting the //ko: lines: they repeat in Korean the comments already counted. The one
    count of a step: stage_diff.py prints it under the diff."""
    n = 0
    files = set(program_files(stage)) | (set(program_files(prev)) if prev else set())
    for f in files:
        new = source(stage, f).read_text(encoding="utf-8").splitlines() if source(stage, f).is_file() else []
        old = source(prev, f).read_text(encoding="utf-8").splitlines() if prev and source(prev, f).is_file() else []
        sm = difflib.SequenceMatcher(None, english(old), english(new), autojunk=False)
        n += sum((i2 - i1) + (j2 - j1) for tag, i1, i2, j1, j2 in sm.get_opcodes() if tag != "equal")
    return n


def check_text(stage, prev, text_path):
    text = text_path.read_text(encoding="utf-8")
    heading = HEADINGS[text_path.name]
    listed, problems = not_shown(text, heading)
    if len(text.splitlines()) > MAX_TEXT:
        problems.append(f"{len(text.splitlines())} lines; a text has at most ~300 (limit {MAX_TEXT})")
    if BOXES[text_path.name] not in text:
        problems.append(f"no box '{BOXES[text_path.name]}'")
    quoted = {(m.group(1), m.group(2)) for m in quote.QUOTE.finditer(text)}
    files = program_files(stage)
    old_files = set(program_files(prev)) if prev else set()
    try:
        where = f"{text_path.relative_to(LESSONS)}"
    except ValueError:  # a stage outside lessons/ (the tools' own tests)
        where = str(text_path)
    for f, r in listed:
        if f not in files and f not in old_files:
            problems.append(f"lists `{f}`, which this stage does not have")
    for f in sorted(set(files) | old_files):
        listed_file = (f, None) in listed
        if f not in files:
            if not listed_file:
                problems.append(f"{f} was removed (it is in {prev.name}): list `{f}` under '{heading}'")
            continue
        lines = source(stage, f).read_text(encoding="utf-8").splitlines()
        marks = regions(lines)
        covered = set(n for n, l in enumerate(lines, 1) if re.match(r"\s*#\s*(include|pragma once)\b", l))
        for n, l in enumerate(lines, 1):  # the file's opening comment block
            if not l.lstrip().startswith("//"):
                break
            covered.add(n)
        for (qf, qr) in quoted | {x for x in listed if x[1]}:
            if qf != f:
                continue
            if qr not in marks:
                problems.append(f"names `{qf}#{qr}`, but {f} has no region {qr}")
                continue
            covered.update(range(marks[qr][0], marks[qr][1] + 1))
        old = source(prev, f).read_text(encoding="utf-8").splitlines() if prev and f in old_files else None
        for j1, j2 in hunks(old, lines):
            if listed_file:
                continue
            if j1 == j2:  # lines removed between new lines j1 and j1+1
                if j1 in covered or (j1 + 1) in covered:
                    continue
                bad = j1
            else:
                bad = next((n for n in range(j1 + 1, j2 + 1) if lines[n - 1].strip() and n not in covered), None)
                if bad is None:
                    continue
            against = f"against {prev.name}" if prev else "(first stage)"
            what = "new file" if old is None else f"hunk at lines {j1 + 1}-{max(j1 + 1, j2)}"
            shown = lines[bad - 1].strip() if 0 < bad <= len(lines) else "(lines removed)"
            problems.append(f"{f}: {what} {against} is neither quoted nor listed under "
                            f"'{heading}'; line {bad}: {shown[:70]}")
    return [f"{where}: {p}" for p in problems]


def main():
    args = [pathlib.Path(a) for a in sys.argv[1:]]
    every = sorted(p for p in LESSONS.glob("[0-9][0-9]-*") if p.is_dir())
    stages = [a.resolve() for a in args] or every
    skipped = under_conversion()
    problems, checked = [], 0
    for stage in stages:
        if stage.name[:2] in skipped:
            print(f"coverage.py: {stage.name} skipped (listed in tools/under_conversion.txt)")
            continue
        earlier = [p for p in every if p.name[:2] < stage.name[:2]]
        prev = earlier[-1] if earlier else None
        step = changed_lines(stage, prev)
        print(f"coverage.py: {stage.name}: {step} lines changed against {prev.name if prev else 'nothing'}")
        limit, why = STEP_ALLOWANCE.get(stage.name[:2], (MAX_STEP, ""))
        if why:
            print(f"coverage.py: {stage.name} may change up to {limit} lines: {why}")
        if prev and step > limit:
            problems.append(f"{stage.name}: {step} lines changed against {prev.name}; a step has at most ~200 "
                            f"(limit {limit})")
        if int(stage.name[:2]) >= FIRST_BUG and not (stage / "bug" / "planted.patch").is_file():
            problems.append(f"{stage.name}: no planted bug (bug/planted.patch); every stage from {FIRST_BUG:02d} on has one")
        for name in HEADINGS:
            if (stage / name).exists():
                problems += check_text(stage, prev, stage / name)
                checked += 1
            else:
                problems.append(f"{stage.name}: {name} is missing")
    for p in problems:
        print(p, file=sys.stderr)
    if not problems:
        print(f"coverage.py: {checked} lesson texts, every changed line is quoted or listed")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
