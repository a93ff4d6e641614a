#pragma once

#include <cstdio>
#include <cstdlib>
#include <string_view>

// MMO_FUZZ_CHECK(condition, what): an invariant of the code under fuzzing. A violation prints the check
// and aborts, which libFuzzer reports as a crash (saving the input) and a replay test as a failure.
// Unlike assert() it stays on in release builds.
#define MMO_FUZZ_CHECK(condition, what)                                                   \
    do {                                                                                  \
        if (!(condition)) ::mmo::fuzz::checkFailed(#condition, what, __FILE__, __LINE__); \
    } while (false)

namespace mmo::fuzz {

// True when MMO_FUZZ_TRACE is set: the targets then print what each input did (replaying one input).
inline bool tracing() {
    static const bool on = std::getenv("MMO_FUZZ_TRACE") != nullptr;
    return on;
}

// Prints one line to stderr when tracing().
inline void trace(std::string_view line) {
    if (tracing()) std::fprintf(stderr, "trace: %.*s\n", static_cast<int>(line.size()), line.data());
}

[[noreturn]] inline void checkFailed(const char* condition, std::string_view what, const char* file,
                                     int line) {
    std::fprintf(stderr, "%s:%d: fuzz invariant violated: %.*s [%s]\n", file, line,
                 static_cast<int>(what.size()), what.data(), condition);
    std::abort();
}

}  // namespace mmo::fuzz
