#include "session.h"

#include "session_table.h"

namespace iocplab::net {

Session::Session(uint32_t slot, size_t recv_buffer_size) : recv_buf(recv_buffer_size), slot_(slot) {}

SessionId Session::id() const { return SessionTable::make_id(slot_, generation()); }

}  // namespace iocplab::net
