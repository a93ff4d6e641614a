#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>

#include "common/prometheus/MetricSamples.hpp"

// A parser for the Prometheus text exposition format (0.0.4), enough to read a node's /metrics:
// samples with labels and escapes; comments (# HELP, # TYPE) and blank lines are skipped.
namespace mmo::prometheus {

// Input that is not the text format, or exceeds a limit; what() names the line.
class ParseError : public std::runtime_error {
  public:
    ParseError(std::size_t line, const std::string& message)
        : std::runtime_error("line " + std::to_string(line) + ": " + message), line_(line) {}
    std::size_t line() const { return line_; }

  private:
    std::size_t line_;
};

// Bounds that keep a hostile or broken endpoint from exhausting memory.
struct ParseLimits {
    std::size_t maxBytes = 16u << 20;
    std::size_t maxSamples = 200000;
    std::size_t maxLabelsPerSample = 64;
    std::size_t maxLineBytes = 64u << 10;
};

// Parses the whole text; throws ParseError on the first malformed line or exceeded limit.
MetricSamples parseText(std::string_view text, const ParseLimits& limits = {});

}  // namespace mmo::prometheus
