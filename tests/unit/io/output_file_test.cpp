// Atomic output: nothing appears before commit(), and nothing remains after a failure.

#include "motiftok/io/output_file.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <ctime>
#include <filesystem>
#include <thread>

#include "motiftok/error.hpp"
#include "motiftok/io/dataset.hpp"
#include "test_support.hpp"

using motiftok::test::TempDir;

namespace {
std::size_t files_in(const std::string& dir) {
    std::size_t n = 0;
    for (const auto& e : std::filesystem::directory_iterator(dir)) n += e.is_regular_file();
    return n;
}
}  // namespace

TEST_CASE("OutputFile renames into place on commit only", "[io]") {
    TempDir dir;
    const std::string path = dir.file("out.txt");
    {
        motiftok::io::OutputFile out(path);
        out.stream() << "hello\n";
        CHECK_FALSE(motiftok::test::file_exists(path));
        CHECK(files_in(dir.path()) <= 1);  // the temporary (none visible with O_TMPFILE)
        out.commit();
    }
    CHECK(motiftok::test::read_file(path) == "hello\n");
    CHECK(files_in(dir.path()) == 1);
    {
        motiftok::io::OutputFile out(dir.file("never.txt"));
        out.stream() << "partial";
    }  // no commit: as after an exception
    CHECK_FALSE(motiftok::test::file_exists(dir.file("never.txt")));
    CHECK(files_in(dir.path()) == 1);
    motiftok::io::write_file_atomic(path, "replaced");
    CHECK(motiftok::test::read_file(path) == "replaced");
}

TEST_CASE("fail_unwritable_output is an OutputError naming the path", "[io]") {
    try {
        motiftok::io::OutputFile out("/nonexistent_dir/x.txt");
        FAIL("no exception");
    } catch (const motiftok::OutputError& e) {
        CHECK(std::string(e.what()).find("cannot write '/nonexistent_dir/x.txt'") !=
              std::string::npos);
    }
}

TEST_CASE("OutputFile writes to a FIFO or device in place instead of renaming over it", "[io]") {
    motiftok::test::TempDir dir;
    const std::string fifo = dir.file("pipe");
    REQUIRE(mkfifo(fifo.c_str(), 0600) == 0);
    std::string received;
    std::thread reader([&] { received = motiftok::test::read_file(fifo); });
    motiftok::io::write_file_atomic(fifo, "through the pipe");
    reader.join();
    CHECK(received == "through the pipe");
    struct stat st {};
    REQUIRE(stat(fifo.c_str(), &st) == 0);
    CHECK(S_ISFIFO(st.st_mode));  // still a FIFO, not replaced by a regular file
    CHECK_THROWS_WITH(motiftok::io::OutputFile(dir.path()), Catch::Contains("is a directory"));
}

TEST_CASE("OutputFile writes devices and FIFOs in place instead of renaming over them", "[io]") {
    {
        motiftok::io::OutputFile out("/dev/null");
        out.stream() << "discarded\n";
        out.commit();
    }
    struct stat st {};
    REQUIRE(stat("/dev/null", &st) == 0);
    CHECK(S_ISCHR(st.st_mode));
    TempDir dir;
    const std::string fifo = dir.file("pipe");
    REQUIRE(mkfifo(fifo.c_str(), 0600) == 0);
    std::string received;
    std::thread reader([&] { received = motiftok::test::read_file(fifo); });
    {
        motiftok::io::OutputFile out(fifo);
        out.stream() << "through the pipe\n";
        out.commit();
    }
    reader.join();
    CHECK(received == "through the pipe\n");
    REQUIRE(stat(fifo.c_str(), &st) == 0);
    CHECK(S_ISFIFO(st.st_mode));
    CHECK(files_in(dir.path()) == 0);  // no temporary file was left behind
}

TEST_CASE("check_outputs_not_inputs compares files, not names", "[io]") {
    using motiftok::io::check_outputs_not_inputs;
    TempDir dir;
    const std::string in = dir.file("in.fa"), other = dir.file("other.fa");
    motiftok::test::write_file(in, ">a\nACGT\n");
    motiftok::test::write_file(other, ">a\nACGT\n");  // same bytes, another file
    REQUIRE(::link(in.c_str(), dir.file("hard").c_str()) == 0);
    REQUIRE(::symlink(in.c_str(), dir.file("sym").c_str()) == 0);
    REQUIRE(::symlink("in.fa", dir.file("relsym").c_str()) == 0);  // relative to its directory

    for (const auto& out : std::vector<std::string>{in, dir.file("hard"), dir.file("sym"),
                                                    dir.file("relsym"), dir.path() + "/./in.fa"}) {
        const auto msg = motiftok::test::message_of<motiftok::OutputIsInputError>([&] {
            check_outputs_not_inputs({other, in}, {"-", out});
        });
        CHECK(msg == "output '" + out + "' is the same file as input '" + in +
                         "'; writing it would destroy the input: choose another output path");
    }
    // The error names the input as given, even when the input is the link.
    try {
        check_outputs_not_inputs({dir.file("sym")}, {in});
        FAIL("no error");
    } catch (const motiftok::OutputIsInputError& e) {
        CHECK(e.input() == dir.file("sym"));
        CHECK(e.output() == in);
    }
    CHECK_NOTHROW(check_outputs_not_inputs({in, "-", ""}, {other, "-", "", dir.file("new.tsv")}));
    CHECK_NOTHROW(check_outputs_not_inputs({"/dev/null"}, {"/dev/null"}));  // not a regular file
    CHECK_NOTHROW(check_outputs_not_inputs({dir.file("missing.fa")}, {dir.file("missing.fa")}));
}

TEST_CASE("input_paths lists every file an InputSpec reads", "[io]") {
    motiftok::io::InputSpec spec;
    spec.inputs = {"a.fa", "-"};
    spec.class_specs = {"x=b.fa", "y=c=d.fa", "bad"};
    spec.labels_tsv = "l.tsv";
    spec.bed = "r.bed";
    spec.genome = "g.fa.gz";
    CHECK(motiftok::io::input_paths(spec) ==
          std::vector<std::string>{"a.fa", "-", "b.fa", "c=d.fa", "l.tsv", "r.bed", "g.fa.gz",
                                   "g.fa.gz.fai", "g.fa.gz.gzi"});
}

TEST_CASE("OutputFile removes stale temporaries of its output, not locked or other ones", "[io]") {
    TempDir dir;
    const std::string out = dir.file("out.tsv");
    const std::string stale = dir.file(".out.tsv.tmpAbC123"),
                      locked = dir.file(".out.tsv.tmpZzZ999"),
                      other = dir.file(".other.tsv.tmpAbC123"),
                      longer = dir.file(".out.tsv.tmpAbC1234");
    for (const auto& f : {stale, locked, other, longer}) {
        motiftok::test::write_file(f, "left by a killed run");
        const timeval old[2] = {{std::time(nullptr) - 3600, 0}, {std::time(nullptr) - 3600, 0}};
        REQUIRE(::utimes(f.c_str(), old) == 0);
    }
    const int held = ::open(locked.c_str(), O_RDONLY);  // a live writer holds its lock
    REQUIRE(held >= 0);
    REQUIRE(::flock(held, LOCK_EX) == 0);
    motiftok::io::write_file_atomic(out, "new\n");
    ::close(held);
    CHECK(motiftok::test::read_file(out) == "new\n");
    CHECK_FALSE(motiftok::test::file_exists(stale));
    CHECK(motiftok::test::file_exists(locked));
    CHECK(motiftok::test::file_exists(other));
    CHECK(motiftok::test::file_exists(longer));
}

TEST_CASE("OutputFile's temporary has no name before commit where O_TMPFILE works", "[io]") {
    TempDir dir;
    const int probe = ::open(dir.path().c_str(), O_TMPFILE | O_WRONLY, 0600);
    if (probe < 0) {
        WARN("this filesystem has no O_TMPFILE: the named-temporary fallback is tested instead");
        return;
    }
    ::close(probe);
    {
        motiftok::io::OutputFile out(dir.file("x.txt"));
        out.stream() << "data\n";
        CHECK(files_in(dir.path()) == 0);  // nothing a killed run could leave behind
        out.commit();
    }
    CHECK(files_in(dir.path()) == 1);
    CHECK(motiftok::test::read_file(dir.file("x.txt")) == "data\n");
    {
        motiftok::io::OutputFile out(dir.file("y.txt"));
        out.stream() << "never committed\n";
    }
    CHECK(files_in(dir.path()) == 1);
}
