// Helpers shared by the tests: temporary directories and fixture files.
#pragma once

#include <stdlib.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <string>

#include "engine/store.h"

namespace sunlit::test {

// A fresh directory under /tmp for one test, removed afterwards.
struct TempDir {
  std::string path;
  TempDir() {
    char tmpl[] = "/tmp/sunlit-test-XXXXXX";
    const char* made = mkdtemp(tmpl);
    REQUIRE(made != nullptr);
    path = made;
  }
  ~TempDir() { std::filesystem::remove_all(path); }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  std::string file(const std::string& name) const { return path + "/" + name; }
  // Writes `text` to `name` in this directory and returns its path.
  std::string write(const std::string& name, const std::string& text) const {
    std::ofstream(file(name)) << text;
    return file(name);
  }
};

// The value of a store Result, failing the test with the store's message otherwise.
template <class T> T ok(Result<T> r) {
  if (!r) FAIL(r.error().message);
  return std::move(*r);
}

// The path of a file under tests/data/.
inline std::string data_path(const std::string& name) { return std::string(SUNLIT_SOURCE_DIR) + "/tests/data/" + name; }

}  // namespace sunlit::test
