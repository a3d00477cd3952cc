// view_diff.cpp — the exercise of stage 18: fill in diff_views (see view_diff.h).
#include "view_diff.h"

#include <algorithm>

ViewChange diff_views(const std::unordered_set<int>& before, const std::vector<int>& now) {
  ViewChange change;
  // Your code: an ID in `now` is entered or stayed; one in `before` only has left.
  //ko: 여기에 코드를: `now`의 ID는 들어왔거나 남았고, `before`에만 있는 ID는 나갔다.
  return change;
}
