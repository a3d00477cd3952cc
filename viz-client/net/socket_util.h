// socket_util.h — small POSIX socket helpers shared by the connection, the bots and the
// lesson probes (the client runs on Linux; the server side is where IOCP lives).
#pragma once

#include <cstdint>
#include <string>

namespace iocplab::client {

// Starts a non-blocking TCP connect to host:port (numeric or resolvable host).
// Returns the fd (connect may still be in progress) or -1 with *error set.
int start_connect(const std::string& host, uint16_t port, std::string* error);
// After poll() reports the fd writable: 0 when connected, else the errno.
int connect_result(int fd);
void set_nodelay(int fd);
// Splits "HOST:PORT"; false when malformed.
bool split_host_port(const std::string& s, std::string* host, uint16_t* port);

}  // namespace iocplab::client
