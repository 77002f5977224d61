// KmerTable against std::unordered_map: random keys with repeats, the edge codes 0 and ~0 (the
// forward code of 32 T's, also the table's empty marker), growth from the smallest table.

#include "../../../src/kmer/kmer_table.hpp"

#include <catch2/catch.hpp>
#include <cstdint>
#include <random>
#include <string>
#include <unordered_map>
#include <vector>

#include "motiftok/kmer/encode.hpp"

using motiftok::kmer::detail::KmerTable;

namespace {

constexpr std::uint64_t kAllT32 = ~std::uint64_t{0};

// Keys drawn from a small range (many repeats, clustered hashes), any 64-bit value, and codes
// next to the extremes.
std::vector<std::uint64_t> random_keys(std::size_t n, std::uint64_t seed) {
    std::mt19937_64 rng(seed);
    std::vector<std::uint64_t> keys;
    for (std::size_t i = 0; i < n; ++i) {
        switch (rng() % 4) {
            case 0:
                keys.push_back(rng() % 5000);
                break;
            case 1:
                keys.push_back(kAllT32 - rng() % 8);
                break;
            default:
                keys.push_back(rng());
                break;
        }
    }
    return keys;
}

}  // namespace

TEST_CASE("KmerTable matches std::unordered_map on random inserts, growing from 16 slots") {
    const std::size_t width = 3;
    KmerTable<std::uint32_t> table(width);
    std::unordered_map<std::uint64_t, std::vector<std::uint32_t>> ref;
    std::vector<std::uint64_t> keys = random_keys(20000, 7);
    keys.insert(keys.begin() + 100, {0, kAllT32, 0, kAllT32});
    for (std::size_t i = 0; i < keys.size(); ++i) {
        std::uint32_t* v = table.insert(keys[i]);
        auto& r = ref.try_emplace(keys[i], width, 0u).first->second;
        for (std::size_t j = 0; j < width; ++j) {
            REQUIRE(v[j] == r[j]);  // a new key starts at zero, an old one keeps its values
            v[j] += static_cast<std::uint32_t>(i + j);
            r[j] += static_cast<std::uint32_t>(i + j);
        }
    }
    CHECK(table.size() == ref.size());
    CHECK(ref.count(0) == 1);
    CHECK(ref.count(kAllT32) == 1);
    for (const auto& [code, values] : ref) {
        REQUIRE(table.contains(code));
        const std::uint32_t* v = table.find(code);
        REQUIRE(v != nullptr);
        CHECK(std::vector<std::uint32_t>(v, v + width) == values);
    }
    std::size_t visited = 0;
    table.for_each([&](std::uint64_t code, const std::uint32_t* v) {
        ++visited;
        const auto it = ref.find(code);
        REQUIRE(it != ref.end());
        CHECK(std::vector<std::uint32_t>(v, v + width) == it->second);
    });
    CHECK(visited == ref.size());
    for (const std::uint64_t absent : random_keys(2000, 99)) {
        if (ref.count(absent) != 0) continue;
        CHECK_FALSE(table.contains(absent));
        CHECK(table.find(absent) == nullptr);
    }
}

TEST_CASE("KmerTable with width 0 is a set, and holds code 0 and ~0 apart from empty slots") {
    KmerTable<std::uint8_t> set(0, 3);
    CHECK(set.size() == 0);
    CHECK_FALSE(set.contains(0));
    CHECK_FALSE(set.contains(kAllT32));  // every slot's key is ~0 while empty
    set.insert(kAllT32);
    CHECK(set.contains(kAllT32));
    CHECK_FALSE(set.contains(0));
    set.insert(0);
    set.insert(0);
    CHECK(set.size() == 2);
    CHECK(set.contains(0));
    // 32 T's as counted forward: the largest code of k = 32.
    CHECK(motiftok::kmer::pack(std::string(32, 'T')) == kAllT32);
}

TEST_CASE("KmerTable sized for its keys keeps them through later growth") {
    KmerTable<std::uint64_t> table(1, 100);
    std::unordered_map<std::uint64_t, std::uint64_t> ref;
    const std::vector<std::uint64_t> keys = random_keys(100, 3);
    for (const std::uint64_t k : keys) *table.insert(k) = ref[k] = k ^ 0x55;
    for (const std::uint64_t k : random_keys(5000, 4)) *table.insert(k) = ref[k] = k + 1;
    CHECK(table.size() == ref.size());
    for (const auto& [code, value] : ref) {
        REQUIRE(table.find(code) != nullptr);
        CHECK(*table.find(code) == value);
    }
}
