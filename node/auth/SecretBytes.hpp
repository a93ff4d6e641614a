#pragma once

#include <cstddef>
#include <span>
#include <string_view>
#include <vector>

namespace mmo::auth {

// Owned key material, wiped with sodium_memzero when destroyed or moved from. Move-only, so the key
// is never silently copied around.
class SecretBytes {
  public:
    SecretBytes() = default;
    explicit SecretBytes(std::span<const unsigned char> bytes);
    explicit SecretBytes(std::string_view text);
    ~SecretBytes();
    SecretBytes(SecretBytes&& other) noexcept;
    SecretBytes& operator=(SecretBytes&& other) noexcept;
    SecretBytes(const SecretBytes&) = delete;
    SecretBytes& operator=(const SecretBytes&) = delete;

    // The key bytes.
    std::span<const unsigned char> bytes() const { return bytes_; }
    // Number of key bytes.
    std::size_t size() const { return bytes_.size(); }

  private:
    void wipe() noexcept;

    std::vector<unsigned char> bytes_;
};

}  // namespace mmo::auth
