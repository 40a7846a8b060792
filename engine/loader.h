// The loader: YAML text -> plain definition structs, with every position kept.
//
// Contract: the only part of sunlit that parses YAML (with libyaml). load_document()
// never throws and never crashes on any input (malformed YAML, wrong types,
// deep nesting, alias bombs, invalid UTF-8, huge files): every problem is a
// Diagnostic `file:line:col` with a plain message, unknown keys and
// enumeration values get "did you mean". It registers the text with
// diags.add_source(). It checks shape only (keys, types, required keys,
// enumeration spellings); references and meaning are the validator's job.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/definition.h"

namespace sunlit {

// What one YAML file held: a process, an organisation, or (on fatal errors) neither.
struct Document {
  std::optional<Process> process;
  std::optional<Organisation> organisation;
};

// Parses one YAML document. A top level with `departments` is an organisation.
Document load_document(std::string_view text, const std::string& file, Diagnostics& diags);

// The keys the language accepts, by context ("process", "power", "step", "period", ...);
// the JSON Schema test compares these with schema/*.schema.json.
const std::map<std::string, std::vector<std::string>>& language_keys();

}  // namespace sunlit
