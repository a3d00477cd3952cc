// send_budget.cpp — solved: a send holds its whole context, not just its bytes.
#include "send_budget.h"

#include "io_context.h"

size_t SendBudget::cost(size_t /*wire_bytes*/) { return sizeof(IoContext); }

bool SendBudget::take(size_t wire_bytes) {
  if (held_ + cost(wire_bytes) > limit_) return false;
  held_ += cost(wire_bytes);
  return true;
}

void SendBudget::give_back(size_t wire_bytes) { held_ -= cost(wire_bytes); }
