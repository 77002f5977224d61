// Atomic output: nothing appears before commit(), and nothing remains after a failure.

#include "motiftok/io/output_file.hpp"

#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <thread>

#include "motiftok/error.hpp"
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
        CHECK(files_in(dir.path()) == 1);  // the temporary file
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

TEST_CASE("fail_unwritable_output is an InputError naming the path", "[io]") {
    try {
        motiftok::io::OutputFile out("/nonexistent_dir/x.txt");
        FAIL("no exception");
    } catch (const motiftok::InputError& e) {
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
