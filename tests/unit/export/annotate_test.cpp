// Annotation against a motif database: the MEME reader (fixture and malformed files), log-odds
// scores against hand-computed values, the p-value DP against brute-force enumeration of all
// 4^L strings, the choice of the best alignment, strands, overlap rule and Bonferroni count.

#include "motiftok/export/annotate.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <string>
#include <vector>

#include "motiftok/error.hpp"
#include "motiftok/random.hpp"
#include "motiftok/vocab/vocabulary.hpp"
#include "test_support.hpp"

namespace ex = motiftok::exports;
using motiftok::vocab::Vocabulary;

namespace {

ex::MotifDb fixture() {
    return ex::load_meme(motiftok::test::test_data("export_motifs_small.meme"));
}

/// A vocabulary of the five bases plus `tokens` (info_gain decreasing in list order).
Vocabulary vocab_of(const std::vector<std::string>& tokens, const std::string& strand = "both") {
    Vocabulary v;
    v.strand = motiftok::kmer::parse_strand(strand);
    for (const char* b : {"A", "C", "G", "T", "N"}) {
        motiftok::vocab::Token tok;
        tok.token = b;
        v.add_token(tok);
    }
    double ig = 1.0;
    for (const auto& t : tokens) {
        motiftok::vocab::Token tok;
        tok.token = t;
        tok.info_gain = ig;
        ig /= 2;
        v.add_token(tok);
    }
    return v;
}

/// The database holding only motif `i` of `db`.
ex::MotifDb only(const ex::MotifDb& db, std::size_t i) {
    return ex::MotifDb{db.source, {db.motifs[i]}};
}

int base_of(char c) {
    return std::string("ACGT").find(c);
}

/// Brute force: the share of all 4^w strings whose summed discretized score is >= threshold.
double brute_tail(const std::vector<std::array<std::int32_t, 4>>& cols, std::int64_t threshold) {
    const std::size_t w = cols.size();
    std::uint64_t hits = 0;
    const std::uint64_t n = 1ull << (2 * w);
    for (std::uint64_t x = 0; x < n; ++x) {
        std::int64_t s = 0;
        for (std::size_t j = 0; j < w; ++j) s += cols[j][(x >> (2 * j)) & 3];
        hits += s >= threshold ? 1 : 0;
    }
    return static_cast<double>(hits) / static_cast<double>(n);
}

ex::Motif random_motif(motiftok::Rng& rng, std::size_t w) {
    ex::Motif m{"R", "random", {}, 1};
    for (std::size_t j = 0; j < w; ++j) {
        std::array<double, 4> p{};
        double sum = 0;
        for (double& x : p) sum += x = rng.uniform(3) == 0 ? 0.0 : rng.uniform01();
        if (sum == 0) p = {1, 0, 0, 0}, sum = 1;
        for (double& x : p) x /= sum;
        m.probs.push_back(p);
    }
    return m;
}

}  // namespace

TEST_CASE("annotate: MEME reader on the small fixture", "[annotate]") {
    const ex::MotifDb db = fixture();
    REQUIRE(db.motifs.size() == 3);
    CHECK(db.motifs[0].id == "FIX0001.1");
    CHECK(db.motifs[0].name == "PUMlike");
    CHECK(db.motifs[0].line == 10);
    CHECK(db.motifs[0].probs.size() == 8);
    CHECK(db.motifs[0].probs[0][3] == Approx(0.85));
    CHECK(db.motifs[1].name == "EBOXlike");  // blank lines inside the matrix, extra keys
    CHECK(db.motifs[1].probs.size() == 8);
    CHECK(db.motifs[1].probs[2][0] == 1.0);
    CHECK(db.motifs[1].probs[7][3] == Approx(0.4));
    CHECK(db.motifs[2].id == "FIX0003.1");  // no name
    CHECK(db.motifs[2].name.empty());
    CHECK(db.motifs[2].probs.size() == 3);
    CHECK(db.motifs[2].probs[1][2] == 0.5);
    // Rows that sum to 1 within the tolerance are renormalized exactly.
    const auto r = ex::parse_meme(
        "MEME version 4\nMOTIF a\nletter-probability matrix: w= 1\n0.3 0.3 0.3 0.105\n", "x");
    CHECK(r.motifs[0].probs[0][3] == Approx(0.105 / 1.005).epsilon(1e-12));
}

TEST_CASE("annotate: fail_ malformed MEME files name file, line and problem", "[annotate]") {
    const std::string h = "MEME version 4\n\nALPHABET= ACGT\n\n";
    const std::string mat = "letter-probability matrix: alength= 4 w= 2 nsites= 3\n";
    struct Case {
        std::string text;
        std::string message;
    };
    const std::vector<Case> cases = {
        {"", "bad.meme: empty file"},
        {"\nhello\n", "bad.meme: line 2: expected the header 'MEME version 4'"},
        {"MEME version 4\nALPHABET= ACGU\n", "bad.meme: line 2: alphabet 'ACGU' is not supported"},
        {h, "bad.meme: line 4: no MOTIF in the file"},
        {h + mat, "bad.meme: line 5: letter-probability matrix before any MOTIF line"},
        {h + "MOTIF\n", "bad.meme: line 5: MOTIF without an id"},
        {h + "MOTIF m1 X\nMOTIF m2\n", "bad.meme: line 5: motif 'm1' has no letter-probability"},
        {h + "MOTIF m1 X\n" + mat + "1 0 0 0\n0 1 0 0\nMOTIF m1\n",
         "bad.meme: line 9: duplicate motif id 'm1'"},
        {h + "MOTIF m1\nletter-probability matrix: alength= 4\n1 0 0 0\n",
         "bad.meme: line 6: letter-probability matrix of motif 'm1' without w="},
        {h + "MOTIF m1\nletter-probability matrix: alength= 20 w= 1\n",
         "bad.meme: line 6: alength= must be 4"},
        {h + "MOTIF m1\nletter-probability matrix: w= 1.5\n",
         "bad.meme: line 6: w= must be a positive integer"},
        // Found by tools/fuzz (fuzz_meme): a huge w= was cast to long (undefined behaviour).
        {h + "MOTIF m1\nletter-probability matrix: w= 1" + std::string(90, '5') + "\n",
         "bad.meme: line 6: w= must be a positive integer up to 1000000"},
        {h + "MOTIF m1\nletter-probability matrix: w= 1000001\n",
         "bad.meme: line 6: w= must be a positive integer up to 1000000"},
        {h + "MOTIF m1\n" + mat + "1 0 0\n",
         "bad.meme: line 7: motif 'm1', matrix row 1 of 2: expected 4 probabilities, found 3"},
        {h + "MOTIF m1\n" + mat + "1 0 0 0\nMOTIF m2\n", "line 8: motif 'm1', matrix row 2 of 2"},
        {h + "MOTIF m1\n" + mat + "1 0 0 0\n",
         "bad.meme: line 7: motif 'm1': end of file after 1 of 2 matrix rows"},
        {h + "MOTIF m1\n" + mat + "0.5 0.2 0.2 0.0\n",
         "bad.meme: line 7: motif 'm1', matrix row 1: probabilities sum to 0.9, not 1"},
        {h + "MOTIF m1\n" + mat + "1 0 0 0\n0.5 0.5 x 0\n",
         "bad.meme: line 8: motif 'm1', matrix row 2: 'x' is not a probability"},
        {h + "MOTIF m1\n" + mat + "1.5 -0.5 0 0\n", "row 1: '1.5' is not a probability in [0, 1]"},
    };
    for (const auto& c : cases) {
        INFO("input:\n" << c.text);
        const std::string msg = motiftok::test::message_of<motiftok::InputError>(
            [&] { ex::parse_meme(c.text, "bad.meme"); });
        CHECK_THAT(msg, Catch::Contains(c.message));
    }
    const std::string missing = motiftok::test::message_of<motiftok::InputError>(
        [] { ex::load_meme("/nonexistent/db.meme"); });
    CHECK_THAT(missing, Catch::Contains("/nonexistent/db.meme: cannot open"));
}

TEST_CASE("annotate: log-odds matrix against hand-computed values", "[annotate]") {
    const ex::Motif m = fixture().motifs[2];  // A | C/G | uniform
    ex::AnnotateOptions o;
    o.pseudocount = 0.01;
    const ex::ScoreMatrix fw = ex::score_matrix(m, o, false);
    const double match1 = std::log2(4 * 1.01 / 1.04);  // p = 1
    const double half = std::log2(4 * 0.51 / 1.04);    // p = 0.5
    const double miss = std::log2(4 * 0.01 / 1.04);    // p = 0
    CHECK(fw.bits[0][0] == Approx(match1).epsilon(1e-12));
    CHECK(fw.bits[0][2] == Approx(miss).epsilon(1e-12));
    CHECK(fw.bits[1][1] == Approx(half).epsilon(1e-12));
    CHECK(fw.bits[2][3] == Approx(0.0).margin(1e-12));
    CHECK(fw.ints[0][0] == std::lround(match1 / 0.01));
    CHECK(fw.ints[0][1] == std::lround(miss / 0.01));
    const ex::ScoreMatrix rv = ex::score_matrix(m, o, true);  // uniform | C/G | T
    CHECK(rv.bits[2][3] == fw.bits[0][0]);
    CHECK(rv.bits[1][2] == fw.bits[1][1]);
    CHECK(rv.ints[2][0] == fw.ints[0][3]);
}

TEST_CASE("annotate: scores, strand, p-value and Bonferroni of hand-made alignments",
          "[annotate]") {
    const ex::MotifDb db = only(fixture(), 2);  // A | C/G | uniform, w = 3
    ex::AnnotateOptions o;
    o.min_length = 3;
    const Vocabulary v = vocab_of({"ACT", "GGT", "TTACT"});
    const auto a = ex::annotate(v, db, o);
    REQUIRE(a.size() == 3);
    const double score = std::log2(4 * 1.01 / 1.04) + std::log2(4 * 0.51 / 1.04);
    // ACT: A, then C of C/G, then anything: the consensus; p = 1/4 * 1/2. Offsets -1..1 (>= 2 of
    // 3 aligned) on two strands: 6 alignments. The '-' alignment at 0 ties; '+' wins ties.
    REQUIRE(a[0].matches.size() == 1);
    const ex::Match& act = a[0].matches[0];
    CHECK(v.tokens()[a[0].token_id].token == "ACT");
    CHECK(act.strand == '+');
    CHECK(act.offset == 0);
    CHECK(act.aligned == 3);
    CHECK(act.score == Approx(score).epsilon(1e-12));
    CHECK(act.normalized == Approx(1.0).epsilon(1e-12));
    CHECK(act.p_value == Approx(0.125).epsilon(1e-12));
    CHECK(a[0].alignments == 6);
    CHECK(act.p_adjusted == Approx(0.75).epsilon(1e-12));
    // GGT matches only the reverse complement (uniform | C/G | T).
    const ex::Match& ggt = a[1].matches.at(0);
    CHECK(ggt.strand == '-');
    CHECK(ggt.offset == 0);
    CHECK(ggt.score == Approx(score).epsilon(1e-12));
    CHECK(ggt.p_value == Approx(0.125).epsilon(1e-12));
    // TTACT is longer than the motif: ACT sits at token position 2, so offset -2; offsets with
    // >= 2 of 3 motif columns covered: -3..1, times two strands.
    const ex::Match& longer = a[2].matches.at(0);
    CHECK(longer.strand == '+');
    CHECK(longer.offset == -2);
    CHECK(longer.aligned == 3);
    CHECK(a[2].alignments == 10);
    CHECK(longer.p_adjusted == Approx(1.0));  // 0.125 * 10, capped
    CHECK(a[0].tied == 1);
    // The same motif twice: the two tie, the first in file order is reported first.
    ex::MotifDb twice = db;
    twice.motifs.push_back(db.motifs[0]);
    twice.motifs[1].id = "copy";
    o.matches = 2;
    const auto t = ex::annotate(vocab_of({"ACT"}), twice, o);
    CHECK(t[0].tied == 2);
    REQUIRE(t[0].matches.size() == 2);
    CHECK(t[0].matches[0].motif == 0);
    CHECK(t[0].matches[1].motif == 1);
    CHECK(t[0].matches[1].p_value == t[0].matches[0].p_value);
    CHECK(t[0].alignments == 12);
    o.matches = 1;
    // A forward-only vocabulary does not see the '-' strand.
    const auto fwd = ex::annotate(vocab_of({"GGT"}, "forward"), db, o);
    CHECK(fwd[0].matches.at(0).strand == '+');
    CHECK(fwd[0].matches.at(0).offset == 1);  // GG over C/G | uniform: p = 1/2
    CHECK(fwd[0].matches.at(0).p_value == Approx(0.5));
    CHECK(fwd[0].alignments == 3);
}

TEST_CASE("annotate: p-value DP equals brute-force enumeration of all 4^L strings", "[annotate]") {
    motiftok::Rng rng(7);
    for (double bin : {0.01, 0.5}) {
        ex::AnnotateOptions o;
        o.bin_width = bin;
        for (std::size_t w = 1; w <= 7; ++w) {
            const ex::ScoreMatrix m = ex::score_matrix(random_motif(rng, w), o, false);
            std::int64_t lo = 0;
            std::int64_t hi = 0;
            for (const auto& c : m.ints) {
                lo += *std::min_element(c.begin(), c.end());
                hi += *std::max_element(c.begin(), c.end());
            }
            for (std::int64_t t : {lo - 1, lo, lo + 1, (lo + hi) / 2, hi - 3, hi, hi + 1}) {
                INFO("w " << w << " bin " << bin << " threshold " << t);
                CHECK(ex::upper_tail(m.ints, t) == Approx(brute_tail(m.ints, t)).margin(1e-13));
            }
        }
    }
}

TEST_CASE("annotate: the reported alignment is the best of all, with brute-force p-values",
          "[annotate]") {
    motiftok::Rng rng(11);
    ex::MotifDb db{"random", {random_motif(rng, 7)}};
    std::vector<std::string> tokens;
    for (int i = 0; i < 12; ++i) {
        std::string t;
        const std::size_t len = 5 + rng.uniform(3);
        for (std::size_t j = 0; j < len; ++j) t += "ACGT"[rng.uniform(4)];
        tokens.push_back(t);
    }
    ex::AnnotateOptions o;
    o.max_overhang = 2;
    const auto annotations = ex::annotate(vocab_of(tokens), db, o);
    REQUIRE(annotations.size() == tokens.size());
    const ex::ScoreMatrix mats[2] = {ex::score_matrix(db.motifs[0], o, false),
                                     ex::score_matrix(db.motifs[0], o, true)};
    for (const auto& a : annotations) {
        const std::string tok = tokens[a.token_id - 5];
        const int len = static_cast<int>(tok.size());
        // Every alignment (both strands, every offset covering >= min(len, 7) - 2 positions).
        double best_p = 2.0;
        std::uint64_t n = 0;
        for (int s = 0; s < 2; ++s) {
            for (int off = -len; off <= 7; ++off) {
                std::vector<std::array<std::int32_t, 4>> cols;
                std::int64_t score = 0;
                for (int i = 0; i < len; ++i) {
                    if (off + i < 0 || off + i >= 7) continue;
                    cols.push_back(mats[s].ints[off + i]);
                    score += mats[s].ints[off + i][base_of(tok[i])];
                }
                if (cols.empty() || static_cast<int>(cols.size()) < std::min(len, 7) - 2) continue;
                ++n;
                const double p = brute_tail(cols, score);
                best_p = std::min(best_p, p);
                const ex::Match& m = a.matches.at(0);
                if (m.strand == "+-"[s] && m.offset == off) {
                    INFO(tok << " strand " << m.strand << " offset " << off);
                    CHECK(m.p_value == Approx(p).margin(1e-13));
                    CHECK(m.aligned == cols.size());
                }
            }
        }
        CHECK(a.alignments == n);
        CHECK(a.matches.at(0).p_value == Approx(best_p).margin(1e-13));
        CHECK(a.matches[0].p_adjusted ==
              Approx(std::min(1.0, best_p * static_cast<double>(n))).epsilon(1e-12));
    }
}

TEST_CASE("annotate: fixture tokens, strands, --matches, --max-p, --top", "[annotate]") {
    const ex::MotifDb db = fixture();
    const Vocabulary v = Vocabulary::load(motiftok::test::test_data("vocab_small.json"));
    ex::AnnotateOptions o;
    o.matches = 2;
    const auto a = ex::annotate(v, db, o);
    // Tokens >= 5 bases by decreasing info_gain (ties by id).
    REQUIRE(a.size() == 4);
    CHECK(v.tokens()[a[0].token_id].token == "TGTAAATA");
    CHECK(v.tokens()[a[1].token_id].token == "TATTTACA");
    CHECK(v.tokens()[a[2].token_id].token == "CACGTG");
    CHECK(v.tokens()[a[3].token_id].token == "GAATTC");
    CHECK(db.motifs[a[0].matches.at(0).motif].name == "PUMlike");
    CHECK(a[0].matches[0].strand == '+');
    CHECK(a[0].matches[0].normalized == Approx(1.0));
    CHECK(db.motifs[a[1].matches.at(0).motif].name == "PUMlike");  // its reverse complement
    CHECK(a[1].matches[0].strand == '-');
    CHECK(a[1].matches[0].p_value == Approx(a[0].matches[0].p_value).epsilon(1e-12));
    CHECK(db.motifs[a[2].matches.at(0).motif].name == "EBOXlike");
    CHECK(a[2].matches[0].offset == 1);
    for (const auto& t : a) {
        REQUIRE(t.matches.size() == 2);
        CHECK(t.matches[0].p_value <= t.matches[1].p_value);
        CHECK(t.matches[0].motif != t.matches[1].motif);
    }
    o.matches = 1;
    o.max_p = 0.01;
    o.top = 3;
    const auto strict = ex::annotate(v, db, o);
    REQUIRE(strict.size() == 3);
    CHECK(strict[0].matches.size() == 1);
    CHECK(strict[0].matches[0].p_adjusted <= 0.01);
    for (const auto& t : strict) {
        for (const auto& m : t.matches) CHECK(m.p_adjusted <= 0.01);
    }
    o.pseudocount = 0;
    o.matches = 0;
    const std::string msg =
        motiftok::test::message_of<motiftok::ConfigError>([&] { ex::annotate(v, db, o); });
    CHECK_THAT(msg, Catch::Contains("`pseudocount` must be a finite number > 0"));
    CHECK_THAT(msg, Catch::Contains("`matches` must be >= 1"));
}
