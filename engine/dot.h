// The statutory flowchart (权力运行流程图) as Graphviz DOT, for citizens to read.
//
// Contract: to_dot() is a pure function of the CompiledProcess: the same
// definition gives byte-identical text. One node per step and per outcome
// (box task, diamond choice, black bar split/join, hexagon wait, rounded
// double-bordered outcome), clusters per department, edges labelled with the
// action / condition / "otherwise" / "timeout: ...", hand-offs between
// departments dashed, supervision points as red-bordered steps with an
// attached note, party rights and suspended clocks in the step label, and a
// header with the power's name, code, category, case limit, extension and
// complaint channels. Labels are escaped DOT strings (UTF-8).
#pragma once

#include <string>

#include "engine/compiler.h"

namespace sunlit {

// The font list used for every label (CJK first, then a generic fallback).
inline constexpr const char* kDotFont = "Noto Sans CJK SC,Noto Sans CJK,WenQuanYi Micro Hei,sans-serif";

// The flowchart of a compiled process as DOT text.
std::string to_dot(const CompiledProcess& process);

// Escapes text for a double-quoted DOT string: `"` and `\` escaped, newlines as `\n`.
std::string dot_escape(const std::string& text);

// A period in the law's words: "5 working days (行政许可法第三十二条)".
std::string describe_period(const Period& period);

}  // namespace sunlit
