#include "engine/render.h"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <system_error>
#include <vector>

extern char** environ;

namespace sunlit {

namespace {

// A temporary file removed when it goes out of scope.
class TempFile {
 public:
  explicit TempFile(const char* suffix) {
    std::error_code ec;
    std::string dir = std::filesystem::temp_directory_path(ec).string();
    if (ec || dir.empty()) dir = "/tmp";
    std::string pattern = dir + "/sunlit-XXXXXX" + suffix;
    std::vector<char> buf(pattern.begin(), pattern.end());
    buf.push_back('\0');
    int fd = mkstemps(buf.data(), static_cast<int>(std::strlen(suffix)));
    if (fd < 0) return;
    ::close(fd);
    path_.assign(buf.data());
  }
  ~TempFile() {
    if (!path_.empty()) ::unlink(path_.c_str());
  }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  bool ok() const { return !path_.empty(); }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

bool write_all(const std::string& path, const std::string& text) {
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (!f) return false;
  bool ok = std::fwrite(text.data(), 1, text.size(), f) == text.size();
  return std::fclose(f) == 0 && ok;
}

std::string read_all(const std::string& path) {
  std::string text;
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) return text;
  char buf[65536];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) text.append(buf, n);
  std::fclose(f);
  return text;
}

RenderResult failure(RenderResult::Status status, std::string message) {
  RenderResult r;
  r.status = status;
  r.error = std::move(message);
  return r;
}

// Spawns `program -Tsvg -o out in` with stderr to `err`; returns the exit status or -errno.
int run(const std::string& program, const std::string& in, const std::string& out, const std::string& err) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, err.c_str(), O_WRONLY | O_TRUNC, 0);
  std::vector<std::string> args{program, "-Tsvg", "-o", out, in};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = 0;
  int rc = posix_spawnp(&pid, program.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) return -rc;
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) return -errno;
  }
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  return 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
}

}  // namespace

RenderResult render_svg(const std::string& dot_text, const std::string& program) {
  TempFile in(".dot"), out(".svg"), err(".err");
  if (!in.ok() || !out.ok() || !err.ok()) return failure(RenderResult::Status::io_failed, "cannot create a temporary file");
  if (!write_all(in.path(), dot_text)) return failure(RenderResult::Status::io_failed, "cannot write " + in.path());
  int rc = run(program, in.path(), out.path(), err.path());
  if (rc == -ENOENT)
    return failure(RenderResult::Status::tool_missing,
                   "cannot run '" + program + "': not found on PATH (install Graphviz, e.g. apt-get install graphviz)");
  if (rc < 0) return failure(RenderResult::Status::tool_missing, "cannot run '" + program + "': " + std::strerror(-rc));
  if (rc != 0) {
    std::string message = read_all(err.path());
    while (!message.empty() && (message.back() == '\n' || message.back() == '\r')) message.pop_back();
    return failure(RenderResult::Status::tool_failed,
                   "'" + program + "' failed with exit status " + std::to_string(rc) + (message.empty() ? "" : ": " + message));
  }
  RenderResult r;
  r.svg = read_all(out.path());
  if (r.svg.empty()) return failure(RenderResult::Status::tool_failed, "'" + program + "' produced no output");
  return r;
}

}  // namespace sunlit
