#include "accept_ex.h"

#include <cstring>

namespace conf {

namespace {
bool load_one(SOCKET s, GUID guid, void* fn, DWORD fn_size, int* error) {
  DWORD bytes = 0;
  if (WSAIoctl(s, SIO_GET_EXTENSION_FUNCTION_POINTER, &guid, sizeof guid, fn, fn_size, &bytes,
               nullptr, nullptr) == 0) {
    return true;
  }
  *error = WSAGetLastError();
  return false;
}
}  // namespace

bool load_accept_ex(SOCKET listener, AcceptExFunctions* fns, int* error) {
  *error = 0;
  GUID accept_guid = WSAID_ACCEPTEX;
  GUID sockaddrs_guid = WSAID_GETACCEPTEXSOCKADDRS;
  return load_one(listener, accept_guid, &fns->accept_ex, sizeof fns->accept_ex, error) &&
         load_one(listener, sockaddrs_guid, &fns->get_sockaddrs, sizeof fns->get_sockaddrs,
                  error);
}

int start_accept(const AcceptExFunctions& fns, SOCKET listener, PendingAccept* pending) {
  std::memset(&pending->ov, 0, sizeof pending->ov);
  DWORD bytes = 0;
  if (fns.accept_ex(listener, pending->accepted, pending->addresses, 0, kAcceptAddressLength,
                    kAcceptAddressLength, &bytes, &pending->ov)) {
    return 0;
  }
  return WSAGetLastError();
}

}  // namespace conf
