#pragma once

namespace mmo::cli {

// Catches SIGINT, SIGTERM and SIGHUP for the life of the object and records that one arrived, so a
// long-running command (foreground `up`, `logs --follow`) can stop what it runs in order. Restores the
// previous handlers on destruction. One instance at a time.
class SignalFlag {
  public:
    SignalFlag();
    ~SignalFlag();
    SignalFlag(const SignalFlag&) = delete;
    SignalFlag& operator=(const SignalFlag&) = delete;

    // True once a signal arrived.
    bool raised() const;
    // The signal that arrived, 0 when none.
    int signalNumber() const;
};

}  // namespace mmo::cli
