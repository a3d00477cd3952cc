// sqlite3.h — the store double's SQLite: the dozen calls the stages with accounts make, and nothing more.
//
// Only the MinGW cross build uses it (lessonNN.wine): Debian has no MinGW SQLite. The calls,
// constants and results are SQLite's, so the stages compile unchanged; behind them is a tab-
// separated file per database that knows the stages' own statements only. It exists so that
// the stages' IOCP side (the store thread, its answers posted to the port, workers that never
// wait) runs under Wine too. The real SQLite is tested on Linux, and with MSVC through vcpkg.
#pragma once

#ifdef __cplusplus
extern "C" {
#endif

typedef struct sqlite3 sqlite3;
typedef struct sqlite3_stmt sqlite3_stmt;
typedef void (*sqlite3_destructor_type)(void*);

#define SQLITE_OK 0
#define SQLITE_ERROR 1
#define SQLITE_BUSY 5
#define SQLITE_ROW 100
#define SQLITE_DONE 101
#define SQLITE_TRANSIENT ((sqlite3_destructor_type)-1)

int sqlite3_open(const char* filename, sqlite3** db);
int sqlite3_close(sqlite3* db);
int sqlite3_exec(sqlite3* db, const char* sql, int (*callback)(void*, int, char**, char**), void* arg,
                 char** errmsg);
int sqlite3_busy_timeout(sqlite3* db, int ms);
const char* sqlite3_errmsg(sqlite3* db);
int sqlite3_prepare_v2(sqlite3* db, const char* sql, int bytes, sqlite3_stmt** stmt, const char** tail);
int sqlite3_bind_text(sqlite3_stmt* stmt, int index, const char* text, int bytes, sqlite3_destructor_type);
int sqlite3_bind_int(sqlite3_stmt* stmt, int index, int value);
int sqlite3_step(sqlite3_stmt* stmt);
const unsigned char* sqlite3_column_text(sqlite3_stmt* stmt, int column);
int sqlite3_column_int(sqlite3_stmt* stmt, int column);
int sqlite3_finalize(sqlite3_stmt* stmt);

#ifdef __cplusplus
}
#endif
