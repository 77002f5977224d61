// Statistics of a sequence set against hand-computed values.

#include "motiftok/io/seq_stats.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "motiftok/io/dataset.hpp"
#include "motiftok/random.hpp"
#include "test_support.hpp"

using motiftok::test::TempDir;
using motiftok::test::write_file;

TEST_CASE("stats rows match hand-computed values, duplicates and conflicts", "[io]") {
    TempDir dir;
    write_file(dir.file("a.fa"), ">a1\nACGTacgtNN\n>a2\nGGCC\n>a3\nGGCC\n");
    write_file(dir.file("b.fa"), ">b1\nGGCC\n>b2\nATATAT\n");
    motiftok::io::InputSpec spec;
    spec.class_specs = {"a=" + dir.file("a.fa"), "b=" + dir.file("b.fa")};
    motiftok::io::SeqStatsBuilder builder;
    const auto summary = motiftok::io::scan_dataset(
        spec, {},
        [&](motiftok::io::Record& r, std::int32_t l, std::uint64_t lc) { builder.add(r, l, lc); });
    const auto stats = builder.finish(summary.classes);
    // a: 18 bp, GC 12 of 16 ACGT, 2 N, 4 lowercase; a3 repeats a2; a2, a3 also occur in b.
    // b: lengths 4, 6 (median 5), GC 4 of 10. all: lengths 4 4 4 6 10.
    const std::string expected =
        "class\tsequences\tbp\tmin_length\tmedian_length\tmax_length\tgc\tn_fraction\t"
        "lowercase_fraction\tdup_within\tdup_across\n"
        "a\t3\t18\t4\t4\t10\t0.7500\t0.1111\t0.2222\t1\t2\n"
        "b\t2\t10\t4\t5\t6\t0.4000\t0.0000\t0.0000\t0\t1\n"
        "all\t5\t28\t4\t4\t10\t0.6154\t0.0714\t0.1429\t2\t3\n";
    CHECK(motiftok::io::stats_to_tsv(stats) == expected);
    CHECK(stats.conflicting_sequences == 1);
    REQUIRE(stats.conflicts.size() == 1);
    CHECK(stats.conflicts[0].first_id == "a2");
    CHECK(stats.conflicts[0].other_id == "b1");
    CHECK(stats.conflicts[0].other_class == "b");
    CHECK(stats.rows[0].gc == Approx(12.0 / 16.0));
    CHECK(stats.duplicate_ids == 0);
}

TEST_CASE("unlabeled stats have one row 'all', even counts take the mean median", "[io]") {
    motiftok::io::SeqStatsBuilder builder;
    builder.add({"x", "ACG"}, -1, 0);
    builder.add({"y", "ACGTAC"}, -1, 1);
    builder.add({"x", "ACG"}, -1, 0);
    builder.add({"z", "AAAAAAAA"}, -1, 0);
    const auto stats = builder.finish({});
    REQUIRE(stats.rows.size() == 1);
    const auto& r = stats.rows[0];
    CHECK(r.name == "all");
    CHECK(r.median_length == Approx(4.5));
    CHECK(r.min_length == 3);
    CHECK(r.max_length == 8);
    CHECK(r.dup_within == 1);
    CHECK(r.dup_across == 0);
    CHECK(stats.duplicate_ids == 1);
    CHECK(stats.duplicate_id_examples == std::vector<std::string>{"x"});
    const auto j = nlohmann::json::parse(motiftok::io::stats_to_json(stats, {}));
    CHECK(j["format"] == "motiftok-stats");
    CHECK(j["version"] == 1);
    CHECK(j["rows"][0]["median_length"].get<double>() == Approx(4.5));
    CHECK(j["rows"][0]["lowercase_fraction"].get<double>() == Approx(1.0 / 20));
}

TEST_CASE("duplicate and conflict counts match an O(n^2) reference on random data", "[io]") {
    motiftok::Rng rng(21);
    const std::vector<std::string> pool = {"ACGT", "ACGTA", "GGG", "TTTT", "ACGTT", "CCCCC", "A"};
    const std::vector<std::string> classes = {"x", "y", "z"};
    for (int trial = 0; trial < 20; ++trial) {
        std::vector<motiftok::io::Record> recs;
        std::vector<std::int32_t> labels;
        motiftok::io::SeqStatsBuilder builder;
        const auto n = 5 + rng.uniform(60);
        for (std::uint64_t i = 0; i < n; ++i) {
            recs.push_back({"r" + std::to_string(i), pool[rng.uniform(pool.size())]});
            labels.push_back(static_cast<std::int32_t>(rng.uniform(3)));
            builder.add(recs.back(), labels.back(), 0);
        }
        const auto stats = builder.finish(classes);
        std::vector<std::uint64_t> within(4, 0), across(4, 0);
        std::uint64_t conflicting = 0;
        std::vector<std::pair<std::size_t, std::size_t>> conflicts;  // (first, other)
        for (std::size_t i = 0; i < n; ++i) {
            bool earlier_same_class = false, earlier_any = false, other_class = false;
            for (std::size_t j = 0; j < n; ++j) {
                if (recs[j].seq != recs[i].seq) continue;
                if (j < i && labels[j] == labels[i]) earlier_same_class = true;
                if (j < i) earlier_any = true;
                if (labels[j] != labels[i]) other_class = true;
            }
            within[static_cast<std::size_t>(labels[i])] += earlier_same_class;
            within[3] += earlier_any;
            across[static_cast<std::size_t>(labels[i])] += other_class;
            across[3] += other_class;
            // i is the first record of its sequence: find the first with another label
            if (!earlier_any) {
                for (std::size_t j = i + 1; j < n; ++j) {
                    if (recs[j].seq == recs[i].seq && labels[j] != labels[i]) {
                        ++conflicting;
                        conflicts.emplace_back(i, j);
                        break;
                    }
                }
            }
        }
        std::sort(conflicts.begin(), conflicts.end(),
                  [](const auto& a, const auto& b) { return a.second < b.second; });
        REQUIRE(stats.rows.size() == 4);
        for (std::size_t r = 0; r < 4; ++r) {
            CHECK(stats.rows[r].dup_within == within[r]);
            CHECK(stats.rows[r].dup_across == across[r]);
        }
        CHECK(stats.conflicting_sequences == conflicting);
        REQUIRE(stats.conflicts.size() == std::min<std::size_t>(5, conflicts.size()));
        for (std::size_t c = 0; c < stats.conflicts.size(); ++c) {
            CHECK(stats.conflicts[c].first_id == recs[conflicts[c].first].id);
            CHECK(stats.conflicts[c].other_id == recs[conflicts[c].second].id);
        }
    }
}

TEST_CASE("GC and N fractions of long sequences match a plain count", "[io]") {
    motiftok::Rng rng(8);
    motiftok::io::SeqStatsBuilder builder;
    std::uint64_t gc = 0, n = 0, acgt = 0, bp = 0;
    for (int r = 0; r < 5; ++r) {
        std::string s;
        const auto len = 5000 + rng.uniform(20000);  // many 16-byte blocks, > 255 of them
        for (std::uint64_t i = 0; i < len; ++i) s += "ACGTN"[rng.uniform(r == 0 ? 4 : 5)];
        for (char c : s) {
            gc += (c == 'G' || c == 'C');
            n += (c == 'N');
        }
        acgt += s.size() - static_cast<std::size_t>(std::count(s.begin(), s.end(), 'N'));
        bp += s.size();
        builder.add({"r" + std::to_string(r), s}, -1, 0);
    }
    const auto stats = builder.finish({});
    CHECK(stats.rows[0].bases == bp);
    CHECK(stats.rows[0].gc == Approx(static_cast<double>(gc) / static_cast<double>(acgt)));
    CHECK(stats.rows[0].n_fraction == Approx(static_cast<double>(n) / static_cast<double>(bp)));
}
