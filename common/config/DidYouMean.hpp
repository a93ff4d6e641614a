#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

// "Did you mean" suggestions for misspelt section, key and environment names.
namespace mmo::config::detail {

// Optimal string alignment distance (Damerau-Levenshtein with adjacent transpositions), case-insensitive.
std::size_t editDistance(std::string_view a, std::string_view b);

// The closest candidate when it is close enough to be a likely typo (distance <= max(2, length / 3), 1 for
// words of 3 letters or fewer).
std::optional<std::string> closestMatch(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace mmo::config::detail
