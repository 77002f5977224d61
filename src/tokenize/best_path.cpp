// The best-path DP (forward pass), with its two kernels: portable, and AVX2 for the reduction
// of the short-token candidates (same bits; chosen at run time, see kernel.cpp).

#include <algorithm>
#include <limits>
#include <type_traits>

#include "motiftok/kmer/encode.hpp"
#include "tokenizer_impl.hpp"

#if MOTIFTOK_X86_KERNELS  // defined by tokenizer_impl.hpp
#include <immintrin.h>
#endif

namespace motiftok::tokenize {

using namespace detail;

namespace {

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

/// The scalar reduction of the direct candidates (the portable kernel, and the AVX2 kernel
/// near the start of a run, where slots longer than the `valid` bases of the run are masked:
/// their bits of the code are not bases of this run). `lanes[k]` is the suffix of kDirect - k
/// bases, `h[-k]` the best score k positions back (h[0] = best[i - 1]). Tree order: longest
/// first, a later item only if strictly better, the single base last.
template <bool Masked>
inline Cand reduce_scalar(const double* lanes, double single, const double* h, std::size_t valid,
                          double best, std::size_t blen) {
    static_assert(kDirect == 5, "the reduction below is written for 5 items");
    Cand x[kDirect - 1];
    for (std::size_t k = 0; k + 1 < kDirect; ++k) {  // length kDirect - k
        const double v = lanes[k] + h[k + 1 - kDirect];
        if constexpr (Masked) {
            x[k] = Cand{kDirect - k <= valid ? v : -std::numeric_limits<double>::infinity(),
                        kDirect - k};
        } else {
            x[k] = Cand{v, kDirect - k};
        }
    }
    return first_max(
        first_max(Cand{best, blen}, first_max(first_max(x[0], x[1]), first_max(x[2], x[3]))),
        Cand{single + h[0], 1});
}

#if MOTIFTOK_X86_KERNELS
/// The AVX2 reduction of the DP's direct candidates. The scores of the four bases before the
/// current one stay in a register (`window`: a wide load of scores stored one by one in the
/// last iterations would wait for the stores to reach the cache). Every function runs inside
/// forward_avx2 (flattened), so nothing here crosses a call boundary.
struct Avx2Direct {
    // best[i - 5], best[i - 4] (lo) and best[i - 3], best[i - 2] (hi) at the start of
    // iteration i, as two 128-bit halves: moving the window on is two in-lane shuffles (a
    // 256-bit permute would put its latency on the loop-carried chain of every position).
    __m128d lo;
    __m128d hi;

    __attribute__((target("avx2"))) Avx2Direct()
        : lo(_mm_set1_pd(-std::numeric_limits<double>::infinity())), hi(lo) {}

    /// End of iteration i: best[i - 1] joins the window for iteration i + 1.
    __attribute__((target("avx2"))) void push(double prev) {
        lo = _mm_shuffle_pd(lo, hi, 0x1);                 // lo[1], hi[0]
        hi = _mm_shuffle_pd(hi, _mm_set1_pd(prev), 0x1);  // hi[1], prev
    }

    /// The four candidates of kDirect..2 bases (`lanes[k] + best`, the same additions as the
    /// scalar tree): their maximum and the longest lane reaching it.
    __attribute__((target("avx2"))) Cand lanes_max(const double* lanes) const {
        const __m128d vlo = _mm_add_pd(_mm_load_pd(lanes), lo);
        const __m128d vhi = _mm_add_pd(_mm_load_pd(lanes + 2), hi);
        const __m128d half = _mm_max_pd(vlo, vhi);
        const __m128d top = _mm_max_sd(half, _mm_unpackhi_pd(half, half));
        const __m256d v = _mm256_set_m128d(vhi, vlo);
        const auto eq = static_cast<unsigned>(
            _mm256_movemask_pd(_mm256_cmp_pd(v, _mm256_broadcastsd_pd(top), _CMP_EQ_OQ)));
        // (| 0x10: where no lane is a token all are -inf and equal; the single base wins then.)
        return Cand{_mm_cvtsd_f64(top),
                    kDirect - static_cast<std::size_t>(__builtin_ctz(eq | 0x10u))};
    }

    /// The lanes, then the long-token candidate (`best`, `blen`: longer, so it wins ties) and
    /// the single base (`single + prev`: only if strictly better).
    __attribute__((target("avx2"))) Cand reduce(const double* lanes, double single, double prev,
                                                double best, std::size_t blen) const {
        const Cand v = lanes_max(lanes);
        // The choices of first_max as plain selects: the compiler skips the lane length when a
        // long token wins (rare) and picks the single base by a conditional move.
        const bool take = v.value > best;
        const double y = take ? v.value : best;
        std::size_t len = take ? v.len : blen;
        const double one = single + prev;
        const bool wins = one > y;
        return Cand{wins ? one : y, wins ? 1 : len};
    }

    /// reduce() where no long token ends here: the lanes, then the single base only if
    /// strictly better. Whether it wins is data, not a pattern: masks, never a branch.
    __attribute__((target("avx2"))) Cand reduce_short(const double* lanes, double single,
                                                      double prev) const {
        const Cand v = lanes_max(lanes);
        const double one = single + prev;
        // (The value is a maxsd: the shortest chain from best[i - 1] to best[i].)
        const bool wins = one > v.value;
        const std::size_t m = std::size_t{0} - static_cast<std::size_t>(wins);
        return Cand{wins ? one : v.value, (v.len & ~m) | (1 & m)};
    }
};
#else
struct Avx2Direct;  // no AVX2 kernel in this build
#endif

/// The portable kernel keeps no window (the scalar tree reads the score history).
struct NoWindow {
    void push(double) {}
};

/// Positions classified and run through the DP at a time.
constexpr std::size_t kChunk = 1024;
/// A class at or above kSlow needs more than the direct candidates: it carries min(valid, 15)
/// << kValidShift (ACGT bases in a row ending here, 0 at an N) and the direct code.
constexpr std::uint16_t kSlow = 0x8000;
constexpr unsigned kValidShift = 10;

/// The pass before the DP: for each position the direct code of its last kDirect bases, or
/// kSlow | ... where the DP must do more (an N, fewer than kFilter bases in the run, or a long
/// token may end here by the filter). Integer work only, no dependence on the scores.
struct Classifier {
    const std::uint64_t* filter;
    std::uint32_t code = 0;   ///< 2-bit packed bases, the last in the lowest bits
    std::uint32_t valid = 0;  ///< ACGT bases in a row ending at the last base classified

    void run(const unsigned char* s, std::size_t m, std::uint16_t* out) {
        for (std::size_t j = 0; j < m; ++j) {
            const std::uint32_t c = kmer::kNt4[s[j]];
            valid = c > 3 ? 0 : valid + 1;
            code = ((code << 2) | (c & 3u)) & kFilterMask;
            const bool fast = valid >= kFilter && ((filter[code >> 6] >> (code & 63)) & 1u) == 0;
            const auto slow = static_cast<std::uint32_t>(
                kSlow | (std::min<std::uint32_t>(valid, 15) << kValidShift));
            out[j] = static_cast<std::uint16_t>((code & kDirectMask) | (fast ? 0u : slow));
        }
    }
};
}  // namespace

// The best-path DP: best[i] = max over tokens t ending at i of best[i - |t|] + s(t), the
// candidate computed as HuggingFace's Unigram Viterbi computes it (one double addition). HF pushes
// candidates forward from each start in increasing order and keeps the first maximum, i.e. among
// equal scores the earliest start, the longest last token; here candidates are pulled, and the
// same choice is made explicitly: the longest token among those reaching the maximum. Only the
// last kRing scores are kept; back[i - 1] is the length of the best last token ending at i.
// The sequence goes in chunks: a classifying pass (Classifier), then the DP, where most
// positions need only the direct candidates. `Avx2` chooses how those are reduced (same result).
template <bool Avx2>
double Tokenizer::Impl::forward_kernel(std::string_view seq, std::uint8_t* back) const {
    constexpr double kUnset = -std::numeric_limits<double>::infinity();
    // hist[kRing - 1 + j] is the best score up to base + j, hist[kRing - 1 - k] up to base - k
    // for k < kRing; after each chunk the last kRing scores move to the front.
    double hist[kRing + kChunk];
    // Only the kDirect - 1 scores before the start can be read (by masked slots).
    std::fill(hist + kRing - kDirect, hist + kRing, kUnset);
    hist[kRing - 1] = 0.0;
    std::uint16_t cls[kChunk];
    const std::size_t n = seq.size();
    const auto* s = reinterpret_cast<const unsigned char*>(seq.data());
    // Locals, not members: the stores to back[] (bytes) may alias members to the compiler.
    const Node* rt = rnodes.data();
    const Direct* dt = direct.data();
    const std::int32_t* dnode = direct_node.data();
    const double bs[4] = {base_score[0], base_score[1], base_score[2], base_score[3]};
    const double n_sc = n_score;
    Classifier classifier{long_filter.data()};
    double prev = 0.0;  // best path score up to i - 1 (hist[kRing - 1 + j], kept in a register)
    std::conditional_t<Avx2, Avx2Direct, NoWindow> window;
    // The positions that need more than the direct candidates: an N, the first bases of a run,
    // or a long token may end here. (A lambda: inlined, so the AVX2 window stays in a register.)
    auto slow_position = [&](std::size_t i, std::uint32_t x, const double* h) -> Cand {
        const std::size_t valid = (x >> kValidShift) & 15u;
        const std::uint32_t dcode = x & kDirectMask;
        if (valid == 0) return Cand{n_sc + prev, 1};  // N is only ever the token "N"
        const double* lanes = dt[dcode].score;
        const double single = bs[dcode & 3];
        if (valid < kDirect) return reduce_scalar<true>(lanes, single, h, valid, kUnset, 0);
        // Tokens longer than kDirect, shortest first: a later (longer) candidate wins ties.
        double best = kUnset;
        std::size_t blen = 0;
        std::int32_t node = dnode[dcode];
        for (std::size_t p = i - kDirect; node != 0 && p > 0;) {
            const std::uint8_t b = kmer::kNt4[s[p - 1]];
            if (b > 3) break;
            node = rt[node].child[b];
            if (node == 0) break;
            --p;
            if (rt[node].id >= 0) {
                const double cand = rt[node].score + *(h - (i - 1 - p));  // + best[p]
                const bool take = cand >= best;
                best = take ? cand : best;
                blen = take ? i - p : blen;
            }
        }
        if constexpr (Avx2) {
            return window.reduce(lanes, single, prev, best, blen);
        } else {
            return reduce_scalar<false>(lanes, single, h, valid, best, blen);
        }
    };
    for (std::size_t base = 0; base < n; base += kChunk) {
        const std::size_t m = std::min(kChunk, n - base);
        classifier.run(s + base, m, cls);
        for (std::size_t j = 0; j < m; ++j) {
            const std::size_t i = base + j + 1;
            double* h = hist + kRing - 1 + j;  // h[-k] = best[i - 1 - k]
            const std::uint32_t x = cls[j];
            Cand r;
            if (x < kSlow) {  // kFilter bases and no long token: the direct candidates only
                if constexpr (Avx2) {
                    r = window.reduce_short(dt[x].score, bs[x & 3], prev);
                } else {
                    r = reduce_scalar<false>(dt[x].score, bs[x & 3], h, kDirect, kUnset, 0);
                }
            } else {
                r = slow_position(i, x, h);
            }
            h[1] = r.value;
            window.push(prev);
            prev = r.value;
            back[i - 1] = static_cast<std::uint8_t>(r.len);
        }
        std::memmove(hist, hist + m, kRing * sizeof(double));
    }
    return prev;
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

}  // namespace motiftok::tokenize
