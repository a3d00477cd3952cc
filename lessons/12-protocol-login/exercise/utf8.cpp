// utf8.cpp — your solution goes here (`./lab lesson 12 --check` tests it).
#include "utf8.h"

bool valid_utf8(const std::string& text) {
  // TODO: 1 to 4 bytes per character; no overlong forms, no surrogates, nothing past U+10FFFF.
  return !text.empty();
}
