#include "test_support.hpp"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace motiftok::test {

bool threads_available() {
#ifdef _OPENMP
    return true;
#else
    pending_skip_reason() =
        "built without OpenMP (-DMOTIFTOK_USE_OPENMP=OFF): 1 and 2 threads run the same serial "
        "code, so comparing them could not fail";
    return false;
#endif
}

std::string& pending_skip_reason() {
    static std::string reason;
    return reason;
}

TempDir::TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "motiftok_test_XXXXXX").string();
    if (mkdtemp(tmpl.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = tmpl;
}

TempDir::~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
}

void write_file(const std::string& path, const std::string& content) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << content;
    if (!out) throw std::runtime_error("cannot write " + path);
}

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + path);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

bool file_exists(const std::string& path) {
    return std::filesystem::exists(path);
}

bool contains(const std::string& s, const std::string& part) {
    return s.find(part) != std::string::npos;
}

std::string reference_normalize(const std::string& s) {
    std::string out;
    out.reserve(s.size());
    for (char c : s) {
        const char u = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        out += (u == 'A' || u == 'C' || u == 'G' || u == 'T') ? u : (u == 'U' ? 'T' : 'N');
    }
    return out;
}

std::string test_data(const std::string& name) {
    return std::string(MOTIFTOK_TEST_DATA) + "/" + name;
}

RunResult run_motiftok(const std::vector<std::string>& args, const std::string& stdin_data,
                       const std::string& cwd) {
    // stdin, stdout and stderr go through temporary files: no pipe deadlocks, any size.
    TempDir io_dir;
    const std::string in_path = io_dir.file("stdin"), out_path = io_dir.file("stdout"),
                      err_path = io_dir.file("stderr");
    write_file(in_path, stdin_data);
    std::vector<std::string> argv_store{MOTIFTOK_BIN};
    argv_store.insert(argv_store.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& a : argv_store) argv.push_back(a.data());
    argv.push_back(nullptr);

    const pid_t pid = fork();
    if (pid < 0) throw std::runtime_error("fork failed");
    if (pid == 0) {
        if (!cwd.empty() && chdir(cwd.c_str()) != 0) _exit(127);
        const int in = open(in_path.c_str(), O_RDONLY);
        const int out = open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        const int err = open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (in < 0 || out < 0 || err < 0) _exit(127);
        dup2(in, 0);
        dup2(out, 1);
        dup2(err, 2);
        execv(argv[0], argv.data());
        _exit(127);
    }
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    RunResult r;
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    r.out = read_file(out_path);
    r.err = read_file(err_path);
    return r;
}

}  // namespace motiftok::test
