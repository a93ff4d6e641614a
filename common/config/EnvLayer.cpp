#include <set>

#include "common/config/DidYouMean.hpp"
#include "common/config/OverrideLayers.hpp"
#include "common/config/ValueText.hpp"

namespace mmo::config::detail {

namespace {
constexpr std::string_view kPrefix = "GAME_";
constexpr std::string_view kConfigVariable = "GAME_CONFIG";

void warnAboutUnknown(const Environment& environment, const std::vector<std::string>& known,
                      LoadState& state) {
    const std::set<std::string> knownSet(known.begin(), known.end());
    for (const auto& [name, value] : environment.all()) {
        if (name.rfind(kPrefix, 0) != 0 || knownSet.count(name) > 0) continue;
        std::string warning = "unknown environment variable " + name + " is ignored";
        if (const auto guess = closestMatch(name, known)) warning += "; did you mean " + *guess + "?";
        state.addWarning(std::move(warning));
    }
}
}  // namespace

void applyEnvironment(const Environment& environment, LoadState& state) {
    std::vector<std::string> known{std::string(kConfigVariable)};
    for (const auto& key : configSchema()) {
        std::vector<std::pair<std::string, std::string>> given;
        for (const auto& name : key.envNames()) {
            known.push_back(name);
            if (auto value = environment.get(name)) given.emplace_back(name, std::move(*value));
        }
        if (given.empty()) continue;
        bool agree = true;
        for (const auto& other : given) agree = agree && other.second == given.front().second;
        if (!agree) {
            std::string where = "env ";
            std::string message = "conflicting values:";
            for (std::size_t i = 0; i < given.size(); ++i) {
                where += (i ? ", " : "") + given[i].first;
                message += (i ? " and " : " ") + given[i].first + "=" + describeValue(given[i].second);
            }
            state.addKeyProblem(key.fullKey(), {where, key.fullKey(), message,
                                                "unset one of them, or give them the same value"});
            continue;
        }
        const auto& [name, value] = given.front();
        state.apply(key, value, ValueSource{SourceKind::Env, name}, "env " + name);
    }
    warnAboutUnknown(environment, known, state);
}

}  // namespace mmo::config::detail
