// `sunlit catalog DIR --format table|csv|json [--confidential]`: the catalog of powers.
//
// The public catalog (default) never shows a confidential power; --confidential
// prints the confidential catalog ONLY (code, name, basis, reason), so the two
// can never be mixed up in one publication.
#include <iostream>
#include <memory>

#include "cli/commands.h"
#include "engine/catalog.h"
#include "engine/workspace.h"

namespace sunlit::cli {

namespace {

// Options of `catalog`.
struct CatalogOptions {
  std::vector<std::string> paths;
  std::string format = "table";
  bool confidential = false;
};

CatalogFormat parse_format(const std::string& f) {
  if (f == "csv") return CatalogFormat::csv;
  if (f == "json") return CatalogFormat::json;
  return CatalogFormat::table;
}

int run_catalog(const CatalogOptions& opts) {
  Workspace ws = load_workspace(opts.paths);
  if (ws.io_errors() > 0 || ws.diags.error_count() > 0) {
    std::cerr << ws.diags.render();
    return ws.io_errors() > 0 ? kExitIo : kExitInputErrors;
  }
  PowerCatalog catalog = build_catalog(ws.processes);
  CatalogFormat format = parse_format(opts.format);
  std::string out = opts.confidential ? render_confidential_catalog(catalog, format)
                                      : render_public_catalog(catalog, format);
  return write_output("-", out) ? kExitOk : kExitIo;
}

}  // namespace

Command add_catalog(CLI::App& app) {
  auto opts = std::make_shared<CatalogOptions>();
  CLI::App* sub = app.add_subcommand("catalog", "Print the catalog of powers (职权目录) and its statistics");
  sub->add_option("paths", opts->paths, "DIR (or files) holding process definitions")->required();
  sub->add_option("--format", opts->format, "table (default), csv or json")
      ->check(CLI::IsMember({"table", "csv", "json"}));
  sub->add_flag("--confidential", opts->confidential, "Print the confidential catalog only (not for publication)");
  return [opts] { return run_catalog(*opts); };
}

}  // namespace sunlit::cli
