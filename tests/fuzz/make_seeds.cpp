// make_seeds.cpp — writes the seed corpus with the protocol encoder:
//   c++ -std=c++20 -I../../server/protocol/include make_seeds.cpp ../../server/protocol/src/*.cpp
//   ./a.out corpus
// Each seed: one split byte, then a byte stream (see protocol_fuzz.cpp).
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "protocol/protocol.h"

using namespace iocplab::proto;
using Bytes = std::vector<uint8_t>;

static void write_seed(const std::string& dir, const std::string& name, uint8_t split, const Bytes& stream) {
  const std::string path = dir + "/" + name;
  FILE* f = std::fopen(path.c_str(), "wb");
  if (!f) { std::perror(path.c_str()); std::exit(1); }
  std::fputc(split, f);
  std::fwrite(stream.data(), 1, stream.size(), f);
  std::fclose(f);
}

int main(int argc, char** argv) {
  const std::string dir = argc > 1 ? argv[1] : "corpus";
  const std::vector<std::pair<std::string, Packet>> packets = {
      {"cs_login", make_login("김철수", "password")},
      {"cs_move", CsMove{2, 7, 123456}},
      {"cs_chat", CsChat{"안녕 hello"}},
      {"cs_logout", CsLogout{}},
      {"cs_observe", CsObserve{1}},
      {"sc_login_ok", ScLoginOk{0x00100001, 10, 20, 400, 400, 7}},
      {"sc_login_fail", ScLoginFail{4}},
      {"sc_add_player", ScAddPlayer{5, 11, 20, "lee"}},
      {"sc_move_player", ScMovePlayer{5, 12, 20, 8, 123999}},
      {"sc_remove_player", ScRemovePlayer{5}},
      {"sc_chat", ScChat{5, "hi"}},
      {"sc_telemetry_totals", ScTelemetryTotals{1000, 3, 4, 10000, 2, 50, 60, 700, 800, 1, 2, 3, 4}},
      {"sc_telemetry_threads", ScTelemetryThreads{1000, {ThreadRecord{0, 1, 2, 3, 4, 0, 500, 199500},
                                                          ThreadRecord{1, 0, 9, 9, 0, 0, 800, 199200}}}},
      {"sc_telemetry_recv", ScTelemetryRecv{0, {RecvRecord{1, 30, 5, {7, 19}}, RecvRecord{2, 11, 11, {}}}}},
  };
  Bytes session;
  uint8_t split = 0;
  for (const auto& [name, p] : packets) {
    Bytes frame;
    encode(frame, p);
    write_seed(dir, name, split++, frame);
    session.insert(session.end(), frame.begin(), frame.end());
  }
  write_seed(dir, "all_in_one_chunk", 16, session);
  write_seed(dir, "all_small_chunks", 3, session);
  Bytes big;
  encode(big, ScChat{1, std::string(200, 'x')});
  encode(big, CsChat{std::string(1021, 'y')});  // a 1024-byte frame
  write_seed(dir, "largest_frames", 5, big);
  write_seed(dir, "bad_size_1025", 1, Bytes{0x01, 0x04, 3, 'a', 'b'});
  write_seed(dir, "bad_size_2", 2, Bytes{4, 0, 4, 2, 2, 0, 9});
  return 0;
}
