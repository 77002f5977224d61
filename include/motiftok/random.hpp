#pragma once
// A small, portable, seeded random number generator. std::uniform_int_distribution differs
// between standard libraries; this does not, so a --seed gives the same result everywhere.

#include <cstdint>

namespace motiftok {

/// SplitMix64-seeded xoshiro256** generator.
class Rng {
  public:
    explicit Rng(std::uint64_t seed = 1) {
        std::uint64_t x = seed;
        for (auto& word : s_) word = splitmix64(x);
    }
    /// Next 64 random bits.
    std::uint64_t next() {
        const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
        const std::uint64_t t = s_[1] << 17;
        s_[2] ^= s_[0];
        s_[3] ^= s_[1];
        s_[1] ^= s_[2];
        s_[0] ^= s_[3];
        s_[2] ^= t;
        s_[3] = rotl(s_[3], 45);
        return result;
    }
    /// Uniform integer in [0, n) for n > 0 (Lemire's method, unbiased).
    std::uint64_t uniform(std::uint64_t n) {
        std::uint64_t threshold = (0 - n) % n;
        for (;;) {
            const U128 m = static_cast<U128>(next()) * n;
            if (static_cast<std::uint64_t>(m) >= threshold)
                return static_cast<std::uint64_t>(m >> 64);
        }
    }
    /// Uniform double in [0, 1).
    double uniform01() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

  private:
    __extension__ typedef unsigned __int128 U128;  // GCC/Clang extension; 64x64 -> 128 multiply
    static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
    static std::uint64_t splitmix64(std::uint64_t& x) {
        std::uint64_t z = (x += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    }
    std::uint64_t s_[4];
};

}  // namespace motiftok
