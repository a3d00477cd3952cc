// flags.h — the tiny "--name value" parser every bench program uses.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

namespace iocplab::bench {

// Reads flags of the form --name value; unknown flags end the program with usage.
class Flags {
 public:
  Flags(int argc, char** argv, const char* usage) : argc_(argc), argv_(argv), usage_(usage) {
    for (int i = 1; i < argc; ++i) {
      if (!std::strcmp(argv[i], "--help") || !std::strcmp(argv[i], "-h")) {
        std::fputs(usage, stdout);
        std::exit(0);
      }
    }
  }

  long num(const char* name, long fallback) const {
    const char* v = find(name);
    if (!v) return fallback;
    char* end = nullptr;
    long n = std::strtol(v, &end, 10);
    if (*v == '\0' || *end != '\0') fail(name, v);
    return n;
  }

  double real(const char* name, double fallback) const {
    const char* v = find(name);
    if (!v) return fallback;
    char* end = nullptr;
    double d = std::strtod(v, &end);
    if (*v == '\0' || *end != '\0') fail(name, v);
    return d;
  }

  std::string str(const char* name, const char* fallback) const {
    const char* v = find(name);
    return v ? v : fallback;
  }

  // Every argument must be a known --flag followed by a value.
  void check_known(std::initializer_list<const char*> known) const {
    for (int i = 1; i < argc_; i += 2) {
      bool ok = false;
      for (const char* k : known) ok = ok || !std::strcmp(argv_[i], k);
      if (!ok || i + 1 >= argc_) {
        std::fprintf(stderr, "bad argument '%s'\n%s", argv_[i], usage_);
        std::exit(2);
      }
    }
  }

 private:
  const char* find(const char* name) const {
    for (int i = 1; i + 1 < argc_; i += 2)
      if (!std::strcmp(argv_[i], name)) return argv_[i + 1];
    return nullptr;
  }
  [[noreturn]] void fail(const char* name, const char* v) const {
    std::fprintf(stderr, "%s: '%s' is not a number\n%s", name, v, usage_);
    std::exit(2);
  }

  int argc_;
  char** argv_;
  const char* usage_;
};

}  // namespace iocplab::bench
