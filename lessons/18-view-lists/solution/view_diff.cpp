// view_diff.cpp — stage 18's exercise, solved.
#include "view_diff.h"

#include <algorithm>

ViewChange diff_views(const std::unordered_set<int>& before, const std::vector<int>& now) {
  ViewChange change;
  for (int id : now) (before.count(id) != 0 ? change.stayed : change.entered).push_back(id);
  for (int id : before)
    if (std::find(now.begin(), now.end(), id) == now.end()) change.left.push_back(id);
  for (std::vector<int>* list : {&change.entered, &change.stayed, &change.left})
    std::sort(list->begin(), list->end());
  return change;
}
