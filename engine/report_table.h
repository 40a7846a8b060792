// Report tables: rows of text cells printed as an aligned table, CSV (RFC 4180) or JSON.
//
// Contract: pure. A Table is a header and rows of cells, every row as wide as the header.
// Text output pads columns by display width (a CJK character counts two columns) and ends
// each line without trailing spaces. CSV quotes a cell that holds a comma, a quote, a
// carriage return or a newline (quotes doubled) and ends lines with CRLF. JSON is an array of
// objects keyed by the header's `keys`.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace sunlit {

// A table of text cells with a header (labels for people, keys for JSON).
struct Table {
  std::vector<std::string> keys;    // JSON member names, one per column
  std::vector<std::string> labels;  // column titles for the text and CSV forms
  std::vector<std::vector<std::string>> rows;
};

// Columns a terminal uses for `text` (UTF-8; East Asian wide characters count two).
std::size_t display_width(const std::string& text);

// The table aligned in columns, two spaces apart, header first.
std::string render_text(const Table& t);
// The table as CSV with a header line.
std::string render_csv(const Table& t);
// One CSV cell, quoted when it must be.
std::string csv_cell(const std::string& cell);
// The table as a JSON array of objects (every value text).
nlohmann::json render_json(const Table& t);

// "66.7%" for 2/3; "—" when there is no denominator.
std::string percent_text(std::int64_t part, std::int64_t whole);
// A number of days as printed: "3", "2.5".
std::string days_text(double days);
// The median of `values` (the mean of the two middle values for an even count); 0 if empty.
double median(std::vector<double> values);
// The nearest-rank percentile (p in 0..100): the value at rank ceil(p/100 * n) in ascending order.
double percentile(std::vector<double> values, double p);

}  // namespace sunlit
