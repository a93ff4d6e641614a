#include "cli/supervisor/ForegroundRunner.hpp"

#include <algorithm>
#include <cstdio>
#include <iostream>
#include <map>
#include <thread>

#include "cli/ExitCode.hpp"
#include "cli/supervisor/LogPrefixer.hpp"
#include "cli/supervisor/LogTailer.hpp"
#include "cli/util/Terminal.hpp"

namespace mmo::cli {

namespace {
constexpr std::chrono::milliseconds kPoll{50};
}

int runForeground(SetLauncher& launcher, const SignalFlag& signals, std::chrono::milliseconds grace) {
    const LogPrefixer prefixer(launcher.started(), coloursEnabled(stdout));
    std::map<std::string, std::string> lastKey;
    // One poll's lines from every file, in time order (a line without a timestamp keeps its file's last).
    const auto flushLogs = [&] {
        struct Line {
            std::string key;
            std::string text;
        };
        std::vector<Line> lines;
        launcher.tailer().poll([&](const std::string& name, const std::string& line) {
            if (auto key = timestampKey(line); !key.empty()) lastKey[name] = std::move(key);
            lines.push_back({lastKey[name], prefixer.format(name, line)});
        });
        if (lines.empty()) return;
        std::stable_sort(lines.begin(), lines.end(),
                         [](const Line& a, const Line& b) { return a.key < b.key; });
        for (const auto& line : lines) std::cout << line.text << "\n";
        std::cout << std::flush;
    };
    const auto report = [](const std::string& line) { std::cerr << "mmoctl up: " << line << "\n"; };
    std::cerr << "mmoctl up: following the logs; Ctrl-C stops everything\n";
    int code = kOk;
    while (true) {
        flushLogs();
        if (signals.raised()) {
            std::cerr << "mmoctl up: stopping (signal " << signals.signalNumber() << ")\n";
            break;
        }
        if (const auto exited = launcher.supervisor().firstExited()) {
            flushLogs();
            std::cerr << "mmoctl up: " << exited->name << " " << describeExit(exited->status)
                      << "; stopping the others\n";
            code = kProcessFailed;
            break;
        }
        std::this_thread::sleep_for(kPoll);
    }
    launcher.supervisor().stopAll(grace, report);
    flushLogs();  // the shutdown lines
    removeState(launcher.state().stateDir);
    return code;
}

}  // namespace mmo::cli
