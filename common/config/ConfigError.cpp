#include "common/config/ConfigError.hpp"

namespace mmo::config {

namespace {
std::string joinProblems(const std::vector<ConfigProblem>& problems) {
    std::string text;
    for (const auto& problem : problems) {
        if (!text.empty()) text += '\n';
        text += problem.format();
    }
    return text;
}
}  // namespace

std::string ConfigProblem::format() const {
    std::string line;
    if (!where.empty()) line += where + ": ";
    if (!key.empty()) line += key + ": ";
    line += message;
    if (!hint.empty()) line += "; hint: " + hint;
    return line;
}

ConfigError::ConfigError(std::vector<ConfigProblem> problems)
    : std::runtime_error(joinProblems(problems)), problems_(std::move(problems)) {}

}  // namespace mmo::config
