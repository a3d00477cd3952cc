// The teaching step mode (--step, docs/STEP.md): a controlling observer pauses the server,
// sees each dequeued completion waiting, lets exactly N through, and Run (or its own
// disconnect) lets everything go. Without --step, CS_STEP is a violation.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <deque>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "in_process_server.h"
#include "loopback_client.h"
#include "protocol/protocol.h"
#include "protocol/step_frames.h"

namespace iocplab::testing {
namespace {

using namespace std::chrono_literals;
using proto::Type;

// A raw client: step frames are not in proto::Packet, so frames are read as bytes. Every frame
// read passes through note(), which keeps the completions the server says it holds (WAITING
// adds one, DONE removes it), so a test never steps when nothing is held: a step then lets
// nothing through and no DONE comes (the store thread, slow under a sanitizer, may not have
// posted the login's answer yet). The server numbers held completions in the order it will
// release them, but two workers may send their WAITING frames in either order: `held` is
// kept sorted by seq, and a step's DONE may name a completion whose WAITING is still on its way.
struct RawClient {
  LoopbackClient conn;
  std::deque<proto::ScStepWaiting> held;  // in seq order, as the server releases them
  bool login(uint16_t port, const std::string& name) {
    if (!conn.connect(port)) return false;
    conn.send_all(proto::to_bytes(proto::make_login(name, "pw")));
    return until(Type::ScLoginOk, 5s).has_value();
  }
  template <class P>
  void send(const P& p) {
    conn.send_all(proto::to_bytes(p));
  }
  void note(const std::vector<uint8_t>& f) {
    if (proto::frame_type(f) == static_cast<uint8_t>(Type::ScStepWaiting)) {
      proto::ScStepWaiting w;
      if (proto::decode(f, w) != proto::DecodeError::None) return;
      auto at = std::find_if(held.begin(), held.end(), [&](auto& h) { return h.seq > w.seq; });
      held.insert(at, w);
    } else if (proto::frame_type(f) == static_cast<uint8_t>(Type::ScStepDone)) {
      proto::ScStepDone d;
      if (proto::decode(f, d) != proto::DecodeError::None) return;
      auto it = std::find_if(held.begin(), held.end(), [&](auto& w) { return w.seq == d.seq; });
      if (it != held.end()) held.erase(it);
    }
  }
  // Reads frames until one of type t (the others are noted, then dropped); nullopt on time-out or EOF.
  std::optional<std::vector<uint8_t>> until(Type t, std::chrono::milliseconds timeout) {
    auto end = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < end) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(end - std::chrono::steady_clock::now());
      auto f = conn.read_frame(left);
      if (!f) return std::nullopt;
      note(*f);
      if (proto::frame_type(*f) == static_cast<uint8_t>(t)) return f;
    }
    return std::nullopt;
  }
  template <class P>
  std::optional<P> next(Type t, std::chrono::milliseconds timeout = 5s) {
    auto f = until(t, timeout);
    if (!f) return std::nullopt;
    P p;
    if (proto::decode(*f, p) != proto::DecodeError::None) return std::nullopt;
    return p;
  }
  // The oldest completion held now (the one a step lets through), waiting for one if none is.
  std::optional<proto::ScStepWaiting> oldest_held(std::chrono::milliseconds timeout = 5s) {
    if (held.empty() && !until(Type::ScStepWaiting, timeout)) return std::nullopt;
    return held.front();
  }
  // Steps once when a completion is held; returns what handling the one let through did
  // (exactly one DONE answers each such step).
  std::optional<proto::ScStepDone> step_one(std::chrono::milliseconds timeout = 5s) {
    if (!oldest_held(timeout)) return std::nullopt;
    send(proto::CsStep{2, 1});
    return next<proto::ScStepDone>(Type::ScStepDone, timeout);
  }
};

class StepMode : public ::testing::Test {
 protected:
  void SetUp() override {
    ServerOptions o;
    o.step = true;
    server = std::make_unique<InProcessServer>(o);
    std::string error;
    ASSERT_TRUE(server->start(&error)) << error;
    ASSERT_TRUE(teacher.login(server->port(), "teacher"));
    teacher.send(proto::CsObserve{1});
    auto st = teacher.next<proto::ScStepState>(Type::ScStepState);
    ASSERT_TRUE(st) << "a --step server tells a new observer that stepping is available";
    EXPECT_EQ(st->paused, 0);
  }
  std::unique_ptr<InProcessServer> server;
  RawClient teacher;
};

TEST_F(StepMode, PausedTheServerHoldsEveryoneElsesCompletionsAndStepLetsExactlyNThrough) {
  teacher.send(proto::CsStep{1, 0});  // pause
  auto st = teacher.next<proto::ScStepState>(Type::ScStepState);
  ASSERT_TRUE(st);
  EXPECT_EQ(st->paused, 1);

  // A student connects and logs in: its accept and recv completions are held.
  LoopbackClient student;
  ASSERT_TRUE(student.connect(server->port()));
  student.send_all(proto::to_bytes(proto::make_login("student", "pw")));
  auto first = teacher.next<proto::ScStepWaiting>(Type::ScStepWaiting);
  ASSERT_TRUE(first);
  EXPECT_EQ(first->seq, 1u);
  EXPECT_EQ(first->op, 1) << "the AcceptEx completion comes first";
  EXPECT_FALSE(student.read_frame(300ms)) << "nothing is handled while paused";

  // Step them one at a time until the student is logged in; count the DONE frames.
  uint32_t stepped = 0, done = 0;
  std::optional<std::vector<uint8_t>> ok;
  for (int i = 0; i < 12 && !ok; ++i) {
    if (!teacher.oldest_held(3s)) {  // nothing held: the answer went out without a completion
      ok = student.read_frame(2s);
      break;
    }
    ++stepped;
    auto d = teacher.step_one();
    ASSERT_TRUE(d) << "step " << stepped;
    ++done;
    ok = student.read_frame(200ms);
  }
  ASSERT_TRUE(ok) << "the student got in after " << stepped << " steps";
  EXPECT_EQ(proto::frame_type(*ok), static_cast<uint8_t>(Type::ScLoginOk));
  EXPECT_EQ(done, stepped) << "exactly one completion handled per step";
  EXPECT_GE(stepped, 2u) << "at least the accept and the recv of CS_LOGIN were held";

  // The student moves: its recv is held (step past what the login left held, such as its send
  // completions); stepping 1 lets exactly that recv through.
  student.send_all(proto::to_bytes(proto::CsMove{3, 1, 0}));
  std::optional<proto::ScStepWaiting> w;
  for (int i = 0; i < 12 && !w; ++i) {
    auto h = teacher.oldest_held();
    ASSERT_TRUE(h) << "the move's recv is held";
    if (h->op == 2 && h->bytes == proto::kMoveSize) w = h;
    else ASSERT_TRUE(teacher.step_one());
  }
  ASSERT_TRUE(w);
  EXPECT_NE(w->session, 0u);
  EXPECT_FALSE(student.read_frame(200ms));
  std::optional<proto::ScStepDone> d;
  for (int i = 0; i < 12 && !(d && d->seq == w->seq); ++i) {
    d = teacher.step_one();
    ASSERT_TRUE(d) << "each step is answered by one DONE";
  }
  ASSERT_TRUE(d && d->seq == w->seq);
  EXPECT_EQ(d->frames_cut, 1) << "the recv held one whole CS_MOVE";
  EXPECT_GE(d->frames_sent, 1) << "and its handler queued the echo";
  // The echo goes out now, or (one gathered send in flight per session) once the completion
  // of the login's last send, if that is still held, is stepped through.
  std::optional<std::vector<uint8_t>> echo;
  for (int i = 0; i < 12 && !echo; ++i) {
    echo = student.read_frame(300ms);
    if (!echo && teacher.oldest_held(1s)) {
      ASSERT_TRUE(teacher.step_one());
    }
  }
  ASSERT_TRUE(echo);
  EXPECT_EQ(proto::frame_type(*echo), static_cast<uint8_t>(Type::ScMovePlayer));

  // Run: everything flows again without steps.
  teacher.send(proto::CsStep{0, 0});
  student.send_all(proto::to_bytes(proto::CsMove{3, 2, 0}));
  auto echo2 = student.read_frame(2s);
  ASSERT_TRUE(echo2);
  EXPECT_EQ(proto::frame_type(*echo2), static_cast<uint8_t>(Type::ScMovePlayer));
}

TEST_F(StepMode, AControllerThatDisconnectsWhilePausedReleasesTheServer) {
  teacher.send(proto::CsStep{1, 0});
  ASSERT_TRUE(teacher.next<proto::ScStepState>(Type::ScStepState));
  LoopbackClient student;
  ASSERT_TRUE(student.connect(server->port()));
  student.send_all(proto::to_bytes(proto::make_login("student2", "pw")));
  ASSERT_TRUE(teacher.next<proto::ScStepWaiting>(Type::ScStepWaiting));
  EXPECT_FALSE(student.read_frame(300ms));
  teacher.conn = LoopbackClient{};  // the teacher's connection closes (destructor)
  auto ok = student.read_frame(5s);
  ASSERT_TRUE(ok) << "the held completions ran once the controller left";
  EXPECT_EQ(proto::frame_type(*ok), static_cast<uint8_t>(Type::ScLoginOk));
}

TEST(StepModeLoginTimeout, NoLoginTimesOutWhileTheServerIsPaused) {
  ServerOptions o;
  o.step = true;
  o.login_timeout = 1;
  InProcessServer server(o);
  std::string error;
  ASSERT_TRUE(server.start(&error)) << error;
  LoopbackClient silent;  // connects, never logs in
  ASSERT_TRUE(silent.connect(server.port()));
  std::this_thread::sleep_for(100ms);  // its accept is handled before the pause
  RawClient teacher;
  ASSERT_TRUE(teacher.login(server.port(), "teacher"));
  teacher.send(proto::CsObserve{1});
  teacher.send(proto::CsStep{1, 0});
  auto st = teacher.next<proto::ScStepState>(Type::ScStepState);
  ASSERT_TRUE(st);
  ASSERT_TRUE(teacher.next<proto::ScStepState>(Type::ScStepState));  // the pause's answer
  EXPECT_FALSE(silent.wait_eof(2500ms)) << "closed by the login time-out while paused";
  teacher.send(proto::CsStep{0, 0});  // run: the time-out applies again
  EXPECT_TRUE(silent.wait_eof(3s));
}

TEST(StepModeOff, CsStepIsAViolationWithoutTheFlag) {
  InProcessServer server(ServerOptions{});
  std::string error;
  ASSERT_TRUE(server.start(&error)) << error;
  RawClient c;
  ASSERT_TRUE(c.login(server.port(), "nostep"));
  c.send(proto::CsObserve{1});
  c.send(proto::CsStep{1, 0});
  EXPECT_TRUE(c.conn.wait_eof(5s)) << "closed as a violation";
}

}  // namespace
}  // namespace iocplab::testing
