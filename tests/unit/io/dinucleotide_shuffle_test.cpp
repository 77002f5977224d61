// Altschul-Erickson shuffle: exact dinucleotide counts, fixed N positions and segment ends,
// determinism per seed, and uniformity over all valid sequences on small cases.

#include <algorithm>
#include <catch2/catch.hpp>
#include <map>
#include <set>

#include "motiftok/error.hpp"
#include "motiftok/io/shuffle.hpp"

using motiftok::Rng;
using motiftok::io::dinucleotide_shuffle;

namespace {

std::map<std::string, int> dinucleotides(const std::string& s) {
    std::map<std::string, int> out;
    for (std::size_t i = 0; i + 1 < s.size(); ++i) {
        if (s[i] != 'N' && s[i + 1] != 'N') ++out[s.substr(i, 2)];
    }
    return out;
}

std::string random_sequence(Rng& rng, std::size_t len, bool with_n) {
    std::string s;
    for (std::size_t i = 0; i < len; ++i) {
        s += (with_n && rng.uniform(15) == 0) ? 'N' : "ACGT"[rng.uniform(4)];
    }
    return s;
}

}  // namespace

TEST_CASE("shuffle keeps every dinucleotide count, N positions and segment ends", "[io]") {
    Rng gen(42);
    for (int trial = 0; trial < 500; ++trial) {
        const std::string s = random_sequence(gen, gen.uniform(200), trial % 2 == 0);
        Rng rng(static_cast<std::uint64_t>(trial));
        const std::string t = dinucleotide_shuffle(s, rng);
        REQUIRE(t.size() == s.size());
        CHECK(dinucleotides(t) == dinucleotides(s));
        for (std::size_t i = 0; i < s.size(); ++i) {
            CHECK((s[i] == 'N') == (t[i] == 'N'));
            const bool segment_start = i == 0 || s[i - 1] == 'N';
            const bool segment_end = i + 1 == s.size() || s[i + 1] == 'N';
            if (segment_start || segment_end) CHECK(s[i] == t[i]);
        }
        std::string a = s, b = t;
        std::sort(a.begin(), a.end());
        std::sort(b.begin(), b.end());
        CHECK(a == b);
    }
}

TEST_CASE("shuffle is deterministic per seed and differs across seeds", "[io]") {
    Rng gen(3);
    const std::string s = random_sequence(gen, 500, true);
    Rng r1(7), r2(7), r3(8);
    const std::string a = dinucleotide_shuffle(s, r1);
    CHECK(a == dinucleotide_shuffle(s, r2));
    CHECK(a != dinucleotide_shuffle(s, r3));
    CHECK(a != s);
}

TEST_CASE("shuffle is uniform over the sequences with the same dinucleotide counts", "[io]") {
    // Brute force: every arrangement of the letters with the same dinucleotide counts and the
    // same first base is a valid output; each must come out about equally often.
    for (const std::string s : {"ACAGATTACA", "AACCGGTTAC", "GATTACAGAT"}) {
        std::string letters = s;
        std::sort(letters.begin(), letters.end());
        std::set<std::string> valid;
        do {
            if (letters[0] == s[0] && dinucleotides(letters) == dinucleotides(s)) {
                valid.insert(letters);
            }
        } while (std::next_permutation(letters.begin(), letters.end()));
        REQUIRE(valid.size() > 1);
        std::map<std::string, int> seen;
        Rng rng(11);
        const int draws = 3000 * static_cast<int>(valid.size());
        for (int i = 0; i < draws; ++i) ++seen[dinucleotide_shuffle(s, rng)];
        CHECK(seen.size() == valid.size());
        for (const auto& [t, n] : seen) {
            CHECK(valid.count(t) == 1);
            // expected 3000 each, standard deviation < 55: allow 15 %
            CHECK(n > 2550);
            CHECK(n < 3450);
        }
    }
}

TEST_CASE("short and N-only sequences come back unchanged", "[io]") {
    Rng rng(1);
    for (const std::string s : {"", "A", "AC", "NNN", "ANCNG", "ACNNGT"}) {
        CHECK(dinucleotide_shuffle(s, rng) == s);
    }
}

TEST_CASE("shuffle_records names copies and does not depend on batching", "[io]") {
    Rng gen(9);
    std::vector<motiftok::io::Record> recs;
    for (int i = 0; i < 40; ++i)
        recs.push_back({"r" + std::to_string(i), random_sequence(gen, 80, true)});
    motiftok::io::ShuffleOptions opt;
    opt.copies = 3;
    opt.seed = 5;
    const auto all = motiftok::io::shuffle_records(recs, opt);
    REQUIRE(all.size() == 120);
    CHECK(all[0].id == "r0_shuf1");
    CHECK(all[5].id == "r1_shuf3");
    CHECK(all[0].seq != all[1].seq);
    const std::vector<motiftok::io::Record> first(recs.begin(), recs.begin() + 17),
        second(recs.begin() + 17, recs.end());
    auto split = motiftok::io::shuffle_records(first, opt, 0);
    const auto rest = motiftok::io::shuffle_records(second, opt, 17);
    split.insert(split.end(), rest.begin(), rest.end());
    for (std::size_t i = 0; i < all.size(); ++i) {
        CHECK(all[i].id == split[i].id);
        CHECK(all[i].seq == split[i].seq);
    }
    opt.threads = 2;  // records are independent: the thread count changes nothing
    const auto two = motiftok::io::shuffle_records(recs, opt);
    for (std::size_t i = 0; i < all.size(); ++i) CHECK(all[i].seq == two[i].seq);
    opt.threads = 0;
    CHECK_THROWS_AS(motiftok::io::shuffle_records(recs, opt), motiftok::ConfigError);
    opt.threads = 1;
    opt.copies = 0;
    CHECK_THROWS_AS(motiftok::io::shuffle_records(recs, opt), motiftok::ConfigError);
}
