// view_diff.h — the exercise of stage 18: what changed between a view list and a new view.
#pragma once

#include <unordered_set>
#include <vector>

// Who came into view, who is still in it (gets the move), who left it.
//ko: 시야에 들어온 이, 아직 안에 있는 이(이동을 받는다), 나간 이.
struct ViewChange {
  std::vector<int> entered, stayed, left;
};

// before: the view list; now: who sees the player after its move. Each list sorted.
//ko: before: 시야 목록. now: 이동한 뒤 그 플레이어를 보는 이들. 목록마다 정렬해서.
ViewChange diff_views(const std::unordered_set<int>& before, const std::vector<int>& now);
