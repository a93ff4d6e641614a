#include "cli/bench/report/ReportFiles.hpp"

#include <unistd.h>

#include <boost/json/serialize.hpp>
#include <cerrno>
#include <cstring>
#include <system_error>

#include "cli/ExitCode.hpp"
#include "cli/bench/report/HtmlReport.hpp"
#include "cli/util/AtomicFile.hpp"

namespace mmo::cli::bench::report {

void prepareReportDir(const std::filesystem::path& dir) {
    std::error_code error;
    std::filesystem::create_directories(dir, error);
    if (error)
        throw CommandError{kEnvironmentError,
                           "--report: cannot create " + dir.string() + ": " + error.message()};
    if (!std::filesystem::is_directory(dir))
        throw CommandError{kEnvironmentError, "--report: " + dir.string() + " is not a directory"};
    if (::access(dir.c_str(), W_OK | X_OK) != 0)
        throw CommandError{kEnvironmentError,
                           "--report: cannot write in " + dir.string() + ": " + std::strerror(errno)};
}

std::filesystem::path writeReportFiles(const std::filesystem::path& dir, const BenchResult& result) {
    prepareReportDir(dir);
    const auto write = [](const std::filesystem::path& path, const std::string& content) {
        try {
            writeFileAtomically(path, content);
        } catch (const std::exception& e) {
            throw CommandError{kEnvironmentError,
                               "--report: cannot write " + path.string() + ": " + e.what()};
        }
    };
    write(dir / "report.json", boost::json::serialize(reportJson(result)) + "\n");
    const auto html = dir / "report.html";
    write(html, htmlReport(result));
    return html;
}

}  // namespace mmo::cli::bench::report
