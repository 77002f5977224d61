// The report's drawing pieces against hand-computed values: ROC and PR points and their areas,
// logo letter heights (information content), HTML escaping, and a page without network needs.
#include <catch2/catch.hpp>
#include <cmath>
#include <string>
#include <vector>

#include "motiftok/error.hpp"
#include "motiftok/model/metrics.hpp"
#include "motiftok/random.hpp"
#include "motiftok/report/curves.hpp"
#include "motiftok/report/html.hpp"
#include "motiftok/report/logo.hpp"
#include "motiftok/report/report.hpp"
#include "motiftok/report/svg.hpp"
#include "test_support.hpp"

using namespace motiftok::report;

namespace {

void check_points(const std::vector<CurvePoint>& got, const std::vector<CurvePoint>& want) {
    REQUIRE(got.size() == want.size());
    for (std::size_t i = 0; i < want.size(); ++i) {
        CHECK(got[i].x == Approx(want[i].x).margin(1e-12));
        CHECK(got[i].y == Approx(want[i].y).margin(1e-12));
    }
}

}  // namespace

TEST_CASE("ROC and PR points: hand-computed, tied scores one step", "[report]") {
    // Scores 0.9+ 0.8+ 0.8- 0.3- 0.1+: 3 positives, 2 negatives, one tie across the classes.
    const std::vector<double> s = {0.9, 0.8, 0.8, 0.3, 0.1};
    const std::vector<std::uint8_t> y = {1, 1, 0, 0, 1};
    const auto roc = roc_points(s, y);
    check_points(roc, {{0, 0}, {0, 1.0 / 3}, {0.5, 2.0 / 3}, {1, 2.0 / 3}, {1, 1}});
    // Area: 0.5 · (1/3 + 2/3)/2 + 0.5 · 2/3 = 7/12, the Mann–Whitney U / (3 · 2) = 3.5 / 6.
    CHECK(trapezoid_area(roc) == Approx(7.0 / 12.0).margin(1e-12));
    const auto pr = pr_points(s, y);
    check_points(pr, {{1.0 / 3, 1}, {2.0 / 3, 2.0 / 3}, {2.0 / 3, 0.5}, {1, 0.6}});
    // Average precision: 1/3 · 1 + 1/3 · 2/3 + 0 · 0.5 + 1/3 · 0.6 = 0.75556.
    CHECK(step_area(pr) == Approx(1.0 / 3 + 2.0 / 9 + 0.2).margin(1e-12));
    check_points(pr_steps({{0.5, 1}, {1, 0.5}}), {{0, 1}, {0.5, 1}, {0.5, 0.5}, {1, 0.5}});
    CHECK(roc_points({0.5, 0.2}, {1, 1}).empty());  // no negatives: no ROC curve
    CHECK(pr_points({0.5, 0.2}, {0, 0}).empty());
}

TEST_CASE("curve areas equal the metrics predict reports (random scores with ties)", "[report]") {
    motiftok::Rng rng(7);
    for (int round = 0; round < 5; ++round) {
        std::vector<double> s(300);
        std::vector<std::uint8_t> y(300);
        for (std::size_t i = 0; i < s.size(); ++i) {
            y[i] = rng.uniform01() < 0.3;
            s[i] = std::round((rng.uniform01() + 0.3 * y[i]) * 20.0) / 20.0;  // many ties
        }
        CHECK(trapezoid_area(roc_points(s, y)) ==
              Approx(motiftok::model::auroc(s, y)).margin(1e-12));
        CHECK(step_area(pr_points(s, y)) == Approx(motiftok::model::auprc(s, y)).margin(1e-12));
    }
}

TEST_CASE("logo letter heights are the information content shared by probability", "[report]") {
    // H(0.5, 0.25, 0.25, 0) = 0.5·1 + 2 · 0.25·2 = 1.5 bits, so IC = 0.5 bits.
    CHECK(information_content({0.5, 0.25, 0.25, 0.0}) == Approx(0.5).margin(1e-12));
    const auto h = letter_heights({0.5, 0.25, 0.25, 0.0});
    CHECK(h[0] == Approx(0.25).margin(1e-12));
    CHECK(h[1] == Approx(0.125).margin(1e-12));
    CHECK(h[2] == Approx(0.125).margin(1e-12));
    CHECK(h[3] == 0.0);
    // H(0.7, 0.1, 0.1, 0.1) = 0.7·0.514573 + 0.3·3.321928 = 1.356779; IC = 0.643221.
    CHECK(information_content({0.7, 0.1, 0.1, 0.1}) == Approx(0.643221).margin(1e-6));
    CHECK(letter_heights({0.7, 0.1, 0.1, 0.1})[0] == Approx(0.7 * 0.643221).margin(1e-6));
    CHECK(information_content({0.25, 0.25, 0.25, 0.25}) == Approx(0.0).margin(1e-12));
    CHECK(information_content({0.0, 0.0, 2.0, 0.0}) == Approx(2.0));  // normalized first
    const Pwm t = token_pwm("ACN");
    REQUIRE(t.size() == 3);
    CHECK(information_content(t[0]) == 2.0);
    CHECK(information_content(t[2]) == 0.0);
    const Pwm rc = reverse_complement(token_pwm("AAC"));  // GTT
    CHECK(rc[0][2] == 1.0);
    CHECK(rc[2][3] == 1.0);

    // The SVG: one path per letter with height > 0, its data-bits and its y scale in pixels.
    const std::string svg = svg_logo({{0.5, 0.25, 0.25, 0.0}}, "x<y");
    CHECK(motiftok::test::contains(svg, "class=\"logo\""));
    CHECK(motiftok::test::contains(svg, "data-base=\"A\" data-bits=\"0.25\""));
    CHECK(motiftok::test::contains(svg, "data-base=\"C\" data-bits=\"0.125\""));
    CHECK_FALSE(motiftok::test::contains(svg, "data-base=\"T\""));
    // 0.25 bits of 2 bits = kLogoHeight / 8 = 8 px = 0.08 × the 100-unit letter box.
    CHECK(motiftok::test::contains(svg, "scale(0.18 0.08)"));
    CHECK(motiftok::test::contains(svg, "x&lt;y"));
}

TEST_CASE("HTML escaping: markup in inputs stays text", "[report]") {
    CHECK(escape_html("<a href=\"x\">&'</a>") ==
          "&lt;a href=&quot;x&quot;&gt;&amp;&#39;&lt;/a&gt;");
    CHECK(escape_html("ACGT µ") == "ACGT µ");
    Table t{"t", {"<th>"}, {{"<script>alert(1)</script>"}}, {}};
    const auto html = html_table(t);
    CHECK_FALSE(motiftok::test::contains(html, "<script>"));
    CHECK(motiftok::test::contains(html, "&lt;script&gt;alert(1)&lt;/script&gt;"));
    CHECK(format_number(std::nan("")) == "NA");
    CHECK(coord(-0.001) == "0");
    CHECK(coord(12.5) == "12.5");
}

TEST_CASE("the page: every section from its input, escaped, nothing fetched", "[report]") {
    ReportData data;
    data.sources = {{"vocabulary", "<vocab>.json"}};
    VocabSummary v;
    v.strand = motiftok::kmer::Strand::kForward;
    for (const char* s : {"A", "C", "G", "T", "N", "TGACTCA", "GGGGG"}) {
        v.tokens.push_back({static_cast<std::int64_t>(v.tokens.size()), s, 0.1, -1.0});
    }
    v.tokens[5].info_gain = 0.9;
    data.vocab = v;
    data.matches[5] = {"MA0099.3", "FOS::JUN", '+', 1, 0.01};
    data.motifs =
        motiftok::exports::MotifDb{"db",
                                   {{"MA0099.3",
                                     "FOS::JUN",
                                     {{0.9, 0.1, 0, 0}, {0, 0, 0, 1}, {0, 0, 1, 0}, {1, 0, 0, 0}},
                                     1}}};
    data.predictions = {{"a", "b"}, {"s1", "s2", "s3"}, {{0.9, 0.1}, {0.2, 0.8}, {0.4, 0.6}}};
    data.labels = {0, 1, 0};
    data.metrics = {{"auroc", "1"}};
    data.history = {{1, 1, 1, 0.7, 0.69, 0.6, true}, {1, 1, 2, 0.5, 0.6, 0.8, true}};
    data.evaluate = {{"vocab.json", "compression", "bp_per_token", "3.2"},
                     {"kmer6", "compression", "bp_per_token", "6"}};
    Explained e;
    e.id = "<img src=x onerror=alert(1)>";
    e.predicted = "b";
    e.p_predicted = 0.8;
    e.tokens = {{0, 2, "AC", 0.7, 0.2}, {0, 1, "A", 0.3, -0.1}, {1, 2, "C", 0.0, std::nan("")}};
    data.explained = {e};
    const std::string html = render_report(data, ReportOptions{});
    for (const char* id : {"id=\"logos\"", "class=\"logo logo-pair\"", "id=\"roc-curve\"",
                           "id=\"pr-curve\"", "id=\"metrics-table\"", "id=\"loss-curve\"",
                           "id=\"auroc-curve\"", "id=\"evaluate-table\"", "class=\"track\""}) {
        CHECK(motiftok::test::contains(html, id));
    }
    CHECK(motiftok::test::contains(html, "&lt;img src=x onerror=alert(1)&gt;"));
    CHECK_FALSE(motiftok::test::contains(html, "<img"));
    CHECK(motiftok::test::contains(html, "&lt;vocab&gt;.json"));
    CHECK_FALSE(motiftok::test::contains(html, "://"));  // no URL: nothing to fetch
    CHECK(motiftok::test::contains(html, "Content-Security-Policy"));
    CHECK_THROWS_AS(render_report(ReportData{}, ReportOptions{}), motiftok::DataError);
}

TEST_CASE("tracks: attention spread over each token's bases, the most confident per class",
          "[report]") {
    Explained e;
    e.id = "s";
    e.predicted = "b";
    e.tokens = {{0, 2, "AC", 0.6, 0.2}, {0, 1, "A", 0.4, -0.1}, {1, 2, "C", 0.0, std::nan("")}};
    const Track t = explanation_track(e);
    CHECK(t.sequence == "AC");
    CHECK(t.attention[0] == Approx(0.3 + 0.4));
    CHECK(t.attention[1] == Approx(0.3));
    CHECK(t.delta[0] == Approx(0.1 - 0.1).margin(1e-12));
    CHECK(t.delta[1] == Approx(0.1));
    REQUIRE(t.highlights.size() == 1);  // only positive deltas are marked
    CHECK(t.highlights[0].label == "AC");

    Track odd;  // bases from a file go into a class name and a text node: escaped in both
    odd.title = "t";
    odd.sequence = "A\"<";
    odd.attention = {1, 1, 1};
    odd.delta = {0, 0, 0};
    const std::string svg = svg_track(odd);
    CHECK(motiftok::test::contains(svg, "class=\"base base-&quot;\""));
    CHECK(motiftok::test::contains(svg, ">&lt;</text>"));
    CHECK_FALSE(motiftok::test::contains(svg, "base-\""));

    std::vector<Explained> all(5);
    const char* cls[] = {"x", "y", "x", "x", "y"};
    const double p[] = {0.6, 0.7, 0.9, 0.8, 0.95};
    for (int i = 0; i < 5; ++i) all[i].predicted = cls[i], all[i].p_predicted = p[i];
    CHECK(pick_tracks(all, 3) == std::vector<std::size_t>{2, 4, 3});
    CHECK(pick_tracks(all, 9).size() == 5);
}
