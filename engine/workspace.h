// The workspace: a set of YAML files loaded, resolved and validated together.
//
// Contract: load_workspace() reads the given files (a directory stands for
// its `*.yaml` files, sorted by name), loads every document, registers the
// organisations by name, resolves each process's organisation (among the
// given files, else `<dir>/<name>.org.yaml` beside the process file),
// validates everything and sorts the findings. It never throws; a file that
// cannot be read is a finding with code "io" (`path: error: cannot read
// file: <reason>`). Reading files is its only I/O: no environment, no clock.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "engine/definition.h"

namespace sunlit {

// Reads one file: its text, or nullopt with *reason filled ("No such file or directory").
using FileReader = std::function<std::optional<std::string>(const std::string& path, std::string* reason)>;

// A file given to the workspace by text (tests, editors) rather than by path.
struct SourceFile {
  std::string path;
  std::string text;
};

// Everything loaded from a set of files, with every finding about them.
struct Workspace {
  std::vector<std::string> files;            // every file read (given, then implied organisations)
  std::vector<Process> processes;            // in file order
  std::vector<Organisation> organisations;   // in file order
  std::vector<int> process_organisation;     // per process: index into organisations, -1 if not found
  Diagnostics diags;                         // sorted

  // The organisation of processes[i], or nullptr.
  const Organisation* organisation_of(size_t i) const;
  // Number of findings with code "io" (a file could not be read).
  int io_errors() const;
};

// Expands directories into their `*.yaml` files (sorted); other paths are kept as given.
std::vector<std::string> expand_paths(const std::vector<std::string>& paths, Diagnostics& diags);

// Reads a file from disk (the default FileReader).
std::optional<std::string> read_text_file(const std::string& path, std::string* reason);

// Loads, resolves and validates the files or directories in `paths`.
Workspace load_workspace(const std::vector<std::string>& paths);

// As load_workspace(), from texts; `read` (may be empty) finds `<name>.org.yaml` files.
Workspace load_sources(const std::vector<SourceFile>& sources, const FileReader& read = {});

}  // namespace sunlit
