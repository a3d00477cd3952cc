#!/usr/bin/env python3
"""tools_test.py — the lesson tools catch what they are meant to catch (CTest lessons.tools)."""
import pathlib
import subprocess
import sys
import tempfile
import unittest

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import coverage  # noqa: E402
import quote  # noqa: E402
import stage_diff  # noqa: E402

SOURCE = """// a.cpp — a file.
#include "a.h"

// [lesson:f]
int f() {
  // English one
  // English two
  //ko: 한국어
  return 1;  // trailing
  //ko: 뒤 주석
}
// [/lesson:f]

int g() { return 2; }
"""


def write(d, name, text):
    (d / name).parent.mkdir(parents=True, exist_ok=True)
    (d / name).write_text(text, encoding="utf-8")


class Quotes(unittest.TestCase):
    def test_english_drops_and_korean_replaces(self):
        with tempfile.TemporaryDirectory() as t:
            d = pathlib.Path(t)
            write(d, "a.cpp", SOURCE)
            en = quote.extract(d / "a.cpp", "f")
            ko = quote.extract(d / "a.cpp", "f", korean=True)
            self.assertIn("// English two", en)
            self.assertNotIn("한국어", en)
            self.assertEqual(ko.splitlines(), ["int f() {", "  // 한국어", "  return 1;  // 뒤 주석", "}"])

    def test_a_korean_line_with_nothing_to_translate_is_an_error(self):
        with tempfile.TemporaryDirectory() as t:
            d = pathlib.Path(t)
            write(d, "a.cpp", "int x;\n//ko: 홀로\n")
            with self.assertRaises(ValueError):
                quote.check_korean(d / "a.cpp")


class Coverage(unittest.TestCase):
    def stages(self, t, text_en):
        prev, stage = pathlib.Path(t) / "01-a", pathlib.Path(t) / "02-b"
        write(prev, "a.cpp", SOURCE.replace("return 2", "return 3").replace("return 1;", "return 0;"))
        write(stage, "a.cpp", SOURCE)
        write(stage, "README.md", text_en)
        return prev, stage

    def test_an_unquoted_hunk_is_named(self):
        with tempfile.TemporaryDirectory() as t:
            prev, stage = self.stages(t, '<!-- quote: a.cpp#f -->\n<!-- /quote -->\n')
            problems = coverage.check_text(stage, prev, stage / "README.md")
            self.assertTrue(any("a.cpp: hunk at lines 14-14" in p for p in problems), problems)
            self.assertFalse(any("lines 9" in p for p in problems), "the quoted region covers line 9")

    def test_a_listed_file_with_its_reason_covers_the_rest(self):
        with tempfile.TemporaryDirectory() as t:
            text = ('<!-- quote: a.cpp#f -->\n<!-- /quote -->\n## Where this differs from the lecture\n'
                    '## Not shown here\n- `a.cpp` — because g is trivial.\n')
            prev, stage = self.stages(t, text)
            self.assertEqual(coverage.check_text(stage, prev, stage / "README.md"), [])

    def test_a_listing_without_a_reason_or_for_a_missing_region_is_refused(self):
        with tempfile.TemporaryDirectory() as t:
            text = ('## Where this differs from the lecture\n## Not shown here\n- `a.cpp` trivial.\n'
                    '- `a.cpp#nope` — because it is gone.\n')
            prev, stage = self.stages(t, text)
            problems = " ".join(coverage.check_text(stage, prev, stage / "README.md"))
            self.assertIn("needs its reason", problems)
            self.assertIn("has no region nope", problems)


class StageDiff(unittest.TestCase):
    def run_diff(self, prev, stage, *view):
        r = subprocess.run([sys.executable, str(HERE / "stage_diff.py"), *view, str(prev), str(stage)],
                           capture_output=True, text=True)
        self.assertEqual(r.returncode, 0, r.stderr)
        return r.stdout, r.stderr.strip().splitlines()[-1]

    def test_a_korean_line_alone_shows_only_in_the_korean_and_raw_views(self):
        with tempfile.TemporaryDirectory() as t:
            prev, stage = pathlib.Path(t) / "01-a", pathlib.Path(t) / "02-b"
            write(prev, "a.cpp", SOURCE)
            write(stage, "a.cpp", SOURCE.replace("//ko: 한국어", "//ko: 새 한국어"))
            en, count = self.run_diff(prev, stage)
            self.assertEqual(en, "")
            self.assertEqual(count, "0 lines changed (English view; --raw counts the //ko: lines too)")
            ko, _ = self.run_diff(prev, stage, "--ko")
            self.assertIn("\n-  // 한국어\n+  // 새 한국어\n", ko)
            self.assertNotIn("English two", ko)  # replaced by its Korean, as README.ko.md shows it
            raw, _ = self.run_diff(prev, stage, "--raw")
            self.assertIn("\n-  //ko: 한국어\n+  //ko: 새 한국어\n", raw)

    def test_the_english_view_drops_the_korean_and_counts_as_coverage_does(self):
        with tempfile.TemporaryDirectory() as t:
            prev, stage = pathlib.Path(t) / "01-a", pathlib.Path(t) / "02-b"
            write(prev, "a.cpp", SOURCE.replace("return 2", "return 3"))
            write(stage, "a.cpp", SOURCE.replace("  // English one\n", "") + "int h();\n")
            write(stage, "b.h", "// b.h — new.\n//ko: 새 파일\nint b();\n")
            write(stage, "tests/t.cpp", "int t;\n")  # not a program file: never shown
            write(stage, "README.md", "text\n")
            en, count = self.run_diff(prev, stage)
            self.assertIn("-  // English one\n", en)
            self.assertIn("+int g() { return 2; }\n", en)
            self.assertIn("+int b();\n", en)
            self.assertNotIn("ko:", en)
            self.assertNotIn("새 파일", en)
            self.assertNotIn("t.cpp", en)
            self.assertNotIn("README", en)
            n = coverage.changed_lines(stage, prev)
            self.assertEqual(n, 6)  # -English one, -return 3, +return 2, +int h(), +b.h's two English lines
            self.assertEqual(count, f"{n} lines changed (English view; --raw counts the //ko: lines too)")
            self.assertEqual(stage_diff.render("x\n//ko: y\n", "en", "t"), "x\n")

    def test_a_file_built_from_an_earlier_stage_counts_as_unchanged(self):
        with tempfile.TemporaryDirectory() as t:
            prev, stage = pathlib.Path(t) / "01-a", pathlib.Path(t) / "02-b"
            write(prev, "a.cpp", SOURCE)
            write(prev, "bench.cpp", "int main() {}\n")
            write(stage, "a.cpp", SOURCE)
            write(stage, "CMakeLists.txt", "add_executable(b ../01-a/bench.cpp)\nx(../01-a/tests/t.cpp)\n")
            self.assertEqual(coverage.program_files(stage), ["a.cpp", "bench.cpp"])
            self.assertEqual(coverage.changed_lines(stage, prev), 0)
            self.assertEqual(self.run_diff(prev, stage), ("", "0 lines changed (English view; --raw counts "
                                                              "the //ko: lines too)"))
            (stage / "CMakeLists.txt").unlink()  # no longer built: removed
            self.assertEqual(coverage.changed_lines(stage, prev), 1)
            self.assertIn("-int main() {}", self.run_diff(prev, stage)[0])


class ApplyPatch(unittest.TestCase):
    def run_apply(self, d, *extra):
        return subprocess.run([sys.executable, str(HERE / "apply_patch.py"), *extra, str(d / "p.patch"), str(d / "src"),
                               str(d / "out"), "a.cpp"], capture_output=True, text=True)

    def test_a_hunk_that_moved_still_applies_and_one_that_does_not_fit_fails(self):
        with tempfile.TemporaryDirectory() as t:
            d = pathlib.Path(t)
            write(d, "src/a.cpp", "x\n" * 5 + "one\ntwo\nthree\n")  # the patch says line 1
            write(d, "p.patch", "--- a/a.cpp\n+++ b/a.cpp\n@@ -1,3 +1,3 @@\n one\n-two\n+TWO\n three\n")
            self.assertEqual(self.run_apply(d).returncode, 0)
            self.assertIn("TWO", (d / "out/a.cpp").read_text())
            write(d, "src/a.cpp", "one\n2\nthree\n")
            self.assertNotEqual(self.run_apply(d).returncode, 0)
            r = self.run_apply(d, "--lenient")
            self.assertEqual(r.returncode, 0)
            self.assertEqual((d / "out/a.cpp").read_text(), "one\n2\nthree\n")
            self.assertIn("used as it is", r.stderr)


if __name__ == "__main__":
    unittest.main()
