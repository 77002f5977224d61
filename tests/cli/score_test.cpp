// motiftok score through the binary: a planted motif with hand-computed IG and p-value, the same
// table from sequences and from a count file, JSON, filters, threads, and bad input.

#include <catch2/catch.hpp>
#include <cmath>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "motiftok/random.hpp"
#include "test_support.hpp"

using motiftok::test::read_file;
using motiftok::test::run_motiftok;
using motiftok::test::TempDir;
using motiftok::test::write_file;

namespace {

// `records` random 60-mers; with `motif`, every record carries it at position 20.
std::string fasta(std::uint64_t seed, const std::string& prefix, int records,
                  const std::string& motif) {
    motiftok::Rng rng(seed);
    std::string fa;
    for (int r = 0; r < records; ++r) {
        std::string s;
        for (int i = 0; i < 60; ++i) s += "ACG"[rng.uniform(3)];  // no T: the motif is unique
        if (!motif.empty()) s.replace(20, motif.size(), motif);
        fa += ">" + prefix + std::to_string(r) + "\n" + s + "\n";
    }
    return fa;
}

std::vector<std::string> split(const std::string& line, char sep) {
    std::vector<std::string> out;
    std::stringstream ss(line);
    for (std::string f; std::getline(ss, f, sep);) out.push_back(f);
    return out;
}

}  // namespace

TEST_CASE("cli score: a motif in every positive scores 1 bit with the G-test p-value",
          "[score][cli]") {
    TempDir dir;
    write_file(dir.file("pos.fa"), fasta(1, "p", 4, "TTATTT"));
    write_file(dir.file("neg.fa"), fasta(2, "n", 4, ""));
    const std::vector<std::string> in = {"-c",       "pos=" + dir.file("pos.fa"),
                                         "-c",       "neg=" + dir.file("neg.fa"),
                                         "--strand", "forward",
                                         "-k",       "6",
                                         "-K",       "6"};
    auto args = in;
    args.insert(args.begin(), "score");
    args.insert(args.end(), {"--top", "3", "-q"});
    const auto r = run_motiftok(args);
    REQUIRE(r.exit_code == 0);
    std::stringstream out(r.out);
    std::string header, row;
    std::getline(out, header);
    CHECK(header ==
          "kmer\tk\tinfo_gain\tp_value\tg\toccurrences\tseqs_pos\tseqs_neg\tlog2_enrichment_pos\t"
          "log2_enrichment_neg");
    std::getline(out, row);
    const auto f = split(row, '\t');
    REQUIRE(f.size() == 10);
    // TTATTT: in 4 of 4 positives, 0 of 4 negatives: IG = H(Y) = 1 bit, G = 2 * 8 * ln2,
    // p = erfc(sqrt(G / 2)); enrichment log2((4+1)/(4+1)) - log2((0+1)/(4+1)) = log2 5.
    CHECK(f[0] == "TTATTT");
    CHECK(std::stod(f[2]) == Approx(1.0));
    CHECK(std::stod(f[3]) == Approx(std::erfc(std::sqrt(8 * std::log(2.0)))).epsilon(1e-5));
    CHECK(f[5] == "4");
    CHECK(f[6] == "4");
    CHECK(f[7] == "0");
    CHECK(std::stod(f[8]) == Approx(std::log2(5.0)).epsilon(1e-5));
    int rows = 0;
    for (std::string line; std::getline(out, line);) ++rows;
    CHECK(rows == 2);  // --top 3

    // The same table from a count file.
    auto count = in;
    count.insert(count.begin(), "count");
    count.insert(count.end(), {"-q", "-o", dir.file("c.mtc")});
    REQUIRE(run_motiftok(count).exit_code == 0);
    const auto from_counts =
        run_motiftok({"score", "--counts", dir.file("c.mtc"), "--top", "3", "-q"});
    CHECK(from_counts.exit_code == 0);
    CHECK(from_counts.out == r.out);
}

TEST_CASE("cli score: the same bytes with -t 1 and -t 2", "[score][cli]") {
    if (!motiftok::test::threads_available()) return;
    TempDir dir;
    write_file(dir.file("pos.fa"), fasta(1, "p", 60, "TTATTT"));
    write_file(dir.file("neg.fa"), fasta(2, "n", 60, ""));
    std::vector<std::string> args = {"score",
                                     "-c",
                                     "pos=" + dir.file("pos.fa"),
                                     "-c",
                                     "neg=" + dir.file("neg.fa"),
                                     "-K",
                                     "10",
                                     "--top",
                                     "50",
                                     "-q",
                                     "-t",
                                     "1"};
    const auto t1 = run_motiftok(args);
    REQUIRE(t1.exit_code == 0);
    args.back() = "2";
    CHECK(t1.out == run_motiftok(args).out);
}

TEST_CASE("cli score: JSON output and the --max-p filter", "[score][cli]") {
    TempDir dir;
    write_file(dir.file("pos.fa"), fasta(3, "p", 6, "TTATTT"));
    write_file(dir.file("neg.fa"), fasta(4, "n", 6, ""));
    const auto r = run_motiftok({"score", "-c", "pos=" + dir.file("pos.fa"), "-c",
                                 "neg=" + dir.file("neg.fa"), "-k", "4", "-K", "6", "--max-p",
                                 "0.001", "--json", "-q", "-o", dir.file("s.json")});
    REQUIRE(r.exit_code == 0);
    const auto j = nlohmann::json::parse(read_file(dir.file("s.json")));
    CHECK(j["format"] == "motiftok-scores");
    CHECK(j["classes"] == nlohmann::json({"pos", "neg"}));
    CHECK(j["seqs_per_class"] == nlohmann::json({6, 6}));
    REQUIRE(j["kmers"].size() > 0);
    double last_ig = 2.0;
    for (const auto& k : j["kmers"]) {
        CHECK(k["p_value"].get<double>() <= 0.001);
        CHECK(k["info_gain"].get<double>() <= last_ig);  // sorted by IG
        last_ig = k["info_gain"].get<double>();
        // Only k-mers of the T-containing motif separate 6 vs 0 this well (with both strands).
        CHECK(k["seqs_per_class"][1] == 0);
    }
}

TEST_CASE("cli score: fail_ one class, bad options, a corrupt count file", "[score][cli]") {
    TempDir dir;
    write_file(dir.file("pos.fa"), fasta(5, "p", 3, "TTATTT"));
    auto r = run_motiftok({"score", dir.file("pos.fa")});
    CHECK(r.exit_code == 1);
    CHECK_THAT(r.err, Catch::Contains("error: information gain needs labeled sequences"));
    CHECK_THAT(r.err, Catch::Contains("--class NAME=FILE"));  // the CLI adds the label options
    REQUIRE(run_motiftok({"count", dir.file("pos.fa"), "-K", "4", "-q", "-o", dir.file("c.mtc")})
                .exit_code == 0);
    r = run_motiftok({"score", "--counts", dir.file("c.mtc")});
    CHECK(r.exit_code == 1);
    CHECK_THAT(r.err,
               Catch::Contains("information gain: fewer than two non-empty classes (all=3)"));
    r = run_motiftok({"score", "--counts", dir.file("c.mtc"), "--max-p", "1.5"});
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Catch::Contains("--max-p must be between 0 and 1"));
    std::string bytes = read_file(dir.file("c.mtc"));
    bytes[bytes.size() - 9] = static_cast<char>(bytes[bytes.size() - 9] ^ 1);
    write_file(dir.file("bad.mtc"), bytes);
    r = run_motiftok({"score", "--counts", dir.file("bad.mtc")});
    CHECK(r.exit_code == 1);
    CHECK_THAT(r.err, Catch::Contains("checksum mismatch"));
}
