#pragma once

// CLI11 is heavy (about 8 s per translation unit at -O2, precompiled header or not): headers name only
// CLI::App, and only the .cpp files that declare options include <CLI/CLI.hpp>.
namespace CLI {
class App;
}
