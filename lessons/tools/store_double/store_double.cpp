// store_double.cpp — the calls of sqlite3.h and sodium.h beside it, for the MinGW cross build.
//
// A database is a text file of rows "name<TAB>hash<TAB>x<TAB>y", read and rewritten whole by
// every statement (":memory:" keeps its rows in the connection). It knows the statements the
// stages and their tests make, by their text; any other is refused at prepare. One connection
// at a time may hold BEGIN EXCLUSIVE on a file; the others wait busy_timeout for it, then get
// SQLITE_BUSY, as SQLite's rollback journal behaves. All files share one lock: tests are small.
#include "sodium.h"
#include "sqlite3.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <mutex>
#include <random>
#include <regex>
#include <string>
#include <vector>

namespace {

constexpr int kConstraint = 19;  // SQLITE_CONSTRAINT: an INSERT of a name already there
constexpr int kCantOpen = 14;    // SQLITE_CANTOPEN

struct Row {
  std::string name, hash;
  int x = 0, y = 0;
};
using Rows = std::map<std::string, Row>;

std::mutex g_lock;                         // guards every file and g_exclusive
std::condition_variable g_released;        // a BEGIN EXCLUSIVE ended somewhere
std::map<std::string, sqlite3*> g_exclusive;  // file -> the connection holding it

std::string escape(const std::string& s) {
  std::string out;
  for (char ch : s) {
    if (ch == '\\') out += "\\\\";
    else if (ch == '\t') out += "\\t";
    else if (ch == '\n') out += "\\n";
    else out += ch;
  }
  return out;
}

std::string unescape(const std::string& s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '\\' || i + 1 == s.size()) { out += s[i]; continue; }
    char next = s[++i];
    out += next == 't' ? '\t' : next == 'n' ? '\n' : next;
  }
  return out;
}

Rows read_rows(const std::string& path) {
  Rows rows;
  FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) return rows;  // removed since it was opened: empty, as a new database
  std::string line;
  for (int ch = std::fgetc(f);; ch = std::fgetc(f)) {
    if (ch != EOF && ch != '\n') { line += (char)ch; continue; }
    std::vector<std::string> fields(1);
    for (char c : line) {
      if (c == '\t') fields.emplace_back();
      else fields.back() += c;
    }
    if (fields.size() == 4) {
      Row row{unescape(fields[0]), unescape(fields[1]), std::atoi(fields[2].c_str()), std::atoi(fields[3].c_str())};
      rows[row.name] = row;
    }
    line.clear();
    if (ch == EOF) break;
  }
  std::fclose(f);
  return rows;
}

bool write_rows(const std::string& path, const Rows& rows) {
  FILE* f = std::fopen(path.c_str(), "wb");
  if (f == nullptr) return false;
  for (const auto& [name, row] : rows)
    std::fprintf(f, "%s\t%s\t%d\t%d\n", escape(name).c_str(), escape(row.hash).c_str(), row.x, row.y);
  return std::fclose(f) == 0;
}

enum class Kind { Select, Insert, Update };

// "a, b ,c" -> {"a", "b", "c"}
std::vector<std::string> split_list(const std::string& list) {
  std::vector<std::string> out;
  std::string item;
  for (char ch : list + ",") {
    if (ch == ',') {
      size_t b = item.find_first_not_of(' '), e = item.find_last_not_of(' ');
      out.push_back(b == std::string::npos ? "" : item.substr(b, e - b + 1));
      item.clear();
    } else {
      item += ch;
    }
  }
  return out;
}

std::string squeeze(const char* sql, int bytes) {  // one space for every run of white space
  std::string text(sql, bytes < 0 ? std::strlen(sql) : (size_t)bytes), out;
  for (char ch : text) {
    bool space = ch == ' ' || ch == '\n' || ch == '\t' || ch == '\r';
    if (space && (out.empty() || out.back() == ' ')) continue;
    out += space ? ' ' : ch;
  }
  while (!out.empty() && (out.back() == ' ' || out.back() == ';')) out.pop_back();
  return out;
}

}  // namespace

struct sqlite3 {
  std::string path;        // "" for :memory:
  Rows memory;             // :memory:'s rows
  int busy_ms = 0;
  std::string error = "not an error";
};

struct sqlite3_stmt {
  sqlite3* db;
  Kind kind;
  std::vector<std::string> columns;     // Select: what comes back, in order
  std::map<std::string, int> params;    // column -> ?N (the name's is the WHERE's)
  std::map<int, std::string> bound;     // ?N -> value
  std::vector<std::string> row;         // the row a SQLITE_ROW step found
  bool done = false;
};

namespace {

int fail(sqlite3* db, int code, const std::string& why) {
  db->error = why;
  return code;
}

// Waits (g_lock held) until no other connection holds `db`'s file, for busy_ms at most.
bool wait_unlocked(sqlite3* db, std::unique_lock<std::mutex>& held) {
  if (db->path.empty()) return true;
  auto free = [&] {
    auto it = g_exclusive.find(db->path);
    return it == g_exclusive.end() || it->second == db;
  };
  return g_released.wait_for(held, std::chrono::milliseconds(db->busy_ms), free);
}

std::string value_of(const sqlite3_stmt* s, const std::string& column) {
  auto p = s->params.find(column);
  if (p == s->params.end()) return "";
  auto v = s->bound.find(p->second);
  return v == s->bound.end() ? "" : v->second;
}

}  // namespace

extern "C" {

int sqlite3_open(const char* filename, sqlite3** db) {
  *db = new sqlite3;
  if (std::strcmp(filename, ":memory:") == 0) return SQLITE_OK;
  (*db)->path = filename;
  FILE* f = std::fopen(filename, "ab");  // made now if it is not there
  if (f == nullptr) return fail(*db, kCantOpen, "unable to open database file");
  std::fclose(f);
  return SQLITE_OK;
}

int sqlite3_close(sqlite3* db) {
  if (db == nullptr) return SQLITE_OK;
  {
    std::lock_guard<std::mutex> guard(g_lock);
    auto it = g_exclusive.find(db->path);
    if (it != g_exclusive.end() && it->second == db) g_exclusive.erase(it);  // an open transaction ends
  }
  g_released.notify_all();
  delete db;
  return SQLITE_OK;
}

int sqlite3_busy_timeout(sqlite3* db, int ms) {
  db->busy_ms = ms > 0 ? ms : 0;
  return SQLITE_OK;
}

const char* sqlite3_errmsg(sqlite3* db) { return db == nullptr ? "out of memory" : db->error.c_str(); }

int sqlite3_exec(sqlite3* db, const char* sql, int (*)(void*, int, char**, char**), void*, char** errmsg) {
  if (errmsg != nullptr) *errmsg = nullptr;
  std::string text = squeeze(sql, -1);
  if (text.rfind("CREATE TABLE IF NOT EXISTS accounts ", 0) == 0) return SQLITE_OK;
  std::unique_lock<std::mutex> held(g_lock);
  if (text == "BEGIN EXCLUSIVE") {
    if (db->path.empty()) return SQLITE_OK;
    if (!wait_unlocked(db, held)) return fail(db, SQLITE_BUSY, "database is locked");
    g_exclusive[db->path] = db;
    return SQLITE_OK;
  }
  if (text == "ROLLBACK" || text == "COMMIT") {  // the double writes at once: nothing to undo
    auto it = g_exclusive.find(db->path);
    if (it == g_exclusive.end() || it->second != db)
      return fail(db, SQLITE_ERROR, "cannot " + text + " - no transaction is active");
    g_exclusive.erase(it);
    held.unlock();
    g_released.notify_all();
    return SQLITE_OK;
  }
  return fail(db, SQLITE_ERROR, "the store double (lessons/tools/store_double) does not know: " + text);
}

int sqlite3_prepare_v2(sqlite3* db, const char* sql, int bytes, sqlite3_stmt** stmt, const char** tail) {
  *stmt = nullptr;
  if (tail != nullptr) *tail = nullptr;
  static const std::regex select(R"(SELECT (.+) FROM accounts WHERE name = \?(\d))");
  static const std::regex insert(R"(INSERT INTO accounts VALUES \(\?(\d), \?(\d), \?(\d), \?(\d)\))");
  static const std::regex update(R"(UPDATE accounts SET (.+) WHERE name = \?(\d))");
  static const std::regex assign(R"((\w+) = \?(\d))");
  std::string text = squeeze(sql, bytes);
  std::smatch m;
  auto s = new sqlite3_stmt{db, Kind::Select, {}, {}, {}, {}, false};
  if (std::regex_match(text, m, select)) {
    s->columns = split_list(m[1]);
    s->params["name"] = std::stoi(m[2]);
  } else if (std::regex_match(text, m, insert)) {
    s->kind = Kind::Insert;
    const char* order[] = {"name", "hash", "x", "y"};  // the table's columns, as created
    for (int i = 0; i < 4; ++i) s->params[order[i]] = std::stoi(m[i + 1]);
  } else if (std::regex_match(text, m, update)) {
    s->kind = Kind::Update;
    s->params["name"] = std::stoi(m[2]);
    for (const std::string& item : split_list(m[1])) {
      std::smatch a;
      if (!std::regex_match(item, a, assign)) { delete s; return fail(db, SQLITE_ERROR, "near \"" + item + "\""); }
      s->params[a[1]] = std::stoi(a[2]);
    }
  } else {
    delete s;
    return fail(db, SQLITE_ERROR, "the store double (lessons/tools/store_double) does not know: " + text);
  }
  for (const auto& [column, n] : s->params)
    if (column != "name" && column != "hash" && column != "x" && column != "y") {
      delete s;
      return fail(db, SQLITE_ERROR, "no such column: " + column);
    }
  for (const std::string& column : s->columns)
    if (column != "name" && column != "hash" && column != "x" && column != "y") {
      delete s;
      return fail(db, SQLITE_ERROR, "no such column: " + column);
    }
  *stmt = s;
  return SQLITE_OK;
}

int sqlite3_bind_text(sqlite3_stmt* s, int index, const char* text, int bytes, sqlite3_destructor_type) {
  if (s == nullptr) return SQLITE_ERROR;
  s->bound[index] = text == nullptr ? "" : std::string(text, bytes < 0 ? std::strlen(text) : (size_t)bytes);
  return SQLITE_OK;
}

int sqlite3_bind_int(sqlite3_stmt* s, int index, int value) {
  if (s == nullptr) return SQLITE_ERROR;
  s->bound[index] = std::to_string(value);
  return SQLITE_OK;
}

int sqlite3_step(sqlite3_stmt* s) {
  if (s == nullptr) return SQLITE_ERROR;  // SQLite calls this misuse
  if (s->done) return SQLITE_DONE;        // one row at most: names are unique
  s->done = true;
  sqlite3* db = s->db;
  std::unique_lock<std::mutex> held(g_lock);
  if (!wait_unlocked(db, held)) return fail(db, SQLITE_BUSY, "database is locked");
  Rows rows = db->path.empty() ? db->memory : read_rows(db->path);
  std::string name = value_of(s, "name");
  auto found = rows.find(name);
  if (s->kind == Kind::Select) {
    if (found == rows.end()) return SQLITE_DONE;
    for (const std::string& column : s->columns)
      s->row.push_back(column == "name" ? found->second.name
                       : column == "hash" ? found->second.hash
                       : std::to_string(column == "x" ? found->second.x : found->second.y));
    return SQLITE_ROW;
  }
  if (s->kind == Kind::Insert) {
    if (found != rows.end()) return fail(db, kConstraint, "UNIQUE constraint failed: accounts.name");
    rows[name] = Row{name, value_of(s, "hash"), std::atoi(value_of(s, "x").c_str()),
                     std::atoi(value_of(s, "y").c_str())};
  } else {
    if (found == rows.end()) return SQLITE_DONE;  // UPDATE of no row: done, nothing changed
    if (s->params.count("hash")) found->second.hash = value_of(s, "hash");
    if (s->params.count("x")) found->second.x = std::atoi(value_of(s, "x").c_str());
    if (s->params.count("y")) found->second.y = std::atoi(value_of(s, "y").c_str());
  }
  if (db->path.empty()) db->memory = rows;
  else if (!write_rows(db->path, rows)) return fail(db, SQLITE_ERROR, "disk I/O error");
  return SQLITE_DONE;
}

const unsigned char* sqlite3_column_text(sqlite3_stmt* s, int column) {
  if (s == nullptr || column < 0 || (size_t)column >= s->row.size()) return nullptr;
  return reinterpret_cast<const unsigned char*>(s->row[column].c_str());
}

int sqlite3_column_int(sqlite3_stmt* s, int column) {
  const unsigned char* text = sqlite3_column_text(s, column);
  return text == nullptr ? 0 : std::atoi(reinterpret_cast<const char*>(text));
}

int sqlite3_finalize(sqlite3_stmt* s) {
  delete s;
  return SQLITE_OK;
}

// ---- sodium.h ----

int sodium_init(void) {
  static std::atomic<bool> started{false};
  return started.exchange(true) ? 1 : 0;
}

}  // extern "C"

namespace {

constexpr size_t kMemoryMin = 8192;  // crypto_pwhash_MEMLIMIT_MIN, bytes

uint64_t fnv1a(const std::string& text) {  // NOT a password hash: the double's stand-in digest
  uint64_t h = 14695981039346656037ull;
  for (unsigned char ch : text) h = (h ^ ch) * 1099511628211ull;
  return h;
}

std::string digest(const std::string& salt, unsigned long long memory_kib, unsigned long long passes,
                   const char* passwd, unsigned long long len) {
  char out[17];
  std::snprintf(out, sizeof out, "%016llx",
                (unsigned long long)fnv1a(salt + "$" + std::to_string(memory_kib) + "," + std::to_string(passes) +
                                          "$" + std::string(passwd, (size_t)len)));
  return out;
}

// "$argon2id$v=19$m=M,t=T,p=1$SALT$DIGEST" -> its parts; false if it is not one.
bool parse(const char* str, unsigned long long& memory_kib, unsigned long long& passes, std::string& salt,
           std::string& dig) {
  static const std::regex layout(R"(\$argon2id\$v=19\$m=(\d{1,9}),t=(\d{1,9}),p=1\$([0-9a-f]{16})\$([0-9a-f]{16}))");
  std::cmatch m;
  if (str == nullptr || !std::regex_match(str, m, layout)) return false;
  memory_kib = std::stoull(m[1]);
  passes = std::stoull(m[2]);
  salt = m[3];
  dig = m[4];
  return true;
}

}  // namespace

extern "C" {

int crypto_pwhash_str_alg(char out[crypto_pwhash_STRBYTES], const char* passwd, unsigned long long passwdlen,
                          unsigned long long opslimit, size_t memlimit, int alg) {
  if (alg != crypto_pwhash_ALG_ARGON2ID13 || opslimit < 1 || memlimit < kMemoryMin) return -1;
  static std::mutex salt_lock;
  static std::mt19937_64 salts{std::random_device{}()};
  char salt[17];
  {
    std::lock_guard<std::mutex> guard(salt_lock);
    std::snprintf(salt, sizeof salt, "%016llx", (unsigned long long)salts());
  }
  unsigned long long memory_kib = memlimit / 1024;
  std::snprintf(out, crypto_pwhash_STRBYTES, "$argon2id$v=19$m=%llu,t=%llu,p=1$%s$%s", memory_kib, opslimit, salt,
                digest(salt, memory_kib, opslimit, passwd, passwdlen).c_str());
  return 0;
}

int crypto_pwhash_str_verify(const char* str, const char* passwd, unsigned long long passwdlen) {
  unsigned long long memory_kib = 0, passes = 0;
  std::string salt, dig;
  if (!parse(str, memory_kib, passes, salt, dig)) return -1;
  return digest(salt, memory_kib, passes, passwd, passwdlen) == dig ? 0 : -1;
}

int crypto_pwhash_str_needs_rehash(const char* str, unsigned long long opslimit, size_t memlimit) {
  unsigned long long memory_kib = 0, passes = 0;
  std::string salt, dig;
  if (!parse(str, memory_kib, passes, salt, dig)) return -1;
  return memory_kib == memlimit / 1024 && passes == opslimit ? 0 : 1;
}

}  // extern "C"
