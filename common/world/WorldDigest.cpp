#include "common/world/WorldDigest.hpp"

namespace mmo::world {

std::uint64_t WorldDigest::mix(std::uint64_t z) {
    z += 0x9e3779b97f4a7c15ULL;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

std::uint64_t WorldDigest::regionHash(std::string_view origin) {
    std::uint64_t h = 0xcbf29ce484222325ULL;
    for (const char c : origin) {
        h ^= static_cast<std::uint8_t>(c);
        h *= 0x100000001b3ULL;
    }
    return h;
}

std::uint64_t WorldDigest::cellHash(std::int32_t x, std::int32_t y, std::uint16_t type, std::uint64_t hlc,
                                    std::uint64_t region_hash) {
    const std::uint64_t position =
        (static_cast<std::uint64_t>(static_cast<std::uint32_t>(x)) << 32) | static_cast<std::uint32_t>(y);
    std::uint64_t h = mix(position);
    h = mix(h ^ hlc);
    h = mix(h ^ (region_hash + (static_cast<std::uint64_t>(type) << 48)));
    return h;
}

std::string WorldDigest::toHex(std::uint64_t value) {
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string text(16, '0');
    for (int i = 15; i >= 0; --i) {
        text[static_cast<std::size_t>(i)] = kDigits[value & 0xf];
        value >>= 4;
    }
    return text;
}

}  // namespace mmo::world
