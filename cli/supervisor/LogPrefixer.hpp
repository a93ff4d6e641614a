#pragma once

#include <string>
#include <vector>

namespace mmo::cli {

// Prefixes log lines with the name of the process that wrote them, padded to the longest name, in a
// colour of its own when colours are on ("eu-west-1  | ..."). Decide `colour` with coloursEnabled().
class LogPrefixer {
  public:
    LogPrefixer(std::vector<std::string> names, bool colour);

    // The prefixed line (no newline).
    std::string format(const std::string& name, const std::string& line) const;

  private:
    std::vector<std::string> names_;
    std::size_t width_ = 0;
    bool colour_;
};

}  // namespace mmo::cli
