// utf8.cpp — solved: RFC 3629, byte by byte.
#include "utf8.h"

bool valid_utf8(const std::string& text) {
  for (size_t i = 0; i < text.size();) {
    unsigned char b = (unsigned char)text[i];
    int more = b < 0x80 ? 0 : (b >> 5) == 0x6 ? 1 : (b >> 4) == 0xE ? 2 : (b >> 3) == 0x1E ? 3 : -1;
    if (more < 0 || i + more >= text.size() + (more == 0 ? 1 : 0)) return false;
    unsigned cp = more == 0 ? b : b & (0x3F >> more);
    for (int k = 1; k <= more; ++k) {
      unsigned char c = (unsigned char)text[i + k];
      if ((c & 0xC0) != 0x80) return false;  // not a continuation byte
      cp = cp << 6 | (c & 0x3F);
    }
    static const unsigned kMin[] = {0, 0x80, 0x800, 0x10000};
    if (cp < kMin[more] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += more + 1;
  }
  return true;
}
