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
}  // namespace

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

}  // namespace motiftok::tokenize
