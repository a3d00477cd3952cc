// timer_events.cpp — stage 14: what a worker does with a timer event: close a client that
// never logged in, move an NPC while a player is near.
#include <algorithm>
#include <cstdio>
#include <cstdlib>

#include "server.h"

// [lesson:login-timeout]
// The world first (the phase is the world's), then the client: the usual order. The ID
// check drops the event of a client that left, even if its slot has a new occupant now.
//ko: 월드 먼저(phase는 월드의 것이다), 그다음 클라이언트: 늘 쓰는 순서다. ID를 확인하므로,
//ko: 떠난 클라이언트의 이벤트는 그 칸에 새 주인이 와 있어도 버려진다.
void Server::on_login_timeout(int id) {
  std::lock_guard<std::mutex> world(world_lock_);
  Client& c = clients_[index_of(id)];
  std::lock_guard<std::mutex> guard(c.lock);
  if (c.id != id || c.state != ClientState::Connected || c.phase != Phase::Login) return;
  log("client %d: no login within %d ms: closing", id, config_.login_timeout_ms);
  close_client(c);
  release_if_done(c);
}
// [/lesson:login-timeout]

static ScAddPlayer add_npc(const Npc& n) {
  ScAddPlayer p = make<ScAddPlayer>(SC_ADD_PLAYER);
  p.id = (uint32_t)n.id;
  p.x = (uint16_t)n.x;
  p.y = (uint16_t)n.y;
  std::snprintf(p.name, sizeof p.name, "npc%u", (unsigned)n.id & ~kNpcBit);
  return p;
}

// [lesson:npc-move]
// One step in a random direction; every player who saw it or sees it now is told. Then
// the NPC queues its next step only if a player is still near; otherwise it sleeps.
//ko: 무작위 방향으로 한 칸. 전에 봤거나 지금 보는 플레이어에게 알린다. 그다음 아직 가까이
//ko: 플레이어가 있을 때만 다음 걸음을 걸어 두고, 아니면 잠든다.
void Server::on_npc_move(int id) {
  std::lock_guard<std::mutex> world(world_lock_);
  Npc& n = npcs_[(uint32_t)id & ~kNpcBit];
  int old_x = n.x, old_y = n.y, dir = (int)(random_() % 4);
  int dx[] = {0, 0, -1, 1}, dy[] = {-1, 1, 0, 0};
  n.x = std::clamp(n.x + dx[dir], 0, config_.world - 1);
  n.y = std::clamp(n.y + dy[dir], 0, config_.world - 1);
  ++npc_moves_;
  ScMovePlayer moved = make<ScMovePlayer>(SC_MOVE_PLAYER);  // seq and client_time 0: no request
  //ko: seq와 client_time은 0: 요청이 없었다
  moved.id = (uint32_t)n.id;
  moved.x = (uint16_t)n.x;
  moved.y = (uint16_t)n.y;
  bool near = false;
  for (int i = 0; i < config_.max_clients; ++i) {
    const Client& p = clients_[i];
    if (p.phase != Phase::Playing) continue;
    bool before = in_view(p, old_x, old_y), now = in_view(p, n.x, n.y);
    if (before && now) send_to(p.id, bytes_of(moved));
    else if (now) send_to(p.id, bytes_of(add_npc(n)));
    else if (before) send_to(p.id, bytes_of(remove_player(n.id)));
    near = near || now;
  }
  if (near) timers_.add(kNpcMoveKey, n.id, config_.npc_move_ms);  // the next step
  //ko: 다음 걸음
  else n.awake = false;  // nobody near: it sleeps until a player comes into view
  //ko: 아무도 없다: 플레이어가 시야에 들어올 때까지 잠든다
}
// [/lesson:npc-move]

// [lesson:npc-view]
// c logged in (saw_before false) or moved from (old_x, old_y); the world is locked. NPCs
// that came into its view are shown to it and woken, those that left it are removed.
//ko: c가 로그인했거나(saw_before가 false) (old_x, old_y)에서 움직였다. 월드는 잠겨 있다.
//ko: 시야에 들어온 NPC는 보여 주고 깨우며, 시야에서 나간 NPC는 지운다.
void Server::show_npcs(const Client& c, bool saw_before, int old_x, int old_y) {
  for (Npc& n : npcs_) {
    bool before = saw_before && std::abs(old_x - n.x) <= config_.view && std::abs(old_y - n.y) <= config_.view;
    bool now = in_view(c, n.x, n.y);
    if (now && !before) send_to(c.id, bytes_of(add_npc(n)));
    if (before && !now) send_to(c.id, bytes_of(remove_player(n.id)));
    if (now && !n.awake) {  // one event per NPC: a second would make it walk twice as fast
      //ko: NPC 하나에 이벤트 하나: 둘이면 두 배로 빨리 걷는다
      n.awake = true;
      timers_.add(kNpcMoveKey, n.id, config_.npc_move_ms);
    }
  }
}
// [/lesson:npc-view]

int Server::npcs_awake() {
  std::lock_guard<std::mutex> world(world_lock_);
  return (int)std::count_if(npcs_.begin(), npcs_.end(), [](const Npc& n) { return n.awake; });
}

uint64_t Server::npc_moves() {
  std::lock_guard<std::mutex> world(world_lock_);
  return npc_moves_;
}
