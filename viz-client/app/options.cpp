#include "options.h"

#include <cstdlib>

#include "app/process_id.h"
#include "net/socket_util.h"

namespace iocplab::client {

const char* usage_text() {
  return "usage: iocplab-client [--connect HOST:PORT] [--name NAME] [--password PW] [--bots N]\n"
         "                      [--headless --frames N --screenshot FILE.png] [--dump-state FILE.json]\n"
         "                      [--trace FILE.json]\n"
         "                      [--size WxH] [--no-observe] [--lesson NN] [--korean] [--font FILE.ttf]\n"
         "                      [--step N [--exit-paused]] [--flow]\n";
}

static bool parse_int(const std::string& s, int lo, int hi, int* out) {
  if (s.empty() || s.size() > 9) return false;
  for (char c : s) if (c < '0' || c > '9') return false;
  int v = std::atoi(s.c_str());
  if (v < lo || v > hi) return false;
  *out = v;
  return true;
}

bool parse_options(int argc, char** argv, Options* o, std::string* error, bool* help) {
  *help = false;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto value = [&](std::string* v) {
      if (i + 1 >= argc) { *error = a + " needs a value"; return false; }
      *v = argv[++i];
      return true;
    };
    std::string v;
    if (a == "--headless") o->headless = true;
    else if (a == "--no-observe") o->no_observe = true;
    else if (a == "--help" || a == "-h") { *help = true; return true; }
    else if (a == "--connect") {
      if (!value(&v)) return false;
      if (!split_host_port(v, &o->host, &o->port)) { *error = "--connect: expected HOST:PORT, got '" + v + "'"; return false; }
      o->connect = true;
    } else if (a == "--bots") {
      if (!value(&v) || !parse_int(v, 0, 500, &o->bots)) { if (error->empty()) *error = "--bots: expected 0..500"; return false; }
    } else if (a == "--frames") {
      if (!value(&v) || !parse_int(v, 1, 100000, &o->frames)) { if (error->empty()) *error = "--frames: expected 1..100000"; return false; }
    } else if (a == "--screenshot") {
      if (!value(&o->screenshot)) return false;
    } else if (a == "--dump-state") {
      if (!value(&o->dump_state)) return false;
    } else if (a == "--font") {
      if (!value(&o->font)) return false;
    } else if (a == "--trace") {
      if (!value(&o->trace)) return false;
    } else if (a == "--name") {
      if (!value(&o->name)) return false;
      if (o->name.empty() || o->name.size() > 20) { *error = "--name: 1..20 bytes"; return false; }
    } else if (a == "--password") {
      if (!value(&o->password)) return false;
      if (o->password.empty() || o->password.size() > 20) { *error = "--password: 1..20 bytes"; return false; }
    } else if (a == "--korean") {
      o->korean = true;
    } else if (a == "--flow") {
      o->flow = true;
    } else if (a == "--exit-paused") {
      o->exit_paused = true;
    } else if (a == "--step") {
      if (!value(&v)) return false;
      char* end = nullptr;
      long n = std::strtol(v.c_str(), &end, 10);
      if (v.empty() || *end != 0 || n < 1 || n > 1000) { *error = "--step: expected 1..1000, got '" + v + "'"; return false; }
      o->step_demo = static_cast<int>(n);
    } else if (a == "--lesson") {
      if (!value(&o->lesson)) return false;
      if (o->lesson.size() == 1) o->lesson = "0" + o->lesson;
    } else if (a == "--size") {
      if (!value(&v)) return false;
      size_t x = v.find('x');
      if (x == std::string::npos || !parse_int(v.substr(0, x), 640, 8192, &o->width) ||
          !parse_int(v.substr(x + 1), 480, 8192, &o->height)) {
        *error = "--size: expected WxH, at least 640x480";
        return false;
      }
    } else {
      *error = "unknown flag '" + a + "'";
      return false;
    }
  }
  if (o->headless && !o->connect) { *error = "--headless needs --connect HOST:PORT"; return false; }
  if (o->headless && o->screenshot.empty()) { *error = "--headless needs --screenshot FILE.png"; return false; }
  if (o->name.empty()) o->name = "student" + std::to_string(process_id() % 10000);
  return true;
}

}  // namespace iocplab::client
