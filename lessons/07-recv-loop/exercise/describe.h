// describe.h — stage 07's exercise: tell the kinds of completion apart.
#pragma once

#include <string>

#include "completion.h"

// What a recv's completion means: "data", "peer closed" (0 bytes, a graceful close),
// "connection failed" (a reset and other errors), "cancelled" (we closed the socket
// ourselves: `we_closed`), or "nothing dequeued" (a time-out, or the port closed).
std::string describe(const Completion& c, bool we_closed);
