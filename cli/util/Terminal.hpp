#pragma once

#include <cstdio>

namespace mmo::cli {

// True when the stream is a terminal (progress lines and colours go only there, never into a pipe).
bool isTerminal(std::FILE* stream);

// True when colours may be written to the stream: a terminal and NO_COLOR unset (https://no-color.org).
bool coloursEnabled(std::FILE* stream);

}  // namespace mmo::cli
