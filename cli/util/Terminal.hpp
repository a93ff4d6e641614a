#pragma once

#include <cstdio>
#include <string>

namespace mmo::cli {

// True when the stream is a terminal (progress lines and colours go only there, never into a pipe).
bool isTerminal(std::FILE* stream);

// True when colours may be written to the stream: a terminal and NO_COLOR unset (https://no-color.org).
bool coloursEnabled(std::FILE* stream);

// A one-line progress display on stderr, redrawn in place; silent when stderr is not a terminal.
class StderrProgress {
  public:
    StderrProgress();
    void show(const std::string& line) const;
    void clear() const;

  private:
    bool live_;
};

}  // namespace mmo::cli
