#include "node/auth/PasswordHasher.hpp"

#include <sodium.h>

#include <array>
#include <stdexcept>

namespace mmo::auth {

PasswordHasher::PasswordHasher(unsigned long long opsLimit, std::size_t memLimit)
    : opsLimit_(opsLimit), memLimit_(memLimit) {
    if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise (sodium_init)");
    if (opsLimit_ < crypto_pwhash_OPSLIMIT_MIN || memLimit_ < crypto_pwhash_MEMLIMIT_MIN) {
        throw std::invalid_argument("argon2id limits below libsodium's minimum (crypto_pwhash_*_MIN)");
    }
}

std::string PasswordHasher::hash(std::string_view password) const {
    std::array<char, crypto_pwhash_STRBYTES> out{};
    if (crypto_pwhash_str_alg(out.data(), password.data(), password.size(), opsLimit_, memLimit_,
                              crypto_pwhash_ALG_ARGON2ID13) != 0) {
        throw std::runtime_error("argon2id hashing failed (out of memory?)");
    }
    return std::string(out.data());
}

bool PasswordHasher::verify(const std::string& hashed, std::string_view password) const {
    return crypto_pwhash_str_verify(hashed.c_str(), password.data(), password.size()) == 0;
}

}  // namespace mmo::auth
