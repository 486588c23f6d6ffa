#pragma once
// "Did you mean": the closest known name to a mistyped one, for commands, keys, ids and values.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kep {

// Edit distance (insertions, deletions, substitutions, transpositions) between two texts,
// counted in bytes; case-insensitive.
std::size_t edit_distance(std::string_view a, std::string_view b);

// Words longer than this (in bytes) get no suggestion: no name kep suggests is that long.
inline constexpr std::size_t k_max_suggested_word = 200;

// The candidate closest to `word`, if it is close enough to be a likely typo: at most one typo
// per three characters, at most three. Candidates whose length differs by more than that are
// not compared; a word longer than k_max_suggested_word is compared with none.
std::optional<std::string> closest_match(std::string_view word,
                                         const std::vector<std::string>& candidates);

// " (did you mean 'x'?)" or "".
std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace kep
