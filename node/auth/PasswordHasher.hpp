#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace mmo::auth {

// argon2id (libsodium crypto_pwhash_str_alg, ALG_ARGON2ID13) with fixed cost limits. Hashing and
// verifying are slow and memory-hungry on purpose (the interactive limits: ~0.1-0.5 s, 64 MiB each):
// never call them on an I/O thread. Thread-safe: it holds only the two limits.
class PasswordHasher {
  public:
    // Calls sodium_init() (idempotent, thread-safe); throws std::runtime_error if libsodium cannot start.
    PasswordHasher(unsigned long long opsLimit, std::size_t memLimit);

    // The "$argon2id$..." string of `password` with a fresh salt; throws std::runtime_error when libsodium
    // fails (out of memory).
    std::string hash(std::string_view password) const;
    // True when `password` matches the "$argon2id$..." string `hashed`; false on any mismatch or bad hash.
    bool verify(const std::string& hashed, std::string_view password) const;

  private:
    unsigned long long opsLimit_;
    std::size_t memLimit_;
};

}  // namespace mmo::auth
