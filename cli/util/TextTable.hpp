#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace mmo::cli {

// A plain text table: a header row and rows, columns padded to their widest cell, two spaces apart.
class TextTable {
  public:
    explicit TextTable(std::vector<std::string> header);

    void addRow(std::vector<std::string> row);
    void print(std::ostream& out) const;

  private:
    std::vector<std::vector<std::string>> rows_;
};

}  // namespace mmo::cli
