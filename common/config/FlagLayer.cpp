#include "common/config/ConfigLoader.hpp"
#include "common/config/DidYouMean.hpp"
#include "common/config/OverrideLayers.hpp"

namespace mmo::config::detail {

void applyFlags(const std::vector<FlagOverride>& flags, LoadState& state) {
    for (const auto& flag : flags) {
        const std::string flagText = flag.flag.empty() ? "--set" : flag.flag;
        const std::string location = "flag " + flagText;
        const KeyDescriptor* key = findConfigKey(flag.key);
        if (key == nullptr) {
            const auto guess = closestMatch(flag.key, allConfigKeys());
            state.addProblem({location, flag.key, "unknown key",
                              guess ? "did you mean `" + *guess + "`?"
                                    : "keys are written section.key; --print-config lists them all"});
            continue;
        }
        state.apply(*key, flag.value, ValueSource{SourceKind::Flag, flagText}, location);
    }
}

}  // namespace mmo::config::detail
