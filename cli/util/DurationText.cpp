#include "cli/util/DurationText.hpp"

#include <cmath>
#include <cstdlib>

#include "cli/ExitCode.hpp"

namespace mmo::cli {

std::chrono::milliseconds parseDuration(const std::string& flag, const std::string& text) {
    const auto bad = [&] {
        return CommandError{kUsageError,
                            flag + ": expected a duration such as 30s, 500ms or 2m, got \"" + text + "\""};
    };
    if (text.empty()) throw bad();
    char* end = nullptr;
    const double value = std::strtod(text.c_str(), &end);
    if (end == text.c_str() || !std::isfinite(value) || value < 0) throw bad();
    const std::string unit(end);
    double millis = 0;
    if (unit.empty() || unit == "s")
        millis = value * 1000;
    else if (unit == "ms")
        millis = value;
    else if (unit == "m")
        millis = value * 60'000;
    else if (unit == "h")
        millis = value * 3'600'000;
    else
        throw bad();
    if (millis > 1e12) throw bad();
    return std::chrono::milliseconds(static_cast<long long>(std::llround(millis)));
}

}  // namespace mmo::cli
