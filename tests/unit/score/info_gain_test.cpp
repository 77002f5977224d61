// Information gain, G-test p-values and enrichment against hand-computed values.

#include "motiftok/score/info_gain.hpp"

#include <catch2/catch.hpp>
#include <cmath>

#include "motiftok/error.hpp"
#include "motiftok/kmer/encode.hpp"

using namespace motiftok;

TEST_CASE("information gain and p-value of a 2-class example", "[score]") {
    // 4 + 4 sequences, the k-mer in 3 of class 0 and 1 of class 1:
    // H(Y) = 1; H(Y|present) = H(Y|absent) = H(3/4, 1/4) = 0.75 log2(4/3) + 0.25 log2(4) =
    // 0.811278; IG = 1 - 0.811278 = 0.1887218755; G = 2 * 8 * ln2 * IG = 2.0929925751; p = P(chi2_1
    // >= G) = erfc(sqrt(G / 2)) = 0.1479759594.
    const double ig = score::information_gain({3, 1}, {4, 4});
    CHECK(ig == Approx(0.1887218755408671).epsilon(1e-12));
    CHECK(score::g_statistic(ig, 8) == Approx(2.092992575058191).epsilon(1e-12));
    CHECK(score::g_test_p_value(ig, 8, 2) == Approx(0.14797595938502736).epsilon(1e-10));
    // Perfect separation carries H(Y) = 1 bit; a k-mer everywhere or nowhere carries none.
    CHECK(score::information_gain({4, 0}, {4, 4}) == Approx(1.0));
    CHECK(score::information_gain({4, 4}, {4, 4}) == 0.0);
    CHECK(score::information_gain({0, 0}, {4, 4}) == 0.0);
    CHECK(score::g_test_p_value(0.0, 8, 2) == 1.0);
}

TEST_CASE("information gain and p-value of a 3-class example", "[score]") {
    // classes of 2, 3, 5 sequences; present in 2, 1, 0. N = 10, A = 3.
    // H(Y) = H(.2, .3, .5) = 1.4854752973; H(Y|present) = H(2/3, 1/3) = 0.9182958341;
    // H(Y|absent) = H(0, 2/7, 5/7) = 0.8631205686;
    // IG = 1.4854752973 - 0.3 * 0.9182958341 - 0.7 * 0.8631205686 = 0.6058021490;
    // G = 2 * 10 * ln2 * IG = 8.3982013; with 2 df, p = exp(-G / 2) = 0.0150090712.
    const double ig = score::information_gain({2, 1, 0}, {2, 3, 5});
    CHECK(ig == Approx(0.6058021490143459).epsilon(1e-12));
    CHECK(score::g_test_p_value(ig, 10, 3) == Approx(0.015009071174999982).epsilon(1e-10));
}

TEST_CASE("G-test p-values follow the chi-square survival function", "[score]") {
    // With ln2 * IG * n = x: chi2_1 tail = erfc(sqrt(x)); chi2_2 tail = exp(-x);
    // chi2_4 tail = exp(-x) (1 + x).
    for (const double x : {0.01, 0.5, 2.0, 7.5, 30.0}) {
        const double ig = x / (std::log(2.0) * 100.0);
        CHECK(score::g_test_p_value(ig, 100, 2) == Approx(std::erfc(std::sqrt(x))).epsilon(1e-9));
        CHECK(score::g_test_p_value(ig, 100, 3) == Approx(std::exp(-x)).epsilon(1e-9));
        CHECK(score::g_test_p_value(ig, 100, 5) == Approx(std::exp(-x) * (1 + x)).epsilon(1e-9));
    }
}

TEST_CASE("log2 enrichment with a pseudocount", "[score]") {
    // (3 + 1) / (4 + 1) over (1 + 1) / (4 + 1) = 2, i.e. 1 bit.
    CHECK(score::log2_enrichment(3, 4, 1, 4, 1.0) == Approx(1.0));
    // (0 + .5) / (10 + .5) over (5 + .5) / (10 + .5) = 1/11.
    CHECK(score::log2_enrichment(0, 10, 5, 10, 0.5) == Approx(std::log2(1.0 / 11.0)));
}

TEST_CASE("fail_information_gain: inconsistent counts", "[score]") {
    CHECK_THROWS_AS(score::information_gain({1}, {2, 2}), DataError);
    CHECK_THROWS_WITH(score::information_gain({3, 0}, {2, 2}), Catch::Contains("only 2 sequences"));
}

namespace {

// Three 2-mers over classes of 4 and 4 sequences, built by hand.
kmer::KmerCounts hand_counts() {
    kmer::KmerCounts c;
    c.options.k_min = 2;
    c.options.k_max = 2;
    c.classes = {"pos", "neg"};
    c.seqs_per_class = {4, 4};
    c.bases_per_class = {40, 40};
    kmer::KmerLevel lv;
    lv.k = 2;
    lv.codes = {kmer::pack("AA"), kmer::pack("AC"), kmer::pack("CG"), kmer::pack("GC")};
    lv.seqs = {3, 1, /*AC*/ 3, 1, /*CG*/ 4, 0, /*GC*/ 1, 0};
    lv.occ = {5, 1, 3, 2, 6, 0, 1, 0};
    c.levels = {lv};
    return c;
}

}  // namespace

TEST_CASE("score_kmers sorts by IG with a deterministic tie-break and filters", "[score]") {
    const auto counts = hand_counts();
    score::ScoreOptions opt;
    opt.min_seqs = 1;
    auto s = score::score_kmers(counts, opt);
    REQUIRE(s.size() == 4);
    CHECK(s[0].kmer() == "CG");  // perfect separation: 1 bit
    CHECK(s[0].info_gain == Approx(1.0));
    CHECK(s[0].occurrences == 6);
    CHECK(s[0].seqs_per_class == std::vector<std::uint64_t>{4, 0});
    // AA and AC have the same IG (0.18872 bits): the smaller code comes first.
    CHECK(s[1].kmer() == "AA");
    CHECK(s[2].kmer() == "AC");
    CHECK(s[1].info_gain == s[2].info_gain);
    CHECK(s[1].log2_enrichment[0] == Approx(1.0));
    CHECK(s[1].log2_enrichment[1] == Approx(-1.0));
    opt.min_seqs = 2;
    CHECK(score::score_kmers(counts, opt).size() == 3);  // GC is in 1 sequence
    opt.max_p = 0.1;  // only CG: G = 16 ln2 = 11.09, p = 8.7e-4; AA/AC have p = 0.148
    s = score::score_kmers(counts, opt);
    REQUIRE(s.size() == 1);
    CHECK(s[0].p_value == Approx(std::erfc(std::sqrt(8 * std::log(2.0)))).epsilon(1e-9));
    opt = {};
    opt.min_seqs = 1;
    opt.top = 2;
    s = score::score_kmers(counts, opt);
    REQUIRE(s.size() == 2);
    CHECK(s[1].kmer() == "AA");
    opt = {};
    opt.min_seqs = 1;
    opt.enriched_in = "neg";  // every k-mer here is in at least as many pos sequences
    CHECK(score::score_kmers(counts, opt).empty());
    opt.enriched_in = "pos";
    CHECK(score::score_kmers(counts, opt).size() == 4);
    opt.enriched_in = "nope";
    CHECK_THROWS_WITH(score::score_kmers(counts, opt), Catch::Contains("no class 'nope'"));
}

TEST_CASE("fail_score: fewer than two non-empty classes, bad options", "[score]") {
    auto counts = hand_counts();
    counts.seqs_per_class = {4, 0};
    CHECK_THROWS_WITH(score::score_kmers(counts, {}),
                      Catch::Contains("information gain: fewer than two non-empty classes"));
    score::ScoreOptions opt;
    opt.max_p = 2;
    opt.pseudocount = 0;
    CHECK_THROWS_WITH(score::score_kmers(hand_counts(), opt),
                      Catch::Contains("`max_p`") && Catch::Contains("`pseudocount`"));
}
