// The example session in docs/PROTOCOL.md is exactly what the encoder produces: each ```hex
// block is read back (bytes before any '#', frames started by "C→S" / "S→C" lines).
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "protocol/protocol.h"

namespace iocplab::proto {
namespace {

using Frames = std::vector<std::vector<uint8_t>>;

Frames frames_in_doc(const std::string& path) {
  std::ifstream in(path);
  EXPECT_TRUE(in.good()) << "cannot open " << path;
  Frames frames;
  bool in_block = false;
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("```", 0) == 0) {
      in_block = line == "```hex";
      continue;
    }
    if (!in_block || line.empty()) continue;
    if (line.rfind("C→S", 0) == 0 || line.rfind("S→C", 0) == 0) {
      frames.emplace_back();
      continue;
    }
    EXPECT_FALSE(frames.empty()) << "bytes before the first frame header: " << line;
    if (frames.empty()) continue;
    std::istringstream tokens(line.substr(0, line.find('#')));
    for (std::string t; tokens >> t;) {
      EXPECT_EQ(t.size(), 2u) << "not a hex byte: '" << t << "' in: " << line;
      frames.back().push_back(static_cast<uint8_t>(std::stoul(t, nullptr, 16)));
    }
  }
  return frames;
}

TEST(DocExample, HexDumpsMatchTheEncoder) {
  const std::vector<Packet> session = {
      make_login("kim", "pw1234"),
      ScLoginOk{0x00100001, 10, 20, 400, 400, 7},
      ScAddPlayer{0x00100002, 12, 20, "이영희"},
      CsMove{3, 1, 5000},
      ScMovePlayer{0x00100001, 11, 20, 1, 5000},
      CsChat{"안녕"},
      ScChat{0x00100001, "안녕"},
      CsObserve{1},
      ScTelemetryRecv{0, {RecvRecord{1, 30, 5, {7, 19}}}},
      CsLogout{},
      ScRemovePlayer{0x00100001},
      ScLoginFail{1},
  };
  const Frames doc = frames_in_doc(IOCPLAB_PROTOCOL_MD);
  ASSERT_EQ(doc.size(), session.size());
  for (size_t i = 0; i < session.size(); ++i) {
    std::vector<uint8_t> expected;
    encode(expected, session[i]);
    EXPECT_EQ(doc[i], expected) << "frame " << i << " (" << type_name(expected[2]) << ")";
  }
}

}  // namespace
}  // namespace iocplab::proto
