#pragma once

#include <stdexcept>
#include <string>

namespace mmo::auth {

// Why the auth core could not start. The node maps every one of these to exit code 2 (bad config /
// bad data dir), printing what(), which names the key or file and how to fix it.
enum class AuthSetupErrorCode {
    SecretTooShort,      // auth.jwt_secret shorter than 16 bytes
    SecretFileInsecure,  // <data_dir>/jwt.secret readable or writable by group/other
    SecretFileInvalid,   // not a regular file, or not 32..1024 bytes
    SecretFileIo,        // the data dir or the file could not be read or written
};

// Thrown by SecretStore and AuthService's constructor.
class AuthSetupError : public std::runtime_error {
  public:
    AuthSetupError(AuthSetupErrorCode code, std::string key, const std::string& message)
        : std::runtime_error(message), code_(code), key_(std::move(key)) {}

    // What went wrong.
    AuthSetupErrorCode code() const { return code_; }
    // The config key or file involved ("auth.jwt_secret", or the secret file's path).
    const std::string& key() const { return key_; }

  private:
    AuthSetupErrorCode code_;
    std::string key_;
};

}  // namespace mmo::auth
