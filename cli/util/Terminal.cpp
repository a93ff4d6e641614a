#include "cli/util/Terminal.hpp"

#include <unistd.h>

#include <cstdlib>

namespace mmo::cli {

bool isTerminal(std::FILE* stream) {
    return ::isatty(::fileno(stream)) == 1;
}

bool coloursEnabled(std::FILE* stream) {
    const char* noColor = std::getenv("NO_COLOR");
    return isTerminal(stream) && (noColor == nullptr || noColor[0] == '\0');
}

}  // namespace mmo::cli
