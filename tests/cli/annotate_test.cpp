// motiftok annotate through the binary: TSV layout, matches on the hand-made fixture, options,
// and malformed motif files (exit code, message, no output file).

#include <catch2/catch.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "test_support.hpp"

using motiftok::test::run_motiftok;
using motiftok::test::test_data;

namespace {

std::vector<std::vector<std::string>> rows(const std::string& tsv) {
    std::vector<std::vector<std::string>> out;
    std::istringstream in(tsv);
    for (std::string line; std::getline(in, line);) {
        std::vector<std::string> fields;
        std::size_t start = 0;
        for (std::size_t tab; (tab = line.find('\t', start)) != std::string::npos; start = tab + 1)
            fields.push_back(line.substr(start, tab - start));
        fields.push_back(line.substr(start));
        out.push_back(fields);
    }
    return out;
}

}  // namespace

TEST_CASE("cli annotate: vocab_small against the fixture motifs", "[annotate][cli]") {
    motiftok::test::TempDir dir;
    const std::string out = dir.file("ann.tsv");
    const auto r = run_motiftok({"annotate", "--vocab", test_data("vocab_small.json"), "--motifs",
                                 test_data("export_motifs_small.meme"), "-o", out, "-t", "2"});
    REQUIRE(r.exit_code == 0);
    CHECK_THAT(r.err, Catch::Contains("annotated 4 tokens against 3 motifs"));
    const auto t = rows(motiftok::test::read_file(out));
    REQUIRE(t.size() == 6);  // '#' line, header, 4 tokens of >= 5 bases
    CHECK_THAT(t[0][0], Catch::StartsWith("# format=motiftok-annotate version=1 motiftok="));
    CHECK_THAT(t[0][0], Catch::Contains("\"min_length\":5"));
    const std::vector<std::string> header = {
        "ig_rank",    "token_id",   "token",      "info_gain",  "vocab_score", "match_rank",
        "motif_id",   "motif_name", "strand",     "offset",     "aligned",     "log_odds",
        "normalized", "p_value",    "p_adjusted", "alignments", "tied"};
    CHECK(t[1] == header);
    for (std::size_t i = 2; i < t.size(); ++i) CHECK(t[i].size() == header.size());
    CHECK(t[2][2] == "TGTAAATA");
    CHECK(t[2][6] == "FIX0001.1");
    CHECK(t[2][7] == "PUMlike");
    CHECK(t[2][8] == "+");
    CHECK(t[2][15] == "28");  // (3 + 3 + 8 offsets) x 2 strands
    CHECK(t[2][16] == "1");
    CHECK(t[3][2] == "TATTTACA");
    CHECK(t[3][8] == "-");
    CHECK(t[4][2] == "CACGTG");
    CHECK(t[4][7] == "EBOXlike");
    CHECK(t[4][9] == "1");
    CHECK(t[4][12] == "1.0000");
    CHECK(t[4][13] == "0.0002441");  // 4^-6: the six fixed letters
}

TEST_CASE("cli annotate: threads over motifs give the same bytes", "[annotate][cli]") {
    if (!motiftok::test::threads_available()) return;
    const std::string v = test_data("vocab_small.json");
    const std::string m = test_data("export_motifs_small.meme");
    const auto one = run_motiftok({"annotate", "--vocab", v, "--motifs", m, "--min-length", "2",
                                   "--matches", "3", "-t", "1", "-q"});
    const auto two_threads = run_motiftok({"annotate", "--vocab", v, "--motifs", m, "--min-length",
                                           "2", "--matches", "3", "-t", "2", "-q"});
    CHECK(one.exit_code == 0);
    CHECK(one.out == two_threads.out);
}

TEST_CASE("cli annotate: --top, --matches, --max-p, --min-length", "[annotate][cli]") {
    const std::string v = test_data("vocab_small.json");
    const std::string m = test_data("export_motifs_small.meme");
    const auto two = run_motiftok(
        {"annotate", "--vocab", v, "--motifs", m, "--top", "2", "--matches", "3", "-q"});
    REQUIRE(two.exit_code == 0);
    CHECK(two.err.find("annotated") == std::string::npos);
    const auto t = rows(two.out);
    REQUIRE(t.size() == 2 + 2 * 3);
    CHECK(t[2][5] == "1");
    CHECK(t[4][5] == "3");
    CHECK(t[4][2] == "TGTAAATA");
    // With a strict threshold GAATTC (no motif like it) keeps its row with empty motif fields.
    const auto strict =
        run_motiftok({"annotate", "--vocab", v, "--motifs", m, "--max-p", "0.01", "-q"});
    const auto s = rows(strict.out);
    REQUIRE(s.size() == 6);
    CHECK(s[5][2] == "GAATTC");
    CHECK(s[5][6].empty());
    CHECK(s[5][13].empty());
    CHECK(s[5][16].empty());
    CHECK_FALSE(s[2][6].empty());
    const auto shorter =
        run_motiftok({"annotate", "--vocab", v, "--motifs", m, "--min-length", "4", "-q"});
    CHECK(rows(shorter.out).size() == 2 + 7);  // + TATA, GGAA, TTCC
}

TEST_CASE("cli annotate: fail_ malformed motif file, bad options, --help defaults",
          "[annotate][cli]") {
    motiftok::test::TempDir dir;
    const std::string bad = dir.file("bad.meme");
    motiftok::test::write_file(bad,
                               "MEME version 4\n\nMOTIF m1 X\nletter-probability matrix: "
                               "w= 1\n0.5 0.5 0.5 0.5\n");
    const std::string out = dir.file("out.tsv");
    const auto r = run_motiftok(
        {"annotate", "--vocab", test_data("vocab_small.json"), "--motifs", bad, "-o", out});
    CHECK(r.exit_code == 1);
    CHECK_THAT(r.err, Catch::Contains(bad + ": line 5: motif 'm1', matrix row 1: probabilities "
                                            "sum to 2, not 1"));
    CHECK_FALSE(motiftok::test::file_exists(out));
    const auto p = run_motiftok({"annotate", "--vocab", test_data("vocab_small.json"), "--motifs",
                                 test_data("export_motifs_small.meme"), "--max-p", "2"});
    CHECK(p.exit_code == 2);
    CHECK_THAT(p.err, Catch::Contains("--max-p"));
    const auto h = run_motiftok({"annotate", "--help"});
    CHECK(h.exit_code == 0);
    CHECK_THAT(h.out, Catch::Contains("--min-length"));
    CHECK_THAT(h.out, Catch::Contains("--min-length UINT:POSITIVE=5"));
    CHECK_THAT(h.out, Catch::Contains("--pseudocount FLOAT:POSITIVE=0.01"));
}
