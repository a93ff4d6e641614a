#include "cli/util/Terminal.hpp"

#include <unistd.h>

#include <cstdlib>
#include <iostream>

namespace mmo::cli {

bool isTerminal(std::FILE* stream) {
    return ::isatty(::fileno(stream)) == 1;
}

bool coloursEnabled(std::FILE* stream) {
    const char* noColor = std::getenv("NO_COLOR");
    return isTerminal(stream) && (noColor == nullptr || noColor[0] == '\0');
}

StderrProgress::StderrProgress() : live_(isTerminal(stderr)) {}

void StderrProgress::show(const std::string& line) const {
    if (live_) std::cerr << "\r\033[K" << line << std::flush;
}

void StderrProgress::clear() const {
    if (live_) std::cerr << "\r\033[K" << std::flush;
}

}  // namespace mmo::cli
