#include "motiftok/tokenize/tokenizer.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstring>
#include <limits>
#include <type_traits>
#include <unordered_set>

#if (defined(__x86_64__) || defined(_M_X64)) && defined(__GNUC__)
#define MOTIFTOK_X86_KERNELS 1
#include <immintrin.h>
#else
#define MOTIFTOK_X86_KERNELS 0
#endif

#include "motiftok/error.hpp"
#include "motiftok/kmer/encode.hpp"
#include "motiftok/tokenize/kernel.hpp"
#include "motiftok/vocab/score_decimal.hpp"
#include "motiftok/vocab/vocabulary.hpp"

namespace motiftok::tokenize {

bool kernel_available(Kernel kernel) {
    if (kernel == Kernel::kPortable) return true;
#if MOTIFTOK_X86_KERNELS
    return __builtin_cpu_supports("avx2");
#else
    return false;
#endif
}

namespace {

/// Positions of the score ring: more than the longest token, a power of two.
constexpr std::size_t kRing = 128;
constexpr std::size_t kBlock = 65536;
/// Work buffers above this size are released after use, so a chromosome does not pin memory.
constexpr std::size_t kKeepBuffer = std::size_t{64} << 20;

/// A node of the flat 4-ary trie; child 0 means none (the root is never a child).
struct Node {
    std::int32_t child[4] = {0, 0, 0, 0};
    std::int32_t id = -1;
    double score = 0.0;
};

/// The last kDirect bases before a position index a table that lists the tokens among their
/// suffixes (longest first) and the node of the reversed trie reached after kDirect bases: most
/// of the walk becomes a scan of a short contiguous list instead of a chain of dependent loads.
constexpr std::size_t kDirect = 5;
constexpr std::uint32_t kDirectMask = (1u << (2 * kDirect)) - 1;

struct Direct {
    double score[kDirect];  ///< score[k]: the suffix of kDirect - k bases; -inf if no token
    std::int32_t node = 0;  ///< reversed-trie node after kDirect bases, 0 if the path ends earlier
};

/// Tokens up to this length are looked up in a direct table after the DP.
constexpr std::size_t kShortId = 7;

/// The bases coded in Impl::long_filter (a 4^kFilter-bit set, 8 KiB).
constexpr std::size_t kFilter = 8;
constexpr std::uint32_t kFilterMask = (1u << (2 * kFilter)) - 1;

/// The 2-bit codes ((byte >> 1) & 3) of the 8 bytes at `p`, the first in the lowest bits.
inline std::uint32_t packed_bases(const char* p) {
    std::uint64_t x;
    std::memcpy(&x, p, sizeof x);
    x = (x >> 1) & 0x0303030303030303ull;  // little-endian: byte k in bits 8k..8k+1
    x = (x | (x >> 6)) & 0x000F000F000F000Full;
    x = (x | (x >> 12)) & 0x000000FF000000FFull;
    x = (x | (x >> 24)) & 0xFFFFull;
    return static_cast<std::uint32_t>(x);
}

/// A candidate of the DP: score of the best path through it, and its last token's length.
struct Cand {
    double value;
    std::size_t len;
};

/// Of two candidates where `a` has the longer last token, `b` wins only if strictly better
/// (associative, so the DP can reduce in a tree and keep "longest among the maxima").
inline Cand first_max(const Cand& a, const Cand& b) {
    const bool take = b.value > a.value;
    // The length by mask arithmetic: a select of two constants would become a branch.
    const std::size_t m = std::size_t{0} - static_cast<std::size_t>(take);
    return Cand{take ? b.value : a.value, (a.len & ~m) | (b.len & m)};
}

#if MOTIFTOK_X86_KERNELS
/// The AVX2 reduction of the DP's direct candidates. The scores of the four bases before the
/// current one stay in a register (`window`: a wide load of scores stored one by one in the
/// last iterations would wait for the stores to reach the cache). Every function runs inside
/// forward_avx2 (flattened), so nothing here crosses a call boundary.
struct Avx2Direct {
    __m256d window;  ///< best[i - 5 .. i - 2] at the start of iteration i

    __attribute__((target("avx2"))) Avx2Direct()
        : window(_mm256_set1_pd(-std::numeric_limits<double>::infinity())) {}

    /// End of iteration i: best[i - 1] joins the window for iteration i + 1.
    __attribute__((target("avx2"))) void push(double prev) {
        const __m256d shifted = _mm256_permute4x64_pd(window, 0x39);  // lanes 1, 2, 3, 0
        window = _mm256_blend_pd(shifted, _mm256_set1_pd(prev), 0x8);
    }

    /// The four candidates of kDirect..2 bases (`score[k] + best`, the same additions as the
    /// scalar tree) in one vector, their maximum and the longest lane reaching it; then the
    /// long-token candidate (`best`, `blen`: longer, so it wins ties) and the single base
    /// (`score[4] + prev`: only if strictly better).
    __attribute__((target("avx2"))) Cand reduce(const double* score, double prev, double best,
                                                std::size_t blen) const {
        const __m256d v = _mm256_add_pd(_mm256_loadu_pd(score), window);
        const __m128d half = _mm_max_pd(_mm256_castpd256_pd128(v), _mm256_extractf128_pd(v, 1));
        const __m128d top = _mm_max_sd(half, _mm_unpackhi_pd(half, half));
        const auto eq = static_cast<unsigned>(
            _mm256_movemask_pd(_mm256_cmp_pd(v, _mm256_broadcastsd_pd(top), _CMP_EQ_OQ)));
        const std::size_t vlen = kDirect - static_cast<std::size_t>(__builtin_ctz(eq));
        // The choices of first_max as plain selects: the compiler skips the lane length when a
        // long token wins (rare) and picks the single base by a conditional move.
        const double vmax = _mm_cvtsd_f64(top);
        const bool lanes = vmax > best;
        const double y = lanes ? vmax : best;
        std::size_t len = lanes ? vlen : blen;
        const double single = score[kDirect - 1] + prev;
        const bool one = single > y;
        return Cand{one ? single : y, one ? 1 : len};
    }
};
#else
struct Avx2Direct;  // no AVX2 kernel in this build
#endif

/// The portable kernel keeps no window (the scalar tree reads the score history).
struct NoWindow {
    void push(double) {}
};

/// The kernel forced by force_kernel(), or -1 for the fastest available.
std::atomic<int> g_forced_kernel{-1};

Kernel chosen_kernel() {
    const int forced = g_forced_kernel.load();
    if (forced >= 0) return static_cast<Kernel>(forced);
    return kernel_available(Kernel::kAvx2) ? Kernel::kAvx2 : Kernel::kPortable;
}

/// Adds `token` (reversed if asked) to a flat trie.
void insert(std::vector<Node>& trie, const std::string& token, bool reversed, std::int32_t id,
            double score) {
    std::int32_t node = 0;
    for (std::size_t k = 0; k < token.size(); ++k) {
        const char c = token[reversed ? token.size() - 1 - k : k];
        const std::uint8_t b = kmer::kNt4[static_cast<unsigned char>(c)];
        if (trie[static_cast<std::size_t>(node)].child[b] == 0) {
            trie[static_cast<std::size_t>(node)].child[b] = static_cast<std::int32_t>(trie.size());
            trie.emplace_back();
        }
        node = trie[static_cast<std::size_t>(node)].child[b];
    }
    trie[static_cast<std::size_t>(node)].id = id;
    trie[static_cast<std::size_t>(node)].score = score;
}

}  // namespace

struct Tokenizer::Impl {
    std::vector<Node> nodes{Node{}};   ///< tokens, for lookup() and lattice()
    std::vector<Node> rnodes{Node{}};  ///< reversed tokens, for the best-path DP
    std::vector<std::string> tokens;
    std::vector<double> scores;
    std::int32_t n_id = -1;
    double n_score = 0.0;
    std::size_t max_len = 0;
    std::vector<Direct> direct;
    /// Bit x is set if a token longer than kDirect can end in the kFilter bases coded x: the
    /// reversed-trie walk for long tokens runs only there.
    std::vector<std::uint64_t> long_filter;
    /// Ids of the tokens of up to kShortId bases, at (1 << 2 * length) | 2-bit code (-1: none).
    std::vector<std::int32_t> short_ids;
    /// The same ids at (1 << 2 * length) | packed, where a base's 2 bits are (byte >> 1) & 3
    /// (A 0, C 1, T/U 2, G 3 in either case) and the first base is in the lowest bits: eight
    /// bases are packed from one 8-byte load (see packed_bases).
    std::vector<std::int32_t> packed_ids;
    /// Tokens of kShortId + 1 to 16 bases: open addressing on (length << 32) | packed code.
    std::vector<std::uint64_t> long_keys;  ///< kNoKey where empty
    std::vector<std::int32_t> long_ids;
    int long_bits = 0;
    std::int32_t find_long(std::uint64_t key) const {
        std::size_t h = static_cast<std::size_t>((key * 0x9E3779B97F4A7C15ull) >> (64 - long_bits));
        const std::size_t mask = long_keys.size() - 1;
        for (;; h = (h + 1) & mask) {
            if (long_keys[h] == key) return long_ids[h];
            if (long_keys[h] == ~std::uint64_t{0}) return -1;
        }
    }
    /// Id of the single-base token of each byte (N for anything but ACGTU in either case).
    std::int32_t base_ids[256];

    void build(const std::vector<std::string>& toks, const std::vector<double>& sc);
    void build_direct();
    void build_filter();
    /// The DP kernel this tokenizer runs (see kernel.hpp).
    Kernel kernel = Kernel::kPortable;
    double forward(std::string_view seq, std::uint8_t* back) const;
    template <bool Avx2>
    double forward_kernel(std::string_view seq, std::uint8_t* back) const;
    double forward_portable(std::string_view seq, std::uint8_t* back) const;
#if MOTIFTOK_X86_KERNELS
    double forward_avx2(std::string_view seq, std::uint8_t* back) const;
#endif
    std::int32_t lookup(std::string_view seq, std::size_t start, std::size_t len) const;
    double run(std::string_view seq, const SpanSink& sink) const;
};

void Tokenizer::Impl::build(const std::vector<std::string>& toks,
                            const std::vector<double>& raw_scores) {
    if (toks.size() != raw_scores.size()) {
        throw ConfigError("tokenizer: " + std::to_string(toks.size()) + " tokens but " +
                          std::to_string(raw_scores.size()) + " scores");
    }
    // The exact decimals the HF export writes (vocab/score_decimal.hpp), so both add these doubles.
    std::vector<double> sc(raw_scores.size());
    std::unordered_set<std::string> seen;
    for (std::size_t i = 0; i < toks.size(); ++i) {
        const std::string& t = toks[i];
        const std::string label = "tokenizer: token " + std::to_string(i) + " ('" + t + "')";
        if (t.empty()) throw ConfigError(label + " is empty");
        if (t.size() > kMaxTokenLength) {
            throw ConfigError(label + " is longer than " + std::to_string(kMaxTokenLength) +
                              " bases");
        }
        if (!std::isfinite(raw_scores[i])) throw ConfigError(label + ": score is not finite");
        if (std::fabs(raw_scores[i]) >= vocab::kMaxAbsScore) {
            throw ConfigError(label + ": |score| must be below 1e15");
        }
        sc[i] = vocab::round_score(raw_scores[i]);
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
    kernel = chosen_kernel();
    tokens = toks;
    scores = sc;
    build_direct();
    build_filter();
    short_ids.assign(std::size_t{1} << (2 * kShortId + 2), -1);
    packed_ids.assign(std::size_t{1} << (2 * kShortId + 2), -1);
    for (std::size_t i = 0; i < toks.size(); ++i) {
        const std::string& t = toks[i];
        if (t.size() > kShortId || t == "N") continue;
        std::uint32_t code = 1;
        for (char c : t) code = (code << 2) | kmer::kNt4[static_cast<unsigned char>(c)];
        short_ids[code] = static_cast<std::int32_t>(i);
        std::uint32_t packed = 0;
        for (std::size_t j = 0; j < t.size(); ++j) {
            packed |= ((static_cast<std::uint32_t>(static_cast<unsigned char>(t[j])) >> 1) & 3u)
                      << (2 * j);
        }
        packed_ids[(std::uint32_t{1} << (2 * t.size())) | packed] = static_cast<std::int32_t>(i);
    }
    long_bits = 6;
    std::size_t n_long = 0;
    for (const std::string& t : toks) n_long += (t.size() > kShortId && t.size() <= 16);
    while ((std::size_t{1} << long_bits) < 4 * n_long) ++long_bits;
    long_keys.assign(std::size_t{1} << long_bits, ~std::uint64_t{0});
    long_ids.assign(long_keys.size(), -1);
    for (std::size_t i = 0; i < toks.size(); ++i) {
        const std::string& t = toks[i];
        if (t.size() <= kShortId || t.size() > 16) continue;
        std::uint64_t key = std::uint64_t{t.size()} << 32;
        for (std::size_t j = 0; j < t.size(); ++j) {
            key |=
                std::uint64_t{(static_cast<std::uint32_t>(static_cast<unsigned char>(t[j])) >> 1) &
                              3u}
                << (2 * j);
        }
        std::size_t h = static_cast<std::size_t>((key * 0x9E3779B97F4A7C15ull) >> (64 - long_bits));
        while (long_keys[h] != ~std::uint64_t{0}) h = (h + 1) & (long_keys.size() - 1);
        long_keys[h] = key;
        long_ids[h] = static_cast<std::int32_t>(i);
    }
    for (int c = 0; c < 256; ++c) {
        const std::uint8_t b = kmer::kNt4[c];
        base_ids[c] = b > 3 ? n_id : short_ids[4u | b];
    }
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

// The best-path DP: best[i] = max over tokens t ending at i of best[i - |t|] + s(t), the
// candidate computed as HuggingFace's Unigram Viterbi computes it (one double addition). HF pushes
// candidates forward from each start in increasing order and keeps the first maximum, i.e. among
// equal scores the earliest start, the longest last token; here candidates are pulled, and the
// same choice is made explicitly: the longest token among those reaching the maximum. Only the
// last kRing scores are kept; back[i - 1] is the length of the best last token ending at i.
// `Avx2` chooses how the candidates of the direct table are reduced (same result either way).
template <bool Avx2>
double Tokenizer::Impl::forward_kernel(std::string_view seq, std::uint8_t* back) const {
    constexpr double kUnset = -std::numeric_limits<double>::infinity();
    // hist[t] is the best score up to i; hist[t - k] up to i - k for k < kRing. When t reaches
    // the end, the last kRing scores move to the front (no index masking in the inner loop).
    constexpr std::size_t kHist = 4096;
    double hist[kHist];
    // Only the kDirect - 1 scores before the start can be read (by masked slots).
    std::fill(hist + kRing - kDirect, hist + kRing, kUnset);
    std::size_t t = kRing - 1;
    hist[t] = 0.0;
    const std::size_t n = seq.size();
    const auto* s = reinterpret_cast<const unsigned char*>(seq.data());
    const Node* rt = rnodes.data();
    const std::uint64_t* filter = long_filter.data();
    double prev = 0.0;       // best path score up to i - 1 (ring[i - 1], kept in a register)
    std::uint32_t code = 0;  // 2-bit packed bases [i - kFilter, i), the last in the lowest bits
    std::size_t valid = 0;   // ACGT bases in a row ending at i - 1
    std::conditional_t<Avx2, Avx2Direct, NoWindow> window;
    for (std::size_t i = 1; i <= n; ++i) {
        const std::uint8_t c = kmer::kNt4[s[i - 1]];
        valid = c > 3 ? 0 : valid + 1;
        code = ((code << 2) | (c & 3u)) & kFilterMask;
        double best = kUnset;
        std::size_t blen = 0;
        if (c > 3) {
            best = n_score + prev;  // N is only ever the token "N"
            blen = 1;
        } else {
            const bool direct_ok = valid >= kDirect;
            const std::uint32_t dcode = code & kDirectMask;
            std::int32_t node = direct_ok ? direct[dcode].node : 0;
            std::size_t p = direct_ok ? i - kDirect : i;
            // With kFilter valid bases, no long token ends here unless the filter says so.
            if (valid >= kFilter && ((filter[code >> 6] >> (code & 63)) & 1u) == 0) node = 0;
            // Tokens longer than kDirect, shortest first: a later (longer) candidate wins ties.
            // (Near an N or the start there are fewer than kDirect bases: no long token.)
            while (node != 0 && p > 0) {
                const std::uint8_t b = kmer::kNt4[s[p - 1]];
                if (b > 3) break;
                node = rt[node].child[b];
                if (node == 0) break;
                --p;
                if (rt[node].id >= 0) {
                    const double cand = rt[node].score + hist[t - (i - 1 - p)];
                    const bool take = cand >= best;
                    best = take ? cand : best;
                    blen = take ? i - p : blen;
                }
            }
            // Then the short ones, longest first: only a strictly better wins. Slot k holds the
            // suffix of kDirect - k bases; near an N or the start, slots longer than the valid
            // run are masked (their bits of the code are not bases of this run).
            const Direct& d = direct[dcode];
            auto reduce = [&](auto masked) {
                static_assert(kDirect == 5, "the reduction below is written for 5 items");
                Cand x[kDirect];
                for (std::size_t k = 0; k + 1 < kDirect; ++k) {  // length kDirect - k
                    const double v = d.score[k] + hist[t + 1 - kDirect + k];
                    if constexpr (decltype(masked)::value) {
                        x[k] = Cand{kDirect - k <= valid ? v : kUnset, kDirect - k};
                    } else {
                        x[k] = Cand{v, kDirect - k};
                    }
                }
                // The last item is always the single base (every base is a token).
                x[kDirect - 1] = Cand{d.score[kDirect - 1] + prev, 1};
                const Cand r =
                    first_max(first_max(Cand{best, blen},
                                        first_max(first_max(x[0], x[1]), first_max(x[2], x[3]))),
                              x[4]);
                best = r.value;
                blen = r.len;
            };
            if (!direct_ok) {
                reduce(std::true_type{});
            } else if constexpr (Avx2) {
                const Cand r = window.reduce(d.score, prev, best, blen);
                best = r.value;
                blen = r.len;
            } else {
                reduce(std::false_type{});
            }
        }
        if (++t == kHist) {
            std::memcpy(hist, hist + kHist - kRing, kRing * sizeof(double));
            t = kRing;
        }
        hist[t] = best;
        window.push(prev);
        prev = best;
        back[i - 1] = static_cast<std::uint8_t>(blen);
    }
    return hist[t];
}

double Tokenizer::Impl::forward_portable(std::string_view seq, std::uint8_t* back) const {
    return forward_kernel<false>(seq, back);
}

#if MOTIFTOK_X86_KERNELS
// flatten: the kernel and Avx2Direct's functions are inlined here and compiled for AVX2.
__attribute__((target("avx2"), flatten)) double Tokenizer::Impl::forward_avx2(
    std::string_view seq, std::uint8_t* back) const {
    return forward_kernel<true>(seq, back);
}
#endif

double Tokenizer::Impl::forward(std::string_view seq, std::uint8_t* back) const {
#if MOTIFTOK_X86_KERNELS
    if (kernel == Kernel::kAvx2) return forward_avx2(seq, back);
#endif
    return forward_portable(seq, back);
}

std::int32_t Tokenizer::Impl::lookup(std::string_view seq, std::size_t start,
                                     std::size_t len) const {
    if (len <= kShortId) {
        std::uint32_t code = 1;
        for (std::size_t p = start; p < start + len; ++p) {
            const std::uint8_t c = kmer::kNt4[static_cast<unsigned char>(seq[p])];
            if (c > 3) return n_id;  // only the token "N" covers a non-ACGT base
            code = (code << 2) | c;
        }
        return short_ids[code];
    }
    std::int32_t node = 0;
    for (std::size_t p = start; p < start + len; ++p) {
        const std::uint8_t c = kmer::kNt4[static_cast<unsigned char>(seq[p])];
        if (c > 3) return n_id;  // only the token "N" covers a non-ACGT base
        node = nodes[static_cast<std::size_t>(node)].child[c];
    }
    return nodes[static_cast<std::size_t>(node)].id;
}

// Forward DP, backtrace (rewriting back[] so that back[s] is the length of the token starting at
// s: back[s] is never read again once the backtrace has passed s), then one forward walk that
// hands the tokens to `sink` in blocks.
double Tokenizer::Impl::run(std::string_view seq, const SpanSink& sink) const {
    thread_local std::vector<std::uint8_t> back;
    const std::size_t n = seq.size();
    if (n == 0) return 0.0;
    if (back.size() < n) back.resize(n);
    const double best = forward(seq, back.data());
    for (std::size_t e = n; e > 0;) {
        const std::size_t len = back[e - 1];
        e -= len;
        back[e] = static_cast<std::uint8_t>(len);
    }
    // Ids: a token of up to kShortId bases from one 8-byte load and a table (a single base,
    // maybe N, from a byte table), up to 16 from two loads and a hash table; longer ones
    // through the trie.
    // One block buffer per thread, allocated once (a sink that encodes again on the same thread
    // gets its own).
    thread_local std::vector<Span> shared_block;
    thread_local bool block_busy = false;
    std::vector<Span> own_block;
    std::vector<Span>& block_buf = block_busy ? own_block : shared_block;
    if (block_buf.size() < kBlock) block_buf.resize(kBlock);
    struct Busy {
        bool& flag;
        bool was;
        ~Busy() { flag = was; }
    } busy{block_busy, block_busy};
    block_busy = true;
    Span* const block = block_buf.data();
    std::size_t used = 0;
    const char* text = seq.data();
    // The last (up to) 16 bytes again, zero-padded, so 8-byte loads never pass the end.
    const std::size_t tail_start = n >= 16 ? n - 16 : 0;
    char tail[32] = {};
    std::memcpy(tail, text + tail_start, n - tail_start);
    for (std::size_t s = 0; s < n;) {
        const std::size_t len = back[s];
        std::int32_t id;
        if (len <= kShortId) {
            const char* src = s < tail_start ? text + s : tail + (s - tail_start);
            const std::uint32_t mask = (std::uint32_t{1} << (2 * len)) - 1;
            const std::int32_t multi =
                packed_ids[(std::uint32_t{1} << (2 * len)) | (packed_bases(src) & mask)];
            const std::int32_t single = base_ids[static_cast<unsigned char>(text[s])];
            id = len == 1 ? single : multi;
        } else if (len <= 16) {  // a token of more than one base: ACGTU only
            const char* src = s < tail_start ? text + s : tail + (s - tail_start);
            const std::uint64_t code =
                packed_bases(src) | (std::uint64_t{packed_bases(src + 8)} << 16);
            id = find_long((std::uint64_t{len} << 32) |
                           (code & ((std::uint64_t{1} << (2 * len)) - 1)));
        } else {
            id = lookup(seq, s, len);
        }
        block[used++] = Span{s, s + len, id};
        s += len;
        if (used == kBlock) {
            sink(block, used);
            used = 0;
        }
    }
    if (used != 0) sink(block, used);
    if (back.size() > kKeepBuffer) std::vector<std::uint8_t>().swap(back);
    return best;
}

void force_kernel(Kernel kernel) {
    if (!kernel_available(kernel)) {
        throw ConfigError("tokenizer: the AVX2 kernel is not available on this CPU or build");
    }
    g_forced_kernel.store(static_cast<int>(kernel));
}

void reset_kernel() {
    g_forced_kernel.store(-1);
}

Tokenizer::Tokenizer(const vocab::Vocabulary& vocabulary) : impl_(std::make_unique<Impl>()) {
    std::vector<std::string> toks;
    std::vector<double> sc;
    toks.reserve(vocabulary.tokens.size());
    sc.reserve(vocabulary.tokens.size());
    for (const auto& t : vocabulary.tokens) {
        toks.push_back(t.token);
        sc.push_back(t.score);
    }
    impl_->build(toks, sc);
}

Tokenizer::Tokenizer(const std::vector<std::string>& tokens, const std::vector<double>& scores)
    : impl_(std::make_unique<Impl>()) {
    impl_->build(tokens, scores);
}

Tokenizer::~Tokenizer() = default;
Tokenizer::Tokenizer(Tokenizer&&) noexcept = default;
Tokenizer& Tokenizer::operator=(Tokenizer&&) noexcept = default;

std::vector<std::int32_t> Tokenizer::encode(std::string_view seq) const {
    std::vector<std::int32_t> ids;
    encode(seq, ids);
    return ids;
}

double Tokenizer::encode(std::string_view seq, std::vector<std::int32_t>& ids) const {
    ids.clear();
    return impl_->run(seq, [&ids](const Span* spans, std::size_t count) {
        for (std::size_t i = 0; i < count; ++i) ids.push_back(spans[i].id);
    });
}

std::vector<Span> Tokenizer::encode_spans(std::string_view seq) const {
    std::vector<Span> spans;
    encode_spans(seq, spans);
    return spans;
}

double Tokenizer::encode_spans(std::string_view seq, std::vector<Span>& spans) const {
    spans.clear();
    return impl_->run(seq, [&spans](const Span* block, std::size_t count) {
        spans.insert(spans.end(), block, block + count);
    });
}

double Tokenizer::encode_stream(std::string_view seq, const SpanSink& sink) const {
    return impl_->run(seq, sink);
}

std::vector<Span> Tokenizer::lattice(std::string_view seq) const {
    std::vector<Span> out;
    const std::size_t n = seq.size();
    const Node* trie = impl_->nodes.data();
    for (std::size_t j = 0; j < n; ++j) {
        std::uint8_t c = kmer::kNt4[static_cast<unsigned char>(seq[j])];
        if (c > 3) {
            out.push_back(Span{j, j + 1, impl_->n_id});
            continue;
        }
        std::int32_t node = trie[0].child[c];
        for (std::size_t p = j; node != 0;) {
            if (trie[node].id >= 0) out.push_back(Span{j, p + 1, trie[node].id});
            if (++p == n) break;
            c = kmer::kNt4[static_cast<unsigned char>(seq[p])];
            if (c > 3) break;
            node = trie[node].child[c];
        }
    }
    return out;
}

std::size_t Tokenizer::max_token_length() const {
    return impl_->max_len;
}
std::size_t Tokenizer::size() const {
    return impl_->tokens.size();
}
const std::string& Tokenizer::token(std::int32_t id) const {
    return impl_->tokens[static_cast<std::size_t>(id)];
}
double Tokenizer::score(std::int32_t id) const {
    return impl_->scores[static_cast<std::size_t>(id)];
}

}  // namespace motiftok::tokenize
