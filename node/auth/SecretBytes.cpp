#include "node/auth/SecretBytes.hpp"

#include <sodium.h>

#include <utility>

namespace mmo::auth {

SecretBytes::SecretBytes(std::span<const unsigned char> bytes) : bytes_(bytes.begin(), bytes.end()) {}

SecretBytes::SecretBytes(std::string_view text) : bytes_(text.begin(), text.end()) {}

SecretBytes::~SecretBytes() {
    wipe();
}

SecretBytes::SecretBytes(SecretBytes&& other) noexcept : bytes_(std::move(other.bytes_)) {
    other.wipe();
}

SecretBytes& SecretBytes::operator=(SecretBytes&& other) noexcept {
    if (this != &other) {
        wipe();
        bytes_ = std::move(other.bytes_);
        other.wipe();
    }
    return *this;
}

void SecretBytes::wipe() noexcept {
    if (!bytes_.empty()) sodium_memzero(bytes_.data(), bytes_.size());
    bytes_.clear();
}

}  // namespace mmo::auth
