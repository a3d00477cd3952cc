// connection.h — the client's own game connection, run on its own thread: connect,
// write queued frames (optionally fragmented or coalesced, for the Reassembly view),
// read and reassemble frames, and hand everything to the UI as NetEvents.
// The UI thread calls the public methods; the network thread owns the socket.
#pragma once

#include <atomic>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "event_queue.h"
#include "socket_util.h"
#include "waker.h"
#include "wire.h"

namespace iocplab::client {

struct NetEvent {
  enum Kind : uint8_t { Connected, ConnectFailed, Closed, FrameIn, FrameOut, PieceOut } kind;
  double time_s = 0;
  Frame frame;       // FrameIn/FrameOut: the frame
  std::string text;  // ConnectFailed/Closed: why; PieceOut: unused
  size_t piece = 0;  // PieceOut: bytes written by one send() call
};

class Connection {
 public:
  Connection() = default;
  ~Connection() { stop(); }
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Starts the network thread and connects; the result arrives as an event.
  void start(const std::string& host, uint16_t port);
  // Closes the socket and joins the thread. Safe to call twice.
  void stop();
  bool running() const { return thread_.joinable(); }

  void send(Frame frame);
  // Reassembly experiments: each frame in random 1..4-byte pieces with 1..5 ms gaps,
  // or several frames gathered into one send.
  void set_fragment(bool on) { fragment_ = on; }
  void set_coalesce(bool on) { coalesce_ = on; }
  bool fragment() const { return fragment_; }
  bool coalesce() const { return coalesce_; }

  std::vector<NetEvent> drain() { return events_.drain(); }
  std::vector<NetEvent> wait_events(std::chrono::milliseconds timeout) { return events_.wait_drain(timeout); }

 private:
  struct Piece { Frame bytes; double due_s; };
  void run(std::string host, uint16_t port);
  bool connect_blocking(const std::string& host, uint16_t port);
  void take_inbox(double now);
  void flush_coalesced(double now);
  bool write_due(double now);
  bool read_some(double now);
  void wake();

  std::thread thread_;
  std::atomic<bool> stop_{false};
  std::atomic<bool> fragment_{false}, coalesce_{false};
  SocketHandle fd_ = kNoSocket;
  Waker waker_;

  std::mutex inbox_mutex_;
  std::vector<Frame> inbox_;

  // Network thread only.
  std::deque<Piece> pieces_;
  Frame coalescing_;
  int coalesced_frames_ = 0;
  double coalesce_since_ = 0;
  size_t written_of_front_ = 0;
  StreamAssembler assembler_;
  EventQueue<NetEvent> events_;
};

}  // namespace iocplab::client
