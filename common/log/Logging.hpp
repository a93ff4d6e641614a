#pragma once

#include <spdlog/logger.h>

#include <memory>
#include <optional>
#include <string>
#include <string_view>

// Logger construction for every binary: text lines ("2026-01-01T00:00:00.000Z [INFO] message") or JSON
// lines ({"ts":...,"level":...,"logger":...,"msg":...}), written to stderr. Loggers are passed to the
// parts that log; nothing here registers a global logger.
namespace mmo::logging {

enum class Format { Text, Json };

// Parses trace|debug|info|warn|error|critical|off (also "warning"); nullopt otherwise.
std::optional<spdlog::level::level_enum> parseLevel(std::string_view name);

// A logger named `name` on the given sink (stderr when null), at `level`, in `format`.
// Text output is coloured only when the sink is a terminal and NO_COLOR is unset.
std::shared_ptr<spdlog::logger> makeLogger(const std::string& name, spdlog::level::level_enum level,
                                           Format format, spdlog::sink_ptr sink = nullptr);

// `text` safe for one line of a terminal or a log file: every control character (C0, DEL and the C1
// range U+0080..U+009F written as UTF-8) becomes a visible escape (\n, \r, \t, \xNN, \u00NN), so a
// client-supplied string can neither start a forged log line nor send terminal escape sequences. Text
// log lines pass their whole message through it; JSON lines escape with jsonEscape.
std::string escapeControlCharacters(std::string_view text);

// Escapes a string for use inside a JSON string literal.
std::string jsonEscape(std::string_view text);

}  // namespace mmo::logging
