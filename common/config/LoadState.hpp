#pragma once

#include <cstddef>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "common/config/ConfigError.hpp"
#include "common/config/ConfigLoader.hpp"
#include "common/config/ConfigSchema.hpp"

// What the layers of loadConfig build up together: the config, where each value came from, the problems.
namespace mmo::config::detail {

class LoadState {
  public:
    // At most this many problems are kept; a huge bad file must not make a huge error message.
    static constexpr std::size_t kMaxProblems = 50;

    LoadState();

    // Validates raw for key and stores it with its source; on failure records a problem at location.
    void apply(const KeyDescriptor& key, std::string_view raw, ValueSource source,
               const std::string& location);
    void addProblem(ConfigProblem problem);
    // Records a problem about key and keeps the key out of the checks across keys.
    void addKeyProblem(const std::string& key, ConfigProblem problem);
    void addWarning(std::string warning) { warnings_.push_back(std::move(warning)); }

    NodeConfig& config() { return config_; }
    const NodeConfig& config() const { return config_; }
    const ValueSource& sourceOf(const std::string& key) const { return sources_.at(key); }
    // Where the effective value was given, as a problem location ("" for a default).
    const std::string& locationOf(const std::string& key) const { return locations_.at(key); }
    // True when some layer gave this key a value that failed validation.
    bool isInvalid(const std::string& key) const { return invalid_.count(key) > 0; }
    bool hasProblems() const { return !problems_.empty(); }

    // The problems, with a last line counting those left out.
    std::vector<ConfigProblem> takeProblems();
    std::map<std::string, ValueSource> takeSources() { return std::move(sources_); }
    std::vector<std::string> takeWarnings() { return std::move(warnings_); }

  private:
    NodeConfig config_;
    std::map<std::string, ValueSource> sources_;
    std::map<std::string, std::string> locations_;
    std::set<std::string> invalid_;
    std::vector<ConfigProblem> problems_;
    std::size_t dropped_ = 0;
    std::vector<std::string> warnings_;
};

}  // namespace mmo::config::detail
