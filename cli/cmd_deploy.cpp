// `sunlit deploy`, `sunlit versions`, `sunlit diff`, `sunlit admin rebuild|backup`.
#include <fmt/format.h>
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "cli/session.h"
#include "engine/service.h"

namespace sunlit::cli {

namespace {

using json = nlohmann::json;

// Options of the deployment and admin commands.
struct DeployOptions {
  std::vector<std::string> paths;
  std::string backup;
  std::string by = "unspecified", power;
  int v1 = 0, v2 = 0;
  bool json = false;
};

int run_deploy(const DeployOptions& o) {
  return with_service([&](CaseService& svc) {
    Diagnostics diags;
    auto r = svc.deploy(o.paths, o.by, diags);
    if (auto* e = std::get_if<CaseError>(&r)) {
      std::cout << diags.render();
      return report(*e, o.json);
    }
    const auto& files = std::get<std::vector<DeployedFile>>(r);
    if (o.json) {
      json a = json::array();
      for (const auto& f : files)
        a.push_back({{"file", f.file}, {"kind", f.kind}, {"name", f.name}, {"version", f.version}, {"created", f.created}});
      std::cout << a.dump(2) << "\n";
      return kExitOk;
    }
    for (const auto& f : files) {
      std::string what = f.kind == "process" ? fmt::format("{} version {}", f.name, f.version) : "organisation " + f.name;
      std::cout << fmt::format("{} {} ({})\n", f.created ? "deployed" : "unchanged", what, f.file);
    }
    return kExitOk;
  });
}

int run_versions(const DeployOptions& o) {
  return with_service([&](CaseService& svc) {
    auto r = svc.versions(o.power);
    if (auto* e = std::get_if<CaseError>(&r)) return report(*e, o.json);
    const auto& vs = std::get<std::vector<DefinitionRecord>>(r);
    if (o.json) {
      json a = json::array();
      for (const auto& v : vs)
        a.push_back({{"power", v.power_code}, {"version", v.version}, {"hash", v.content_hash},
                     {"deployed_at", format_local(v.deployed_at)}, {"deployed_by", v.deployed_by}});
      std::cout << a.dump(2) << "\n";
      return kExitOk;
    }
    for (const auto& v : vs)
      std::cout << fmt::format("{} version {}  {}  deployed {} by {}\n", v.power_code, v.version, v.content_hash,
                               format_local(v.deployed_at), v.deployed_by);
    return kExitOk;
  });
}

int run_diff(const DeployOptions& o) {
  return with_service([&](CaseService& svc) {
    auto r = svc.diff(o.power, o.v1, o.v2);
    if (auto* e = std::get_if<CaseError>(&r)) return report(*e, o.json);
    const auto& lines = std::get<std::vector<std::string>>(r);
    if (o.json) {
      std::cout << json{{"power", o.power}, {"from", o.v1}, {"to", o.v2}, {"changes", lines}}.dump(2) << "\n";
      return kExitOk;
    }
    std::cout << fmt::format("{}: version {} -> {}, {} public change{} (republish the catalog)\n", o.power, o.v1, o.v2,
                             lines.size(), lines.size() == 1 ? "" : "s");
    for (const auto& l : lines) std::cout << "  " << l << "\n";
    return kExitOk;
  });
}

int run_rebuild(const DeployOptions& o) {
  return with_service([&](CaseService& svc) {
    auto r = svc.rebuild();
    if (auto* e = std::get_if<CaseError>(&r)) return report(*e, o.json);
    const auto& rep = std::get<RebuildReport>(r);
    if (o.json) {
      std::cout << json{{"cases", rep.cases}, {"events", rep.events}, {"differed", rep.differed}}.dump(2) << "\n";
      return kExitOk;
    }
    std::cout << fmt::format("rebuilt {} cases from {} events; {} snapshot{} differed from the log{}\n", rep.cases,
                             rep.events, rep.differed.size(), rep.differed.size() == 1 ? "" : "s",
                             rep.differed.empty() ? "" : " and were replaced");
    for (const auto& id : rep.differed) std::cout << "  " << id << "\n";
    return kExitOk;
  });
}

int run_backup(const DeployOptions& o) {
  auto opened = open_session();
  if (auto* code = std::get_if<int>(&opened)) return *code;
  auto& session = std::get<Session>(opened);
  auto r = session.store->backup_to(o.backup);
  if (!r) return report(from_store(r.error()), o.json);
  if (o.json) std::cout << json{{"backup", o.backup}}.dump(2) << "\n";
  else
    std::cout << fmt::format("backed up {} to {} (one consistent copy, recent commits included)\n", globals().db,
                             o.backup);
  return kExitOk;
}

}  // namespace

Command add_deploy(CLI::App& app) {
  auto o = std::make_shared<DeployOptions>();
  auto* deploy = app.add_subcommand("deploy", "store organisation and process files as immutable versions");
  deploy->add_option("files", o->paths, "files or directories")->required();
  deploy->add_option("--as", o->by, "who deploys (recorded)")->envname("SUNLIT_USER");
  deploy->add_flag("--json", o->json, "machine-readable output");
  auto* versions = app.add_subcommand("versions", "list the deployed versions of a power");
  versions->add_option("power", o->power, "power code")->required();
  versions->add_flag("--json", o->json, "machine-readable output");
  auto* diff = app.add_subcommand("diff", "what changed for the public between two versions of a power");
  diff->add_option("power", o->power, "power code")->required();
  diff->add_option("v1", o->v1, "older version")->required();
  diff->add_option("v2", o->v2, "newer version")->required();
  diff->add_flag("--json", o->json, "machine-readable output");
  auto* admin = app.add_subcommand("admin", "maintenance");
  admin->require_subcommand(1);
  auto* rebuild = admin->add_subcommand("rebuild", "rebuild every case snapshot and worklist from the event log");
  rebuild->add_flag("--json", o->json, "machine-readable output");
  auto* backup = admin->add_subcommand("backup", "a consistent copy of the whole database into a new file");
  backup->add_option("path", o->backup, "the new file")->required();
  backup->add_flag("--json", o->json, "machine-readable output");
  return [o, deploy, versions, diff, rebuild, backup]() {
    if (deploy->parsed()) return run_deploy(*o);
    if (versions->parsed()) return run_versions(*o);
    if (diff->parsed()) return run_diff(*o);
    if (rebuild->parsed()) return run_rebuild(*o);
    if (backup->parsed()) return run_backup(*o);
    return kExitUsage;
  };
}

}  // namespace sunlit::cli
