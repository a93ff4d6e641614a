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

StderrProgress::~StderrProgress() {
    clear();
}

void StderrProgress::show(const std::string& line) {
    if (!live_) return;
    std::cerr << "\r\033[K" << line << std::flush;
    shown_ = true;
}

void StderrProgress::clear() {
    if (!shown_) return;
    std::cerr << "\r\033[K" << std::flush;
    shown_ = false;
}

}  // namespace mmo::cli
