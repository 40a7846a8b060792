// Rendering DOT text to SVG with the Graphviz `dot` program.
//
// Contract: render_svg() runs `dot -Tsvg` (found on PATH via posix_spawnp)
// on temporary files, waits for it and returns the SVG text or an error
// value; it never throws. A missing `dot` is ToolMissing with a message
// saying to install Graphviz; a failing `dot` is ToolFailed with its stderr.
#pragma once

#include <string>

namespace sunlit {

// The outcome of one rendering.
struct RenderResult {
  enum class Status { ok, tool_missing, tool_failed, io_failed };
  Status status = Status::ok;
  std::string svg;    // when ok
  std::string error;  // otherwise: a plain message
  bool ok() const { return status == Status::ok; }
};

// Renders DOT text as SVG; `program` is the Graphviz executable to run.
RenderResult render_svg(const std::string& dot_text, const std::string& program = "dot");

}  // namespace sunlit
