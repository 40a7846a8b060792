#include "engine/workspace.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <map>
#include <set>
#include <system_error>

#include "engine/loader.h"
#include "engine/validator.h"

namespace sunlit {

namespace fs = std::filesystem;

const Organisation* Workspace::organisation_of(size_t i) const {
  if (i >= process_organisation.size() || process_organisation[i] < 0) return nullptr;
  return &organisations[static_cast<size_t>(process_organisation[i])];
}

int Workspace::io_errors() const {
  return static_cast<int>(std::count_if(diags.items().begin(), diags.items().end(),
                                        [](const Diagnostic& d) { return d.code == "io"; }));
}

namespace {

void io_error(Diagnostics& diags, const std::string& path, const std::string& reason) {
  diags.error(path, Pos{}, "io", "cannot read file: " + reason);
}

bool has_yaml_extension(const fs::path& p) { return p.extension() == ".yaml"; }

// The `*.yaml` files of a directory, sorted; false (and a finding) if it cannot be listed.
void list_directory(const std::string& dir, std::vector<std::string>& out, Diagnostics& diags) {
  std::error_code ec;
  std::vector<std::string> found;
  fs::directory_iterator it(dir, ec), end;
  for (; !ec && it != end; it.increment(ec)) {
    std::error_code type_ec;
    if (it->is_regular_file(type_ec) && has_yaml_extension(it->path())) found.push_back(it->path().string());
  }
  if (ec) {
    io_error(diags, dir, ec.message());
    return;
  }
  std::sort(found.begin(), found.end());
  out.insert(out.end(), found.begin(), found.end());
}

// Loads documents one file at a time, then resolves and validates.
class Loader {
 public:
  Loader(Workspace& ws, const FileReader& read) : ws_(ws), read_(read) {}

  void add(const std::string& path, const std::string& text) {
    ws_.files.push_back(path);
    Document doc = load_document(text, path, ws_.diags);
    if (doc.organisation) add_organisation(std::move(*doc.organisation));
    if (doc.process) ws_.processes.push_back(std::move(*doc.process));
  }

  void finish() {
    for (const auto& org : ws_.organisations) validate_organisation(org, ws_.diags);
    for (auto& p : ws_.processes) ws_.process_organisation.push_back(resolve(p));
    for (size_t i = 0; i < ws_.processes.size(); ++i)
      validate_process(ws_.processes[i], ws_.organisation_of(i), ws_.diags);
    ws_.diags.sort();
  }

 private:
  void add_organisation(Organisation org) {
    if (!org.name.empty() && by_name_.count(org.name)) {
      const Organisation& first = ws_.organisations[static_cast<size_t>(by_name_[org.name])];
      ws_.diags.error(org.file, org.pos, "duplicate-organisation",
                      "organisation '" + org.name + "' is already defined in " + first.file);
      return;
    }
    if (!org.name.empty()) by_name_[org.name] = static_cast<int>(ws_.organisations.size());
    ws_.organisations.push_back(std::move(org));
  }

  // Index of the organisation a process names, loading `<dir>/<name>.org.yaml` if needed.
  int resolve(const Process& p) {
    const std::string& name = p.organisation.name;
    if (name.empty()) return -1;
    if (auto it = by_name_.find(name); it != by_name_.end()) return it->second;
    if (!read_) return -1;
    std::string path = (fs::path(p.file).parent_path() / (name + ".org.yaml")).string();
    if (tried_.count(path)) return -1;
    tried_.insert(path);
    std::string reason;
    std::optional<std::string> text = read_(path, &reason);
    if (!text) return -1;  // not found beside the file: the validator says so
    size_t before = ws_.organisations.size();
    add(path, *text);
    for (size_t i = before; i < ws_.organisations.size(); ++i) validate_organisation(ws_.organisations[i], ws_.diags);
    auto it = by_name_.find(name);
    return it == by_name_.end() ? -1 : it->second;
  }

  Workspace& ws_;
  const FileReader& read_;
  std::map<std::string, int> by_name_;
  std::set<std::string> tried_;
};

}  // namespace

std::vector<std::string> expand_paths(const std::vector<std::string>& paths, Diagnostics& diags) {
  std::vector<std::string> out;
  for (const auto& path : paths) {
    std::error_code ec;
    if (fs::is_directory(path, ec)) list_directory(path, out, diags);
    else out.push_back(path);
  }
  return out;
}

std::optional<std::string> read_text_file(const std::string& path, std::string* reason) {
  std::error_code ec;
  if (fs::is_directory(path, ec)) {
    if (reason) *reason = "is a directory";
    return std::nullopt;
  }
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) {
    if (reason) *reason = std::strerror(errno);
    return std::nullopt;
  }
  std::string text;
  char buf[65536];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) text.append(buf, n);
  bool failed = std::ferror(f) != 0;
  std::fclose(f);
  if (failed) {
    if (reason) *reason = "read error";
    return std::nullopt;
  }
  return text;
}

Workspace load_sources(const std::vector<SourceFile>& sources, const FileReader& read) {
  Workspace ws;
  Loader loader(ws, read);
  for (const auto& s : sources) loader.add(s.path, s.text);
  loader.finish();
  return ws;
}

Workspace load_workspace(const std::vector<std::string>& paths) {
  Diagnostics io;
  std::vector<SourceFile> sources;
  std::vector<std::string> unreadable;
  for (const auto& path : expand_paths(paths, io)) {
    std::string reason;
    if (auto text = read_text_file(path, &reason)) {
      sources.push_back({path, std::move(*text)});
    } else {
      io_error(io, path, reason);
      unreadable.push_back(path);
    }
  }
  FileReader reader = [](const std::string& p, std::string* r) { return read_text_file(p, r); };
  Workspace ws = load_sources(sources, reader);
  ws.files.insert(ws.files.end(), unreadable.begin(), unreadable.end());
  ws.diags.append(io);
  ws.diags.sort();
  return ws;
}

}  // namespace sunlit
