// Tests of the EM learner: a hand-solved β = 0 corpus, coverage, planted-motif recovery, reverse-
// complement closure, the direction of β, thread independence, unlabeled input and bad options.

#include "motiftok/learn/learner.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <set>
#include <string>
#include <vector>

#include "../../../src/learn/em_state.hpp"
#include "motiftok/error.hpp"
#include "motiftok/kmer/encode.hpp"
#include "motiftok/random.hpp"
#include "motiftok/tokenize/tokenizer.hpp"
#include "test_support.hpp"

namespace {

using motiftok::io::Dataset;
using motiftok::learn::IterationReport;
using motiftok::learn::learn_vocabulary;
using motiftok::learn::LearnOptions;

Dataset make_dataset(const std::vector<std::string>& seqs, const std::vector<std::int32_t>& labels,
                     const std::vector<std::string>& classes) {
    Dataset d;
    d.classes = classes;
    d.labels = labels;
    for (std::size_t i = 0; i < seqs.size(); ++i)
        d.records.push_back({"s" + std::to_string(i + 1), seqs[i]});
    return d;
}

std::string random_dna(motiftok::Rng& rng, std::size_t n) {
    std::string s(n, 'A');
    for (char& c : s) c = "ACGT"[rng.uniform(4)];
    return s;
}

const std::string kMotif = "GTCACGCTTA";

/// `n` positives with kMotif planted (one base mutated in a fifth of them) and `n` negatives.
Dataset planted(std::size_t n, std::uint64_t seed) {
    motiftok::Rng rng(seed);
    std::vector<std::string> seqs;
    std::vector<std::int32_t> labels;
    for (std::size_t i = 0; i < 2 * n; ++i) {
        std::string s = random_dna(rng, 150);
        const bool positive = i % 2 == 0;
        if (positive) {
            std::string m = rng.uniform(2) ? kMotif : motiftok::kmer::revcomp(kMotif);
            if (rng.uniform(5) == 0) m[rng.uniform(m.size())] = "ACGT"[rng.uniform(4)];
            s.replace(rng.uniform(s.size() - m.size()), m.size(), m);
        }
        seqs.push_back(s);
        labels.push_back(positive ? 0 : 1);
    }
    return make_dataset(seqs, labels, {"pos", "neg"});
}

/// Ids of the multi-base tokens in vocabulary order (decreasing IG).
std::vector<std::string> top_tokens(const motiftok::vocab::Vocabulary& v, std::size_t n) {
    std::vector<std::string> out;
    for (std::size_t i = 5; i < v.size() && out.size() < n; ++i) out.push_back(v.tokens()[i].token);
    return out;
}

double mean_top_gain(const motiftok::vocab::Vocabulary& v, std::size_t n) {
    double sum = 0;
    std::size_t k = 0;
    for (std::size_t i = 5; i < v.size() && k < n; ++i, ++k) sum += v.tokens()[i].info_gain;
    return k ? sum / static_cast<double>(k) : 0.0;
}

}  // namespace

TEST_CASE("beta 0 reaches the hand-computed unigram optimum", "[learn]") {
    // Three ACACAC and one GTGTGT, room for one token besides the bases. With AC the corpus is
    // 9 AC + 3 G + 3 T (log-likelihood 9 ln(9/15) + 6 ln(3/15)); with GT it is 3 GT + 9 A + 9 C,
    // 3 ln(3/21) + 18 ln(9/21), which is lower. So the optimum keeps AC.
    const Dataset d =
        make_dataset({"ACACAC", "ACACAC", "ACACAC", "GTGTGT"}, {0, 0, 0, 1}, {"a", "b"});
    LearnOptions o;
    o.vocab_size = 6;
    o.k_min = o.k_max = 2;
    o.ig_weight = 0;
    o.strand = motiftok::kmer::Strand::kForward;
    o.min_seqs = 1;
    o.seed_size = 10;
    std::vector<IterationReport> reports;
    const auto v = learn_vocabulary(d, o, [&](const IterationReport& r) { reports.push_back(r); });
    REQUIRE(v.size() == 6);
    CHECK(v.tokens()[5].token == "AC");
    CHECK(v.tokens()[5].count == 9);
    CHECK(v.tokens()[5].log_prob == Approx(std::log(9.0 / 15.0)));
    CHECK(v.tokens()[v.id("G")].log_prob == Approx(std::log(3.0 / 15.0)));
    CHECK(v.tokens()[v.id("T")].count == 3);
    const double expected = (9 * std::log(9.0 / 15.0) + 6 * std::log(3.0 / 15.0)) / 24.0;
    REQUIRE(!reports.empty());
    CHECK(reports.back().log_likelihood_per_bp == Approx(expected));
    CHECK(reports.back().tokens_per_bp == Approx(15.0 / 24.0));
    CHECK(reports.back().boundaries_moved < o.tol);
    // β = 0: the score is the log probability.
    for (const auto& t : v.tokens()) CHECK(t.score == Approx(t.log_prob));
}

TEST_CASE("every sequence tokenizes back to itself with the learned vocabulary", "[learn]") {
    motiftok::Rng rng(7);
    std::vector<std::string> seqs;
    std::vector<std::int32_t> labels;
    for (int i = 0; i < 60; ++i) {
        std::string s = random_dna(rng, 40 + rng.uniform(60));
        if (i % 7 == 0) s[rng.uniform(s.size())] = 'N';
        seqs.push_back(s);
        labels.push_back(i % 3);
    }
    const Dataset d = make_dataset(seqs, labels, {"x", "y", "z"});
    LearnOptions o;
    o.vocab_size = 40;
    o.k_max = 6;
    const auto v = learn_vocabulary(d, o);
    REQUIRE(v.size() <= 40);
    for (int b = 0; b < 5; ++b)
        CHECK(v.tokens()[static_cast<std::size_t>(b)].token == std::string(1, "ACGTN"[b]));
    const motiftok::tokenize::Tokenizer tok(v);
    std::uint64_t covered = 0;
    for (const auto& s : seqs) {
        std::string joined;
        for (const auto id : tok.encode(s))
            joined += v.tokens()[static_cast<std::size_t>(id)].token;
        CHECK(joined == s);
    }
    for (const auto& t : v.tokens()) covered += t.count * t.token.size();
    std::uint64_t bases = 0;
    for (const auto& s : seqs) bases += s.size();
    CHECK(covered == bases);  // the counts are the uses of one tokenization of the corpus
}

TEST_CASE("a planted motif is among the top 5 tokens by information gain", "[learn]") {
    const Dataset d = planted(150, 11);
    LearnOptions o;
    o.vocab_size = 200;
    o.k_max = 12;
    const auto v = learn_vocabulary(d, o);
    const auto top = top_tokens(v, 5);
    INFO("top 5: " << top[0] << " " << top[1] << " " << top[2] << " " << top[3] << " " << top[4]);
    const bool found =
        std::find(top.begin(), top.end(), kMotif) != top.end() ||
        std::find(top.begin(), top.end(), motiftok::kmer::revcomp(kMotif)) != top.end();
    CHECK(found);
    CHECK(v.tokens()[5].p_value < 1e-6);
}

TEST_CASE("strand both gives a vocabulary closed under reverse complement", "[learn]") {
    const Dataset d = planted(60, 3);
    LearnOptions o;
    o.vocab_size = 101;
    o.k_max = 8;
    const auto v = learn_vocabulary(d, o);
    for (const auto& t : v.tokens()) {
        const auto rc = v.id(motiftok::kmer::revcomp(t.token));
        REQUIRE(rc >= 0);
        const auto& u = v.tokens()[static_cast<std::size_t>(rc)];
        CHECK(u.info_gain == t.info_gain);
        CHECK(u.log_prob == t.log_prob);
        CHECK(u.seqs_per_class == t.seqs_per_class);
    }
    // A non-palindrome gets half its piece's probability per orientation: the probabilities of
    // the strings (not of the pieces) sum to 1 over the used entries.
    double total = 0;
    for (const auto& t : v.tokens()) {
        if (t.count > 0) total += std::exp(t.log_prob);
    }
    CHECK(total == Approx(1.0).epsilon(1e-9));
}

TEST_CASE("raising beta moves the vocabulary toward informative tokens", "[learn]") {
    const Dataset d = planted(100, 5);
    LearnOptions o;
    o.vocab_size = 120;
    o.k_max = 12;
    o.ig_weight = 0;
    const auto plain = learn_vocabulary(d, o);
    o.ig_weight = 3;
    const auto biased = learn_vocabulary(d, o);
    INFO("mean IG of top 20: beta 0 " << mean_top_gain(plain, 20) << ", beta 3 "
                                      << mean_top_gain(biased, 20));
    CHECK(mean_top_gain(biased, 20) > mean_top_gain(plain, 20));
    // The motif is used at least as often on the biased paths.
    const auto use = [](const motiftok::vocab::Vocabulary& v) {
        std::uint64_t n = 0;
        for (const auto& s : {kMotif, motiftok::kmer::revcomp(kMotif)}) {
            const auto id = v.id(s);
            if (id >= 0) n += v.tokens()[static_cast<std::size_t>(id)].count;
        }
        return n;
    };
    CHECK(use(biased) >= use(plain));
    CHECK(use(biased) > 0);
}

TEST_CASE("one and two threads give the same vocabulary bytes", "[learn]") {
    if (!motiftok::test::threads_available()) return;
    const Dataset d = planted(50, 9);
    LearnOptions o;
    o.vocab_size = 90;
    o.k_max = 10;
    o.max_iter = 12;  // keeps the test fast under sanitizers; equality holds at every iteration
    o.threads = 1;
    const std::string one = learn_vocabulary(d, o).to_json();
    o.threads = 2;
    const std::string two = learn_vocabulary(d, o).to_json();
    CHECK(one == two);
}

TEST_CASE("unlabeled input trains a plain unigram vocabulary and says so", "[learn]") {
    Dataset d = planted(40, 2);
    d.labels.clear();
    d.classes.clear();
    LearnOptions o;
    o.vocab_size = 50;
    o.k_max = 8;
    motiftok::learn::LearnSummary summary;
    const auto v = learn_vocabulary(d, o, {}, &summary);
    CHECK(summary.info_gain_undefined);
    CHECK(v.classes.empty());
    for (const auto& t : v.tokens()) {
        CHECK(t.info_gain == 0);
        CHECK(t.score == Approx(t.log_prob));
    }
    // β has no effect without labels.
    o.ig_weight = 0;
    const auto plain = learn_vocabulary(d, o);
    REQUIRE(plain.size() == v.size());
    for (std::size_t i = 0; i < v.size(); ++i) {
        CHECK(plain.tokens()[i].token == v.tokens()[i].token);
        CHECK(plain.tokens()[i].score == v.tokens()[i].score);
    }
}

TEST_CASE("fail_bad_options are all reported at once", "[learn]") {
    LearnOptions o;
    o.vocab_size = 4;
    o.k_min = 9;
    o.k_max = 5;
    try {
        o.validate();
        FAIL("validate() accepted invalid options");
    } catch (const motiftok::ConfigError& e) {
        const std::string m = e.what();
        CHECK(m.find("`vocab_size` must be at least 5") != std::string::npos);
        CHECK(m.find("`k_min` (9) must not exceed `k_max` (5)") != std::string::npos);
    }
    CHECK_THROWS_WITH(motiftok::kmer::parse_strand("up"),
                      Catch::Contains("`strand` must be 'both' or 'forward' (got 'up')"));
    LearnOptions s;
    s.seed_size = 100;
    s.vocab_size = 500;
    CHECK_THROWS_WITH(s.validate(), Catch::Contains("raise `seed_size` or lower `vocab_size`"));
}

TEST_CASE("fail_empty_input is a DataError", "[learn]") {
    const Dataset none = make_dataset({}, {}, {});
    CHECK_THROWS_AS(learn_vocabulary(none, LearnOptions{}), motiftok::DataError);
    CHECK_THROWS_WITH(learn_vocabulary(none, LearnOptions{}), Catch::Contains("no sequence"));
}

TEST_CASE("learner fixed seed: counts on both strands by hand, rare strings removed", "[learn]") {
    using motiftok::learn::detail::Piece;
    const Dataset d = make_dataset({"ACGTAC", "GTACGT", "TTTT"}, {0, 1, 0}, {"x", "y"});
    LearnOptions o;
    o.min_seqs = 1;
    auto piece = [](const std::string& s, bool two) {
        Piece p;
        p.str = s;
        p.two_strings = two;
        return p;
    };
    // ACG/CGT: ACG at 0 and CGT at 1 in s1, ACG at 3 and CGT at 4 in s2. AAAA/TTTT: s3 only.
    // ACGT is its own reverse complement: once per position (s1 at 0, s2 at 2).
    std::vector<Piece> pieces = {piece("ACG", true), piece("AAAA", true), piece("ACGT", false),
                                 piece("CCCC", true)};
    motiftok::learn::detail::count_seed(d, pieces, o);
    REQUIRE(pieces.size() == 3);  // CCCC occurs nowhere
    CHECK(pieces[0].count == 4);
    CHECK(pieces[0].docs == std::vector<std::uint64_t>{1, 1});
    CHECK(pieces[1].count == 1);
    CHECK(pieces[1].docs == std::vector<std::uint64_t>{1, 0});
    CHECK(pieces[2].count == 2);
    o.strand = motiftok::kmer::Strand::kForward;
    o.min_seqs = 2;
    std::vector<Piece> fwd = {piece("ACG", false), piece("CGT", false), piece("TTTT", false)};
    motiftok::learn::detail::count_seed(d, fwd, o);
    REQUIRE(fwd.size() == 2);  // TTTT: one sequence < min_seqs 2
    CHECK(fwd[0].count == 2);
    CHECK(fwd[1].count == 2);
}

TEST_CASE("learner fixed seed: the vocabulary is the bases plus the given strings", "[learn]") {
    const Dataset d = planted(60, 3);
    LearnOptions o;
    o.vocab_size = 64;
    o.k_max = 8;
    o.seed_size = 400;
    o.max_iter = 6;
    const auto plain = learn_vocabulary(d, o);
    motiftok::learn::LearnGuide g;
    g.fixed = true;
    std::set<std::string> want = {"A", "C", "G", "T", "N"};
    for (std::size_t i = 5; i < 25; ++i) {
        g.extra.push_back(plain.tokens()[i].token);
        want.insert(plain.tokens()[i].token);
        want.insert(motiftok::kmer::revcomp(plain.tokens()[i].token));  // strand both
    }
    g.extra.push_back("ACGTACGTACGT");  // in no sequence: below min_seqs, removed
    const auto fixed = learn_vocabulary(d, o, {}, nullptr, g);
    std::set<std::string> got;
    for (const auto& t : fixed.tokens()) got.insert(t.token);
    CHECK(got == want);
}
