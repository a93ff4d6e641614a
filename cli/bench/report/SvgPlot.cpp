#include "cli/bench/report/SvgPlot.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>

namespace mmo::cli::bench::report {

namespace {

constexpr int kLeft = 64;
constexpr int kRight = 16;
constexpr int kTop = 34;
constexpr int kBottom = 50;  // x tick labels, x axis label
constexpr int kLegendRow = 16;

double legendWidth(const std::string& label) {
    return 22 + 6.2 * static_cast<double>(label.size());
}

// How many rows the legend needs in `width` pixels.
int legendRows(const std::vector<Series>& series, double width) {
    int rows = series.empty() ? 0 : 1;
    double x = 0;
    for (const auto& s : series) {
        if (x > 0 && x + legendWidth(s.label) > width) {
            ++rows;
            x = 0;
        }
        x += legendWidth(s.label);
    }
    return rows;
}

std::string num(double v) {
    char text[32];
    std::snprintf(text, sizeof text, "%.1f", v);
    return text;
}

}  // namespace

std::string seriesColour(std::size_t i) {
    static const char* const kPalette[] = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e",
                                           "#9467bd", "#8c564b", "#e377c2", "#17becf"};
    return kPalette[i % (sizeof kPalette / sizeof kPalette[0])];
}

std::string xmlEscape(const std::string& text) {
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            case '\'':
                out += "&#39;";
                break;
            default:
                out += c;
        }
    }
    return out;
}

std::string axisNumber(double v) {
    char text[32];
    const double a = std::fabs(v);
    if (a >= 1e6)
        std::snprintf(text, sizeof text, "%gM", std::round(v / 1e5) / 10);
    else if (a >= 1e4)
        std::snprintf(text, sizeof text, "%gk", std::round(v / 1e2) / 10);
    else
        std::snprintf(text, sizeof text, "%g", std::round(v * 100) / 100);
    return text;
}

std::vector<double> niceTicks(double max, int count) {
    if (!(max > 0)) max = 1;
    const double rough = max / std::max(1, count);
    const int exponent = static_cast<int>(std::floor(std::log10(rough)));
    const double magnitude = std::pow(10, exponent);
    double multiple = 10;
    for (const double m : {1.0, 2.0, 5.0, 10.0})
        if (m * magnitude >= rough) {
            multiple = m;
            break;
        }
    // i * multiple / 10^-exponent: 0.6 is 6 / 10, not 3 * 0.2 (0.6000000000000001).
    const auto tick = [&](int i) {
        return exponent < 0 ? i * multiple / std::pow(10, -exponent) : i * multiple * magnitude;
    };
    std::vector<double> ticks;
    for (int i = 0; ticks.empty() || ticks.back() < max * (1 - 1e-9); ++i) ticks.push_back(tick(i));
    return ticks;
}

std::string linePlotSvg(const LinePlot& plot, const std::vector<Series>& series,
                        const std::string& emptyText) {
    double xMax = 0, yMax = 0;
    bool any = false;
    for (const auto& s : series)
        for (const auto& [x, y] : s.points) {
            xMax = std::max(xMax, x);
            yMax = std::max(yMax, y);
            any = true;
        }
    if (plot.yMax > 0) yMax = plot.yMax;
    const auto xTicks = niceTicks(xMax);
    const auto yTicks = niceTicks(yMax);
    const double xTop = xTicks.back(), yTop = yTicks.back();
    const int w = plot.width;
    const double legendSpace = w - kLeft - kRight;
    const int rows = legendRows(series, legendSpace);
    const int h = plot.height + rows * kLegendRow;
    const double innerW = w - kLeft - kRight, innerH = plot.height - kTop - kBottom;
    const auto px = [&](double x) { return kLeft + x / xTop * innerW; };
    const auto py = [&](double y) { return kTop + innerH - std::min(y, yTop) / yTop * innerH; };

    std::ostringstream out;
    out << "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"plot\" width=\"" << w << "\" height=\"" << h
        << "\" viewBox=\"0 0 " << w << " " << h << "\" role=\"img\" aria-label=\"" << xmlEscape(plot.title)
        << "\">\n";
    out << "<title>" << xmlEscape(plot.title) << "</title>\n";
    out << "<rect x=\"0\" y=\"0\" width=\"" << w << "\" height=\"" << h << "\" fill=\"#fff\"/>\n";
    out << "<text class=\"plot-title\" x=\"" << w / 2 << "\" y=\"20\" text-anchor=\"middle\" font-size=\"14\""
        << " font-weight=\"bold\">" << xmlEscape(plot.title) << "</text>\n";
    out << "<g class=\"axes\" font-size=\"11\" fill=\"#333\">\n";
    for (const double t : yTicks) {
        out << "<line x1=\"" << kLeft << "\" x2=\"" << w - kRight << "\" y1=\"" << num(py(t)) << "\" y2=\""
            << num(py(t)) << "\" stroke=\"#e4e4e4\"/>";
        out << "<text x=\"" << kLeft - 6 << "\" y=\"" << num(py(t) + 4) << "\" text-anchor=\"end\">"
            << axisNumber(t) << "</text>\n";
    }
    for (const double t : xTicks)
        out << "<text x=\"" << num(px(t)) << "\" y=\"" << num(kTop + innerH + 16)
            << "\" text-anchor=\"middle\">" << axisNumber(t) << "</text>\n";
    out << "<line x1=\"" << kLeft << "\" x2=\"" << w - kRight << "\" y1=\"" << num(kTop + innerH)
        << "\" y2=\"" << num(kTop + innerH) << "\" stroke=\"#333\"/>";
    out << "<line x1=\"" << kLeft << "\" x2=\"" << kLeft << "\" y1=\"" << kTop << "\" y2=\""
        << num(kTop + innerH) << "\" stroke=\"#333\"/>\n";
    out << "<text class=\"x-label\" x=\"" << num(kLeft + innerW / 2) << "\" y=\"" << num(kTop + innerH + 32)
        << "\" text-anchor=\"middle\">" << xmlEscape(plot.xLabel) << "</text>\n";
    out << "<text class=\"y-label\" transform=\"translate(14 " << num(kTop + innerH / 2)
        << ") rotate(-90)\" text-anchor=\"middle\">" << xmlEscape(plot.yLabel) << "</text>\n";
    out << "</g>\n";
    if (!any) {
        out << "<text class=\"empty\" x=\"" << num(kLeft + innerW / 2) << "\" y=\"" << num(kTop + innerH / 2)
            << "\" text-anchor=\"middle\" font-size=\"13\" fill=\"#777\">" << xmlEscape(emptyText)
            << "</text>\n";
    }
    for (std::size_t i = 0; i < series.size(); ++i) {
        const auto& s = series[i];
        if (s.points.empty()) continue;
        out << "<path class=\"series\" data-label=\"" << xmlEscape(s.label) << "\" fill=\"none\" stroke=\""
            << seriesColour(i) << "\" stroke-width=\"1.6\" d=\"";
        for (std::size_t p = 0; p < s.points.size(); ++p)
            out << (p == 0 ? "M" : " L") << num(px(s.points[p].first)) << " " << num(py(s.points[p].second));
        out << "\"><title>" << xmlEscape(s.label) << "</title></path>\n";
    }
    // Legend: rows under the x axis label.
    out << "<g class=\"legend\" font-size=\"11\">";
    double x = kLeft;
    double y = plot.height + 4;
    for (std::size_t i = 0; i < series.size(); ++i) {
        if (x > kLeft && x - kLeft + legendWidth(series[i].label) > legendSpace) {
            x = kLeft;
            y += kLegendRow;
        }
        out << "<rect x=\"" << num(x) << "\" y=\"" << num(y - 8) << "\" width=\"10\" height=\"10\" fill=\""
            << seriesColour(i) << "\"/><text x=\"" << num(x + 14) << "\" y=\"" << num(y + 1) << "\">"
            << xmlEscape(series[i].label) << "</text>";
        x += legendWidth(series[i].label);
    }
    out << "</g>\n</svg>\n";
    return out.str();
}

std::string barChartSvg(const std::string& title, const std::vector<Bar>& bars, int width) {
    constexpr int kRow = 28, kLabel = 150, kHead = 34;
    const int h = kHead + kRow * static_cast<int>(bars.size()) + 10;
    double max = 0;
    for (const auto& b : bars) max = std::max(max, b.value);
    if (!(max > 0)) max = 1;
    const double inner = width - kLabel - 90;
    std::ostringstream out;
    out << "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"bars\" width=\"" << width << "\" height=\"" << h
        << "\" viewBox=\"0 0 " << width << " " << h << "\" role=\"img\" aria-label=\"" << xmlEscape(title)
        << "\">\n<title>" << xmlEscape(title) << "</title>\n";
    out << "<rect x=\"0\" y=\"0\" width=\"" << width << "\" height=\"" << h << "\" fill=\"#fff\"/>\n";
    out << "<text class=\"plot-title\" x=\"" << width / 2
        << "\" y=\"20\" text-anchor=\"middle\" font-size=\"14\" font-weight=\"bold\">" << xmlEscape(title)
        << "</text>\n";
    for (std::size_t i = 0; i < bars.size(); ++i) {
        const double y = kHead + kRow * static_cast<double>(i);
        const double len = std::max(1.0, bars[i].value / max * inner);
        out << "<text x=\"" << kLabel - 8 << "\" y=\"" << num(y + 16)
            << "\" text-anchor=\"end\" font-size=\"12\">" << xmlEscape(bars[i].label) << "</text>";
        out << "<rect class=\"bar\" x=\"" << kLabel << "\" y=\"" << num(y + 4) << "\" width=\"" << num(len)
            << "\" height=\"18\" fill=\"" << seriesColour(i) << "\"/>";
        out << "<text x=\"" << num(kLabel + len + 6) << "\" y=\"" << num(y + 17) << "\" font-size=\"12\">"
            << xmlEscape(bars[i].valueText) << "</text>\n";
    }
    out << "</svg>\n";
    return out.str();
}

}  // namespace mmo::cli::bench::report
