#include "node/auth/Base64Url.hpp"

#include <sodium.h>

namespace mmo::auth::base64url {

namespace {
constexpr int kVariant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
}

std::string encode(std::span<const unsigned char> bytes) {
    std::string out(sodium_base64_encoded_len(bytes.size(), kVariant), '\0');
    sodium_bin2base64(out.data(), out.size(), bytes.data(), bytes.size(), kVariant);
    out.resize(out.size() - 1);  // drop the NUL libsodium writes
    return out;
}

std::string encode(std::string_view text) {
    return encode(std::span(reinterpret_cast<const unsigned char*>(text.data()), text.size()));
}

std::optional<std::string> decode(std::string_view text) {
    // libsodium rejects characters outside the alphabet, '=' in the no-padding variant, an impossible
    // length and non-zero unused bits; a null end pointer makes it reject trailing garbage too.
    std::string out(text.size() / 4 * 3 + 3, '\0');
    std::size_t written = 0;
    if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(), text.size(),
                          nullptr, &written, nullptr, kVariant) != 0) {
        return std::nullopt;
    }
    out.resize(written);
    return out;
}

}  // namespace mmo::auth::base64url
