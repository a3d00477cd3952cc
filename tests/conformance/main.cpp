// The conformance suite's main: Winsock up, say which engine runs, run every test.
#include <gtest/gtest.h>

#include <cstdio>

#include "iocp.h"
#include "wine_check.h"

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  WSADATA wsa;
  if (WSAStartup(MAKEWORD(2, 2), &wsa) != 0) {
    std::fprintf(stderr, "conformance: WSAStartup failed\n");
    return 1;
  }
  std::printf("conformance: engine %s%s\n", iocplab_engine_name(),
              conf::running_under_wine() ? " (under Wine)" : "");
  std::fflush(stdout);
  int rc = RUN_ALL_TESTS();
  WSACleanup();
  return rc;
}
