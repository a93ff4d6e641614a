#include "common/log/Logging.hpp"

#include <fmt/chrono.h>
#include <fmt/format.h>
#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/stdout_color_sinks.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdlib>

namespace mmo::logging {

namespace {

constexpr std::array<std::string_view, 7> kUpperNames{"TRACE", "DEBUG",    "INFO", "WARN",
                                                      "ERROR", "CRITICAL", "OFF"};
constexpr std::array<std::string_view, 7> kLowerNames{"trace", "debug",    "info", "warn",
                                                      "error", "critical", "off"};

// %* in a pattern: the level in upper case, as the guide's log lines show it ([INFO], [DEBUG]).
class UpperLevelFlag final : public spdlog::custom_flag_formatter {
  public:
    void format(const spdlog::details::log_msg& msg, const std::tm&, spdlog::memory_buf_t& dest) override {
        const auto name = kUpperNames.at(static_cast<std::size_t>(msg.level));
        dest.append(name.data(), name.data() + name.size());
    }
    std::unique_ptr<custom_flag_formatter> clone() const override {
        return std::make_unique<UpperLevelFlag>();
    }
};

void appendUtcTimestamp(std::chrono::system_clock::time_point when, spdlog::memory_buf_t& dest) {
    const auto millis =
        std::chrono::duration_cast<std::chrono::milliseconds>(when.time_since_epoch()).count() % 1000;
    fmt::format_to(std::back_inserter(dest), "{:%Y-%m-%dT%H:%M:%S}.{:03}Z",
                   fmt::gmtime(std::chrono::system_clock::to_time_t(when)), millis);
}

// One JSON object per line, so log shippers (Loki, Elastic, journald) take it without a parser.
class JsonLineFormatter final : public spdlog::formatter {
  public:
    void format(const spdlog::details::log_msg& msg, spdlog::memory_buf_t& dest) override {
        const auto level = kLowerNames.at(static_cast<std::size_t>(msg.level));
        dest.append(std::string_view{"{\"ts\":\""});
        appendUtcTimestamp(msg.time, dest);
        fmt::format_to(std::back_inserter(dest), "\",\"level\":\"{}\",\"logger\":\"{}\",\"msg\":\"{}\"}}\n",
                       level, jsonEscape({msg.logger_name.data(), msg.logger_name.size()}),
                       jsonEscape({msg.payload.data(), msg.payload.size()}));
    }
    std::unique_ptr<formatter> clone() const override { return std::make_unique<JsonLineFormatter>(); }
};

// %~ in a pattern: the message with its control characters escaped (escapeControlCharacters).
class EscapedMessageFlag final : public spdlog::custom_flag_formatter {
  public:
    void format(const spdlog::details::log_msg& msg, const std::tm&, spdlog::memory_buf_t& dest) override {
        const std::string_view payload{msg.payload.data(), msg.payload.size()};
        if (std::none_of(payload.begin(), payload.end(), needsEscape)) {
            dest.append(payload.data(), payload.data() + payload.size());
            return;
        }
        const auto escaped = escapeControlCharacters(payload);
        dest.append(escaped.data(), escaped.data() + escaped.size());
    }
    std::unique_ptr<custom_flag_formatter> clone() const override {
        return std::make_unique<EscapedMessageFlag>();
    }

  private:
    static bool needsEscape(char ch) {
        const auto c = static_cast<unsigned char>(ch);
        return c < 0x20 || c == 0x7f || c == 0xc2;
    }
};

class UtcTimestampFlag final : public spdlog::custom_flag_formatter {
  public:
    void format(const spdlog::details::log_msg& msg, const std::tm&, spdlog::memory_buf_t& dest) override {
        appendUtcTimestamp(msg.time, dest);
    }
    std::unique_ptr<custom_flag_formatter> clone() const override {
        return std::make_unique<UtcTimestampFlag>();
    }
};

}  // namespace

std::optional<spdlog::level::level_enum> parseLevel(std::string_view name) {
    if (name == "warning") return spdlog::level::warn;
    for (std::size_t i = 0; i < kLowerNames.size(); ++i)
        if (kLowerNames[i] == name) return static_cast<spdlog::level::level_enum>(i);
    return std::nullopt;
}

std::shared_ptr<spdlog::logger> makeLogger(const std::string& name, spdlog::level::level_enum level,
                                           Format format, spdlog::sink_ptr sink) {
    if (!sink) {
        const bool noColor = std::getenv("NO_COLOR") != nullptr;
        sink = std::make_shared<spdlog::sinks::stderr_color_sink_mt>(
            noColor || format == Format::Json ? spdlog::color_mode::never : spdlog::color_mode::automatic);
    }
    auto logger = std::make_shared<spdlog::logger>(name, std::move(sink));
    if (format == Format::Json) {
        logger->set_formatter(std::make_unique<JsonLineFormatter>());
    } else {
        auto formatter = std::make_unique<spdlog::pattern_formatter>();
        formatter->add_flag<UtcTimestampFlag>('@')
            .add_flag<UpperLevelFlag>('*')
            .add_flag<EscapedMessageFlag>('~')
            .set_pattern("%@ [%^%*%$] %~");
        logger->set_formatter(std::move(formatter));
    }
    logger->set_level(level);
    logger->flush_on(spdlog::level::trace);  // stderr is unbuffered for us: lines must reach supervisors now
    return logger;
}

std::string escapeControlCharacters(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c == '\n') {
            out += "\\n";
        } else if (c == '\r') {
            out += "\\r";
        } else if (c == '\t') {
            out += "\\t";
        } else if (c < 0x20 || c == 0x7f) {
            out += fmt::format("\\x{:02x}", c);
        } else if (c == 0xc2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) >= 0x80 &&
                   static_cast<unsigned char>(text[i + 1]) <= 0x9f) {
            out += fmt::format("\\u{:04x}", static_cast<unsigned char>(text[++i]));
        } else {
            out += text[i];
        }
    }
    return out;
}

std::string jsonEscape(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (const char ch : text) {
        const auto c = static_cast<unsigned char>(ch);
        switch (c) {
            case '"':
                out += "\\\"";
                break;
            case '\\':
                out += "\\\\";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\r':
                out += "\\r";
                break;
            case '\t':
                out += "\\t";
                break;
            default:
                if (c < 0x20)
                    out += fmt::format("\\u{:04x}", c);
                else
                    out += ch;
        }
    }
    return out;
}

}  // namespace mmo::logging
