#pragma once

#include <map>
#include <string>

namespace mmo::prometheus {

using LabelSet = std::map<std::string, std::string>;

// One line of the text exposition format: `name{labels} value [timestamp]`.
struct Sample {
    std::string name;
    LabelSet labels;
    double value = 0.0;
};

}  // namespace mmo::prometheus
