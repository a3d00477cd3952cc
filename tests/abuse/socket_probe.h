// socket_probe.h — what the kernel knows about sockets, for the abuse suite: bytes a server
// has not read yet (/proc/net/tcp rx_queue of its end), bytes a client has not had acked
// (SIOCOUTQ), whether a peer has closed or reset (poll, without reading), and an abortive
// close (SO_LINGER 0: the peer sees RST).
#pragma once

#include <cstdint>

namespace iocplab::abuse {

uint64_t unread_by_server(uint16_t server_port);  // sum over its established connections
uint64_t unacked(int fd);                          // SIOCOUTQ
bool peer_gone(int fd);                            // POLLHUP, POLLERR or POLLRDHUP, non-blocking
void arm_reset(int fd);  // SO_LINGER {1, 0}: the next close sends RST, not FIN
void set_recv_buffer(int fd, int bytes);

}  // namespace iocplab::abuse
