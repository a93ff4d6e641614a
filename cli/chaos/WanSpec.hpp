#pragma once

#include <map>
#include <string>
#include <vector>

#include "cli/chaos/LinkShape.hpp"

// The link-shaping flags shared by `mmoctl up` and `mmoctl chaos serve`: --wan (latency), --wan-jitter
// and --wan-rate. Each takes comma-separated items, VALUE (every region) or REGION=VALUE (that region;
// an alias or an id), e.g. `--wan eu=40ms,us=40ms,ap=120ms`, `--wan-jitter 10ms`,
// `--wan-rate 1mbit,ap=512kbit`. A region item wins over a bare value, whatever the order.
namespace mmo::cli::chaos {

struct WanFlags {
    std::string latency;  // --wan
    std::string jitter;   // --wan-jitter
    std::string rate;     // --wan-rate

    bool any() const { return !latency.empty() || !jitter.empty() || !rate.empty(); }
};

// The shape of every region of `regionIds` (full ids, each gets an entry; unnamed ones 0 / unlimited).
// Throws CommandError (exit 2) naming the flag, the bad item and an example: an unknown region, a
// repeated one, a bad unit, a negative value, a duration without a unit.
std::map<std::string, LinkShape> resolveShapes(const WanFlags& flags,
                                               const std::vector<std::string>& regionIds);

// The flags that give exactly `shapes` (every region named), for `chaos serve` and the state file.
WanFlags canonicalFlags(const std::map<std::string, LinkShape>& shapes);

// "40ms" (whole milliseconds).
std::string formatMillis(std::chrono::milliseconds value);

// A latency or jitter value: a duration with a unit (40ms, 1.5s; a bare 0 is fine), 0 to 60s. Throws
// std::invalid_argument saying what is expected.
std::chrono::milliseconds parseDelay(const std::string& text);

}  // namespace mmo::cli::chaos
