// DenseLayout, where a dense level keeps a k-mer's counter block: a bijection of the codes, with
// every canonical code (both strands) below slots() and about 0.53 * 4^k slots ever touched.

#include "../../../src/kmer/dense_layout.hpp"

#include <catch2/catch.hpp>
#include <cstdint>
#include <vector>

#include "motiftok/kmer/encode.hpp"

using motiftok::kmer::canonical;
using motiftok::kmer::detail::DenseLayout;

TEST_CASE("DenseLayout is a bijection that packs canonical codes below slots()", "[kmer]") {
    for (int k = 1; k <= 9; ++k) {
        INFO("k = " << k);
        const std::uint64_t n = std::uint64_t{1} << (2 * k);
        const DenseLayout forward(k, false);
        CHECK_FALSE(forward.grouped());
        CHECK(forward.slots() == n);
        for (std::uint64_t code = 0; code < n; code += 7) CHECK(forward.slot(code) == code);

        const DenseLayout both(k, true);
        CHECK(both.grouped() == (k >= 4));
        REQUIRE(both.slots() <= n);
        std::vector<std::uint8_t> seen(n, 0);
        std::uint64_t canonical_codes = 0, above = 0;
        for (std::uint64_t code = 0; code < n; ++code) {
            const std::uint64_t slot = both.slot(code);
            REQUIRE(slot < n);
            REQUIRE(seen[slot] == 0);  // no two codes share a slot
            seen[slot] = 1;
            if (canonical(code, k) != code) continue;
            ++canonical_codes;
            above += slot >= both.slots();
            if (both.grouped()) {  // in the region of its outer pair
                const std::uint64_t begin = both.region_begin(code >> (2 * k - 2), code & 3);
                CHECK(slot >= begin);
                CHECK(slot < begin + both.region_size());
            }
        }
        CHECK(above == 0);
        CHECK(canonical_codes == (n + (k % 2 == 0 ? std::uint64_t{1} << k : 0)) / 2);
        if (both.grouped()) {  // 9/16 + 10/256 of the codes; canonical ones are about half
            CHECK(both.slots() == 9 * (n / 16) + 10 * (n / 256));
        }
    }
}
