#pragma once

#include <cstdint>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

// Reads the hex dumps of a worked example straight from a docs/ page, so a test compares the encoder with
// the page itself and the two cannot drift apart.
namespace mmo::testdoc {

// The text of MMO_SOURCE_DIR/<relative>; throws naming the file when it cannot be read.
inline std::string readDoc(const std::string& relative) {
    const std::string path = std::string(MMO_SOURCE_DIR) + "/" + relative;
    std::ifstream in(path);
    if (!in) throw std::runtime_error("cannot read " + path);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// The fenced code blocks (``` ... ```) of the section that starts with the line `heading` and ends at the
// next line starting with '#', each with its whitespace normalised to single spaces ("4d 4d 4f 42 ...").
// Throws when the heading is not on the page.
inline std::vector<std::string> codeBlocksOf(const std::string& page, const std::string& heading) {
    std::istringstream lines(page);
    std::string line;
    bool inSection = false;
    bool inBlock = false;
    std::vector<std::string> blocks;
    while (std::getline(lines, line)) {
        if (!inSection) {
            inSection = line == heading;
            continue;
        }
        if (line.rfind("```", 0) == 0) {
            if (!inBlock) blocks.emplace_back();
            inBlock = !inBlock;
            continue;
        }
        if (inBlock) {
            std::istringstream words(line);
            std::string word;
            while (words >> word) {
                if (!blocks.back().empty()) blocks.back() += ' ';
                blocks.back() += word;
            }
        } else if (!line.empty() && line[0] == '#') {
            break;
        }
    }
    if (!inSection) throw std::runtime_error("heading '" + heading + "' not found");
    return blocks;
}

// Bytes to "4d 4d ...", lower-case, one space between bytes (the pages' form).
inline std::string hexOf(const std::vector<std::uint8_t>& bytes) {
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string text;
    for (std::uint8_t b : bytes) {
        if (!text.empty()) text += ' ';
        text += kDigits[b >> 4];
        text += kDigits[b & 0xf];
    }
    return text;
}

// "4d 4d ..." to bytes.
inline std::vector<std::uint8_t> bytesOfHex(const std::string& hex) {
    std::vector<std::uint8_t> bytes;
    std::istringstream words(hex);
    std::string word;
    while (words >> word) bytes.push_back(static_cast<std::uint8_t>(std::stoul(word, nullptr, 16)));
    return bytes;
}

}  // namespace mmo::testdoc
