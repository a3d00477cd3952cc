// iocp_linux_api.h — the Win32 IOCP and Winsock calls IOCP Lab implements on Linux.
// Each behaves as its Windows namesake; docs/PLATFORM.md lists every difference.
#pragma once

#include "iocp_linux_types.h"

// --- completion ports ---
// FileHandle INVALID_HANDLE_VALUE creates a port; a SOCKET cast to HANDLE associates it
// with ExistingCompletionPort under CompletionKey. NumberOfConcurrentThreads is accepted
// and ignored (every waiting thread may run).
HANDLE CreateIoCompletionPort(HANDLE FileHandle, HANDLE ExistingCompletionPort,
                              ULONG_PTR CompletionKey, DWORD NumberOfConcurrentThreads);
BOOL GetQueuedCompletionStatus(HANDLE CompletionPort, LPDWORD lpNumberOfBytesTransferred,
                               PULONG_PTR lpCompletionKey, LPOVERLAPPED* lpOverlapped,
                               DWORD dwMilliseconds);
BOOL GetQueuedCompletionStatusEx(HANDLE CompletionPort, LPOVERLAPPED_ENTRY lpCompletionPortEntries,
                                 ULONG ulCount, PULONG ulNumEntriesRemoved, DWORD dwMilliseconds,
                                 BOOL fAlertable);
BOOL PostQueuedCompletionStatus(HANDLE CompletionPort, DWORD dwNumberOfBytesTransferred,
                                ULONG_PTR dwCompletionKey, LPOVERLAPPED lpOverlapped);
// Closing a port wakes its waiters: they return FALSE with ERROR_ABANDONED_WAIT_0.
BOOL CloseHandle(HANDLE hObject);
BOOL CancelIoEx(HANDLE hFile, LPOVERLAPPED lpOverlapped);
// FILE_SKIP_COMPLETION_PORT_ON_SUCCESS: an overlapped WSARecv/WSASend/AcceptEx on this
// socket that succeeds at once (returns 0 / TRUE) queues no completion; pending ones and
// their failures still do. FILE_SKIP_SET_EVENT_ON_HANDLE is accepted (no events here).
// A mode once set cannot be removed.
BOOL SetFileCompletionNotificationModes(HANDLE FileHandle, UCHAR Flags);

DWORD GetLastError();
void SetLastError(DWORD dwErrCode);
void Sleep(DWORD dwMilliseconds);

// --- Winsock ---
int WSAStartup(WORD wVersionRequested, LPWSADATA lpWSAData);
int WSACleanup();
int WSAGetLastError();
void WSASetLastError(int iError);

SOCKET WSASocketW(int af, int type, int protocol, LPWSAPROTOCOL_INFOW lpProtocolInfo, GROUP g,
                  DWORD dwFlags);
#define WSASocket WSASocketW
int closesocket(SOCKET s);

int WSARecv(SOCKET s, LPWSABUF lpBuffers, DWORD dwBufferCount, LPDWORD lpNumberOfBytesRecvd,
            LPDWORD lpFlags, LPWSAOVERLAPPED lpOverlapped,
            LPWSAOVERLAPPED_COMPLETION_ROUTINE lpCompletionRoutine);
int WSASend(SOCKET s, LPWSABUF lpBuffers, DWORD dwBufferCount, LPDWORD lpNumberOfBytesSent,
            DWORD dwFlags, LPWSAOVERLAPPED lpOverlapped,
            LPWSAOVERLAPPED_COMPLETION_ROUTINE lpCompletionRoutine);
BOOL WSAGetOverlappedResult(SOCKET s, LPWSAOVERLAPPED lpOverlapped, LPDWORD lpcbTransfer,
                            BOOL fWait, LPDWORD lpdwFlags);

// AcceptEx and GetAcceptExSockaddrs: the Windows way is to load them with WSAIoctl
// (SIO_GET_EXTENSION_FUNCTION_POINTER, WSAID_ACCEPTEX); both ways work here.
int WSAIoctl(SOCKET s, DWORD dwIoControlCode, LPVOID lpvInBuffer, DWORD cbInBuffer,
             LPVOID lpvOutBuffer, DWORD cbOutBuffer, LPDWORD lpcbBytesReturned,
             LPWSAOVERLAPPED lpOverlapped, LPWSAOVERLAPPED_COMPLETION_ROUTINE lpCompletionRoutine);
BOOL AcceptEx(SOCKET sListenSocket, SOCKET sAcceptSocket, PVOID lpOutputBuffer,
              DWORD dwReceiveDataLength, DWORD dwLocalAddressLength, DWORD dwRemoteAddressLength,
              LPDWORD lpdwBytesReceived, LPOVERLAPPED lpOverlapped);
void GetAcceptExSockaddrs(PVOID lpOutputBuffer, DWORD dwReceiveDataLength,
                          DWORD dwLocalAddressLength, DWORD dwRemoteAddressLength,
                          struct sockaddr** LocalSockaddr, LPINT LocalSockaddrLength,
                          struct sockaddr** RemoteSockaddr, LPINT RemoteSockaddrLength);

// Winsock-shaped overloads of the BSD calls (SOCKET handle, int lengths, WSA error codes).
// They are chosen over the POSIX ones whenever the first argument is a SOCKET.
int bind(SOCKET s, const struct sockaddr* name, int namelen);
int listen(SOCKET s, int backlog);
int connect(SOCKET s, const struct sockaddr* name, int namelen);
SOCKET accept(SOCKET s, struct sockaddr* addr, int* addrlen);  // blocking accept
int setsockopt(SOCKET s, int level, int optname, const char* optval, int optlen);
int getsockopt(SOCKET s, int level, int optname, char* optval, int* optlen);
int getsockname(SOCKET s, struct sockaddr* name, int* namelen);
int getpeername(SOCKET s, struct sockaddr* name, int* namelen);
int shutdown(SOCKET s, int how);
int recv(SOCKET s, char* buf, int len, int flags);        // blocking
int send(SOCKET s, const char* buf, int len, int flags);  // blocking, all bytes
// sizeof(buf) is a size_t: these keep recv(s, buf, sizeof buf, 0) unambiguous on Linux.
inline int recv(SOCKET s, char* buf, size_t len, int flags) { return recv(s, buf, static_cast<int>(len), flags); }
inline int send(SOCKET s, const char* buf, size_t len, int flags) { return send(s, buf, static_cast<int>(len), flags); }

// --- IOCP Lab: choosing the Linux engine ---
// "epoll" (default) or "uring"; also read from the IOCPLAB_ENGINE environment variable
// at first use. Returns false (and leaves the engine as it was) for an unknown name, for
// a change after the first port exists, or when io_uring is refused by this kernel.
bool iocplab_set_engine(const char* name);
const char* iocplab_engine_name();
// Why the last iocplab_set_engine call failed ("" when it did not).
const char* iocplab_engine_error();
