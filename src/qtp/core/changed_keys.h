// The keys on which two keyed snapshots differ: what an incremental stage compares between the
// inputs it recorded last time and the inputs it finds now.
#pragma once

#include <map>
#include <set>
#include <vector>

namespace qtp {

// Keys present in only one of the maps, or whose entries `same(stored, current)` says differ;
// sorted.
template <typename Key, typename Stored, typename Current, typename Same>
std::vector<Key> ChangedKeys(const std::map<Key, Stored>& stored, const std::map<Key, Current>& current, Same same) {
  std::set<Key> changed;
  for (const auto& [key, value] : current) {
    auto it = stored.find(key);
    if (it == stored.end() || !same(it->second, value)) changed.insert(key);
  }
  for (const auto& [key, value] : stored) {
    if (current.count(key) == 0) changed.insert(key);
  }
  return {changed.begin(), changed.end()};
}

}  // namespace qtp
