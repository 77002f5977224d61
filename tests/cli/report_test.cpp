// motiftok report from the CLI: at least one input, predictions matched to the records predict
// read (a mismatch is an error naming both ids, and no page is written), the page itself.
#include <catch2/catch.hpp>

#include "test_support.hpp"

using motiftok::test::contains;
using motiftok::test::run_motiftok;

TEST_CASE("report: needs an input, mismatched labels fail without output, a page otherwise",
          "[cli]") {
    motiftok::test::TempDir dir;
    auto none = run_motiftok({"report", "-o", dir.file("r.html")});
    CHECK(none.exit_code == 2);
    CHECK(contains(none.err, "nothing to report"));

    motiftok::test::write_file(dir.file("a.fa"), ">s1\nACGTACGT\n>s2\nTTTTACGA\n");
    motiftok::test::write_file(dir.file("b.fa"), ">s3\nGGGGACGT\n");
    motiftok::test::write_file(dir.file("pred.tsv"),
                               "id\tpredicted\tp_a\tp_b\ns1\ta\t0.9\t0.1\ns3\tb\t0.2\t0.8\n"
                               "s2\ta\t0.6\t0.4\n");
    auto bad = run_motiftok({"report", "--predictions", dir.file("pred.tsv"), "-c",
                             "a=" + dir.file("a.fa"), "-c", "b=" + dir.file("b.fa"), "-o",
                             dir.file("r.html")});
    CHECK(bad.exit_code == 1);
    CHECK(contains(bad.err, "prediction 2 is for 's3' but record 2"));
    CHECK_FALSE(motiftok::test::file_exists(dir.file("r.html")));

    motiftok::test::write_file(dir.file("pred.tsv"),
                               "id\tpredicted\tp_a\tp_b\ns1\ta\t0.9\t0.1\ns2\ta\t0.6\t0.4\n"
                               "s3\tb\t0.2\t0.8\n");
    auto ok =
        run_motiftok({"report", "-q", "--predictions", dir.file("pred.tsv"), "-c",
                      "a=" + dir.file("a.fa"), "-c", "b=" + dir.file("b.fa"), "--vocab",
                      motiftok::test::test_data("vocab_small.json"), "-o", dir.file("r.html")});
    REQUIRE(ok.exit_code == 0);
    const auto html = motiftok::test::read_file(dir.file("r.html"));
    CHECK(contains(html, "id=\"roc-curve\""));
    CHECK(contains(html, "b (AUROC 1)"));  // the positive class's scores separate perfectly
    CHECK(contains(html, "class=\"logo\""));
}
