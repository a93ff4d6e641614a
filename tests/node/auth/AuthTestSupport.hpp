#pragma once

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <spdlog/logger.h>
#include <spdlog/sinks/null_sink.h>
#include <spdlog/sinks/ostream_sink.h>
#include <stdlib.h>

#include <array>
#include <chrono>
#include <filesystem>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>

#include "node/auth/AuthSettings.hpp"
#include "node/auth/Base64Url.hpp"

namespace mmo::auth::test {

// A fresh directory under the system temp dir, removed with everything in it at scope exit.
class TempDir {
  public:
    TempDir() {
        std::string pattern = (std::filesystem::temp_directory_path() / "mmo-auth-test-XXXXXX").string();
        if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
        path_ = pattern;
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::filesystem::path& path() const { return path_; }

  private:
    std::filesystem::path path_;
};

// A logger that drops everything.
inline std::shared_ptr<spdlog::logger> nullLogger() {
    return std::make_shared<spdlog::logger>("auth-test", std::make_shared<spdlog::sinks::null_sink_mt>());
}

// A settable clock for the Clock parameter; copies share the time.
class FakeClock {
  public:
    explicit FakeClock(std::int64_t unixSeconds = 1'700'000'000)
        : now_(std::make_shared<std::chrono::system_clock::time_point>(std::chrono::seconds{unixSeconds})) {}
    std::chrono::system_clock::time_point operator()() const { return *now_; }
    void advance(std::chrono::seconds by) { *now_ += by; }

  private:
    std::shared_ptr<std::chrono::system_clock::time_point> now_;
};

// Settings with libsodium's minimum argon2 cost, so every test hashes in milliseconds.
inline AuthSettings fastSettings(const std::filesystem::path& dataDir) {
    AuthSettings settings;
    settings.data_dir = dataDir;
    settings.argon2_ops_limit = crypto_pwhash_OPSLIMIT_MIN;
    settings.argon2_mem_limit = crypto_pwhash_MEMLIMIT_MIN;
    return settings;
}

// HMAC of `input` with `md` (EVP_sha256(), EVP_sha512()), base64url: forges "valid-looking" signatures.
inline std::string hmacB64(const EVP_MD* md, std::string_view key, std::string_view input) {
    std::array<unsigned char, EVP_MAX_MD_SIZE> out{};
    unsigned int length = 0;
    HMAC(md, key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(input.data()),
         input.size(), out.data(), &length);
    return base64url::encode(std::span<const unsigned char>(out.data(), length));
}

// A token with any header and payload JSON, signed with HMAC-`md` under `key`.
inline std::string forgeToken(std::string_view headerJson, std::string_view payloadJson, std::string_view key,
                              const EVP_MD* md = EVP_sha256()) {
    std::string input = base64url::encode(headerJson) + "." + base64url::encode(payloadJson);
    return input + "." + hmacB64(md, key, input);
}

}  // namespace mmo::auth::test
