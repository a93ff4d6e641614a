#pragma once

#include <map>
#include <optional>
#include <string>

namespace mmo::config {

// A snapshot of environment variables, injected into the loader so tests never touch the real one.
class Environment {
  public:
    Environment() = default;
    explicit Environment(std::map<std::string, std::string> vars) : vars_(std::move(vars)) {}

    // The current process environment.
    static Environment fromProcess();

    std::optional<std::string> get(const std::string& name) const;
    const std::map<std::string, std::string>& all() const { return vars_; }

  private:
    std::map<std::string, std::string> vars_;
};

}  // namespace mmo::config
