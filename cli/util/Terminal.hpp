#pragma once

#include <cstdio>
#include <string>

namespace mmo::cli {

// True when the stream is a terminal (progress lines and colours go only there, never into a pipe).
bool isTerminal(std::FILE* stream);

// True when colours may be written to the stream: a terminal and NO_COLOR unset (https://no-color.org).
bool coloursEnabled(std::FILE* stream);

// A one-line progress display on stderr, redrawn in place; silent when stderr is not a terminal. Erased
// when it goes away too, so an error line printed after an exception never follows a progress line.
class StderrProgress {
  public:
    StderrProgress();
    ~StderrProgress();
    StderrProgress(const StderrProgress&) = delete;
    StderrProgress& operator=(const StderrProgress&) = delete;
    void show(const std::string& line);
    void clear();

  private:
    bool live_;
    bool shown_ = false;
};

}  // namespace mmo::cli
