// Options every subcommand shares: --help with defaults, --version, exit codes, -o.

#include <catch2/catch.hpp>

#include "motiftok/version.hpp"
#include "test_support.hpp"

using motiftok::test::contains;
using motiftok::test::run_motiftok;

namespace {}  // namespace

TEST_CASE("version flag prints the version and exits 0", "[io][cli]") {
    const auto r = run_motiftok({"--version"});
    CHECK(r.exit_code == 0);
    CHECK(contains(r.out, std::string("motiftok ") + motiftok::kVersion));
}

TEST_CASE("help of stats and shuffle shows the shared options with defaults", "[io][cli]") {
    for (const std::string verb : {"stats", "shuffle"}) {
        const auto r = run_motiftok({verb, "--help"});
        CHECK(r.exit_code == 0);
        CHECK(contains(r.out, "-t,--threads"));
        CHECK(contains(r.out, "-o,--output TEXT=-"));
        CHECK(contains(r.out, "-q,--quiet"));
        CHECK(contains(r.out, "--strict"));
    }
    const auto shuffle = run_motiftok({"shuffle", "--help"});
    CHECK(contains(shuffle.out, "--seed UINT=1"));
    CHECK(contains(shuffle.out, "-n,--copies INT:INT in [1 - 1000000]=1"));
    CHECK(contains(shuffle.out, "N bases stay where they are"));
    const auto stats = run_motiftok({"stats", "--help"});
    CHECK(contains(stats.out, "--class NAME=FILE"));
    CHECK(contains(stats.out, "--bed"));
    CHECK_FALSE(contains(stats.out, "--seed"));  // stats has no randomness
}

TEST_CASE("fail_usage: unknown options and subcommands exit 2", "[io][cli]") {
    auto r = run_motiftok({"stats", "--no-such-option", "x.fa"});
    CHECK(r.exit_code == 2);
    CHECK(contains(r.err, "--no-such-option"));
    r = run_motiftok({"no-such-command"});
    CHECK(r.exit_code == 2);
    r = run_motiftok({"stats", "-t", "0", "x.fa"});
    CHECK(r.exit_code == 2);
    CHECK(contains(r.err, "--threads"));
}

TEST_CASE("fail_unwritable_output exits 1 naming the path", "[io][cli]") {
    motiftok::test::TempDir dir;
    motiftok::test::write_file(dir.file("s.fa"), ">a\nACGT\n");
    const auto r = run_motiftok({"stats", "-o", "/nonexistent_dir/out.tsv", dir.file("s.fa")});
    CHECK(r.exit_code == 1);
    CHECK(contains(r.err, "cannot write '/nonexistent_dir/out.tsv'"));
}

TEST_CASE("a successful run ends with one summary line on stderr unless -q", "[io][cli]") {
    motiftok::test::TempDir dir;
    motiftok::test::write_file(dir.file("s.fa"), ">a\nACGT\n");
    const auto r = run_motiftok({"stats", dir.file("s.fa")});
    CHECK(r.exit_code == 0);
    CHECK(contains(r.err, std::string("[motiftok] version ") + motiftok::kVersion));
    CHECK_FALSE(contains(run_motiftok({"stats", "-q", dir.file("s.fa")}).err, "version"));
}
