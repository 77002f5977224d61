// The backtrace of the best path and the ids of its tokens, handed to a sink in blocks.

#include <vector>

#include "tokenizer_impl.hpp"

namespace motiftok::tokenize {

using namespace detail;

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
