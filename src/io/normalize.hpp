#pragma once
// Sequence normalization, written once (private to src/io/): the byte table and the counts of
// what it changed. The FASTA/FASTQ reader and the BED regions fetched from a genome both use it.

#include <array>
#include <cstdint>

#include "motiftok/io/sequence_reader.hpp"

namespace motiftok::io::detail {

/// A, C, G, T in either case as upper case, U/u as T, the IUPAC codes (R Y S W K M B D H V N,
/// either case) as N, 0 for every byte that is not a nucleotide code.
constexpr std::array<unsigned char, 256> make_normalization_table() {
    std::array<unsigned char, 256> t{};
    const char* iupac = "RYSWKMBDHVN";
    for (const char* p = iupac; *p != 0; ++p) {
        t[static_cast<unsigned char>(*p)] = 'N';
        t[static_cast<unsigned char>(*p - 'A' + 'a')] = 'N';
    }
    for (const char* p = "ACGT"; *p != 0; ++p) {
        t[static_cast<unsigned char>(*p)] = static_cast<unsigned char>(*p);
        t[static_cast<unsigned char>(*p - 'A' + 'a')] = static_cast<unsigned char>(*p);
    }
    t['U'] = 'T';
    t['u'] = 'T';
    return t;
}

inline constexpr std::array<unsigned char, 256> kNormalize = make_normalization_table();

/// What normalization changed in the bytes it has seen.
struct BaseCounts {
    std::uint64_t lowercase = 0;  ///< bytes with the lower-case bit (soft-masked bases)
    std::uint64_t n_in = 0;       ///< 'N' or 'n' read
    std::uint64_t n_out = 0;      ///< 'N' written: N and the other IUPAC codes
    std::uint64_t u = 0;          ///< 'U' or 'u' read as T

    /// Adds these counts to `stats` (iupac_to_n = N written that were not N read).
    void add_to(ReadStats& stats) const {
        stats.lowercase += lowercase;
        stats.n_bases += n_out;
        stats.iupac_to_n += n_out - n_in;
        stats.u_to_t += u;
    }
};

/// The normalized base of byte `c` (0 if it is not a nucleotide code), counted into `counts`.
inline unsigned char normalize_base(unsigned char c, BaseCounts& counts) {
    const unsigned char v = kNormalize[c];
    counts.lowercase += (c >> 5) & 1;
    counts.n_in += ((c | 0x20) == 'n');
    counts.u += ((c | 0x20) == 'u');
    counts.n_out += (v == 'N');
    return v;
}

}  // namespace motiftok::io::detail
