#include <string>

#include "common/config/ConfigLoader.hpp"
#include "common/config/ConfigSchema.hpp"
#include "common/config/ValueText.hpp"
#include "common/text/Redaction.hpp"

namespace mmo::config {

namespace {
constexpr std::string_view kRedacted = "<redacted>";

// A comment must stay on its line whatever a path or flag holds.
std::string commentSafe(std::string_view text) {
    std::string out;
    for (const char c : text) out += (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) ? '?' : c;
    return out;
}

std::string renderValue(const KeyDescriptor& key, const NodeConfig& config) {
    const std::string value = key.render(config);
    if (key.secret && value != "\"\"") return detail::yamlQuote(kRedacted);
    // A URL's user info is a credential whatever key holds it (eventbus.url: nats://user:pass@host).
    return text::redactUrlCredentials(value);
}
}  // namespace

std::string formatSource(const ValueSource& source) {
    switch (source.kind) {
        case SourceKind::Default:
            return "default";
        case SourceKind::File:
            return "file " + source.detail;
        case SourceKind::Env:
            return "env " + source.detail;
        case SourceKind::Flag:
            return "flag " + source.detail;
    }
    return "unknown";
}

std::string renderEffectiveConfig(const LoadedConfig& loaded) {
    std::string out = "# Effective mmo-node configuration (defaults < file < environment < flags)\n";
    out += loaded.file ? "# config file: " + commentSafe(loaded.file->string()) + "\n" : "# no config file\n";
    std::string section;
    for (const auto& key : configSchema()) {
        if (key.section != section) {
            section = key.section;
            out += "\n" + section + ":\n";
        }
        const auto source = loaded.sources.find(key.fullKey());
        const std::string origin = source == loaded.sources.end() ? "default" : formatSource(source->second);
        out += "  " + key.name + ": " + renderValue(key, loaded.config) + "  # " + commentSafe(origin) + "\n";
    }
    return out;
}

}  // namespace mmo::config
