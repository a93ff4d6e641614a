#include "common/config/Environment.hpp"

#include <unistd.h>

namespace mmo::config {

Environment Environment::fromProcess() {
    std::map<std::string, std::string> vars;
    for (char** entry = environ; entry != nullptr && *entry != nullptr; ++entry) {
        std::string_view text(*entry);
        const auto eq = text.find('=');
        // An entry without '=' is malformed; the C library would not return it from getenv either.
        if (eq == std::string_view::npos || eq == 0) continue;
        vars.emplace(std::string(text.substr(0, eq)), std::string(text.substr(eq + 1)));
    }
    return Environment(std::move(vars));
}

std::optional<std::string> Environment::get(const std::string& name) const {
    const auto it = vars_.find(name);
    if (it == vars_.end()) return std::nullopt;
    return it->second;
}

}  // namespace mmo::config
