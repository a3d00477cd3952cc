// asio_echo_server — the reference: an echo server shaped like standalone Asio's own
// async_tcp_echo_server example (a session object, async_read_some, async_write, a
// shared_ptr keeping the session alive), with one io_context per worker thread as in
// Asio's io_context-pool server example. Accepted sockets go round-robin to the contexts.
#include <asio.hpp>

#include <cstdio>
#include <memory>
#include <thread>
#include <vector>

#include "flags.h"
#include "run_until_signal.h"

namespace iocplab::bench {
namespace {

using asio::ip::tcp;

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, size_t buffer_size) : socket_(std::move(socket)), data_(buffer_size) {}
  void start() { do_read(); }

 private:
  void do_read() {
    auto self(shared_from_this());
    socket_.async_read_some(asio::buffer(data_), [this, self](std::error_code ec, std::size_t length) {
      if (!ec) do_write(length);
    });
  }
  void do_write(std::size_t length) {
    auto self(shared_from_this());
    asio::async_write(socket_, asio::buffer(data_.data(), length), [this, self](std::error_code ec, std::size_t) {
      if (!ec) do_read();
    });
  }

  tcp::socket socket_;
  std::vector<char> data_;
};

// One io_context per thread; run() on each, round-robin for new sessions.
class ContextPool {
 public:
  explicit ContextPool(size_t n) {
    for (size_t i = 0; i < n; ++i) {
      contexts_.push_back(std::make_unique<asio::io_context>(1));
      guards_.push_back(asio::make_work_guard(*contexts_.back()));
    }
  }
  asio::io_context& next() { return *contexts_[next_++ % contexts_.size()]; }
  asio::io_context& first() { return *contexts_.front(); }
  void run() {
    for (auto& c : contexts_) threads_.emplace_back([&c] { c->run(); });
  }
  void stop() {
    for (auto& c : contexts_) c->stop();
    for (auto& t : threads_) t.join();
  }

 private:
  std::vector<std::unique_ptr<asio::io_context>> contexts_;
  std::vector<asio::executor_work_guard<asio::io_context::executor_type>> guards_;
  std::vector<std::thread> threads_;
  size_t next_ = 0;
};

class Server {
 public:
  Server(ContextPool& pool, unsigned short port, size_t buffer_size)
      : pool_(pool), acceptor_(pool.first(), tcp::endpoint(asio::ip::address_v4::loopback(), port)),
        buffer_size_(buffer_size) {
    do_accept();
  }
  unsigned short port() const { return acceptor_.local_endpoint().port(); }

 private:
  void do_accept() {
    acceptor_.async_accept(pool_.next(), [this](std::error_code ec, tcp::socket socket) {
      if (!ec) {
        socket.set_option(tcp::no_delay(true));
        std::make_shared<Session>(std::move(socket), buffer_size_)->start();
      }
      do_accept();
    });
  }

  ContextPool& pool_;
  tcp::acceptor acceptor_;
  size_t buffer_size_;
};

}  // namespace
}  // namespace iocplab::bench

int main(int argc, char** argv) {
  using namespace iocplab::bench;
  Flags flags(argc, argv,
              "usage: iocplab-bench-asio-echo [--port 0] [--threads 1] [--buffer 16384]\n"
              "Asio echo server, one io_context per thread; prints 'listening on PORT', serves until SIGINT/SIGTERM.\n");
  flags.check_known({"--port", "--threads", "--buffer"});
  block_stop_signals();
  try {
    ContextPool pool(static_cast<size_t>(flags.num("--threads", 1)));
    Server server(pool, static_cast<unsigned short>(flags.num("--port", 0)), static_cast<size_t>(flags.num("--buffer", 16384)));
    pool.run();
    announce_port(server.port());
    wait_for_stop_signal();
    pool.stop();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "asio echo: %s\n", e.what());
    return 1;
  }
  return 0;
}
