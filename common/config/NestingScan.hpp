#pragma once

#include <optional>
#include <string_view>

// A cheap pass over YAML text that bounds its nesting before the recursive parser sees it.
namespace mmo::config::detail {

// A node config nests two levels; anything near this limit is not a config.
inline constexpr int kMaxNestingDepth = 64;

struct NestingPosition {
    int line = 1;    // 1-based
    int column = 1;  // 1-based
};

// Where the text first nests deeper than maxDepth (flow [ { plus block indentation levels and "- "
// entries), or nullopt. It over-estimates rather than misses: quoted strings, comments and block scalars
// are skipped; plain text that is not YAML structure may count.
std::optional<NestingPosition> findExcessiveNesting(std::string_view text, int maxDepth = kMaxNestingDepth);

}  // namespace mmo::config::detail
