// step_gate.h — the teaching step mode (iocplab-server --step): a completion that a worker
// dequeues waits here, before it is handled, until the controlling client allows the next
// one (Step) or lets everything run (Run). Off unless the server was started with --step.
//
// A waiting completion is parked in the gate, not on the worker's stack: if the workers
// themselves stopped, the controller's own CS_STEP could never be read (every worker would
// be blocked, none left to dequeue it). So the worker goes back to
// GetQueuedCompletionStatus, the completion waits in a queue, and a Step re-posts it to the
// port (PostQueuedCompletionStatus) to be handled by whichever worker dequeues it next.
// The controller's own completions are never held.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>

#include "completion_port.h"
#include "session_sink.h"

namespace iocplab::net {

enum class StepOp : uint8_t { Accept = 1, Recv = 2, Send = 3, Posted = 4, Other = 5 };

struct StepWaiting {  // a completion held before handling (SC_STEP_WAITING)
  uint32_t seq = 0;   // 1, 2, ... in the order they were dequeued
  uint8_t worker = 0; // the worker that dequeued it
  StepOp op = StepOp::Other;
  bool ok = true;     // what GetQueuedCompletionStatus returned
  ULONG_PTR key = 0;  // the completion key (a session's slot, or a special key)
  uint32_t bytes = 0;
  SessionId session = 0;  // the session it belongs to, 0 when none
};

struct StepDone {  // what handling one released completion did (SC_STEP_DONE)
  uint32_t seq = 0;
  uint16_t frames_cut = 0, frames_sent = 0, closes = 0;
};

struct StepState {  // SC_STEP_STATE
  bool paused = false;
  uint16_t waiting = 0;
  uint32_t handled = 0;  // completions released one by one so far
};

// Counts what one handler did, on the thread that runs it (frames cut from recvs, frames
// queued to send, closes begun). Zeroed by the gate around each released completion.
struct StepTally {
  uint16_t frames_cut = 0, frames_sent = 0, closes = 0;
  static StepTally& here();  // this thread's
};

class StepGate {
 public:
  struct Events {  // called without the gate's lock held, from any thread
    std::function<void(const StepWaiting&)> waiting;
    std::function<void(const StepDone&)> done;
    std::function<void(const StepState&)> state;
  };
  // replay re-posts a released completion to the port (see the file comment); seq is 0 for
  // one let go by Run or by the controller leaving (no SC_STEP_DONE answers those).
  using Replay = std::function<void(const Completion&, uint32_t seq)>;

  StepGate(bool enabled, Replay replay) : enabled_(enabled), replay_(std::move(replay)) {}

  bool enabled() const { return enabled_; }
  void set_events(Events e);

  // Worker thread, before handling. True: handle it now. False: the gate keeps it.
  bool admit(const Completion& c, const StepWaiting& what);
  // Worker thread, around a released completion (seq from Replay): tallies what it did and
  // reports it (seq 0: not reported).
  void begin_released();
  void end_released(uint32_t seq);

  // The controller: the session whose completions are never held, and the commands.
  void set_controller(SessionId id, ULONG_PTR slot);
  void controller_gone(SessionId id);  // its disconnect lets everything run
  void pause();
  void step(uint32_t count);
  void run();
  StepState state() const;

 private:
  struct Parked {
    Completion c;
    uint32_t seq;
  };
  void release_locked(size_t n, std::deque<Parked>* out);
  void replay_all(std::deque<Parked>& out, bool stepped);  // stepped: answered by a DONE
  StepState state_locked() const;

  const bool enabled_;
  Replay replay_;
  Events events_;
  mutable std::mutex lock_;
  bool paused_ = false;          // guarded by lock_
  std::deque<Parked> parked_;    // guarded by lock_
  uint32_t next_seq_ = 1;        // guarded by lock_
  uint32_t handled_ = 0;         // guarded by lock_
  SessionId controller_ = 0;     // guarded by lock_
  ULONG_PTR controller_slot_ = ~ULONG_PTR(0);
};

}  // namespace iocplab::net
