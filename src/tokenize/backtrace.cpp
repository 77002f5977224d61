// The backtrace of the best path and the ids of its tokens, handed to a sink in blocks.

#include <vector>

#include "tokenizer_impl.hpp"

#if MOTIFTOK_X86_KERNELS  // defined by tokenizer_impl.hpp
#include <immintrin.h>
#endif

namespace motiftok::tokenize {

using namespace detail;

namespace {

/// back[] codes (kBackLength) to lengths in place, before the backtrace: decoding inside the
/// backtrace would put a table load on its chain of dependent loads, once per token.
void decode_portable(std::uint8_t* back, std::size_t from, std::size_t n) {
    for (std::size_t i = from; i < n; ++i) back[i] = kBackLengths.of[back[i]];
}

#if MOTIFTOK_X86_KERNELS
/// The same, 32 codes at a time: a lane mask's length from a 16-entry shuffle table, 1 where
/// the single base won, the low 7 bits where the top bit marks a plain length.
__attribute__((target("avx2"))) void decode_avx2(std::uint8_t* back, std::size_t n) {
    static_assert(kDirect == 5 && kBackSingle == 0x10 && kBackLength == 0x80, "codes");
    // kDirect - (lowest set bit) of the 4-bit lane mask (0 never occurs).
    const __m256i lut = _mm256_setr_epi8(0, 5, 4, 5, 3, 5, 4, 5, 2, 5, 4, 5, 3, 5, 4, 5,  //
                                         0, 5, 4, 5, 3, 5, 4, 5, 2, 5, 4, 5, 3, 5, 4, 5);
    const __m256i low = _mm256_set1_epi8(0x0F);
    const __m256i single = _mm256_set1_epi8(kBackSingle);
    const __m256i one = _mm256_set1_epi8(1);
    const __m256i plain = _mm256_set1_epi8(0x7F);
    std::size_t i = 0;
    for (; i + 32 <= n; i += 32) {
        auto* p = reinterpret_cast<__m256i*>(back + i);
        const __m256i v = _mm256_loadu_si256(p);
        const __m256i lanes = _mm256_shuffle_epi8(lut, _mm256_and_si256(v, low));
        const __m256i won = _mm256_cmpeq_epi8(_mm256_and_si256(v, single), single);
        const __m256i len = _mm256_blendv_epi8(lanes, one, won);
        // blendv takes the plain length where the byte's top bit (kBackLength) is set.
        _mm256_storeu_si256(p, _mm256_blendv_epi8(len, _mm256_and_si256(v, plain), v));
    }
    decode_portable(back, i, n);
}
#endif

}  // namespace

// Forward DP, decoding of back[], backtrace (rewriting back[] so that back[s] is the length of
// the token starting at s: back[s] is never read again once the backtrace has passed s), then
// one forward walk that hands the tokens to `sink` in blocks.
double Tokenizer::Impl::run(std::string_view seq, const SpanSink& sink) const {
    thread_local std::vector<std::uint8_t> back;
    const std::size_t n = seq.size();
    if (n == 0) return 0.0;
    if (back.size() < n) back.resize(n);
    const double best = forward(seq, back.data());
#if MOTIFTOK_X86_KERNELS
    if (kernel == Kernel::kAvx2) {
        decode_avx2(back.data(), n);
    } else {
        decode_portable(back.data(), 0, n);
    }
#else
    decode_portable(back.data(), 0, n);
#endif
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
        } else if (len <= kLongId) {  // a token of more than one base: ACGTU only
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

}  // namespace motiftok::tokenize
