// Score decimals (docs/formats.md, "Scores: exact decimals"): the text the HF export writes for a
// score has at most 15 significant digits and no exponent, so every JSON reader parses it exactly
// (strtod, and serde_json's fast path: integer mantissa < 2^53 divided by an exact power of ten);
// it reads back to the very double the tokenizer adds; rounding is idempotent and close.

#include "motiftok/vocab/score_decimal.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <vector>

#include "motiftok/error.hpp"
#include "motiftok/export/export.hpp"
#include "motiftok/tokenize/tokenizer.hpp"
#include "motiftok/vocab/vocabulary.hpp"

namespace vb = motiftok::vocab;

namespace {

bool same_bits(double a, double b) {
    return std::memcmp(&a, &b, sizeof a) == 0;
}

/// serde_json's default (not float_roundtrip) reading of "[-]digits.digits": the digits as one
/// u64 significand, then one division by 10^(digits after the point) taken from its table.
double serde_fast_path(const std::string& text) {
    std::uint64_t m = 0;
    int decimals = -1;
    for (char c : text) {
        if (c == '.') {
            decimals = 0;
        } else if (c >= '0' && c <= '9') {
            m = m * 10 + static_cast<std::uint64_t>(c - '0');
            if (decimals >= 0) ++decimals;
        }
    }
    const double f = static_cast<double>(m) / std::pow(10.0, std::max(decimals, 0));
    return text[0] == '-' ? -f : f;
}

/// Significant digits of a plain decimal (leading and trailing zeros do not count).
std::size_t significant_digits(const std::string& text) {
    std::string digits;
    for (char c : text) {
        if (c >= '0' && c <= '9') digits += c;
    }
    const auto first = digits.find_first_not_of('0');
    if (first == std::string::npos) return 0;
    const auto last = digits.find_last_not_of('0');
    return last - first + 1;
}

/// Scores of every magnitude the tokenizer accepts, with every sign, plus hand-picked edges.
std::vector<double> test_scores() {
    std::vector<double> out = {0.0,
                               -0.0,
                               1.0,
                               -1.5,
                               -3.0,
                               1e-13,
                               -4e-13,
                               5e-13,
                               -6e-13,
                               999.9999999999995,
                               -999.9999999999996,
                               1000.0,
                               123456.789,
                               1e14,
                               999999999999999.0,
                               -999999999999999.4,
                               std::nextafter(1e15, 0.0),
                               0.1,
                               -0.7,
                               std::log(0.5),
                               -std::sqrt(2.0)};
    std::mt19937_64 rng(20261201);
    std::uniform_real_distribution<double> exponent(-20.0, 14.99);
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    for (int i = 0; i < 200000; ++i) {
        const double s = std::pow(10.0, exponent(rng)) * (unit(rng) < 0.5 ? -1 : 1);
        if (std::fabs(s) < vb::kMaxAbsScore) out.push_back(s);
    }
    for (int i = 0; i < 100000; ++i) out.push_back(std::log(unit(rng)) * 30.0);  // log-probs
    return out;
}

}  // namespace

TEST_CASE("score decimal: <= 15 digits, read back exactly by strtod and serde's fast path",
          "[vocab][hf]") {
    std::size_t checked = 0;
    for (const double s : test_scores()) {
        const double q = vb::round_score(s);
        const std::string text = vb::score_decimal(s);
        INFO("score " << s << " -> " << text);
        REQUIRE(text.find_first_of("eE") == std::string::npos);
        REQUIRE(text.find('.') != std::string::npos);
        REQUIRE(significant_digits(text) <= 15);
        const std::size_t decimals = text.size() - text.find('.') - 1;
        REQUIRE(decimals <= static_cast<std::size_t>(vb::kScoreDecimals));
        REQUIRE(same_bits(std::strtod(text.c_str(), nullptr), q == 0.0 ? 0.0 : q));
        REQUIRE(serde_fast_path(text) == q);
        REQUIRE(nlohmann::json::parse(text).get<double>() == q);
        // Idempotent (the tokenizer rounds scores that learn already rounded) and close.
        REQUIRE(same_bits(vb::round_score(q), q));
        REQUIRE(vb::score_decimal(q) == text);
        const double tolerance = std::fabs(s) < 1000 ? 0.5e-12 : std::fabs(s) * 5e-15;
        REQUIRE(std::fabs(q - s) <= tolerance * (1 + 1e-9) + std::fabs(s) * 0x1p-52);
        ++checked;
    }
    CHECK(checked > 300000);
    CHECK(vb::score_decimal(-std::sqrt(2.0)) == "-1.414213562373");
    CHECK(vb::score_decimal(1e-13) == "0.0");
    CHECK(vb::score_decimal(-3.0) == "-3.0");
    CHECK(vb::score_decimal(999.9999999999996) == "1000.0");
    CHECK(vb::score_decimal(123456.789012345678) == "123456.789012346");
}

TEST_CASE("score decimal: the tokenizer adds exactly what tokenizer.json says", "[vocab][hf]") {
    vb::Vocabulary v;
    v.strand = motiftok::kmer::Strand::kForward;
    std::mt19937_64 rng(7);
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    for (const char* t : {"A", "C", "G", "T", "N", "AC", "GT", "ACGTACGT", "TTT"}) {
        vb::Token tok;
        tok.token = t;
        tok.score = -1.0 - 9.0 * unit(rng);  // 17-digit doubles, as a hand-written file may hold
        v.add_token(tok);
    }
    v.validate();
    const motiftok::tokenize::Tokenizer tokenizer(v);
    const auto j = nlohmann::json::parse(motiftok::exports::hf_tokenizer_json(v));
    const std::string text = motiftok::exports::hf_tokenizer_json(v);
    for (std::size_t i = 0; i < v.size(); ++i) {
        const std::string decimal = vb::score_decimal(v.tokens()[i].score);
        INFO("token " << v.tokens()[i].token << " score " << v.tokens()[i].score << " -> "
                      << decimal);
        CHECK(text.find("[\"" + v.tokens()[i].token + "\", " + decimal + "]") != std::string::npos);
        CHECK(same_bits(tokenizer.score(static_cast<std::int32_t>(i)),
                        std::strtod(decimal.c_str(), nullptr)));
        CHECK(j["model"]["vocab"][i][1].get<double>() ==
              tokenizer.score(static_cast<std::int32_t>(i)));
        CHECK(tokenizer.score(static_cast<std::int32_t>(i)) != v.tokens()[i].score);  // was rounded
    }
}

TEST_CASE("score decimal: scores of magnitude >= 1e15 are rejected", "[vocab][hf]") {
    std::vector<std::string> tokens = {"A", "C", "G", "T", "N"};
    std::vector<double> scores = {-1, -1, -1, -1e15, -1};
    CHECK_THROWS_AS(motiftok::tokenize::Tokenizer(tokens, scores), motiftok::ConfigError);
    scores[3] = -999999999999999.0;
    CHECK_NOTHROW(motiftok::tokenize::Tokenizer(tokens, scores));
    vb::Vocabulary v;
    v.strand = motiftok::kmer::Strand::kForward;
    for (std::size_t i = 0; i < 5; ++i) {
        vb::Token t;
        t.token = tokens[i];
        t.score = -1;
        v.add_token(t);
    }
    v.edit_token(2, [&](auto& t) { t.score = 2e15; });
    CHECK_THROWS_AS(v.validate(), motiftok::DataError);
}
