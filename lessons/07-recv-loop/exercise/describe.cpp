// describe.cpp — your solution to stage 07's exercise (see README.md, "Exercise").
// Check it with: ./lab lesson 07 --check
#include "describe.h"

std::string describe(const Completion& c, bool we_closed) {
  // TODO: look at c.overlapped, c.ok, c.bytes and we_closed, in the right order.
  (void)c, (void)we_closed;
  return "data";
}
