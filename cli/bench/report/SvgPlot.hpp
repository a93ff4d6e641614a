#pragma once

#include <string>
#include <utility>
#include <vector>

// Plots as inline SVG for the bench report: no script, no external resource, readable in any browser.
namespace mmo::cli::bench::report {

// One line of a plot.
struct Series {
    std::string label;
    std::vector<std::pair<double, double>> points;  // (x, y), in x order
};

struct LinePlot {
    std::string title;
    std::string xLabel;
    std::string yLabel;
    int width = 460;
    int height = 300;
    double yMax = 0;  // the top of the y axis; 0: from the data
};

// One <svg> with a title, both axes with ticks and labels, one <path class="series"> per series (a series
// without points gets none) and a legend; `emptyText` is shown instead when no series has a point.
std::string linePlotSvg(const LinePlot& plot, const std::vector<Series>& series,
                        const std::string& emptyText = "no data");

// One bar.
struct Bar {
    std::string label;
    double value = 0;
    std::string valueText;  // shown on the bar
};

// One <svg> of horizontal bars (one <rect class="bar"> each) with a title.
std::string barChartSvg(const std::string& title, const std::vector<Bar>& bars, int width = 460);

// The colour of series i (a fixed palette, cycled).
std::string seriesColour(std::size_t i);

// Text made safe for XML character data and attribute values.
std::string xmlEscape(const std::string& text);

// "1.5", "20", "12k", "1.2M": a short axis number.
std::string axisNumber(double v);

// Tick values from 0 to at least `max`: 0, step, 2 step, ... with step 1, 2 or 5 x 10^n, about `count`.
std::vector<double> niceTicks(double max, int count = 5);

}  // namespace mmo::cli::bench::report
