// Diagnostics: errors and warnings as values, each with a file position.
//
// Contract: positions are 1-based; `col` counts bytes of the UTF-8 source
// line (like gcc/clang), 0 means "unknown". A Diagnostics list never throws;
// render() prints `file:line:col: error: message`, the source line and a
// caret under the column (caret indented by display width, CJK = 2 cells).
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace sunlit {

// A place in a source file (1-based line and byte column; 0 = unknown).
struct Pos {
  int line = 0;
  int col = 0;
  bool known() const { return line > 0; }
  friend auto operator<=>(const Pos&, const Pos&) = default;
};

// How serious a finding is.
enum class Severity { error, warning, note };

// One finding: where, how serious, a stable code for machines, and the message.
struct Diagnostic {
  std::string file;
  Pos pos;
  Severity severity = Severity::error;
  std::string code;     // stable id, e.g. "unknown-post" (for --json and docs)
  std::string message;  // plain text a designer understands
};

// An ordered collection of findings plus the source texts needed to show them.
class Diagnostics {
 public:
  void add(Diagnostic d) { items_.push_back(std::move(d)); }
  void error(const std::string& file, Pos pos, std::string code, std::string message);
  void warning(const std::string& file, Pos pos, std::string code, std::string message);
  void append(const Diagnostics& other);

  // Remembers the text of `file` so render() can show its lines.
  void add_source(const std::string& file, std::string text);

  // Sorts by file, then position, then severity (stable for equal keys).
  void sort();

  const std::vector<Diagnostic>& items() const { return items_; }
  bool empty() const { return items_.empty(); }
  int error_count() const;
  int warning_count() const;

  // `file:line:col: error: message` + source line + caret, one per finding.
  std::string render() const;
  // One finding, same format as render().
  std::string render(const Diagnostic& d) const;
  // The findings as a JSON array text (file, line, col, severity, code, message).
  std::string to_json() const;

 private:
  std::vector<Diagnostic> items_;
  std::map<std::string, std::string> sources_;
};

const char* to_string(Severity s);

// Display width of a UTF-8 string in terminal cells (East Asian wide = 2).
int display_width(std::string_view utf8);

}  // namespace sunlit
