#include "common/config/SecretFiles.hpp"

#include <string_view>
#include <variant>

#include "common/config/RegularFile.hpp"
#include "common/config/ValueText.hpp"

namespace mmo::config::detail {

namespace {

struct SecretFileKey {
    const char* secretKey;
    const char* fileKey;
    const std::string& (*path)(const NodeConfig&);
};

const SecretFileKey kSecretFileKeys[] = {
    {"auth.admin_password", "auth.admin_password_file",
     [](const NodeConfig& c) -> const std::string& { return c.auth.admin_password_file; }},
    {"auth.jwt_secret", "auth.jwt_secret_file",
     [](const NodeConfig& c) -> const std::string& { return c.auth.jwt_secret_file; }},
    {"eventbus.token", "eventbus.token_file",
     [](const NodeConfig& c) -> const std::string& { return c.eventbus.token_file; }},
};

// Editors and `echo secret > file` end files with a newline that is no part of the secret.
std::string_view withoutTrailingNewline(std::string_view text) {
    if (!text.empty() && text.back() == '\n') text.remove_suffix(1);
    if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
    return text;
}

std::size_t fileLimit(const LoadState& state) {
    return state.isInvalid("storage.file_key_limit_bytes")
               ? static_cast<std::size_t>(StorageConfig{}.file_key_limit_bytes)
               : static_cast<std::size_t>(state.config().storage.file_key_limit_bytes);
}

void resolveOne(const SecretFileKey& pair, LoadState& state) {
    const std::string secretKey = pair.secretKey;
    const std::string fileKey = pair.fileKey;
    const std::string path = pair.path(state.config());
    if (state.isInvalid(fileKey) || path.empty()) return;
    if (state.sourceOf(secretKey).kind != SourceKind::Default) {
        state.addKeyProblem(fileKey,
                            {state.locationOf(fileKey), fileKey,
                             fileKey + " and " + secretKey + " (" + formatSource(state.sourceOf(secretKey)) +
                                 ") are both set; the secret comes from one place",
                             "keep " + fileKey + " and remove " + secretKey +
                                 " (safer: a flag or "
                                 "config value can be read by others), or empty " +
                                 fileKey});
        return;
    }
    auto read = readRegularFile(path, fileLimit(state));
    if (const auto* refusal = std::get_if<FileRefusal>(&read)) {
        state.addKeyProblem(fileKey, {state.locationOf(fileKey), fileKey,
                                      "cannot read " + describeValue(path) + ": " + refusal->reason,
                                      "give the path of a readable regular file that holds only the secret "
                                      "(relative paths are taken from the node's working directory)"});
        return;
    }
    const KeyDescriptor* secret = findConfigKey(secretKey);
    const std::string& content = std::get<std::string>(read);
    // The secret's own checks apply (length, control characters); its problem names the file.
    state.apply(*secret, withoutTrailingNewline(content), state.sourceOf(fileKey),
                state.locationOf(fileKey).empty() ? fileKey : state.locationOf(fileKey));
}

}  // namespace

void resolveSecretFiles(LoadState& state) {
    for (const auto& pair : kSecretFileKeys) resolveOne(pair, state);
}

}  // namespace mmo::config::detail
