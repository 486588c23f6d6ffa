#include "suggest.h"

#include <algorithm>

#include "text.h"

namespace kep {

std::size_t edit_distance(std::string_view a_in, std::string_view b_in) {
  const std::string a = fold_case(a_in);
  const std::string b = fold_case(b_in);
  // Optimal string alignment distance over three rows.
  std::vector<std::size_t> prev2(b.size() + 1), prev(b.size() + 1), row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      row[j] = std::min({prev[j] + 1, row[j - 1] + 1, prev[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        row[j] = std::min(row[j], prev2[j - 2] + 1);
    }
    std::swap(prev2, prev);
    std::swap(prev, row);
  }
  return prev[b.size()];
}

std::optional<std::string> closest_match(std::string_view word,
                                         const std::vector<std::string>& candidates) {
  // No id, key, status or command is this long: a longer value (a pasted paragraph, a 1 MB
  // line) is no typo of one, and comparing it with every candidate would cost its length times
  // theirs.
  if (word.size() > k_max_suggested_word) return std::nullopt;
  // Longer words tolerate more typos: one per three characters, at least one, at most three.
  // A distance as long as the word itself is no typo ('Z' is not a misspelt 'A').
  std::size_t limit = std::clamp<std::size_t>(word.size() / 3, 1, 3);
  if (limit >= word.size()) limit = word.size() > 0 ? word.size() - 1 : 0;
  std::optional<std::string> best;
  std::size_t best_distance = limit + 1;
  for (const auto& candidate : candidates) {
    if (candidate == word) continue;
    // The distance is at least the difference in length (case folding keeps lengths in bytes).
    const std::size_t longer = std::max(candidate.size(), word.size());
    const std::size_t shorter = std::min(candidate.size(), word.size());
    if (longer - shorter > limit) continue;
    const std::size_t d = edit_distance(word, candidate);
    if (d < best_distance) {
      best_distance = d;
      best = candidate;
    }
  }
  return best;
}

std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates) {
  const auto match = closest_match(word, candidates);
  return match ? " (did you mean '" + *match + "'?)" : "";
}

}  // namespace kep
