// proto::client_frame_shape: type and size only, as checked behind a pending login.
#include <gtest/gtest.h>

#include "protocol/flow_frames.h"
#include "protocol/protocol.h"
#include "protocol/step_frames.h"
#include "test_bytes.h"

namespace iocplab::proto {
namespace {

// A frame of `payload` zero bytes whose size field is right.
std::vector<uint8_t> raw(uint8_t type, size_t payload) {
  return test::raw_frame(payload + 3, type, payload + 3);
}

TEST(ClientFrameShape, EveryClientTypeAtItsSize) {
  EXPECT_EQ(client_frame_shape(to_bytes(make_login("a", "b"))), DecodeError::None);
  EXPECT_EQ(client_frame_shape(to_bytes(CsMove{9, 1, 2})), DecodeError::None);  // dir unchecked
  EXPECT_EQ(client_frame_shape(to_bytes(CsChat{"x"})), DecodeError::None);
  EXPECT_EQ(client_frame_shape(to_bytes(CsChat{std::string(200, 'x')})), DecodeError::None);
  EXPECT_EQ(client_frame_shape(to_bytes(CsLogout{})), DecodeError::None);
  EXPECT_EQ(client_frame_shape(to_bytes(CsObserve{7})), DecodeError::None);  // on unchecked
  EXPECT_EQ(client_frame_shape(raw(uint8_t(Type::CsStep), kStepSize - 3)), DecodeError::None);
  EXPECT_EQ(client_frame_shape(raw(uint8_t(Type::CsFlow), kFlowSize - 3)), DecodeError::None);
}

TEST(ClientFrameShape, WrongSizesUnknownAndServerTypes) {
  EXPECT_EQ(client_frame_shape(raw(uint8_t(Type::CsMove), 8)), DecodeError::WrongSizeForType);
  EXPECT_EQ(client_frame_shape(raw(uint8_t(Type::CsChat), 0)), DecodeError::WrongSizeForType);
  EXPECT_EQ(client_frame_shape(raw(uint8_t(Type::CsChat), 201)), DecodeError::WrongSizeForType);
  EXPECT_EQ(client_frame_shape(raw(uint8_t(Type::CsLogout), 1)), DecodeError::WrongSizeForType);
  EXPECT_EQ(client_frame_shape(raw(99, 0)), DecodeError::UnknownType);
  EXPECT_EQ(client_frame_shape(raw(uint8_t(Type::ScChat), 10)), DecodeError::UnknownType);
  EXPECT_EQ(client_frame_shape(std::vector<uint8_t>{2, 0}), DecodeError::BadSize);
  EXPECT_EQ(client_frame_shape(std::vector<uint8_t>{9, 0, 4, 0}), DecodeError::BadSize);  // size field lies
}

}  // namespace
}  // namespace iocplab::proto
