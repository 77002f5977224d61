// motiftok count and merge through the binary: hand-checked counts, thread independence,
// merge == one count (bytes), and the exit codes and messages of bad options and files.

#include <catch2/catch.hpp>
#include <string>

#include "motiftok/kmer/counter.hpp"
#include "motiftok/kmer/encode.hpp"
#include "motiftok/random.hpp"
#include "test_support.hpp"

using motiftok::test::read_file;
using motiftok::test::run_motiftok;
using motiftok::test::TempDir;
using motiftok::test::write_file;

namespace {

std::string random_fasta(std::uint64_t seed, const std::string& prefix, int records) {
    motiftok::Rng rng(seed);
    std::string fa;
    for (int r = 0; r < records; ++r) {
        fa += ">" + prefix + std::to_string(r) + "\n";
        const auto len = 30 + rng.uniform(200);
        for (std::uint64_t i = 0; i < len; ++i)
            fa += rng.uniform(50) == 0 ? 'N' : "ACGT"[rng.uniform(4)];
        fa += "\n";
    }
    return fa;
}

}  // namespace

TEST_CASE("cli count: counts of a tiny two-class input, checked by hand", "[kmer][cli]") {
    TempDir dir;
    write_file(dir.file("pos.fa"), ">p1\nAAAC\n>p2\nACNAA\n");
    write_file(dir.file("neg.fa"), ">n1\nGGGT\n");
    const auto r =
        run_motiftok({"count", "-c", "pos=" + dir.file("pos.fa"), "-c", "neg=" + dir.file("neg.fa"),
                      "-k", "1", "-K", "2", "--strand", "forward", "-o", dir.file("c.mtc")});
    REQUIRE(r.exit_code == 0);
    CHECK_THAT(r.err, Catch::Contains("skipped 3 k-mer windows spanning non-ACGT bases"));
    const auto counts = motiftok::kmer::load_counts(dir.file("c.mtc"));
    CHECK(counts.classes == std::vector<std::string>{"pos", "neg"});
    CHECK(counts.seqs_per_class == std::vector<std::uint64_t>{2, 1});
    const auto& k2 = counts.level(2);
    // pos: AA in p1 twice and p2 once, AC once in each; neg: GG twice, GT once; CN and NA skipped.
    CHECK(k2.codes ==
          std::vector<std::uint64_t>{motiftok::kmer::pack("AA"), motiftok::kmer::pack("AC"),
                                     motiftok::kmer::pack("GG"), motiftok::kmer::pack("GT")});
    CHECK(k2.occ == std::vector<std::uint64_t>{3, 0, 2, 0, 0, 2, 0, 1});
    CHECK(k2.seqs == std::vector<std::uint64_t>{2, 0, 2, 0, 0, 1, 0, 1});
    CHECK(k2.skipped_windows == 2);
    CHECK(counts.level(1).skipped_windows == 1);  // the N itself
}

namespace {

// Three random FASTA files a.fa, b.fa, c.fa in `dir`.
void write_abc(const TempDir& dir) {
    write_file(dir.file("a.fa"), random_fasta(1, "a", 150));
    write_file(dir.file("b.fa"), random_fasta(2, "b", 150));
    write_file(dir.file("c.fa"), random_fasta(3, "c", 100));
}

// `motiftok count ARGS -K 14 ... -t T -o DIR/OUT`; returns the bytes written.
std::string count_to(const TempDir& dir, std::vector<std::string> args, const std::string& out,
                     const std::string& t) {
    args.insert(args.begin(), "count");
    args.insert(args.end(), {"-K", "14", "--dense-max-k", "8", "--min-seqs", "1", "-q"});
    args.insert(args.end(), {"-t", t, "-o", dir.file(out)});
    const auto r = run_motiftok(args);
    REQUIRE(r.exit_code == 0);
    return read_file(dir.file(out));
}

}  // namespace

TEST_CASE("cli count: -t 1 and -t 2 write identical files", "[kmer][cli]") {
    if (!motiftok::test::threads_available()) return;
    TempDir dir;
    write_abc(dir);
    const std::vector<std::string> in = {"-c", "x=" + dir.file("a.fa"),
                                         "-c", "y=" + dir.file("b.fa"),
                                         "-c", "x=" + dir.file("c.fa")};
    CHECK(count_to(dir, in, "one.mtc", "1") == count_to(dir, in, "two.mtc", "2"));
}

TEST_CASE("cli count: merge equals one count", "[kmer][cli]") {
    TempDir dir;
    write_abc(dir);
    // Parts: a (class x) + b (class y), and c (class x) + b again (class y).
    count_to(dir, {"-c", "x=" + dir.file("a.fa"), "-c", "y=" + dir.file("b.fa")}, "p1.mtc", "2");
    count_to(dir, {"-c", "x=" + dir.file("c.fa"), "-c", "y=" + dir.file("b.fa")}, "p2.mtc", "1");
    const auto merged = run_motiftok(
        {"merge", dir.file("p1.mtc"), dir.file("p2.mtc"), "-o", dir.file("merged.mtc")});
    REQUIRE(merged.exit_code == 0);
    CHECK_THAT(merged.err, Catch::Contains("merged 2 count files"));
    // p2 counted b again, so merged = (a + c) in x, b twice in y: compare with a count of that.
    write_file(dir.file("bb.fa"), read_file(dir.file("b.fa")) + random_fasta(2, "b2_", 150));
    const auto expected = count_to(dir,
                                   {"-c", "x=" + dir.file("a.fa"), "-c", "y=" + dir.file("bb.fa"),
                                    "-c", "x=" + dir.file("c.fa")},
                                   "expected.mtc", "2");
    CHECK(read_file(dir.file("merged.mtc")) == expected);
}

TEST_CASE("cli count: streamed --class input equals the loaded --labels input", "[kmer][cli]") {
    // -K 11 <= --dense-max-k: --class input is counted as it is read (DenseCounter fed by
    // scan_dataset, the file written from the arrays); --labels input is loaded and counted by
    // count_kmers. Same records in the same order, same classes: the same bytes.
    TempDir dir;
    write_abc(dir);
    std::string tsv = "id\tlabel\n";
    for (int r = 0; r < 150; ++r) tsv += "b" + std::to_string(r) + "\ty\n";
    for (int r = 0; r < 150; ++r) tsv += "a" + std::to_string(r) + "\tx\n";
    for (int r = 0; r < 100; ++r) tsv += "c" + std::to_string(r) + "\tx\n";
    write_file(dir.file("labels.tsv"), tsv);
    auto count = [&](std::vector<std::string> args, const std::string& out, const std::string& t) {
        args.insert(args.begin(), "count");
        args.insert(args.end(), {"-k", "2", "-K", "11", "--classes", "y,z,x", "-q", "-t", t, "-o",
                                 dir.file(out)});
        const auto r = run_motiftok(args);
        REQUIRE(r.exit_code == 0);
        return read_file(dir.file(out));
    };
    const auto streamed = count({"-c", "x=" + dir.file("a.fa"), "-c", "y=" + dir.file("b.fa"), "-c",
                                 "x=" + dir.file("c.fa")},
                                "streamed.mtc", "2");
    const auto loaded = count(
        {dir.file("a.fa"), dir.file("b.fa"), dir.file("c.fa"), "--labels", dir.file("labels.tsv")},
        "loaded.mtc", "1");
    CHECK(streamed == loaded);
    const auto counts = motiftok::kmer::load_counts(dir.file("streamed.mtc"));
    CHECK(counts.classes == std::vector<std::string>{"y", "z", "x"});
    CHECK(counts.seqs_per_class == std::vector<std::uint64_t>{150, 0, 250});
}

TEST_CASE("cli count: fail_ k out of range, k-min > k-max, bad strand", "[kmer][cli]") {
    TempDir dir;
    write_file(dir.file("a.fa"), ">a\nACGT\n");
    auto r =
        run_motiftok({"count", dir.file("a.fa"), "-k", "0", "-K", "40", "-o", dir.file("c.mtc")});
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Catch::Contains("error: invalid options: --k-min must be between 1 and 31 "
                                      "(got 0); --k-max must be between 1 and 31 (got 40)"));
    CHECK_FALSE(motiftok::test::file_exists(dir.file("c.mtc")));
    r = run_motiftok({"count", dir.file("a.fa"), "-k", "6", "-K", "3"});
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Catch::Contains("--k-min (6) must not exceed --k-max (3)"));
    r = run_motiftok({"count", dir.file("a.fa"), "--strand", "reverse"});
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Catch::Contains("--strand"));
}

TEST_CASE("cli merge: fail_ different options, truncated and foreign files", "[kmer][cli]") {
    TempDir dir;
    write_file(dir.file("a.fa"), random_fasta(5, "a", 20));
    REQUIRE(run_motiftok({"count", dir.file("a.fa"), "-K", "5", "-q", "-o", dir.file("k5.mtc")})
                .exit_code == 0);
    REQUIRE(run_motiftok({"count", dir.file("a.fa"), "-K", "6", "-q", "-o", dir.file("k6.mtc")})
                .exit_code == 0);
    auto r =
        run_motiftok({"merge", dir.file("k5.mtc"), dir.file("k6.mtc"), "-o", dir.file("m.mtc")});
    CHECK(r.exit_code == 1);
    CHECK_THAT(r.err, Catch::Contains("count file 2 was counted with different options (k 1..6"));
    CHECK_FALSE(motiftok::test::file_exists(dir.file("m.mtc")));
    const std::string bytes = read_file(dir.file("k5.mtc"));
    write_file(dir.file("cut.mtc"), bytes.substr(0, bytes.size() / 2));
    r = run_motiftok({"merge", dir.file("k5.mtc"), dir.file("cut.mtc")});
    CHECK(r.exit_code == 1);
    CHECK_THAT(r.err, Catch::Contains(dir.file("cut.mtc") + ": checksum mismatch"));
    r = run_motiftok({"merge", dir.file("a.fa")});
    CHECK(r.exit_code == 1);
    CHECK_THAT(r.err, Catch::Contains("not a motiftok count file (bad magic)"));
}
