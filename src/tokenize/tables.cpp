// Impl::build: check the tokens, fill the tries, then the lookup tables the DP and the backtrace
// read (direct suffix table, long-token filter, short and long id tables, single-base ids).

#include <algorithm>
#include <cmath>
#include <limits>
#include <unordered_set>

#include "motiftok/error.hpp"
#include "motiftok/kmer/encode.hpp"
#include "motiftok/vocab/score_decimal.hpp"
#include "tokenizer_impl.hpp"

namespace motiftok::tokenize {

using namespace detail;

namespace {

/// (byte >> 1) & 3 of each letter of `t`, the first in the lowest bits (see packed_bases).
std::uint64_t packed_code(const std::string& t) {
    std::uint64_t code = 0;
    for (std::size_t j = 0; j < t.size(); ++j) {
        code |=
            std::uint64_t{(static_cast<std::uint32_t>(static_cast<unsigned char>(t[j])) >> 1) & 3u}
            << (2 * j);
    }
    return code;
}

std::string token_label(std::size_t i, const std::string& token) {
    return "tokenizer: token " + std::to_string(i) + " ('" + token + "')";
}

}  // namespace

void Tokenizer::Impl::build(const std::vector<std::string>& toks,
                            const std::vector<double>& raw_scores) {
    if (toks.size() != raw_scores.size()) {
        throw ConfigError("tokenizer: " + std::to_string(toks.size()) + " tokens but " +
                          std::to_string(raw_scores.size()) + " scores");
    }
    // The exact decimals the HF export writes (vocab/score_decimal.hpp), so both add these doubles.
    std::vector<double> sc(raw_scores.size());
    for (std::size_t i = 0; i < toks.size(); ++i) {
        if (!std::isfinite(raw_scores[i])) {
            throw ConfigError(token_label(i, toks[i]) + ": score is not finite");
        }
        if (std::fabs(raw_scores[i]) >= vocab::kMaxAbsScore) {
            throw ConfigError(token_label(i, toks[i]) + ": |score| must be below 1e15");
        }
        sc[i] = vocab::round_score(raw_scores[i]);
    }
    add_tokens(toks, sc);
    kernel = chosen_kernel();
    tokens = toks;
    scores = sc;
    build_direct();
    build_filter();
    build_short_ids();
    build_long_ids();
    build_base_ids();
}

// Checks every token and adds it to both tries; N is the token "N" alone, outside the tries.
void Tokenizer::Impl::add_tokens(const std::vector<std::string>& toks,
                                 const std::vector<double>& sc) {
    std::unordered_set<std::string> seen;
    for (std::size_t i = 0; i < toks.size(); ++i) {
        const std::string& t = toks[i];
        const std::string label = token_label(i, t);
        if (t.empty()) throw ConfigError(label + " is empty");
        if (t.size() > kMaxTokenLength) {
            throw ConfigError(label + " is longer than " + std::to_string(kMaxTokenLength) +
                              " bases");
        }
        if (!seen.insert(t).second) throw ConfigError(label + " appears twice");
        if (t == "N") {
            n_id = static_cast<std::int32_t>(i);
            n_score = sc[i];
            continue;
        }
        for (char c : t) {
            if (c != 'A' && c != 'C' && c != 'G' && c != 'T') {
                throw ConfigError(label + " contains '" + std::string(1, c) +
                                  "'; tokens use A, C, G, T (N only alone)");
            }
        }
        insert(nodes, t, false, static_cast<std::int32_t>(i), sc[i]);
        insert(rnodes, t, true, static_cast<std::int32_t>(i), sc[i]);
        max_len = std::max(max_len, t.size());
    }
    for (const char* base : {"A", "C", "G", "T", "N"}) {
        if (seen.count(base) == 0) {
            throw ConfigError(std::string("tokenizer: the single-base token '") + base +
                              "' is missing; every base must be a token");
        }
    }
    max_len = std::max<std::size_t>(max_len, 1);
}

void Tokenizer::Impl::build_direct() {
    direct.assign(std::size_t{1} << (2 * kDirect), Direct{});
    for (std::uint32_t x = 0; x <= kDirectMask; ++x) {
        Direct& d = direct[x];
        // Fixed slots, longest first (the DP takes a later item only if strictly better), -inf
        // where the suffix is no token: the DP runs a fixed, branch-free reduction with constant
        // lengths whose last item is the single base (the critical path from best[i - 1]).
        for (std::size_t k = 0; k < kDirect; ++k) {
            d.score[k] = -std::numeric_limits<double>::infinity();
        }
        std::int32_t node = 0;
        for (std::size_t depth = 1; depth <= kDirect; ++depth) {
            // The most recent base is in the lowest bits: walk the reversed trie backwards.
            const std::uint32_t b = (x >> (2 * (depth - 1))) & 3u;
            node = rnodes[static_cast<std::size_t>(node)].child[b];
            if (node == 0) break;
            if (rnodes[static_cast<std::size_t>(node)].id >= 0) {
                d.score[kDirect - depth] = rnodes[static_cast<std::size_t>(node)].score;
            }
        }
        d.node = node;
    }
}

void Tokenizer::Impl::build_filter() {
    long_filter.assign((std::size_t{1} << (2 * kFilter)) / 64, 0);
    for (const std::string& t : tokens) {
        if (t.size() <= kDirect || t == "N") continue;
        const std::size_t k = std::min(t.size(), kFilter);
        std::uint32_t suffix = 0;  // the last k bases, the last one in the lowest bits
        for (std::size_t j = 0; j < k; ++j) {
            suffix |= std::uint32_t{kmer::kNt4[static_cast<unsigned char>(t[t.size() - 1 - j])]}
                      << (2 * j);
        }
        for (std::uint32_t ext = 0; ext < (1u << (2 * (kFilter - k))); ++ext) {
            const std::uint32_t x = suffix | (ext << (2 * k));
            long_filter[x >> 6] |= std::uint64_t{1} << (x & 63);
        }
    }
}

// short_ids (2-bit codes of kmer::kNt4, for lookup()) and packed_ids (for the backtrace).
void Tokenizer::Impl::build_short_ids() {
    short_ids.assign(std::size_t{1} << (2 * kShortId + 2), -1);
    packed_ids.assign(std::size_t{1} << (2 * kShortId + 2), -1);
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        const std::string& t = tokens[i];
        if (t.size() > kShortId || t == "N") continue;
        std::uint32_t code = 1;
        for (char c : t) code = (code << 2) | kmer::kNt4[static_cast<unsigned char>(c)];
        short_ids[code] = static_cast<std::int32_t>(i);
        const auto packed = static_cast<std::uint32_t>(packed_code(t));
        packed_ids[(std::uint32_t{1} << (2 * t.size())) | packed] = static_cast<std::int32_t>(i);
    }
}

// At least four slots per token of kShortId + 1 to kLongId bases, so that lookups stay short.
void Tokenizer::Impl::build_long_ids() {
    std::size_t n_long = 0;
    for (const std::string& t : tokens) n_long += (t.size() > kShortId && t.size() <= kLongId);
    long_ids = kmer::detail::KmerTable<std::int32_t>(1, 2 * n_long);
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        const std::string& t = tokens[i];
        if (t.size() <= kShortId || t.size() > kLongId) continue;
        *long_ids.insert((std::uint64_t{t.size()} << 32) | packed_code(t)) =
            static_cast<std::int32_t>(i);
    }
}

void Tokenizer::Impl::build_base_ids() {
    for (int c = 0; c < 256; ++c) {
        const std::uint8_t b = kmer::kNt4[c];
        base_ids[c] = b > 3 ? n_id : short_ids[4u | b];
    }
}

}  // namespace motiftok::tokenize
