#pragma once

#include <stdexcept>
#include <string>
#include <vector>

namespace mmo::config {

// One problem found in a configuration: where it is, which key, and what was expected.
struct ConfigProblem {
    std::string where;    // "configs/x.yml:3:15", "env GAME_TCP_PORT", "flag --set", or "" (whole config)
    std::string key;      // "sync.batch_size"; empty when the problem is not about one key
    std::string message;  // what is wrong and what was expected
    std::string hint;     // how to fix it (did you mean, which key/env to change); may be empty

    // "where: key: message; hint: hint" on one line (empty parts are left out).
    std::string format() const;
};

// Every problem found while loading; thrown by loadConfig. Nothing starts on a bad config (exit 2).
class ConfigError : public std::runtime_error {
  public:
    explicit ConfigError(std::vector<ConfigProblem> problems);
    const std::vector<ConfigProblem>& problems() const { return problems_; }

  private:
    std::vector<ConfigProblem> problems_;
};

}  // namespace mmo::config
