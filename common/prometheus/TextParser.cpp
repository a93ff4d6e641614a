#include "common/prometheus/TextParser.hpp"

#include <cctype>
#include <charconv>

namespace mmo::prometheus {

namespace {

bool isNameStart(char c) {
    return std::isalpha(static_cast<unsigned char>(c)) || c == '_' || c == ':';
}
bool isNameChar(char c) {
    return isNameStart(c) || std::isdigit(static_cast<unsigned char>(c));
}
bool isBlank(char c) {
    return c == ' ' || c == '\t';
}

// Reads one sample line; `pos` walks the line.
class LineParser {
  public:
    LineParser(std::string_view line, std::size_t lineNumber, const ParseLimits& limits)
        : line_(line), lineNumber_(lineNumber), limits_(limits) {}

    Sample parse() {
        Sample sample;
        skipBlanks();
        sample.name = readName(true, "metric name");
        bool blank = skipBlanks();
        if (peek() == '{') {
            readLabels(sample.labels);
            blank = skipBlanks();
        }
        if (!blank) fail("expected a space before the value");
        sample.value = readValue();
        if (skipBlanks() && pos_ < line_.size()) readTimestamp();
        if (pos_ != line_.size()) fail("unexpected text after the sample");
        return sample;
    }

  private:
    [[noreturn]] void fail(const std::string& what) const {
        throw ParseError(lineNumber_, what + " at column " + std::to_string(pos_ + 1));
    }
    char peek() const { return pos_ < line_.size() ? line_[pos_] : '\0'; }
    bool skipBlanks() {
        const auto start = pos_;
        while (pos_ < line_.size() && isBlank(line_[pos_])) ++pos_;
        return pos_ != start;
    }
    void expect(char c, const char* what) {
        if (peek() != c) fail(std::string("expected ") + what);
        ++pos_;
    }

    std::string readName(bool allowColon, const char* what) {
        const auto start = pos_;
        if (!isNameStart(peek()) || (!allowColon && peek() == ':')) fail(std::string("expected a ") + what);
        while (pos_ < line_.size() && isNameChar(line_[pos_]) && (allowColon || line_[pos_] != ':')) ++pos_;
        return std::string(line_.substr(start, pos_ - start));
    }

    void readLabels(LabelSet& labels) {
        expect('{', "'{'");
        skipBlanks();
        while (peek() != '}') {
            if (labels.size() >= limits_.maxLabelsPerSample)
                fail("more than " + std::to_string(limits_.maxLabelsPerSample) + " labels");
            auto name = readName(false, "label name");
            skipBlanks();
            expect('=', "'=' after a label name");
            skipBlanks();
            auto value = readQuoted();
            if (!labels.emplace(std::move(name), std::move(value)).second) fail("duplicate label");
            skipBlanks();
            if (peek() == ',') {
                ++pos_;
                skipBlanks();
            } else if (peek() != '}') {
                fail("expected ',' or '}' in the label set");
            }
        }
        ++pos_;
    }

    // A double-quoted label value with the escapes \\, \" and \n.
    std::string readQuoted() {
        expect('"', "'\"' to open a label value");
        std::string value;
        while (true) {
            if (pos_ >= line_.size()) fail("unterminated label value");
            const char c = line_[pos_++];
            if (c == '"') return value;
            if (c != '\\') {
                value.push_back(c);
                continue;
            }
            if (pos_ >= line_.size()) fail("unterminated escape in a label value");
            const char e = line_[pos_++];
            if (e == 'n')
                value.push_back('\n');
            else if (e == '\\' || e == '"')
                value.push_back(e);
            else
                fail(std::string("unknown escape \\") + e + " in a label value");
        }
    }

    std::string_view readToken() {
        const auto start = pos_;
        while (pos_ < line_.size() && !isBlank(line_[pos_])) ++pos_;
        return line_.substr(start, pos_ - start);
    }

    double readValue() {
        const auto start = pos_;
        auto token = readToken();
        if (!token.empty() && token.front() == '+') token.remove_prefix(1);
        double value = 0.0;
        const auto [end, ec] = std::from_chars(token.data(), token.data() + token.size(), value);
        if (token.empty() || ec != std::errc() || end != token.data() + token.size()) {
            pos_ = start;
            fail("expected a number (or +Inf, -Inf, NaN) as the value");
        }
        return value;
    }

    void readTimestamp() {
        const auto token = readToken();
        long long timestamp = 0;
        const auto [end, ec] = std::from_chars(token.data(), token.data() + token.size(), timestamp);
        if (ec != std::errc() || end != token.data() + token.size()) fail("expected an integer timestamp");
    }

    std::string_view line_;
    std::size_t lineNumber_;
    const ParseLimits& limits_;
    std::size_t pos_ = 0;
};

}  // namespace

MetricSamples parseText(std::string_view text, const ParseLimits& limits) {
    if (text.size() > limits.maxBytes)
        throw ParseError(0, "input of " + std::to_string(text.size()) + " bytes exceeds the limit of " +
                                std::to_string(limits.maxBytes));
    MetricSamples samples;
    std::size_t lineNumber = 0;
    while (!text.empty()) {
        ++lineNumber;
        const auto newline = text.find('\n');
        auto line = text.substr(0, newline);
        text.remove_prefix(newline == std::string_view::npos ? text.size() : newline + 1);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (line.size() > limits.maxLineBytes)
            throw ParseError(lineNumber,
                             "line longer than " + std::to_string(limits.maxLineBytes) + " bytes");
        const auto first = line.find_first_not_of(" \t");
        if (first == std::string_view::npos || line[first] == '#') continue;
        if (samples.size() >= limits.maxSamples)
            throw ParseError(lineNumber, "more than " + std::to_string(limits.maxSamples) + " samples");
        samples.add(LineParser(line, lineNumber, limits).parse());
    }
    return samples;
}

}  // namespace mmo::prometheus
