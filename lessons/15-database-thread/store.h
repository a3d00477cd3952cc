// store.h — stage 15: the accounts in SQLite, on a thread of their own.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include "iocp.h"

struct sqlite3;

// [lesson:job]
// One request to the store. A login goes there and comes back through the completion port
// as the same object: the worker that dequeues it finishes the login. A save goes one way.
//ko: 저장소에 보내는 요청 하나. 로그인 요청은 저장소에 갔다가 같은 객체 그대로 컴플리션 포트를
//ko: 거쳐 돌아온다. 그것을 꺼낸 워커가 로그인을 마무리한다. 저장 요청은 가기만 한다.
struct StoreJob {
  OVERLAPPED overlapped{};  // first: the port hands back this address
  //ko: 맨 앞: 포트가 돌려주는 것이 이 주소다
  enum Kind { Login, Save } kind = Login;
  int id = -1;  // the client it is for
  //ko: 어느 클라이언트의 요청인가
  std::string name, password;
  int x = 0, y = 0;  // Login: where a new account starts, then the answer; Save: where it left
  //ko: Login: 새 계정이 시작할 곳, 그다음엔 답. Save: 떠난 자리
  uint8_t fail = 0;  // the store's answer: 0, 1 (wrong password) or 6 (the store could not answer)
  //ko: 저장소의 답: 0, 1(비밀번호 틀림), 6(저장소가 답하지 못함)
};
// [/lesson:job]

struct StoreConfig {
  std::string path = ":memory:";  // the SQLite file; ":memory:" keeps it in memory (the tests)
  //ko: SQLite 파일. ":memory:"면 메모리에만 둔다 (테스트)
  unsigned hash_memory_kib = 19456;  // Argon2id's cost, as docs/PROTOCOL.md gives it
  unsigned hash_passes = 2;
  int busy_ms = 2000;  // how long a query waits for a database another program has locked
  std::function<void(const std::string&)> log;
};

// [lesson:store]
class Store {
 public:
  ~Store() { stop(); }
  bool start(const StoreConfig& config, HANDLE port, ULONG_PTR key);  // opens the file
  void stop();  // answers what is queued, then ends the thread
  //ko: 줄 선 것을 다 처리하고 나서 쓰레드를 끝낸다
  void submit(StoreJob* job);  // any thread; never waits for the disk or the hash
  //ko: 어느 쓰레드든. 디스크도 해시도 절대 기다리지 않는다

 private:
  void run();
  void answer(StoreJob& job);  // on the store thread only: SQL and Argon2id
  //ko: 저장소 쓰레드에서만: SQL과 Argon2id
  bool find(const std::string& name, std::string* hash, int* x, int* y, bool* found);
  bool execute(const char* sql, const std::string& name, const std::string& hash, int x, int y);
  void log(const std::string& line);

  StoreConfig config_;
  HANDLE port_ = nullptr;
  ULONG_PTR key_ = 0;
  sqlite3* db_ = nullptr;
  std::mutex lock_;  // guards queue_ and stopping_
  //ko: queue_와 stopping_을 지킨다
  std::condition_variable wake_;
  std::deque<StoreJob*> queue_;
  bool stopping_ = false;
  std::thread thread_;
};
// [/lesson:store]
