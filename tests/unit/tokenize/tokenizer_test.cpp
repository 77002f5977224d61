// Tokenizer: the DP against an exhaustive search, N handling, the round-trip invariant, the
// lattice against a naive substring scan, the streaming API against encode().

#include "motiftok/tokenize/tokenizer.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cctype>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "kernels.hpp"
#include "motiftok/error.hpp"
#include "motiftok/random.hpp"
#include "motiftok/vocab/score_decimal.hpp"
#include "test_support.hpp"

using motiftok::tokenize::Span;
using motiftok::tokenize::Tokenizer;

namespace {

struct TestVocab {
    std::vector<std::string> tokens;
    std::vector<double> scores;
};

/// Random vocabulary: the five bases plus `extra` k-mers of length 2..max_len. With
/// `integer_scores` the scores come from a handful of small integers, so exact ties are common;
/// otherwise they are distinct multiples of 1/1024 in [-5, -0.1]. Either way sums are exact and
/// scores have at most 10 decimals, which the tokenizer's rounding keeps (the DP and the brute
/// force then see the same numbers; with inexact sums, paths that are permutations of the same
/// tokens tie only up to rounding, and the DP keeps one prefix where the search sees both).
TestVocab random_vocab(motiftok::Rng& rng, int extra, int max_len, bool integer_scores) {
    TestVocab v;
    std::set<std::string> seen;
    auto score = [&] {
        return integer_scores ? -static_cast<double>(1 + rng.uniform(4))
                              : -static_cast<double>(100 + rng.uniform(5000)) / 1024.0;
    };
    for (const char* b : {"A", "C", "G", "T", "N"}) {
        v.tokens.push_back(b);
        v.scores.push_back(score());
        seen.insert(b);
    }
    while (static_cast<int>(v.tokens.size()) < 5 + extra) {
        const int len = 2 + static_cast<int>(rng.uniform(static_cast<std::uint64_t>(max_len - 1)));
        std::string t;
        for (int i = 0; i < len; ++i) t += "ACGT"[rng.uniform(4)];
        if (!seen.insert(t).second) continue;
        v.tokens.push_back(t);
        v.scores.push_back(score());
    }
    return v;
}

std::string random_seq(motiftok::Rng& rng, std::size_t n, bool with_odd_letters) {
    const char* letters = with_odd_letters ? "ACGTACGTACGTacgtNnRyu" : "ACGT";
    const std::size_t k = with_odd_letters ? 21 : 4;
    std::string s;
    for (std::size_t i = 0; i < n; ++i) s += letters[rng.uniform(k)];
    return s;
}

/// Exhaustive search: every segmentation of `seq` into tokens (N only as "N"), the best total
/// (summed left to right from 0, as the DP does), ties broken toward the longer last token, then
/// recursively toward the longer last token of the rest.
std::vector<std::int32_t> brute_force(const TestVocab& v, const std::string& raw) {
    const std::string seq = motiftok::test::reference_normalize(raw);
    std::map<std::string, std::int32_t> index;
    for (std::size_t i = 0; i < v.tokens.size(); ++i) index[v.tokens[i]] = static_cast<int>(i);
    bool have = false;
    double best_total = 0.0;
    std::vector<std::int32_t> best_path;
    std::vector<std::int32_t> path;
    auto better = [&](double total, const std::vector<std::int32_t>& p) {
        if (!have || total > best_total) return true;
        if (total < best_total) return false;
        // Compare token lengths from the end: longer wins.
        auto a = p.rbegin();
        auto b = best_path.rbegin();
        for (; a != p.rend() && b != best_path.rend(); ++a, ++b) {
            const auto la = v.tokens[static_cast<std::size_t>(*a)].size();
            const auto lb = v.tokens[static_cast<std::size_t>(*b)].size();
            if (la != lb) return la > lb;
        }
        return false;
    };
    std::function<void(std::size_t, double)> rec = [&](std::size_t pos, double total) {
        if (pos == seq.size()) {
            if (better(total, path)) {
                have = true;
                best_total = total;
                best_path = path;
            }
            return;
        }
        for (std::size_t len = 1; pos + len <= seq.size(); ++len) {
            const auto it = index.find(seq.substr(pos, len));
            if (it == index.end()) continue;
            path.push_back(it->second);
            // The tokenizer adds the scores rounded to exact decimals (vocab/score_decimal.hpp).
            rec(pos + len, total + motiftok::vocab::round_score(
                                       v.scores[static_cast<std::size_t>(it->second)]));
            path.pop_back();
        }
    };
    rec(0, 0.0);
    return best_path;
}

std::string concat(const Tokenizer& tok, const std::vector<std::int32_t>& ids) {
    std::string s;
    for (auto id : ids) s += tok.token(id);
    return s;
}

}  // namespace

TEST_CASE("tokenizer: best path equals exhaustive search, with ties", "[tokenize]") {
    for (const auto kernel : motiftok::test::dp_kernels()) {
        const motiftok::test::ForcedKernel forced(kernel);
        INFO("kernel " << motiftok::test::kernel_name(kernel));
        motiftok::Rng rng(42);
        for (int round = 0; round < 300; ++round) {
            const bool integer_scores = round % 2 == 0;
            const TestVocab v = random_vocab(rng, 3 + static_cast<int>(rng.uniform(40)),
                                             round % 3 == 0 ? 8 : 5, integer_scores);
            const Tokenizer tok(v.tokens, v.scores);
            for (int r = 0; r < 5; ++r) {
                const std::string seq = random_seq(rng, 1 + rng.uniform(14), r % 2 == 1);
                INFO("round " << round << " seq " << seq);
                CHECK(tok.encode(seq) == brute_force(v, seq));
            }
        }
    }
}

TEST_CASE("tokenizer: ties go to the longer last token", "[tokenize]") {
    // AC+GT and A+CGT both score -2 (ACGT -2.5): the longer last token, CGT, wins.
    const Tokenizer tok({"A", "C", "G", "T", "N", "AC", "GT", "CGT", "ACGT"},
                        {-1.0, -1.0, -1.0, -1.0, -1.0, -1.0, -1.0, -1.0, -2.5});
    CHECK(tok.encode("ACGT") == std::vector<std::int32_t>{0, 7});  // A + CGT beats AC + GT
    const Tokenizer tok2({"A", "C", "G", "T", "N", "AC", "GT", "CGT", "ACGT"},
                         {-1.0, -1.0, -1.0, -1.0, -1.0, -1.0, -1.0, -1.0, -1.0});
    CHECK(tok2.encode("ACGT") == std::vector<std::int32_t>{8});  // -1 beats -2
    const Tokenizer tok3({"A", "C", "G", "T", "N", "AC", "GT", "CGT", "ACGT"},
                         {-1.0, -1.0, -1.0, -1.0, -1.0, -1.0, -1.0, -1.0, -2.0});
    CHECK(tok3.encode("ACGT") == std::vector<std::int32_t>{8});  // a three-way tie: ACGT
}

TEST_CASE("tokenizer: N and other letters are single N tokens, case is ignored", "[tokenize]") {
    const Tokenizer tok({"A", "C", "G", "T", "N", "ACG", "GTA"}, {-2, -2, -2, -2, -9, -1, -1});
    const auto spans = tok.encode_spans("acgNNrTAx");
    // ACG | N | N | N(r) | T | A | N(x): a token never spans an N.
    const std::vector<std::int32_t> ids = {5, 4, 4, 4, 3, 0, 4};
    REQUIRE(spans.size() == ids.size());
    std::uint64_t pos = 0;
    for (std::size_t i = 0; i < spans.size(); ++i) {
        CHECK(spans[i].id == ids[i]);
        CHECK(spans[i].start == pos);
        pos = spans[i].end;
    }
    CHECK(pos == 9);
    CHECK(tok.encode("UUU") == std::vector<std::int32_t>{3, 3, 3});  // U reads as T
    CHECK(tok.encode("").empty());
}

TEST_CASE("tokenizer: tokens concatenate to the normalized sequence", "[tokenize]") {
    motiftok::Rng rng(7);
    for (int round = 0; round < 50; ++round) {
        const TestVocab v = random_vocab(rng, 200, 12, false);
        const Tokenizer tok(v.tokens, v.scores);
        const std::string seq = random_seq(rng, rng.uniform(5000), round % 3 == 0);
        CHECK(concat(tok, tok.encode(seq)) == motiftok::test::reference_normalize(seq));
    }
}

TEST_CASE("tokenizer: spans, streaming and buffer reuse agree with encode", "[tokenize]") {
    motiftok::Rng rng(11);
    const TestVocab v = random_vocab(rng, 500, 10, false);
    const Tokenizer tok(v.tokens, v.scores);
    std::vector<std::int32_t> reused;
    for (int round = 0; round < 10; ++round) {
        const std::string seq = random_seq(rng, 200000 + rng.uniform(1000), round % 2 == 0);
        const auto ids = tok.encode(seq);
        const auto spans = tok.encode_spans(seq);
        std::vector<Span> streamed;
        std::size_t blocks = 0;
        const double score = tok.encode_stream(seq, [&](const Span* s, std::size_t n) {
            streamed.insert(streamed.end(), s, s + n);
            ++blocks;
        });
        CHECK(blocks == (spans.size() + 65535) / 65536);
        REQUIRE(spans.size() == ids.size());
        REQUIRE(streamed.size() == ids.size());
        double sum = 0.0;
        std::uint64_t pos = 0;
        std::size_t mismatches = 0;  // one CHECK per sequence, not per token (fast under ASan)
        for (std::size_t i = 0; i < ids.size(); ++i) {
            mismatches += spans[i].id != ids[i] || streamed[i].id != ids[i] ||
                          streamed[i].start != spans[i].start || spans[i].start != pos ||
                          spans[i].end - spans[i].start != tok.token(ids[i]).size();
            pos = spans[i].end;
            sum += tok.score(ids[i]);
        }
        CHECK(mismatches == 0);
        CHECK(pos == seq.size());
        CHECK(score == Approx(sum).epsilon(1e-9));
        CHECK(tok.encode(seq, reused) == score);
        CHECK(reused == ids);
    }
}

TEST_CASE("tokenizer: lattice equals a naive substring scan", "[tokenize]") {
    motiftok::Rng rng(3);
    for (int round = 0; round < 20; ++round) {
        const TestVocab v = random_vocab(rng, 60, 6, false);
        const Tokenizer tok(v.tokens, v.scores);
        std::map<std::string, std::int32_t> index;
        for (std::size_t i = 0; i < v.tokens.size(); ++i) index[v.tokens[i]] = static_cast<int>(i);
        const std::string seq = random_seq(rng, 300, round % 2 == 0);
        const std::string norm = motiftok::test::reference_normalize(seq);
        std::vector<Span> naive;
        for (std::size_t s = 0; s < norm.size(); ++s) {
            for (std::size_t len = 1; s + len <= norm.size() && len <= 6; ++len) {
                const std::string sub = norm.substr(s, len);
                if (len > 1 && sub.find('N') != std::string::npos) break;
                const auto it = index.find(sub);
                if (it != index.end()) naive.push_back(Span{s, s + len, it->second});
            }
        }
        const auto lat = tok.lattice(seq);
        REQUIRE(lat.size() == naive.size());
        for (std::size_t i = 0; i < lat.size(); ++i) {
            CHECK(lat[i].start == naive[i].start);
            CHECK(lat[i].end == naive[i].end);
            CHECK(lat[i].id == naive[i].id);
        }
    }
}

TEST_CASE("tokenizer: fail_ on invalid token sets", "[tokenize]") {
    using motiftok::ConfigError;
    auto msg = [](const std::vector<std::string>& t, const std::vector<double>& s) {
        try {
            Tokenizer tok(t, s);
        } catch (const ConfigError& e) {
            return std::string(e.what());
        }
        return std::string("no error");
    };
    CHECK_THAT(msg({"A", "C", "G", "N"}, {0, 0, 0, 0}), Catch::Contains("'T' is missing"));
    CHECK_THAT(msg({"A", "C", "G", "T", "N", "AC", "AC"}, {0, 0, 0, 0, 0, 0, 0}),
               Catch::Contains("token 6 ('AC') appears twice"));
    CHECK_THAT(msg({"A", "C", "G", "T", "N", "ANA"}, {0, 0, 0, 0, 0, 0}),
               Catch::Contains("contains 'N'"));
    CHECK_THAT(msg({"A", "C", "G", "T", "N"}, {0, 0, 0, 0, 1.0 / 0.0}),
               Catch::Contains("not finite"));
    CHECK_THAT(msg({"A", "C", "G", "T", "N"}, {0, 0}), Catch::Contains("5 tokens but 2 scores"));
}
