#pragma once
// 2-bit encoding of bases: A=0, C=1, G=2, T=3, everything else 4 (N). A k-mer of length
// k <= 32 is packed into a 64-bit word, first base in the highest bits, so packed order is
// lexicographic order. Header-only: the tokenizer runtime uses it without the trainer.

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace motiftok::kmer {

/// Longest k-mer that fits the 64-bit packing.
inline constexpr int kMaxPackedK = 32;

namespace detail {
constexpr std::array<std::uint8_t, 256> make_nt4_table() {
    std::array<std::uint8_t, 256> t{};
    for (auto& v : t) v = 4;
    t['A'] = t['a'] = 0;
    t['C'] = t['c'] = 1;
    t['G'] = t['g'] = 2;
    t['T'] = t['t'] = 3;
    t['U'] = t['u'] = 3;
    return t;
}
}  // namespace detail

/// Byte -> 0..3 for ACGT (either case, U as T), 4 for everything else.
inline constexpr std::array<std::uint8_t, 256> kNt4 = detail::make_nt4_table();
inline constexpr char kBases[5] = {'A', 'C', 'G', 'T', 'N'};

/// Packs seq (ACGT only, length <= 32) into 2 bits per base.
inline std::uint64_t pack(std::string_view seq) {
    std::uint64_t x = 0;
    for (char c : seq) x = (x << 2) | (kNt4[static_cast<unsigned char>(c)] & 3u);
    return x;
}

/// Unpacks a k-mer of length k.
inline std::string unpack(std::uint64_t x, int k) {
    std::string s(static_cast<std::size_t>(k), 'A');
    for (int i = k - 1; i >= 0; --i, x >>= 2) s[static_cast<std::size_t>(i)] = kBases[x & 3u];
    return s;
}

/// Reverse complement of a packed k-mer of length k.
inline std::uint64_t revcomp(std::uint64_t x, int k) {
    std::uint64_t y = 0;
    for (int i = 0; i < k; ++i, x >>= 2) y = (y << 2) | (3u - (x & 3u));
    return y;
}

/// The smaller of a packed k-mer and its reverse complement.
inline std::uint64_t canonical(std::uint64_t x, int k) {
    const std::uint64_t r = revcomp(x, k);
    return r < x ? r : x;
}

/// Reverse complement of a normalized string (N stays N).
inline std::string revcomp(std::string_view seq) {
    std::string out(seq.size(), 'N');
    for (std::size_t i = 0; i < seq.size(); ++i) {
        const std::uint8_t c = kNt4[static_cast<unsigned char>(seq[seq.size() - 1 - i])];
        out[i] = c < 4 ? kBases[3 - c] : 'N';
    }
    return out;
}

}  // namespace motiftok::kmer
