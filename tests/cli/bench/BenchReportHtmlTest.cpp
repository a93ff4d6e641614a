// bench sync --report in-process: the CDF and throughput series, the SVG plots and the HTML page of a
// synthetic result, the report files and their errors.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <boost/property_tree/ptree.hpp>
#include <boost/property_tree/xml_parser.hpp>
#include <sstream>

#include "cli/ExitCode.hpp"
#include "cli/bench/PairSeries.hpp"
#include "cli/bench/report/HtmlReport.hpp"
#include "cli/bench/report/ReportFiles.hpp"
#include "cli/bench/report/SvgPlot.hpp"
#include "tests/cli/bench/SyntheticBenchResult.hpp"
#include "tests/support/ChildProcess.hpp"
#include "tests/support/TempDir.hpp"

namespace {

using namespace mmo::cli;
using namespace mmo::cli::bench;
using namespace mmo::cli::bench::report;
namespace pt = boost::property_tree;

// Every <svg>...</svg> of a page.
std::vector<std::string> svgsOf(const std::string& html) {
    std::vector<std::string> out;
    std::size_t pos = 0;
    while ((pos = html.find("<svg", pos)) != std::string::npos) {
        const auto end = html.find("</svg>", pos);
        if (end == std::string::npos) break;
        out.push_back(html.substr(pos, end + 6 - pos));
        pos = end + 6;
    }
    return out;
}

// Parses an SVG as XML (throws on a malformed document) and counts the elements named `name`.
int countElements(const pt::ptree& tree, const std::string& name) {
    int n = 0;
    for (const auto& [key, child] : tree) {
        if (key == name) ++n;
        n += countElements(child, name);
    }
    return n;
}

pt::ptree parseXml(const std::string& text) {
    std::istringstream in(text);
    pt::ptree tree;
    pt::read_xml(in, tree);
    return tree;
}

std::size_t occurrences(const std::string& text, const std::string& needle) {
    std::size_t n = 0;
    for (auto pos = text.find(needle); pos != std::string::npos; pos = text.find(needle, pos + 1)) ++n;
    return n;
}

TEST(PairSeries, CdfHasFixedQuantilesFromMinToMax) {
    std::vector<double> values;
    for (int i = 1000; i >= 1; --i) values.push_back(i);
    const auto cdf = latencyCdf(values);
    ASSERT_EQ(cdf.size(), static_cast<std::size_t>(kCdfPoints));
    EXPECT_DOUBLE_EQ(cdf.front(), 1);
    EXPECT_DOUBLE_EQ(cdf.back(), 1000);
    EXPECT_DOUBLE_EQ(cdf[100], 500);  // the median, nearest rank
    EXPECT_TRUE(std::is_sorted(cdf.begin(), cdf.end()));
    EXPECT_TRUE(latencyCdf({}).empty());
}

TEST(PairSeries, IntervalCounterGivesRatesPerIntervalAndStaysBounded) {
    IntervalCounter counter(0.5);
    counter.add(0.1, 10);
    counter.add(0.4, 5);
    counter.add(1.2, 20);
    counter.add(-1, 1);  // before the start: the first interval
    EXPECT_EQ(counter.perSecond(), (std::vector<double>{32, 0, 40}));
    counter.add(1e9, 1);
    EXPECT_EQ(counter.perSecond().size(), IntervalCounter::kMaxIntervals);
    EXPECT_DOUBLE_EQ(seriesIntervalSeconds(std::chrono::seconds(10)), 0.1);
    EXPECT_DOUBLE_EQ(seriesIntervalSeconds(std::chrono::seconds(60)), 0.6);
    EXPECT_DOUBLE_EQ(seriesIntervalSeconds(std::chrono::seconds(2)), 0.1);
}

TEST(SvgPlot, LinePlotIsWellFormedWithAxisLabelsAndOnePathPerSeries) {
    LinePlot plot{"a <title> & more", "latency (ms)", "fraction", 400, 300, 1.0};
    const std::vector<Series> series{
        {"eu \u2192 us", {{1, 0}, {5, 0.5}, {9, 1}}}, {"us \u2192 eu", {{2, 0}, {3, 1}}}, {"empty", {}}};
    const auto svg = linePlotSvg(plot, series);
    const auto tree = parseXml(svg);
    EXPECT_EQ(countElements(tree, "path"), 2);
    EXPECT_NE(svg.find("latency (ms)"), std::string::npos);
    EXPECT_NE(svg.find("fraction"), std::string::npos);
    EXPECT_NE(svg.find("a &lt;title&gt; &amp; more"), std::string::npos);
    EXPECT_EQ(occurrences(svg, "class=\"series\""), 2u);
    EXPECT_NE(svg.find("data-label=\"us \u2192 eu\""), std::string::npos);
}

TEST(SvgPlot, EmptyPlotSaysWhy) {
    const auto svg = linePlotSvg(LinePlot{"t", "x", "y"}, {{"a", {}}}, "not measured");
    EXPECT_NE(svg.find("height=\"316\""), std::string::npos);  // 300 and one legend row
    parseXml(svg);
    EXPECT_NE(svg.find("not measured"), std::string::npos);
    EXPECT_EQ(occurrences(svg, "<path"), 0u);
}

TEST(SvgPlot, NiceTicksAndAxisNumbers) {
    EXPECT_EQ(niceTicks(1.0), (std::vector<double>{0, 0.2, 0.4, 0.6, 0.8, 1.0}));
    EXPECT_EQ(niceTicks(93), (std::vector<double>{0, 20, 40, 60, 80, 100}));
    EXPECT_EQ(niceTicks(0), (std::vector<double>{0, 0.2, 0.4, 0.6, 0.8, 1.0}));
    EXPECT_EQ(axisNumber(20000), "20k");
    EXPECT_EQ(axisNumber(1500000), "1.5M");
    EXPECT_EQ(axisNumber(0.25), "0.25");
}

TEST(SvgPlot, BarChartHasOneBarPerValue) {
    const auto svg = barChartSvg("applied/s", {{"project", 3, "3"}, {"naive", 1, "1"}, {"raw", 9, "9"}});
    EXPECT_EQ(countElements(parseXml(svg), "rect"), 4);  // the background and three bars
    EXPECT_EQ(occurrences(svg, "class=\"bar\""), 3u);
}

TEST(HtmlReport, ThreePassesSideBySideWithACdfAndAThroughputPlotEach) {
    const auto result = synthetic::syntheticResult();
    const auto html = htmlReport(result);
    EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
    EXPECT_EQ(html.find("<script"), std::string::npos);
    EXPECT_EQ(html.find("http://"), html.find("http://www.w3.org/2000/svg"));  // nothing fetched
    EXPECT_EQ(html.find("https://"), std::string::npos);
    const auto svgs = svgsOf(html);
    // Two bar charts, then per pass a CDF and a throughput plot.
    ASSERT_EQ(svgs.size(), 2u + 3u * 2u);
    for (const auto& svg : svgs) EXPECT_NO_THROW(parseXml(svg)) << svg.substr(0, 200);
    for (const char* id : {"id=\"project\"", "id=\"naive\"", "id=\"raw\""})
        EXPECT_NE(html.find(id), std::string::npos) << id;
    // project: 6 pairs in each plot; naive: 6 + 6; raw: no CDF (not measured), 6 throughput lines.
    EXPECT_EQ(countElements(parseXml(svgs[2]), "path"), 6);
    EXPECT_EQ(countElements(parseXml(svgs[3]), "path"), 6);
    EXPECT_EQ(countElements(parseXml(svgs[6]), "path"), 0);
    EXPECT_NE(svgs[6].find("not measured"), std::string::npos);
    EXPECT_EQ(countElements(parseXml(svgs[7]), "path"), 6);
    EXPECT_NE(html.find("eu-west-1 \u2192 us-east-1"), std::string::npos);
    EXPECT_NE(html.find("project/naive: <strong>15.56x</strong>"), std::string::npos);
    // The text report of the run is on the page.
    std::ostringstream text;
    printReport(result, text);
    EXPECT_NE(html.find("p99 convergence:"), std::string::npos);
}

// In half mode the max pass gets a column of its own, first; without baselines only the project passes.
TEST(HtmlReport, HalfModeShowsTheMaxPassAndNoBaselineColumnsWithout) {
    auto result = synthetic::syntheticResult();
    result.maxPass = synthetic::syntheticPass("project", 90000, true);
    result.naive.reset();
    result.raw.reset();
    result.ratioVsNaive.reset();
    result.ratioVsRaw.reset();
    const auto html = htmlReport(result);
    const auto maxAt = html.find("id=\"max_pass\"");
    ASSERT_NE(maxAt, std::string::npos);
    EXPECT_LT(maxAt, html.find("id=\"project\""));
    EXPECT_EQ(html.find("id=\"naive\""), std::string::npos);
    EXPECT_EQ(svgsOf(html).size(), 2u + 2u * 2u);
    EXPECT_NE(html.find("project/naive: <strong>-</strong>"), std::string::npos);
    EXPECT_TRUE(reportJson(result).at("plots").as_object().contains("max_pass"));
}

TEST(HtmlReport, JsonIsTheJsonReportPlusThePlottedSeries) {
    const auto result = synthetic::syntheticResult();
    auto doc = reportJson(result);
    const auto plain = toJson(result);
    for (const auto& [key, value] : plain) EXPECT_EQ(doc.at(key), value) << key;
    const auto& project = doc.at("plots").at("project").as_array();
    ASSERT_EQ(project.size(), 6u);
    EXPECT_EQ(project[0].at("latency_cdf_ms").as_array().size(), static_cast<std::size_t>(kCdfPoints));
    EXPECT_EQ(project[0].at("applied_per_second_series").as_array().size(), 21u);
    EXPECT_TRUE(doc.at("plots").at("raw").as_array()[0].at("latency_cdf_ms").as_array().empty());
}

TEST(ReportFiles, WritesJsonAndHtmlInACreatedDirectory) {
    mmo::test::TempDir dir("mmo-bench-report");
    const auto target = dir.path() / "a" / "b";
    const auto html = writeReportFiles(target, synthetic::syntheticResult());
    EXPECT_EQ(html, target / "report.html");
    EXPECT_NE(mmo::test::readFile(html).find("<svg"), std::string::npos);
    const auto json = boost::json::parse(mmo::test::readFile(target / "report.json"));
    EXPECT_TRUE(json.as_object().contains("plots"));
}

TEST(ReportFiles, UnusableDirectoryIsAnEnvironmentError) {
    mmo::test::TempDir dir("mmo-bench-report");
    const auto file = dir.writeFile("plain-file", "x");
    try {
        prepareReportDir(file / "sub");
        FAIL() << "expected a CommandError";
    } catch (const CommandError& e) {
        EXPECT_EQ(e.code, kEnvironmentError);
        EXPECT_NE(std::string(e.what()).find("--report: cannot create " + (file / "sub").string()),
                  std::string::npos)
            << e.what();
    }
    try {
        prepareReportDir(file);
        FAIL() << "expected a CommandError";
    } catch (const CommandError& e) {
        EXPECT_NE(std::string(e.what()).find(file.string()), std::string::npos) << e.what();
    }
    if (::geteuid() != 0) {  // root writes anywhere
        const auto locked = dir.path() / "locked";
        std::filesystem::create_directory(locked);
        ::chmod(locked.c_str(), 0500);
        EXPECT_THROW(prepareReportDir(locked), CommandError);
    }
}

}  // namespace
