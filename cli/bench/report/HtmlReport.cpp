#include "cli/bench/report/HtmlReport.hpp"

#include <boost/json.hpp>
#include <cstdio>
#include <sstream>

#include "cli/bench/PairSeries.hpp"
#include "cli/bench/report/SvgPlot.hpp"

namespace mmo::cli::bench::report {

namespace json = boost::json;

namespace {

constexpr int kPlotWidth = 420;

std::string fixed(double v, int digits) {
    char text[48];
    std::snprintf(text, sizeof text, "%.*f", digits, v);
    return text;
}

std::string passKey(const BenchResult& result, const PassResult* pass) {
    if (result.maxPass && pass == &*result.maxPass) return "max_pass";
    return pass->name;
}

std::string passTitle(const BenchResult& result, const PassResult* pass) {
    if (result.maxPass && pass == &*result.maxPass) return "project, max rate";
    if (pass->name == "project") return "project (game port to applied), rate " + pass->rate;
    if (pass->name == "naive") return "naive (one message per change), rate " + pass->rate;
    if (pass->name == "raw") return "raw (batches over bare nats.c), rate " + pass->rate;
    return pass->name;
}

std::string pairLabel(const PairResult& p) {
    return p.source + " \u2192 " + p.destination;
}

std::string cdfPlot(const PassResult& pass) {
    std::vector<Series> series;
    for (const auto& p : pass.pairs) {
        Series s{pairLabel(p), {}};
        const auto n = p.latencyCdfMs.size();
        for (std::size_t i = 0; i < n; ++i)
            s.points.emplace_back(p.latencyCdfMs[i], n > 1 ? static_cast<double>(i) / (n - 1) : 1.0);
        series.push_back(std::move(s));
    }
    LinePlot plot{"convergence latency CDF", "latency (ms)", "fraction of changes", kPlotWidth, 300, 1.0};
    return linePlotSvg(plot, series,
                       pass.name == "raw" ? "not measured (raw does not decode)" : "no latency samples");
}

std::string throughputPlot(const PassResult& pass) {
    std::vector<Series> series;
    for (const auto& p : pass.pairs) {
        Series s{pairLabel(p), {}};
        const double w = p.seriesIntervalSeconds;
        for (std::size_t i = 0; i < p.appliedPerSecondSeries.size(); ++i)
            s.points.emplace_back((static_cast<double>(i) + 0.5) * w, p.appliedPerSecondSeries[i]);
        series.push_back(std::move(s));
    }
    LinePlot plot{"applied changes per second, per pair",
                  "seconds since the pass start",
                  "changes/s",
                  kPlotWidth,
                  300,
                  0};
    return linePlotSvg(plot, series, "no changes applied");
}

std::string passSummary(const PassResult& pass) {
    std::ostringstream out;
    out << "<p>" << fixed(pass.totalAppliedPerSecond(), 0) << " changes applied/s over all pairs; "
        << pass.changesAcked << " of " << pass.changesSent << " changes acknowledged in "
        << fixed(pass.loadSeconds, 1) << " s; " << fixed(pass.bytesPerChange, 2) << " bytes/change";
    if (pass.worstP99() > 0) out << "; p99 " << fixed(pass.worstP99(), 1) << " ms (worst pair)";
    out << (pass.complete ? "" : "; <strong>incomplete</strong>") << "</p>\n";
    for (const auto& problem : pass.problems)
        out << "<p class=\"warning\">" << xmlEscape(problem) << "</p>\n";
    return out.str();
}

json::array doubles(const std::vector<double>& values) {
    json::array out;
    for (const double v : values) out.push_back(v);
    return out;
}

}  // namespace

std::vector<const PassResult*> reportPasses(const BenchResult& result) {
    std::vector<const PassResult*> passes;
    if (result.maxPass) passes.push_back(&*result.maxPass);
    passes.push_back(&result.project);
    if (result.naive) passes.push_back(&*result.naive);
    if (result.raw) passes.push_back(&*result.raw);
    return passes;
}

std::string htmlReport(const BenchResult& result) {
    const auto passes = reportPasses(result);
    const auto& s = result.settings;
    std::ostringstream out;
    out << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        << "<title>mmoctl bench sync report</title>\n<style>\n"
        << "body{font-family:sans-serif;margin:24px;color:#222;background:#fafafa}\n"
        << "h1{font-size:22px}h2{font-size:17px;margin:4px 0}\n"
        << ".passes{display:flex;gap:16px;overflow-x:auto;align-items:flex-start}\n"
        << ".pass{flex:0 0 " << kPlotWidth + 12 << "px;background:#fff;border:1px solid #ddd;padding:6px}\n"
        << ".pass p{font-size:13px;margin:4px 0}.warning{color:#a40}\n"
        << ".summary{display:flex;gap:16px;flex-wrap:wrap}svg{display:block}\n"
        << "pre{background:#fff;border:1px solid #ddd;padding:8px;font-size:12px;overflow-x:auto}\n"
        << "</style>\n</head>\n<body>\n";
    out << "<h1>mmoctl bench sync</h1>\n<p class=\"settings\">" << s.regions.size() << " regions ("
        << xmlEscape([&] {
               std::string r;
               for (const auto& id : s.regions) r += (r.empty() ? "" : ", ") + id;
               return r;
           }())
        << "), " << fixed(s.duration.count() / 1000.0, 1) << " s per pass, rate "
        << xmlEscape(rateText(s.mode, s.rate)) << ", batch_size " << s.batchSize << ", flush_every_seconds "
        << s.flushSeconds << ", gzip " << (s.gzip ? "on" : "off") << ", " << s.connections
        << " connections x " << s.inFlight << " in flight per region, area " << s.areaSide << "x"
        << s.areaSide << ", nats-server " << xmlEscape(result.natsServerVersion) << " ("
        << xmlEscape(result.set) << " set).</p>\n";
    const auto ratio = [](const std::optional<double>& v) {
        return v ? fixed(*v, 2) + "x" : std::string("-");
    };
    out << "<p class=\"ratios\">project/naive: <strong>" << ratio(result.ratioVsNaive)
        << "</strong> &#160; project/raw: <strong>" << ratio(result.ratioVsRaw)
        << "</strong> &#160; node CPU/raw client CPU per million applied: <strong>"
        << ratio(result.cpuRatioVsRaw) << "</strong> (target " << fixed(kCpuRatioTarget, 0)
        << "x) &#160; p99 "
        << "convergence (worst pair): " << fixed(result.project.worstP99(), 1) << " ms against a target of "
        << fixed(latencyTargetMs(s.flushSeconds), 0) << " ms</p>\n";

    std::vector<Bar> applied, p99;
    for (const auto* pass : passes) {
        const auto label = passKey(result, pass);
        applied.push_back({label, pass->totalAppliedPerSecond(), fixed(pass->totalAppliedPerSecond(), 0)});
        if (pass->worstP99() > 0)
            p99.push_back({label, pass->worstP99(), fixed(pass->worstP99(), 1) + " ms"});
    }
    out << "<div class=\"summary\">\n"
        << barChartSvg("changes applied per second, all pairs", applied, kPlotWidth + 80);
    if (!p99.empty()) out << barChartSvg("p99 convergence latency, worst pair", p99, kPlotWidth + 80);
    out << "</div>\n<div class=\"passes\">\n";
    for (const auto* pass : passes) {
        out << "<section class=\"pass\" id=\"" << passKey(result, pass) << "\">\n<h2>"
            << xmlEscape(passTitle(result, pass)) << "</h2>\n"
            << passSummary(*pass) << cdfPlot(*pass) << throughputPlot(*pass) << "</section>\n";
    }
    out << "</div>\n<h2>Text report</h2>\n<pre>";
    std::ostringstream text;
    printReport(result, text);
    out << xmlEscape(text.str()) << "</pre>\n</body>\n</html>\n";
    return out.str();
}

json::object reportJson(const BenchResult& result) {
    auto doc = toJson(result);
    json::object plots;
    for (const auto* pass : reportPasses(result)) {
        json::array pairs;
        for (const auto& p : pass->pairs)
            pairs.push_back(json::object{{"source", p.source},
                                         {"destination", p.destination},
                                         {"latency_cdf_ms", doubles(p.latencyCdfMs)},
                                         {"series_interval_seconds", p.seriesIntervalSeconds},
                                         {"applied_per_second_series", doubles(p.appliedPerSecondSeries)}});
        plots[passKey(result, pass)] = std::move(pairs);
    }
    doc["plots"] = std::move(plots);
    doc["plots_cdf_points"] = kCdfPoints;
    return doc;
}

}  // namespace mmo::cli::bench::report
