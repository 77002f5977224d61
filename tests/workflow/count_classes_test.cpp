// motiftok count --classes (what workflow/Snakefile relies on): a part holding one class still
// lists every class, in the given order, so that parts of different classes merge into the file
// one count over everything writes.

#include <catch2/catch.hpp>
#include <string>

#include "motiftok/kmer/counter.hpp"
#include "test_support.hpp"

using motiftok::test::file_exists;
using motiftok::test::read_file;
using motiftok::test::run_motiftok;
using motiftok::test::TempDir;
using motiftok::test::write_file;

TEST_CASE("cli count --classes: one-class parts list every class and merge exactly",
          "[workflow][cli]") {
    TempDir dir;
    write_file(dir.file("x.fa"), ">x1\nACGT\n>x2\nAAAA\n");
    write_file(dir.file("y.fa"), ">y1\nAAC\n");
    const std::vector<std::string> opts = {"-k", "1", "-K", "2", "--strand", "forward", "-q"};
    auto count = [&](std::vector<std::string> args, const std::string& out) {
        args.insert(args.begin(), "count");
        args.insert(args.end(), opts.begin(), opts.end());
        args.insert(args.end(), {"-o", dir.file(out)});
        const auto r = run_motiftok(args);
        REQUIRE(r.exit_code == 0);
        return motiftok::kmer::load_counts(dir.file(out));
    };
    // The y part, with x declared first: class x is present with no sequences.
    const auto y = count({"-c", "y=" + dir.file("y.fa"), "--classes", "x,y"}, "y.mtc");
    CHECK(y.classes == std::vector<std::string>{"x", "y"});
    CHECK(y.seqs_per_class == std::vector<std::uint64_t>{0, 1});
    CHECK(y.bases_per_class == std::vector<std::uint64_t>{0, 3});
    // Hand-counted: AAC has A twice (1 sequence) and C once; 2-mers AA and AC once each.
    const auto& k1 = y.level(1);
    REQUIRE(k1.size() == 2);  // A and C (codes 0 and 1)
    CHECK(k1.codes == std::vector<std::uint64_t>{0, 1});
    CHECK(k1.occ == std::vector<std::uint64_t>{0, 2, 0, 1});  // per k-mer: x, y
    CHECK(k1.seqs == std::vector<std::uint64_t>{0, 1, 0, 1});
    CHECK(y.level(2).size() == 2);

    const auto x = count({"-c", "x=" + dir.file("x.fa"), "--classes", "x,y"}, "x.mtc");
    CHECK(x.seqs_per_class == std::vector<std::uint64_t>{2, 0});
    const auto merged = run_motiftok(
        {"merge", dir.file("y.mtc"), dir.file("x.mtc"), "-q", "-o", dir.file("merged.mtc")});
    REQUIRE(merged.exit_code == 0);
    count({"-c", "x=" + dir.file("x.fa"), "-c", "y=" + dir.file("y.fa")}, "all.mtc");
    CHECK(read_file(dir.file("merged.mtc")) == read_file(dir.file("all.mtc")));
    // Without --classes the y part is a one-class file that merge refuses next to x.
    count({"-c", "y=" + dir.file("y.fa")}, "y_alone.mtc");
    CHECK(run_motiftok({"merge", dir.file("y_alone.mtc"), dir.file("x.mtc"), "-q"}).exit_code == 1);
    // --classes reorders: y first.
    const auto yx = count({"-c", "x=" + dir.file("x.fa"), "--classes", "y,x"}, "yx.mtc");
    CHECK(yx.classes == std::vector<std::string>{"y", "x"});
    CHECK(yx.seqs_per_class == std::vector<std::uint64_t>{0, 2});
}

TEST_CASE("cli count --classes: fail_ unknown, repeated or empty names, unlabeled input",
          "[workflow][cli]") {
    TempDir dir;
    write_file(dir.file("a.fa"), ">a\nACGT\n");
    auto r = run_motiftok(
        {"count", "-c", "z=" + dir.file("a.fa"), "--classes", "x,y", "-o", dir.file("c.mtc")});
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err,
               Catch::Contains("--classes: class 'z' of the input is not in the class order"));
    CHECK_FALSE(file_exists(dir.file("c.mtc")));
    r = run_motiftok({"count", "-c", "x=" + dir.file("a.fa"), "--classes", "x,y,x"});
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Catch::Contains("--classes: class 'x' is listed twice"));
    r = run_motiftok({"count", "-c", "x=" + dir.file("a.fa"), "--classes", ""});
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Catch::Contains("--classes: empty class name"));
    r = run_motiftok({"count", dir.file("a.fa"), "--classes", "x,y"});
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Catch::Contains("--classes needs labeled input"));
}
