#!/usr/bin/env python3
"""quote.py — keep the code quoted in lesson texts identical to the source.

A source file marks a block with comment lines:
    // [lesson:recv-loop]
    ...code...
    // [/lesson:recv-loop]
A lesson text (README.md, README.ko.md) quotes it, path relative to the text's folder:
    <!-- quote: main.cpp#recv-loop -->
    ```cpp
    ...code...
    ```
    <!-- /quote -->

  quote.py --check [STAGE_DIR...]   list stale or broken quotes, exit 1 if any
  quote.py --write [STAGE_DIR...]   refresh every quote from the source
Without STAGE_DIR it handles every lessons/NN-* folder.

Bilingual comments: a comment line may carry its Korean twin on the next line,
    // the kernel owns it until the completion is dequeued
    //ko: 완료를 꺼내기 전까지 이 구조체는 커널의 것이다
README.md quotes show the English only (the //ko: lines dropped). README.ko.md quotes
show the Korean: a run of //ko: lines replaces the run of whole-line // comments right
above it, or (one //ko: line) the trailing // comment of the code line above it.
"""
import argparse
import pathlib
import re
import sys

LESSONS = pathlib.Path(__file__).resolve().parent.parent
OPEN = re.compile(r"^[ \t]*//[ \t]*\[lesson:([\w.-]+)\][ \t]*$")
CLOSE = re.compile(r"^[ \t]*//[ \t]*\[/lesson:([\w.-]+)\][ \t]*$")
QUOTE = re.compile(r"<!-- quote: ([^#\s]+)#([\w.-]+) -->\n(.*?)<!-- /quote -->", re.S)
KO = re.compile(r"^([ \t]*)//ko:[ \t]?(.*)$")
COMMENT = re.compile(r"^([ \t]*)//(?!ko:)")
TRAILING = re.compile(r"^(.*?\S.*?[ \t])//(?!ko:).*$")
LANG = {".cpp": "cpp", ".h": "cpp", ".py": "python", ".cmake": "cmake", ".txt": "cmake"}


def localize(lines, korean, where="source"):
    """Drops the //ko: lines (English) or puts them in place of the comment above (Korean)."""
    out = []  # rendered lines
    i = 0
    while i < len(lines):
        if not KO.match(lines[i]):
            out.append(lines[i])
            i += 1
            continue
        run = []
        while i < len(lines) and KO.match(lines[i]):
            run.append(KO.match(lines[i]).group(2).rstrip())
            i += 1
        if not korean:
            continue
        # The English this run translates: whole-line comments right above, or a trailing one.
        n = 0
        while n < len(out) and COMMENT.match(out[len(out) - 1 - n]) and not OPEN.match(out[len(out) - 1 - n]) \
                and not CLOSE.match(out[len(out) - 1 - n]):
            n += 1
        if n:
            indent = COMMENT.match(out[len(out) - n]).group(1)
            del out[len(out) - n:]
            out.extend(f"{indent}// {k}".rstrip() for k in run)
        elif out and TRAILING.match(out[-1]) and len(run) == 1:
            out[-1] = f"{TRAILING.match(out[-1]).group(1)}// {run[0]}".rstrip()
        else:
            raise ValueError(f"{where}: a //ko: line with no English comment right above it: {run[0]!r}")
    return out


def check_korean(path):
    """Every //ko: line must translate something (raises ValueError otherwise)."""
    localize(path.read_text(encoding="utf-8").splitlines(), True, path.name)


def extract(path, name, korean=False):
    """The lines between the markers of `name`, nested marker lines left out, the comments
    in English or Korean (see localize), dedented."""
    lines = path.read_text(encoding="utf-8").splitlines()
    inside, body, found = False, [], False
    for line in lines:
        m_open, m_close = OPEN.match(line), CLOSE.match(line)
        if m_open and m_open.group(1) == name:
            if found:
                raise ValueError(f"{path.name}: marker [lesson:{name}] appears twice")
            inside, found = True, True
            continue
        if m_close and m_close.group(1) == name:
            if not inside:
                raise ValueError(f"{path.name}: [/lesson:{name}] without an opening marker")
            inside = False
            continue
        if inside and not (m_open or m_close):
            body.append(line)
    if not found:
        raise ValueError(f"{path.name}: no marker [lesson:{name}]")
    if inside:
        raise ValueError(f"{path.name}: [lesson:{name}] is never closed")
    body = localize(body, korean, f"{path.name}#{name}")
    indents = [len(l) - len(l.lstrip()) for l in body if l.strip()]
    cut = min(indents) if indents else 0
    return "\n".join(l[cut:] for l in body)


def is_korean(text):
    return text.name.endswith(".ko.md")


def render(text_dir, rel, name, korean=False):
    src = text_dir / rel
    code = extract(src, name, korean)
    lang = LANG.get(src.suffix, "")
    return f"<!-- quote: {rel}#{name} -->\n```{lang}\n{code}\n```\n<!-- /quote -->"


def process(text, write):
    """Returns a list of problems; with write, refreshes the quotes in place."""
    problems = []
    original = text.read_text(encoding="utf-8")

    def replace(m):
        try:
            fresh = render(text.parent, m.group(1), m.group(2), is_korean(text))
        except (OSError, ValueError) as e:
            problems.append(f"{text}: quote {m.group(1)}#{m.group(2)}: {e}")
            return m.group(0)
        if fresh != m.group(0) and not write:
            problems.append(f"{text}: quote {m.group(1)}#{m.group(2)} is stale (run quote.py --write)")
        return fresh

    updated = QUOTE.sub(replace, original)
    if write and updated != original:
        text.write_text(updated, encoding="utf-8")
        print(f"updated {text}")
    return problems


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    mode = ap.add_mutually_exclusive_group(required=True)
    mode.add_argument("--check", action="store_true")
    mode.add_argument("--write", action="store_true")
    ap.add_argument("stages", nargs="*", type=pathlib.Path)
    args = ap.parse_args()
    stages = args.stages or sorted(p for p in LESSONS.glob("[0-9][0-9]-*") if p.is_dir())
    missing = [s for s in stages if not s.is_dir()]
    if missing:
        print(f"quote.py: no such stage folder: {', '.join(map(str, missing))}", file=sys.stderr)
        return 2
    texts = [t for s in stages for t in sorted(s.glob("README*.md"))]
    problems = [p for t in texts for p in process(t, args.write)]
    for src in (f for s in stages for f in sorted(s.rglob("*")) if f.suffix in LANG and f.is_file()):
        try:
            check_korean(src)
        except ValueError as e:
            problems.append(f"{src}: {e}")
    for p in problems:
        print(p, file=sys.stderr)
    if args.check and not problems:
        print(f"quote.py: {len(texts)} lesson texts, every quote matches its source")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
