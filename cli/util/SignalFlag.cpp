#include "cli/util/SignalFlag.hpp"

#include <signal.h>

#include <array>

namespace mmo::cli {

namespace {

volatile sig_atomic_t gSignal = 0;  // written only by the handler; the one piece of state a handler may touch
constexpr std::array<int, 3> kSignals{SIGINT, SIGTERM, SIGHUP};
std::array<struct sigaction, 3> gPrevious{};

extern "C" void onSignal(int number) {
    gSignal = number;
}

}  // namespace

SignalFlag::SignalFlag() {
    gSignal = 0;
    struct sigaction action {};
    action.sa_handler = onSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = 0;  // no SA_RESTART: a blocking sleep or read returns early on Ctrl-C
    for (std::size_t i = 0; i < kSignals.size(); ++i) ::sigaction(kSignals[i], &action, &gPrevious[i]);
}

SignalFlag::~SignalFlag() {
    for (std::size_t i = 0; i < kSignals.size(); ++i) ::sigaction(kSignals[i], &gPrevious[i], nullptr);
}

bool SignalFlag::raised() const {
    return gSignal != 0;
}

int SignalFlag::signalNumber() const {
    return gSignal;
}

}  // namespace mmo::cli
