#include "common/text/Utf8.hpp"

namespace mmo::text {

std::size_t utf8SequenceLength(std::string_view text) {
    if (text.empty()) return 0;
    const auto at = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
    const unsigned char lead = at(0);
    if (lead < 0x80) return 1;
    std::size_t length = 0;
    unsigned char low = 0x80, high = 0xbf;  // the allowed range of the second byte (RFC 3629, section 4)
    if (lead >= 0xc2 && lead <= 0xdf) {
        length = 2;
    } else if (lead >= 0xe0 && lead <= 0xef) {
        length = 3;
        if (lead == 0xe0) low = 0xa0;   // no overlongs
        if (lead == 0xed) high = 0x9f;  // no surrogates
    } else if (lead >= 0xf0 && lead <= 0xf4) {
        length = 4;
        if (lead == 0xf0) low = 0x90;   // no overlongs
        if (lead == 0xf4) high = 0x8f;  // nothing past U+10FFFF
    } else {
        return 0;  // a continuation byte, c0/c1 (always overlong) or f5..ff
    }
    if (text.size() < length || at(1) < low || at(1) > high) return 0;
    for (std::size_t i = 2; i < length; ++i)
        if ((at(i) & 0xc0) != 0x80) return 0;
    return length;
}

std::size_t validUtf8Prefix(std::string_view text) {
    std::size_t at = 0;
    while (at < text.size()) {
        const std::size_t length = utf8SequenceLength(text.substr(at));
        if (length == 0) break;
        at += length;
    }
    return at;
}

bool isValidUtf8(std::string_view text) {
    return validUtf8Prefix(text) == text.size();
}

}  // namespace mmo::text
