// iocp_test_hooks.h — IOCP Lab internal: fault injection for the platform's own tests
// (Linux only, not part of the Win32 subset). Every hook is off unless a test sets it.
#pragma once

// The next `count` io_uring_submit calls fail with -err (EBUSY, EAGAIN or ENOMEM) after
// the requests are already in the submission ring, as when the kernel refuses to take them.
void iocplab_test_fail_uring_submits(int count, int err);
// The next `count` io_uring cancel requests find no free submission ring entry.
void iocplab_test_fail_uring_cancels(int count);
// The io_uring probe acts as if the kernel lacked these features (bits may be combined).
enum : unsigned { IOCPLAB_URING_EXT_ARG = 1u, IOCPLAB_URING_CANCEL_ALL = 2u };
void iocplab_test_hide_uring_features(unsigned mask);
