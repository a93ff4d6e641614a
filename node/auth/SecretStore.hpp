#pragma once

#include <spdlog/logger.h>

#include <cstddef>
#include <filesystem>
#include <memory>
#include <optional>
#include <string_view>

#include "node/auth/SecretBytes.hpp"

namespace mmo::auth {

// Finds the JWT signing key: auth.jwt_secret when configured, else <data_dir>/jwt.secret, generated
// once (32 random bytes, mode 0600, written atomically) so tokens survive restarts of the same node.
// Every failure throws AuthSetupError (the node exits 2). Expects one node per data dir (DataDirLock).
class SecretStore {
  public:
    static constexpr std::size_t kMinConfiguredBytes = 16;
    static constexpr std::size_t kGeneratedBytes = 32;
    static constexpr std::size_t kMinFileBytes = 32;
    static constexpr std::size_t kMaxFileBytes = 1024;
    static constexpr const char* kFileName = "jwt.secret";

    // Calls sodium_init(); nothing touches the disk until resolve().
    SecretStore(std::filesystem::path dataDir, std::shared_ptr<spdlog::logger> logger);

    // `configuredSecret` when non-empty (>= 16 bytes), else the file's key, created when missing.
    SecretBytes resolve(std::string_view configuredSecret) const;
    // <data_dir>/jwt.secret.
    std::filesystem::path secretPath() const { return dataDir_ / kFileName; }

  private:
    std::optional<SecretBytes> load() const;
    SecretBytes generate() const;

    std::filesystem::path dataDir_;
    std::shared_ptr<spdlog::logger> logger_;
};

}  // namespace mmo::auth
