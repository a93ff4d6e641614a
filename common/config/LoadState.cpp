#include "common/config/LoadState.hpp"

namespace mmo::config::detail {

LoadState::LoadState() {
    for (const auto& key : configSchema()) {
        sources_[key.fullKey()] = ValueSource{};
        locations_[key.fullKey()] = "";
    }
}

void LoadState::apply(const KeyDescriptor& key, std::string_view raw, ValueSource source,
                      const std::string& location) {
    const std::string name = key.fullKey();
    if (auto problem = key.apply(raw, config_)) {
        addKeyProblem(name, {location, name, std::move(*problem), ""});
        return;
    }
    sources_[name] = std::move(source);
    locations_[name] = location;
}

void LoadState::addProblem(ConfigProblem problem) {
    if (problems_.size() < kMaxProblems)
        problems_.push_back(std::move(problem));
    else
        ++dropped_;
}

void LoadState::addKeyProblem(const std::string& key, ConfigProblem problem) {
    invalid_.insert(key);
    addProblem(std::move(problem));
}

std::vector<ConfigProblem> LoadState::takeProblems() {
    auto problems = std::move(problems_);
    if (dropped_ > 0)
        problems.push_back({"", "", std::to_string(dropped_) + " more problems not shown",
                            "fix the ones above and run --check-config again"});
    return problems;
}

}  // namespace mmo::config::detail
