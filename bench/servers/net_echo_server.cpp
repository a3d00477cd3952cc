// net_echo_server — the echo built on the framework itself (iocplab::net): a
// SessionHandler whose on_frame sends the frame back through SessionOutbox. The load
// client must speak the framing (iocplab-bench-pingpong --framed 1): a message of M bytes
// travels as frames of at most 1024 bytes, each echoed as it arrives. Builds for Windows
// too (the cross-build of net.wine): there it serves until Ctrl+C.
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "flags.h"
#include "iocp.h"
#include "net/server.h"
#include "net/session_sink.h"

#include "fd_limit.h"
#include "run_until_signal.h"

namespace iocplab::bench {
namespace {

class EchoHandler final : public net::SessionHandler {
 public:
  void set_outbox(net::SessionOutbox* out) { out_ = out; }
  void on_open(net::SessionId) override {}
  void on_frame(net::SessionId id, std::span<const uint8_t> frame) override {
    out_->send_copy(id, frame);
  }
  void on_close(net::SessionId, net::CloseReason) override {}

 private:
  net::SessionOutbox* out_ = nullptr;
};

}  // namespace
}  // namespace iocplab::bench

int main(int argc, char** argv) {
  using namespace iocplab;
  using namespace iocplab::bench;
  Flags flags(argc, argv,
              "usage: iocplab-bench-net-echo [--port 0] [--threads 1] [--buffer 16384] [--engine epoll|uring]\n"
              "Frame echo on iocplab::net; prints 'listening on PORT', serves until SIGINT/SIGTERM.\n");
  flags.check_known({"--port", "--threads", "--buffer", "--engine"});
  block_stop_signals();
  raise_fd_limit();
  std::string engine = flags.str("--engine", "");
  if (!engine.empty() && !iocplab_set_engine(engine.c_str())) {
    std::fprintf(stderr, "cannot use engine '%s': %s\n", engine.c_str(), iocplab_engine_error());
    return 1;
  }
  WSADATA wsa;
  WSAStartup(MAKEWORD(2, 2), &wsa);
  net::ServerConfig cfg;
  cfg.address = "127.0.0.1";
  cfg.port = static_cast<uint16_t>(flags.num("--port", 0));
  cfg.workers = static_cast<unsigned>(flags.num("--threads", 1));
  cfg.recv_buffer = static_cast<size_t>(flags.num("--buffer", 16384));
  EchoHandler handler;
  net::Server server(cfg);
  handler.set_outbox(&server);
  std::string error;
  if (!server.start(&handler, &error)) {
    std::fprintf(stderr, "net echo: %s\n", error.c_str());
    return 1;
  }
  std::fprintf(stderr, "net echo: engine %s, %u worker thread(s)\n", iocplab_engine_name(), cfg.workers);
  announce_port(server.port());
  wait_for_stop_signal();
  std::fflush(stdout);
  std::_Exit(0);  // no teardown needed (see README.md, "Known problems")
}
