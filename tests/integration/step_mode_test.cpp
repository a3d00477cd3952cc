// The teaching step mode (--step, docs/STEP.md): a controlling observer pauses the server,
// sees each dequeued completion waiting, lets exactly N through, and Run (or its own
// disconnect) lets everything go. Without --step, CS_STEP is a violation.
#include <gtest/gtest.h>

#include <chrono>
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

// A raw client: step frames are not in proto::Packet, so frames are read as bytes.
struct RawClient {
  LoopbackClient conn;
  bool login(uint16_t port, const std::string& name) {
    if (!conn.connect(port)) return false;
    conn.send_all(proto::to_bytes(proto::make_login(name, "pw")));
    return until(Type::ScLoginOk, 5s).has_value();
  }
  template <class P>
  void send(const P& p) {
    conn.send_all(proto::to_bytes(p));
  }
  // Reads frames until one of type t (the others are dropped); nullopt on time-out or EOF.
  std::optional<std::vector<uint8_t>> until(Type t, std::chrono::milliseconds timeout) {
    auto end = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < end) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(end - std::chrono::steady_clock::now());
      auto f = conn.read_frame(left);
      if (!f) return std::nullopt;
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
    teacher.send(proto::CsStep{2, 1});
    ++stepped;
    auto d = teacher.next<proto::ScStepDone>(Type::ScStepDone);
    ASSERT_TRUE(d) << "step " << stepped;
    ++done;
    ok = student.read_frame(200ms);
  }
  ASSERT_TRUE(ok) << "the student got in after " << stepped << " steps";
  EXPECT_EQ(proto::frame_type(*ok), static_cast<uint8_t>(Type::ScLoginOk));
  EXPECT_EQ(done, stepped) << "exactly one completion handled per step";
  EXPECT_GE(stepped, 2u) << "at least the accept and the recv of CS_LOGIN were held";

  // Let the rest of the login through (its send completions), one at a time.
  for (int i = 0; i < 10; ++i) {
    teacher.send(proto::CsStep{2, 1});
    auto st = teacher.next<proto::ScStepState>(Type::ScStepState);
    ASSERT_TRUE(st);
    if (st->waiting == 0) break;
  }

  // The student moves: one recv held; stepping 1 lets exactly it through.
  student.send_all(proto::to_bytes(proto::CsMove{3, 1, 0}));
  auto w = teacher.next<proto::ScStepWaiting>(Type::ScStepWaiting);
  ASSERT_TRUE(w);
  EXPECT_EQ(w->op, 2);
  EXPECT_EQ(w->bytes, proto::kMoveSize);
  EXPECT_NE(w->session, 0u);
  EXPECT_FALSE(student.read_frame(200ms));
  teacher.send(proto::CsStep{2, 1});
  auto d = teacher.next<proto::ScStepDone>(Type::ScStepDone);
  // The DONE of the login's last send may still be on its way (sent when its handler ends,
  // which can be after the STATE that said nothing waits): skip DONEs older than the move.
  for (int i = 0; i < 5 && d && d->seq < w->seq; ++i) d = teacher.next<proto::ScStepDone>(Type::ScStepDone);
  ASSERT_TRUE(d);
  EXPECT_EQ(d->seq, w->seq);
  EXPECT_EQ(d->frames_cut, 1) << "the recv held one whole CS_MOVE";
  EXPECT_GE(d->frames_sent, 1) << "and its handler queued the echo";
  auto echo = student.read_frame(2s);
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
