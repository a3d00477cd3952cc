// stress_run.h — one whole run: start the bot loops, judge each second (progress line,
// held rule, ramp end), hold, stop, print the summary. Owns the loops and their threads.
#pragma once

#include <cstdio>

#include "options.h"

namespace iocplab::stress {

// Prints progress and the summary to `out` (its last line is final_line()), notes to
// `err`. Returns the exit status: 0 when the run completed, 1 when no bot could ever
// connect or the tool could not start.
int run_stress(const Options& opt, std::FILE* out, std::FILE* err);

// Ends the run at the next second, with its summary (Ctrl-C). Async-signal-safe.
void interrupt_run();

// Raises RLIMIT_NOFILE's soft limit to the hard limit; returns the new soft limit.
uint64_t raise_fd_limit();

}  // namespace iocplab::stress
