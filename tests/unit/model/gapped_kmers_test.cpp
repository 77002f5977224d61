// Gapped k-mer features (gkm-SVM's feature map) against hand-computed cases and a slow, obvious
// re-implementation over strings; N handling; option checks.
#include "motiftok/model/gapped_kmers.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <map>
#include <string>

#include "motiftok/error.hpp"
#include "motiftok/kmer/encode.hpp"
#include "motiftok/model/classifier.hpp"
#include "motiftok/random.hpp"

using motiftok::model::GappedKmers;

namespace {

std::vector<std::uint8_t> codes(const std::string& s) {
    std::vector<std::uint8_t> out;
    for (char c : s) out.push_back(motiftok::kmer::kNt4[static_cast<unsigned char>(c)]);
    return out;
}

// The features of `seq` as feature string -> value, through GappedKmers.
std::map<std::string, double> by_string(const GappedKmers& g, const std::string& seq) {
    std::vector<std::uint32_t> index;
    std::vector<float> value;  // float32: within a relative 2^-24 of the exact value
    g.features(codes(seq), index, value);
    std::map<std::string, double> out;
    for (std::size_t j = 0; j < index.size(); ++j) out[g.to_string(index[j])] = value[j];
    CHECK(out.size() == index.size());  // distinct
    return out;
}

// Slow reference: every window of l letters, every k-subset of its positions (recursion), the
// letters at the subset with '.' elsewhere; skipped when a chosen letter is not A/C/G/T.
void subsets(const std::string& window, std::size_t at, int left, std::string& key,
             std::map<std::string, double>& counts) {
    if (left == 0) {
        ++counts[key];
        return;
    }
    for (std::size_t j = at; j + static_cast<std::size_t>(left) <= window.size(); ++j) {
        if (std::string("ACGT").find(window[j]) == std::string::npos) continue;
        key[j] = window[j];
        subsets(window, j + 1, left - 1, key, counts);
        key[j] = '.';
    }
}

std::map<std::string, double> reference(const std::string& seq, int l, int k) {
    std::map<std::string, double> counts;
    for (std::size_t i = 0; i + static_cast<std::size_t>(l) <= seq.size(); ++i) {
        std::string key(static_cast<std::size_t>(l), '.');
        subsets(seq.substr(i, static_cast<std::size_t>(l)), 0, k, key, counts);
    }
    double norm = 0.0;
    for (const auto& [key, c] : counts) norm += c * c;
    for (auto& [key, c] : counts) c /= std::sqrt(norm);
    return counts;
}

// Window by window, every pattern (k-subsets of 0..l-1 in order of their bit mask) in turn: the
// feature ids in order of first occurrence and their counts, L2-normalized as GappedKmers does
// (count to float, then times 1 / sqrt(sum of counts squared) in double).
void in_window_order(const std::string& seq, int l, int k, std::vector<std::uint32_t>& index,
                     std::vector<float>& value) {
    std::map<std::uint32_t, std::uint32_t> counts;
    index.clear();
    std::vector<std::uint32_t> masks;
    for (std::uint32_t mask = 0; mask < (1u << l); ++mask)
        if (__builtin_popcount(mask) == k) masks.push_back(mask);
    for (std::size_t i = 0; i + static_cast<std::size_t>(l) <= seq.size(); ++i) {
        for (std::uint32_t pattern = 0; pattern < masks.size(); ++pattern) {
            std::uint32_t code = 0;
            int j = 0;
            bool n = false;
            for (int o = 0; o < l; ++o) {
                if (!(masks[pattern] >> o & 1u)) continue;
                const auto c = std::string("ACGT").find(seq[i + static_cast<std::size_t>(o)]);
                n = n || c == std::string::npos;
                code |= static_cast<std::uint32_t>(c & 3u) << (2 * j++);
            }
            if (n) continue;
            const std::uint32_t id = pattern << (2 * k) | code;
            if (counts[id]++ == 0) index.push_back(id);
        }
    }
    double norm = 0.0;
    for (auto id : index) norm += static_cast<double>(counts[id]) * counts[id];
    const double inv = 1.0 / std::sqrt(norm);
    value.clear();
    for (auto id : index) {
        const auto count = static_cast<float>(counts[id]);
        value.push_back(static_cast<float>(static_cast<double>(count) * inv));
    }
}

}  // namespace

TEST_CASE("gapped k-mers: hand-computed small cases", "[model]") {
    const GappedKmers g(3, 2);
    CHECK(g.patterns() == 3);
    CHECK(g.features() == 3 * 16);
    // ACG and CGT, each with the patterns {0,1}, {0,2}, {1,2}: six distinct features, count 1.
    const auto f = by_string(g, "ACGT");
    const double v = 1.0 / std::sqrt(6.0);
    const std::map<std::string, double> expected = {{"AC.", v}, {"A.G", v}, {".CG", v},
                                                    {"CG.", v}, {"C.T", v}, {".GT", v}};
    REQUIRE(f.size() == expected.size());
    for (const auto& [key, value] : expected) CHECK(f.at(key) == Approx(value).epsilon(1e-7));
    // A repeat counts: AAAA has windows AAA, AAA -> AA. twice, A.A twice, .AA twice.
    const auto r = by_string(g, "AAAA");
    REQUIRE(r.size() == 3);
    CHECK(r.at("A.A") == Approx(2.0 / std::sqrt(12.0)));
    // N is never a base: ACNGT keeps AC. (window ACN), C.G (CNG) and .GT (NGT) only.
    const auto n = by_string(g, "ACNGT");
    REQUIRE(n.size() == 3);
    CHECK(n.count("AC.") == 1);
    CHECK(n.count("C.G") == 1);
    CHECK(n.count(".GT") == 1);
    // Shorter than l: no features.
    CHECK(by_string(g, "AC").empty());
    CHECK(by_string(g, "NNNN").empty());
}

TEST_CASE("gapped k-mers equal a slow string re-implementation", "[model]") {
    motiftok::Rng rng(5);
    for (const auto& [l, k] :
         std::vector<std::pair<int, int>>{{1, 1}, {4, 2}, {6, 3}, {8, 5}, {7, 7}}) {
        const GappedKmers g(l, k);
        for (int rep = 0; rep < 3; ++rep) {
            std::string seq(20 + rng.uniform(40), 'A');
            for (auto& c : seq) c = "ACGTACGTACGTN"[rng.uniform(13)];  // ~8% N
            INFO("l " << l << ", k " << k << ", " << seq);
            const auto got = by_string(g, seq);
            const auto want = reference(seq, l, k);
            REQUIRE(got.size() == want.size());
            for (const auto& [key, value] : want) {
                INFO(key);
                REQUIRE(got.count(key) == 1);
                CHECK(got.at(key) == Approx(value).epsilon(1e-7));
            }
        }
    }
}

TEST_CASE("gapped k-mers: ids, order and values exactly those of a window-by-window pass",
          "[model]") {
    // Long enough for several of features()'s window blocks, with runs of N.
    motiftok::Rng rng(11);
    for (const auto& [l, k] :
         std::vector<std::pair<int, int>>{{1, 1}, {3, 2}, {8, 5}, {10, 6}, {12, 4}}) {
        const GappedKmers g(l, k);
        for (int rep = 0; rep < 3; ++rep) {
            std::string seq(1 + rng.uniform(900), 'A');
            for (auto& c : seq) c = "ACGTACGTACGTACGTN"[rng.uniform(17)];
            if (rep == 2)
                seq.replace(seq.size() / 2, std::min<std::size_t>(seq.size() / 2, 30), 30, 'N');
            INFO("l " << l << ", k " << k << ", " << seq.size() << " bases");
            std::vector<std::uint32_t> index, want_index;
            std::vector<float> value, want_value;
            g.features(codes(seq), index, value);
            in_window_order(seq, l, k, want_index, want_value);
            CHECK(index == want_index);
            CHECK(value == want_value);  // bit for bit
        }
    }
}

TEST_CASE("gapped k-mers: max_entries bounds every sequence's entries, and is reached", "[model]") {
    motiftok::Rng rng(9);
    for (const auto& [l, k] : std::vector<std::pair<int, int>>{{1, 1}, {4, 2}, {8, 5}}) {
        const GappedKmers g(l, k);
        const auto L = static_cast<std::size_t>(l);
        CHECK(g.max_entries(0) == 0);
        CHECK(g.max_entries(L - 1) == 0);         // no window
        CHECK(g.max_entries(L) == g.patterns());  // one window: one entry per pattern
        CHECK(g.max_entries(100000) == g.features());
        for (const std::size_t n : {L - 1, L, L + 3, std::size_t{60}, std::size_t{400}}) {
            std::string seq(n, 'A');
            for (auto& c : seq) c = "ACGT"[rng.uniform(4)];
            std::vector<std::uint32_t> index;
            std::vector<float> value;
            g.features(codes(seq), index, value);
            INFO("l " << l << ", k " << k << ", " << n << " bases");
            CHECK(index.size() <= g.max_entries(n));
            CHECK(g.max_entries(n) ==
                  std::min((n >= L ? n - L + 1 : 0) * g.patterns(), g.features()));
            if (n == L) CHECK(index.size() == g.max_entries(n));  // distinct patterns: reached
        }
    }
}

TEST_CASE("gapped k-mers: bad l, k and feature numbers are rejected", "[model]") {
    using motiftok::ConfigError;
    CHECK_THROWS_AS(GappedKmers(0, 1), ConfigError);
    CHECK_THROWS_AS(GappedKmers(4, 5), ConfigError);
    CHECK_THROWS_AS(GappedKmers(17, 3), ConfigError);
    CHECK_THROWS_WITH(GappedKmers(16, 10), Catch::Contains("features"));  // 8008 · 4^10
    CHECK_NOTHROW(GappedKmers(10, 6));                                    // 210 · 4^6
    CHECK_THROWS_AS(GappedKmers(3, 2).to_string(48), ConfigError);
    CHECK(GappedKmers(5, 3).to_string((0u << 6) | (2u << 4) | (1u << 2) | 0u) == "ACG..");
}

TEST_CASE("gkm options (--gkm, --gkm-k) are checked up front, all problems at once", "[model]") {
    motiftok::model::ClassifierOptions o;
    CHECK(o.problems().empty());  // off by default
    o.gkm_length = 8;
    o.gkm_k = 5;
    CHECK(o.problems().empty());
    o.gkm_length = 17;
    o.gkm_k = 0;
    const auto both = o.problems();
    REQUIRE(both.size() == 2);
    CHECK_THAT(both[0], Catch::Contains("`gkm_length` must be"));
    CHECK_THAT(both[1], Catch::Contains("`gkm_k` must be"));
    o.gkm_length = 16;
    o.gkm_k = 10;
    REQUIRE(o.problems().size() == 1);
    CHECK_THAT(o.problems()[0], Catch::Contains("features"));
    // The options survive the model file's JSON.
    o.gkm_length = 9;
    o.gkm_k = 4;
    const auto back = motiftok::model::ClassifierOptions::from_json(o.to_json(), "x");
    CHECK(back.gkm_length == 9);
    CHECK(back.gkm_k == 4);
}
