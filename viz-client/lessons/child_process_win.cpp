// child_process_win.cpp — ChildProcess on Windows: CreateProcessW with one pipe for
// stdout+stderr (only that pipe and NUL are inherited), a blocking ReadFile on the reader
// thread, CTRL_BREAK then TerminateProcess to stop it.
#include "child_process.h"

#ifndef WIN32_LEAN_AND_MEAN
#define WIN32_LEAN_AND_MEAN
#endif
#ifndef NOMINMAX
#define NOMINMAX
#endif
#include <windows.h>

#include <string>

namespace iocplab::client {
namespace {

std::wstring widen(const std::string& s) {
  if (s.empty()) return {};
  int n = MultiByteToWideChar(CP_UTF8, 0, s.data(), int(s.size()), nullptr, 0);
  std::wstring w(size_t(n), L'\0');
  MultiByteToWideChar(CP_UTF8, 0, s.data(), int(s.size()), w.data(), n);
  return w;
}

// One argument quoted the way the C runtime's command-line parser splits it back.
void append_quoted(std::wstring& cmd, const std::wstring& arg) {
  if (!cmd.empty()) cmd += L' ';
  if (!arg.empty() && arg.find_first_of(L" \t\n\v\"") == std::wstring::npos) {
    cmd += arg;
    return;
  }
  cmd += L'"';
  size_t backslashes = 0;
  for (wchar_t c : arg) {
    if (c == L'\\') { ++backslashes; continue; }
    // Backslashes before a quote are doubled, and the quote itself escaped.
    cmd.append(c == L'"' ? backslashes * 2 + 1 : backslashes, L'\\');
    backslashes = 0;
    cmd += c;
  }
  cmd.append(backslashes * 2, L'\\');  // before the closing quote
  cmd += L'"';
}

std::string last_error_text() {
  DWORD err = GetLastError();
  char* text = nullptr;
  FormatMessageA(FORMAT_MESSAGE_ALLOCATE_BUFFER | FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS,
                 nullptr, err, 0, reinterpret_cast<char*>(&text), 0, nullptr);
  std::string out = text ? text : "error " + std::to_string(err);
  if (text) LocalFree(text);
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r' || out.back() == '.')) out.pop_back();
  return out;
}

}  // namespace

bool ChildProcess::start(const std::string& program, const std::vector<std::string>& args) {
  stop();
  reset();
  SECURITY_ATTRIBUTES inherit{sizeof(SECURITY_ATTRIBUTES), nullptr, TRUE};
  HANDLE read_end = nullptr, write_end = nullptr;
  if (!CreatePipe(&read_end, &write_end, &inherit, 0)) {
    error_ = "pipe: " + last_error_text();
    return false;
  }
  SetHandleInformation(read_end, HANDLE_FLAG_INHERIT, 0);  // the child gets the write end only
  // No stdin for the child: a lesson program reading "quit" must not eat the user's console.
  HANDLE null_in = CreateFileW(L"NUL", GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE, &inherit,
                               OPEN_EXISTING, 0, nullptr);
  // Only these two handles are inherited, so no other child (or socket) keeps the pipe open.
  HANDLE inherited[2] = {write_end, null_in};
  DWORD count = null_in != INVALID_HANDLE_VALUE ? 2 : 1;
  SIZE_T size = 0;
  InitializeProcThreadAttributeList(nullptr, 1, 0, &size);
  std::vector<char> attr_storage(size);
  auto* attrs = reinterpret_cast<LPPROC_THREAD_ATTRIBUTE_LIST>(attr_storage.data());
  const bool attrs_ready = InitializeProcThreadAttributeList(attrs, 1, 0, &size) != 0;
  bool ok = attrs_ready &&
            UpdateProcThreadAttribute(attrs, 0, PROC_THREAD_ATTRIBUTE_HANDLE_LIST, inherited,
                                      count * sizeof(HANDLE), nullptr, nullptr);
  STARTUPINFOEXW si{};
  si.StartupInfo.cb = sizeof si;
  si.StartupInfo.dwFlags = STARTF_USESTDHANDLES;
  si.StartupInfo.hStdInput = null_in != INVALID_HANDLE_VALUE ? null_in : nullptr;
  si.StartupInfo.hStdOutput = write_end;
  si.StartupInfo.hStdError = write_end;
  si.lpAttributeList = attrs;
  std::wstring wprogram = widen(program);
  std::wstring cmd;
  append_quoted(cmd, wprogram);
  for (const std::string& a : args) append_quoted(cmd, widen(a));
  PROCESS_INFORMATION pi{};
  // Its own process group, so CTRL_BREAK reaches the lesson program and not the client;
  // a client with no console (started from Explorer) gives it no console window either.
  DWORD flags = EXTENDED_STARTUPINFO_PRESENT | CREATE_NEW_PROCESS_GROUP;
  if (!GetConsoleWindow()) flags |= CREATE_NO_WINDOW;
  ok = ok && CreateProcessW(wprogram.c_str(), cmd.data(), nullptr, nullptr, TRUE, flags, nullptr, nullptr,
                            &si.StartupInfo, &pi);
  if (!ok) error_ = "cannot run " + program + ": " + last_error_text();
  if (attrs_ready) DeleteProcThreadAttributeList(attrs);
  CloseHandle(write_end);
  if (null_in != INVALID_HANDLE_VALUE) CloseHandle(null_in);
  if (!ok) {
    CloseHandle(read_end);
    return false;
  }
  CloseHandle(pi.hThread);
  process_ = pi.hProcess;
  process_id_ = pi.dwProcessId;
  reader_ = std::thread(&ChildProcess::read_loop, this, static_cast<void*>(read_end));
  return true;
}

void ChildProcess::read_loop(void* pipe) {
  char buf[4096];
  std::string line;
  for (;;) {
    DWORD n = 0;
    // Fails with ERROR_BROKEN_PIPE once the child (and anything it started) has exited.
    if (!ReadFile(pipe, buf, sizeof buf, &n, nullptr) || n == 0) break;
    take_output(buf, n, line);
  }
  CloseHandle(pipe);
  WaitForSingleObject(process_, INFINITE);
  DWORD code = 0;
  exit_code_ = GetExitCodeProcess(process_, &code) ? int(code) : -1;
  exited_ = true;
  std::lock_guard lock(mutex_);
  changed_.notify_all();
}

void ChildProcess::stop() {
  if (!process_) return;
  if (!exited_) {
    // Windows' nearest to SIGINT; it reaches the child only when it shares our console
    // (a client started from a terminal), else TerminateProcess after the second.
    GenerateConsoleCtrlEvent(CTRL_BREAK_EVENT, process_id_);
    if (WaitForSingleObject(process_, 1000) != WAIT_OBJECT_0) TerminateProcess(process_, 128 + 9);
  }
  // The pipe breaks once the process is gone; the reader then records the exit code.
  if (reader_.joinable()) reader_.join();
  CloseHandle(process_);
  process_ = nullptr;
  process_id_ = 0;
}

}  // namespace iocplab::client
