#pragma once
// Helpers shared by the tests: a temporary directory per test, file writing, and running the
// motiftok binary with captured exit code, stdout and stderr.

#include <catch2/catch.hpp>
#include <string>
#include <vector>

namespace motiftok::test {

/// A fresh directory under $TMPDIR, removed with its contents on destruction.
class TempDir {
  public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::string& path() const { return path_; }
    /// path() + "/" + name
    std::string file(const std::string& name) const { return path_ + "/" + name; }

  private:
    std::string path_;
};

/// Writes `content` to `path` (binary, overwriting).
void write_file(const std::string& path, const std::string& content);
/// Reads a whole file; throws std::runtime_error if it cannot.
std::string read_file(const std::string& path);
bool file_exists(const std::string& path);

/// Result of running the CLI.
struct RunResult {
    int exit_code = -1;
    std::string out;
    std::string err;
};

/// Runs the built motiftok binary with `args` (no shell: arguments are passed as they are),
/// feeding `stdin_data` to its standard input, in working directory `cwd` (if not empty).
RunResult run_motiftok(const std::vector<std::string>& args, const std::string& stdin_data = "",
                       const std::string& cwd = "");

/// True if `part` occurs in `s`.
bool contains(const std::string& s, const std::string& part);

/// The obvious normalization, as a reference for the tests: upper case, U as T, every other
/// character N.
std::string reference_normalize(const std::string& s);

/// Path of a file in test_data/.
std::string test_data(const std::string& name);

/// Tests that compare 1 and 2 OpenMP threads begin with `if (!threads_available()) return;`.
/// Without OpenMP (-DMOTIFTOK_USE_OPENMP=OFF) both runs would be the same serial code and the
/// comparison could not fail: the test then checks nothing and is reported as skipped, with the
/// reason (test_main.cpp prints the marker that SKIP_REGULAR_EXPRESSION in tests/CMakeLists.txt
/// matches, only if the test made no assertion, so a skip never hides a failure).
bool threads_available();
/// The reason of a skip the current test asked for ("" if none); test_main.cpp reads and clears it.
std::string& pending_skip_reason();

/// The message of the exception of type E that `f` throws; fails the test if it throws none.
template <typename E, typename F>
std::string message_of(F f) {
    try {
        f();
    } catch (const E& e) {
        return e.what();
    }
    FAIL("no exception thrown");
    return {};
}

}  // namespace motiftok::test
