// motiftok stats: exact TSV on a hand-made fixture, JSON, stdin, gzip, warnings and exit codes.

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "test_support.hpp"

using motiftok::test::contains;
using motiftok::test::run_motiftok;
using motiftok::test::TempDir;
using motiftok::test::test_data;
using motiftok::test::write_file;

namespace {}  // namespace

TEST_CASE("stats prints exact per-class TSV and warns about conflicting labels", "[io][cli]") {
    TempDir dir;
    write_file(dir.file("a.fa"), ">a1\nACGTacgtNN\n>a2\nGGCC\n>a3\nGGCC\n");
    write_file(dir.file("b.fa"), ">b1\nGGCC\n>b2\nATATAT\n");
    const auto r =
        run_motiftok({"stats", "-c", "a=" + dir.file("a.fa"), "--class", "b=" + dir.file("b.fa")});
    REQUIRE(r.exit_code == 0);
    // Hand-computed: see tests/unit/io/seq_stats_test.cpp.
    CHECK(r.out ==
          "class\tsequences\tbp\tmin_length\tmedian_length\tmax_length\tgc\tn_fraction\t"
          "lowercase_fraction\tdup_within\tdup_across\n"
          "a\t3\t18\t4\t4\t10\t0.7500\t0.1111\t0.2222\t1\t2\n"
          "b\t2\t10\t4\t5\t6\t0.4000\t0.0000\t0.0000\t0\t1\n"
          "all\t5\t28\t4\t4\t10\t0.6154\t0.0714\t0.1429\t2\t3\n");
    CHECK(contains(r.err, "warning: 1 sequence(s) occur with conflicting labels: a2 (a) = b1 (b)"));
    CHECK(contains(r.err, "[motiftok] read 5 records, 28 bp (2 N); 4 lowercase bases upper-cased"));
    const auto quiet =
        run_motiftok({"stats", "-q", "-c", "a=" + dir.file("a.fa"), "-c", "b=" + dir.file("b.fa")});
    CHECK(quiet.out == r.out);
    CHECK(contains(quiet.err, "warning: 1 sequence(s)"));  // warnings are always shown
    CHECK_FALSE(contains(quiet.err, "[motiftok]"));
}

TEST_CASE("stats --json and -o write a versioned JSON document", "[io][cli]") {
    TempDir dir;
    write_file(dir.file("s.fa"), ">x\nACGR\n>y\nacgu\n");
    const auto r = run_motiftok({"stats", "--json", "-o", dir.file("s.json"), dir.file("s.fa")});
    REQUIRE(r.exit_code == 0);
    CHECK(r.out.empty());
    const auto j = nlohmann::json::parse(motiftok::test::read_file(dir.file("s.json")));
    CHECK(j["format"] == "motiftok-stats");
    CHECK(j["options"]["inputs"][0] == dir.file("s.fa"));
    REQUIRE(j["rows"].size() == 1);
    CHECK(j["rows"][0]["class"] == "all");
    CHECK(j["rows"][0]["bp"] == 8);
    CHECK(j["read"]["iupac_to_n"] == 1);
    CHECK(j["read"]["u_to_t"] == 1);
    CHECK(j["read"]["lowercase"] == 4);
}

TEST_CASE("stats reads stdin, gzip and bgzip alike", "[io][cli]") {
    const std::string text = motiftok::test::read_file(test_data("io/seqs.fa"));
    const auto plain = run_motiftok({"stats", "-q", test_data("io/seqs.fa")});
    REQUIRE(plain.exit_code == 0);
    CHECK(contains(plain.out, "all\t150\t"));
    CHECK(run_motiftok({"stats", "-q", "-"}, text).out == plain.out);
    CHECK(run_motiftok({"stats", "-q", test_data("io/seqs.fa.gz")}).out == plain.out);
    CHECK(run_motiftok({"stats", "-q", test_data("io/seqs.fa.bgz")}).out == plain.out);
}

TEST_CASE("stats on the bundled splice data shows IUPAC codes, the label conflict and ids",
          "[io][cli]") {
    const auto r = run_motiftok({"stats", "-c", "EI=" + test_data("splice/EI.fa.gz"), "-c",
                                 "IE=" + test_data("splice/IE.fa.gz"), "-c",
                                 "N=" + test_data("splice/N.fa.gz")});
    REQUIRE(r.exit_code == 0);
    CHECK(contains(r.err, "IUPAC ambiguity codes read as N"));
    CHECK(contains(r.err, "occur with conflicting labels"));
    CHECK(contains(r.err, "repeat an earlier record's id"));
    CHECK(contains(r.out, "\nEI\t767\t"));
    CHECK(contains(r.out, "\nall\t3190\t"));
}

TEST_CASE("fail_stats_bad_input exits 1 with the location and leaves no partial output",
          "[io][cli]") {
    TempDir dir;
    write_file(dir.file("bad.fa"), ">a\nACGT\n>b\nAC*T\n");
    const auto r = run_motiftok({"stats", "-o", dir.file("out.tsv"), dir.file("bad.fa")});
    CHECK(r.exit_code == 1);
    CHECK(contains(r.err, "error: " + dir.file("bad.fa") +
                              ": record 2 ('b'), position 3: invalid character '*'"));
    CHECK_FALSE(motiftok::test::file_exists(dir.file("out.tsv")));
    const auto t = run_motiftok({"stats", test_data("io/truncated.fa.gz")});
    CHECK(t.exit_code == 1);
    CHECK(contains(t.err, "truncated or corrupt gzip"));
    const auto e = run_motiftok({"stats", "-"}, "");
    CHECK(e.exit_code == 1);
    CHECK(contains(e.err, "error: '<stdin>' contains no sequence records"));
}

TEST_CASE("fail_stats_labels: a mismatching TSV exits 1, contradicting options exit 2",
          "[io][cli]") {
    TempDir dir;
    write_file(dir.file("s.fa"), ">a\nAC\n>b\nGG\n");
    write_file(dir.file("l.tsv"), "a\tx\nc\ty\n");
    auto r = run_motiftok({"stats", "--labels", dir.file("l.tsv"), dir.file("s.fa")});
    CHECK(r.exit_code == 1);
    CHECK(contains(r.err, "1 record(s) have no label ('b') and 1 label(s) have no record ('c')"));
    r = run_motiftok({"stats", "--labels", dir.file("l.tsv"), "-c", "x=" + dir.file("s.fa")});
    CHECK(r.exit_code == 2);
    CHECK(contains(r.err, "--class cannot be combined with --labels"));
}

TEST_CASE("stats with --bed and --genome labels regions from column 4", "[io][cli]") {
    TempDir dir;
    motiftok::test::write_file(dir.file("g.fa"),
                               motiftok::test::read_file(test_data("io/genome.fa")));
    const auto r = run_motiftok(
        {"stats", "-q", "--bed", test_data("io/regions.bed"), "--genome", dir.file("g.fa")});
    REQUIRE(r.exit_code == 0);
    CHECK(contains(r.out, "\npos\t2\t30\t10\t15\t20\t"));
    CHECK(contains(r.out, "\nneg\t2\t30\t10\t15\t20\t"));
}

TEST_CASE("stats warns once about empty records and strict mode makes them an error", "[io][cli]") {
    TempDir dir;
    write_file(dir.file("e.fq"), "@a\n\n+\n\n@b\nACGT\n+\nIIII\n@c\n\n+\n\n");
    const auto r = run_motiftok({"stats", dir.file("e.fq")});
    REQUIRE(r.exit_code == 0);
    CHECK(contains(r.out, "\nall\t1\t4\t4\t4\t4\t0.5000\t"));
    CHECK(contains(r.err, "warning: skipped 2 empty record(s); --strict makes them errors"));
    const auto strict = run_motiftok({"stats", "--strict", dir.file("e.fq")});
    CHECK(strict.exit_code == 1);
    CHECK(contains(strict.err, "record 1 ('a'): empty sequence"));
}
