#include "common/config/DidYouMean.hpp"

#include <algorithm>

#include "common/config/ValueText.hpp"

namespace mmo::config::detail {

namespace {
// Longer words are not names anyone meant to type; skipping them keeps the quadratic distance cheap.
constexpr std::size_t kMaxComparedLength = 64;
}  // namespace

std::size_t editDistance(std::string_view a_in, std::string_view b_in) {
    const std::string a = toLower(a_in);
    const std::string b = toLower(b_in);
    const std::size_t n = a.size();
    const std::size_t m = b.size();
    // Three rolling rows: the transposition step looks two rows back.
    std::vector<std::size_t> prev2(m + 1), prev(m + 1), cur(m + 1);
    for (std::size_t j = 0; j <= m; ++j) prev[j] = j;
    for (std::size_t i = 1; i <= n; ++i) {
        cur[0] = i;
        for (std::size_t j = 1; j <= m; ++j) {
            const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                cur[j] = std::min(cur[j], prev2[j - 2] + 1);
        }
        std::swap(prev2, prev);
        std::swap(prev, cur);
    }
    return prev[m];
}

std::optional<std::string> closestMatch(std::string_view word, const std::vector<std::string>& candidates) {
    if (word.empty() || word.size() > kMaxComparedLength) return std::nullopt;
    // Short words get one edit: two edits turn any three-letter word into most others.
    const std::size_t limit = word.size() <= 3 ? 1 : std::max<std::size_t>(2, word.size() / 3);
    std::optional<std::string> best;
    std::size_t bestDistance = limit + 1;
    for (const auto& candidate : candidates) {
        const std::size_t d = editDistance(word, candidate);
        if (d < bestDistance) {
            bestDistance = d;
            best = candidate;
        }
    }
    return best;
}

}  // namespace mmo::config::detail
