// Times whole processes: posix_spawn (vfork + exec) and waitpid, on a steady clock, nothing else in
// the interval (no shell, no `date` process), for issue 3's "one `sunlit case advance` as a whole
// process".
//
// Usage: bench_spawn [--ids FILE] [--runs N] [--warmup K] -- COMMAND ARG...
//   Runs COMMAND once per line of FILE with every "{}" in its arguments replaced by that line (or
//   N times without --ids), stdout and stderr to /dev/null; the first K runs (default 1) warm the
//   page cache and are not reported. Prints one duration in nanoseconds per run, one per line; a
//   run that exits non-zero stops it with exit code 1 and the run's command on stderr.
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

extern char** environ;

namespace {

// The command with "{}" replaced by `id`.
std::vector<std::string> fill(const std::vector<std::string>& command, const std::string& id) {
  std::vector<std::string> out = command;
  for (auto& a : out)
    for (auto at = a.find("{}"); at != std::string::npos; at = a.find("{}", at + id.size())) a.replace(at, 2, id);
  return out;
}

// Runs the command once; its duration in ns, or -1 if it could not start or failed.
long long time_one(const std::vector<std::string>& args) {
  std::vector<char*> argv;
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
  auto t0 = std::chrono::steady_clock::now();
  pid_t pid = 0;
  int rc = posix_spawnp(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  int status = 0;
  if (rc == 0) waitpid(pid, &status, 0);
  auto t1 = std::chrono::steady_clock::now();
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) return -1;
  return std::chrono::duration_cast<std::chrono::nanoseconds>(t1 - t0).count();
}

}  // namespace

int main(int argc, char** argv) {
  std::string ids_file;
  int runs = 0, warmup = 1, a = 1;
  for (; a < argc && std::strcmp(argv[a], "--") != 0; ++a) {
    std::string arg = argv[a];
    if (a + 1 >= argc) break;
    if (arg == "--ids") ids_file = argv[++a];
    else if (arg == "--runs") runs = std::atoi(argv[++a]);
    else if (arg == "--warmup") warmup = std::atoi(argv[++a]);
    else break;
  }
  if (a >= argc || std::strcmp(argv[a], "--") != 0 || a + 1 >= argc) {
    std::fprintf(stderr, "usage: bench_spawn [--ids FILE] [--runs N] [--warmup K] -- COMMAND ARG...\n");
    return 2;
  }
  std::vector<std::string> command(argv + a + 1, argv + argc);
  std::vector<std::string> ids;
  if (!ids_file.empty()) {
    std::ifstream in(ids_file);
    for (std::string line; std::getline(in, line);)
      if (!line.empty()) ids.push_back(line);
  } else {
    ids.assign(static_cast<size_t>(runs + warmup), "");
  }
  for (size_t i = 0; i < ids.size(); ++i) {
    auto args = fill(command, ids[i]);
    long long ns = time_one(args);
    if (ns < 0) {
      std::fprintf(stderr, "bench_spawn: failed: %s %s\n", args[0].c_str(), ids[i].c_str());
      return 1;
    }
    if (static_cast<int>(i) >= warmup) std::printf("%lld\n", ns);
  }
  return 0;
}
