// The bench report in a real browser: headless chromium opens a report.html written from a synthetic
// result, its plots are in the DOM, the page logs nothing, and a screenshot is saved as an artifact.
#include <gtest/gtest.h>

#include <iostream>

#include "cli/bench/report/ReportFiles.hpp"
#include "tests/cli/bench/SyntheticBenchResult.hpp"
#include "tests/support/HeadlessChromium.hpp"
#include "tests/support/TestArtifacts.hpp"

namespace {

std::size_t occurrences(const std::string& text, const std::string& needle) {
    std::size_t n = 0;
    for (auto pos = text.find(needle); pos != std::string::npos; pos = text.find(needle, pos + 1)) ++n;
    return n;
}

TEST(BenchReportBrowser, PlotsRenderInChromiumAndAScreenshotIsSaved) {
    using mmo::test::HeadlessChromium;
    if (!HeadlessChromium::available()) GTEST_SKIP() << HeadlessChromium::unavailableMessage();
    const auto dir = mmo::test::testArtifactDir("bench_report_browser_test");
    const auto html = mmo::cli::bench::report::writeReportFiles(
        dir / "report", mmo::cli::bench::synthetic::syntheticResult());
    const auto url = "file://" + std::filesystem::absolute(html).string();

    HeadlessChromium chromium;
    const auto page = chromium.dumpDom(url, 500);
    // Chromium parsed the inline SVG as SVG: its DOM serializes every plot and its paths.
    EXPECT_EQ(occurrences(page.dom, "<svg "), 8u);                    // 2 bar charts + 3 passes x 2 plots
    EXPECT_EQ(occurrences(page.dom, "<path class=\"series\""), 30u);  // 6 pairs x (2 + 2 + 1) plots
    EXPECT_EQ(occurrences(page.dom, "<rect class=\"bar\""), 5u);      // applied/s x 3, p99 x 2
    EXPECT_NE(page.dom.find("convergence latency CDF"), std::string::npos);
    EXPECT_TRUE(page.console.empty()) << page.console.front().text;

    const auto png = dir / "report.png";
    chromium.screenshot(url, png, 1400, 1100, 500);
    EXPECT_GT(std::filesystem::file_size(png), 10000u);
    std::cout << "report: " << html.string() << "\nscreenshot: " << png.string() << "\n";
}

}  // namespace
