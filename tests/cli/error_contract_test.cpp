// The error contract (docs/input.md): a missing or unreadable input file of any kind exits 1 with
// motiftok's message (path, reason, what to do); usage errors exit 2; a failed write exits 1 and
// leaves the old output untouched; a killed run leaves no temporary file.

#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <csignal>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <string>
#include <vector>

#include "test_support.hpp"

using motiftok::test::contains;
using motiftok::test::read_file;
using motiftok::test::run_motiftok;
using motiftok::test::TempDir;
using motiftok::test::write_file;

namespace {

void make_inputs(const TempDir& dir) {
    write_file(dir.file("a.fa"), ">a1\nACGTACGTAC\n>a2\nGGGTTTACGA\n");
    write_file(dir.file("genome.fa"), ">chr1\nACGTACGTACGTACGTACGT\n");
    write_file(dir.file("regions.bed"), "chr1\t0\t5\tx\nchr1\t5\t10\ty\n");
    write_file(dir.file("vocab.json"), read_file(motiftok::test::test_data("vocab_small.json")));
    REQUIRE(::mkdir(dir.file("folder").c_str(), 0777) == 0);
}

// One input option of some verb: `args` with the word BAD where the file goes.
struct Case {
    std::string what;  // the kind of file, as the message names it
    std::vector<std::string> args;
};

}  // namespace

TEST_CASE("fail_missing_input: every kind of input file exits 1 with motiftok's message",
          "[io][cli]") {
    TempDir dir;
    make_inputs(dir);
    const std::string a = dir.file("a.fa"), vocab = dir.file("vocab.json");
    const std::vector<Case> cases = {
        {"sequence file", {"stats", "BAD"}},
        {"sequence file", {"stats", "-c", "x=BAD", "-c", "y=" + a}},
        {"labels file", {"stats", a, "--labels", "BAD"}},
        {"BED file", {"count", "--bed", "BAD", "--genome", dir.file("genome.fa")}},
        {"genome", {"count", "--bed", dir.file("regions.bed"), "--genome", "BAD"}},
        {"vocabulary", {"tokenize", "--vocab", "BAD", a}},
        {"vocabulary", {"export", "--vocab", "BAD", "-f", "tsv", "-o", "-"}},
        {"vocabulary", {"train", "--vocab", "BAD", "-c", "x=" + a, "-c", "y=" + a}},
        {"motif file", {"annotate", "--vocab", vocab, "--motifs", "BAD"}},
        {"model file", {"predict", "--model", "BAD", a}},
        {"count file", {"score", "--counts", "BAD"}},
        {"count file", {"merge", "BAD"}},
    };
    for (const auto& c : cases) {
        for (const std::string& bad : {dir.file("missing"), dir.file("folder")}) {
            std::vector<std::string> args;
            for (const auto& arg : c.args) {
                const auto at = arg.find("BAD");
                args.push_back(at == std::string::npos ? arg : arg.substr(0, at) + bad);
            }
            args.push_back("-q");
            const auto r = run_motiftok(args);
            INFO(args[0] << " " << c.what << " " << bad << ": " << r.err);
            CHECK(r.exit_code == 1);
            const std::string reason =
                bad == dir.file("missing") ? "No such file or directory" : "Is a directory";
            CHECK(contains(r.err, "error: " + bad + ": cannot open the " + c.what + " (" + reason +
                                      "); check the path\n"));
            CHECK_FALSE(contains(r.err, "--help"));  // not a usage error
        }
    }
}

TEST_CASE("fail_usage: contradicting options exit 2 and point to --help", "[io][cli]") {
    TempDir dir;
    make_inputs(dir);
    const auto r = run_motiftok({"stats", "--bed", dir.file("regions.bed")});
    CHECK(r.exit_code == 2);
    CHECK(contains(r.err, "--bed needs --genome"));
    CHECK(contains(r.err, "Run with --help"));
}

TEST_CASE("fail_write: a failed write exits 1, the old output untouched, no temporary left",
          "[io][cli]") {
    TempDir dir;
    make_inputs(dir);
    const std::string out = dir.file("out.fa");
    write_file(out, "old output\n");
    // The shuffled copies are ~5 kB; the file size limit makes the write fail with EFBIG.
    const std::string command = "ulimit -f 2 && trap '' XFSZ && exec '" +
                                std::string(MOTIFTOK_BIN) + "' shuffle -q -n 100 '" +
                                dir.file("a.fa") + "' -o '" + out + "' 2>'" + dir.file("err") + "'";
    const int status = std::system(("sh -c \"" + command + "\"").c_str());
    REQUIRE(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 1);
    CHECK(contains(read_file(dir.file("err")), "error: error writing '" + out + "'"));
    CHECK(read_file(out) == "old output\n");
    for (const auto& e : std::filesystem::directory_iterator(dir.path())) {
        CHECK_FALSE(contains(e.path().filename().string(), ".tmp"));
    }
}

TEST_CASE("a killed run leaves no temporary file beside its output", "[io][cli]") {
    TempDir dir;
    int in[2];
    REQUIRE(::pipe(in) == 0);
    const std::string out = dir.file("out.fa");
    const pid_t pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {  // shuffle opens its output, then waits for stdin that never ends
        ::dup2(in[0], 0);
        ::close(in[0]);
        ::close(in[1]);
        ::execl(MOTIFTOK_BIN, MOTIFTOK_BIN, "shuffle", "-q", "-", "-o", out.c_str(), nullptr);
        ::_exit(127);
    }
    ::close(in[0]);
    const std::string fds = "/proc/" + std::to_string(pid) + "/fd";
    bool writing = false;  // the process holds a file of `dir` open
    for (int i = 0; i < 1000 && !writing; ++i) {
        std::error_code ec;
        for (const auto& e : std::filesystem::directory_iterator(fds, ec)) {
            const auto target = std::filesystem::read_symlink(e.path(), ec).string();
            writing = writing || target.rfind(dir.path() + "/", 0) == 0;
        }
        if (!writing) ::usleep(10000);
    }
    CHECK(writing);
    ::kill(pid, SIGKILL);
    int status = 0;
    ::waitpid(pid, &status, 0);
    ::close(in[1]);
    CHECK(WIFSIGNALED(status));
    std::vector<std::string> left;
    for (const auto& e : std::filesystem::directory_iterator(dir.path())) {
        left.push_back(e.path().filename().string());
    }
    if (!left.empty()) {  // no O_TMPFILE here: the next run into the folder removes it
        for (const auto& name : left) {
            const timeval old[2] = {{std::time(nullptr) - 3600, 0}, {std::time(nullptr) - 3600, 0}};
            REQUIRE(::utimes(dir.file(name).c_str(), old) == 0);
        }
        const auto r = run_motiftok({"shuffle", "-q", "-", "-o", out}, ">a\nACGT\n");
        REQUIRE(r.exit_code == 0);
        left.clear();
        for (const auto& e : std::filesystem::directory_iterator(dir.path())) {
            left.push_back(e.path().filename().string());
        }
        CHECK(left == std::vector<std::string>{"out.fa"});
        WARN("this filesystem has no O_TMPFILE: the killed run left a named temporary");
    } else {
        CHECK(left.empty());  // the temporary was anonymous (O_TMPFILE)
    }
}
