// Statistics of a sequence set against hand-computed values.

#include "motiftok/io/seq_stats.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "motiftok/io/dataset.hpp"
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

TEST_CASE("unlabeled stats have one row 'all'; even counts take the mean median", "[io]") {
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
