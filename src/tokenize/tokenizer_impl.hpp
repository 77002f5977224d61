#pragma once
// The tokenizer's internals, shared by its parts (private to src/tokenize/):
//   kernel.cpp      which DP kernel runs (portable or AVX2, chosen at run time);
//   trie.cpp        the flat 4-ary tries of the tokens and of the reversed tokens, lookup;
//   tables.cpp      Impl::build: the checks and the lookup tables (direct suffix table, long-token
//                   filter, short and long id tables);
//   best_path.cpp   the forward DP (both kernels);
//   backtrace.cpp   the backtrace and the ids of the chosen tokens, handed out in blocks;
//   lattice.cpp     every occurrence of every token;
//   tokenizer.cpp   the public Tokenizer.

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#if (defined(__x86_64__) || defined(_M_X64)) && defined(__GNUC__)
#define MOTIFTOK_X86_KERNELS 1
#else
#define MOTIFTOK_X86_KERNELS 0
#endif

#include "../kmer/kmer_table.hpp"
#include "motiftok/tokenize/kernel.hpp"
#include "motiftok/tokenize/tokenizer.hpp"

namespace motiftok::tokenize::detail {

/// Positions of the score ring: more than the longest token, a power of two.
constexpr std::size_t kRing = 128;
/// Spans handed to a sink at a time.
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
/// Tokens of kShortId + 1 to kLongId bases are looked up in a hash table (two 8-byte loads).
constexpr std::size_t kLongId = 16;

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

/// The kernel Tokenizers built now use (force_kernel() or the fastest available).
Kernel chosen_kernel();

/// Adds `token` (reversed if asked) to a flat trie.
void insert(std::vector<Node>& trie, const std::string& token, bool reversed, std::int32_t id,
            double score);

}  // namespace motiftok::tokenize::detail

namespace motiftok::tokenize {

struct Tokenizer::Impl {
    std::vector<detail::Node> nodes{detail::Node{}};   ///< tokens, for lookup() and lattice()
    std::vector<detail::Node> rnodes{detail::Node{}};  ///< reversed tokens, for the best-path DP
    std::vector<std::string> tokens;
    std::vector<double> scores;
    std::int32_t n_id = -1;
    double n_score = 0.0;
    std::size_t max_len = 0;
    std::vector<detail::Direct> direct;
    /// Bit x is set if a token longer than kDirect can end in the kFilter bases coded x: the
    /// reversed-trie walk for long tokens runs only there.
    std::vector<std::uint64_t> long_filter;
    /// Ids of the tokens of up to kShortId bases, at (1 << 2 * length) | 2-bit code (-1: none).
    std::vector<std::int32_t> short_ids;
    /// The same ids at (1 << 2 * length) | packed, where a base's 2 bits are (byte >> 1) & 3
    /// (A 0, C 1, T/U 2, G 3 in either case) and the first base is in the lowest bits: eight
    /// bases are packed from one 8-byte load (see packed_bases).
    std::vector<std::int32_t> packed_ids;
    /// Ids of the tokens of kShortId + 1 to kLongId bases, keyed by (length << 32) | packed code.
    kmer::detail::KmerTable<std::int32_t> long_ids{1};
    std::int32_t find_long(std::uint64_t key) const {
        const std::int32_t* id = long_ids.find(key);
        return id != nullptr ? *id : -1;
    }
    /// Id of the single-base token of each byte (N for anything but ACGTU in either case).
    std::int32_t base_ids[256];
    /// The DP kernel this tokenizer runs (see kernel.hpp).
    Kernel kernel = Kernel::kPortable;

    // tables.cpp: the steps of build().
    void build(const std::vector<std::string>& toks, const std::vector<double>& sc);
    void add_tokens(const std::vector<std::string>& toks, const std::vector<double>& sc);
    void build_direct();
    void build_filter();
    void build_short_ids();
    void build_long_ids();
    void build_base_ids();

    // best_path.cpp
    double forward(std::string_view seq, std::uint8_t* back) const;
    template <bool Avx2>
    double forward_kernel(std::string_view seq, std::uint8_t* back) const;
    double forward_portable(std::string_view seq, std::uint8_t* back) const;
#if MOTIFTOK_X86_KERNELS
    double forward_avx2(std::string_view seq, std::uint8_t* back) const;
#endif

    // trie.cpp
    std::int32_t lookup(std::string_view seq, std::size_t start, std::size_t len) const;
    // backtrace.cpp
    double run(std::string_view seq, const SpanSink& sink) const;
};

}  // namespace motiftok::tokenize
