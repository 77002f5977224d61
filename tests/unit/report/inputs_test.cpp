// Readers of the report's inputs: predict's TSV matched to labels, annotate's TSV, evaluate's
// TSV and JSON, explain's JSONL, vocab.json versions 1 and 2 (families); errors name the file.
#include "motiftok/report/inputs.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <string>

#include "motiftok/error.hpp"
#include "motiftok/kmer/encode.hpp"
#include "test_support.hpp"

using namespace motiftok::report;
using motiftok::InputError;

TEST_CASE("predictions: parsed by header, labels matched by order and id", "[report]") {
    const auto p = parse_predictions(
        "id\tpredicted\tp_neg\tp_pos\ns1\tpos\t0.25\t0.75\ns2\tneg\t0.9\t0.1\n", "pred.tsv");
    CHECK(p.classes == std::vector<std::string>{"neg", "pos"});
    CHECK(p.ids == std::vector<std::string>{"s1", "s2"});
    CHECK(p.probs[0][1] == 0.75);
    motiftok::io::Dataset data;
    data.classes = {"pos", "neg"};  // another order than the columns: matched by name
    data.records = {{"s1", "ACGT"}, {"s2", "ACGT"}};
    data.labels = {0, 1};
    CHECK(match_labels(p, data, "pred.tsv") == std::vector<std::int32_t>{1, 0});
    data.records[1].id = "s9";
    CHECK_THROWS_WITH(match_labels(p, data, "pred.tsv"),
                      Catch::Contains("pred.tsv") && Catch::Contains("'s2'") &&
                          Catch::Contains("'s9'") && Catch::Contains("same order"));
    data.records.pop_back();
    data.labels.pop_back();
    CHECK_THROWS_WITH(match_labels(p, data, "pred.tsv"), Catch::Contains("2 predictions but 1"));
    CHECK_THROWS_WITH(parse_predictions("id\tpredicted\tp_a\tp_b\ns1\ta\t0.5\tx\n", "p.tsv"),
                      Catch::Contains("p.tsv: line 2") && Catch::Contains("'x' is not a number"));
    CHECK_THROWS_WITH(parse_predictions("seq\tclass\n", "p.tsv"),
                      Catch::Contains("p.tsv: line 1") && Catch::Contains("motiftok predict"));
}

TEST_CASE("annotation: the best match per token, tokens without a match absent", "[report]") {
    const std::string tsv =
        "# format=motiftok-annotate version=1\n"
        "ig_rank\ttoken_id\ttoken\tinfo_gain\tvocab_score\tmatch_rank\tmotif_id\tmotif_name\t"
        "strand\toffset\taligned\tlog_odds\tnormalized\tp_value\tp_adjusted\talignments\ttied\n"
        "1\t7\tTGACTCA\t0.9\t-3\t1\tMA0099.3\tFOS::JUN\t-\t-1\t7\t12\t0.9\t1e-5\t0.02\t900\t1\n"
        "1\t7\tTGACTCA\t0.9\t-3\t2\tMA0000.1\tOTHER\t+\t0\t7\t10\t0.8\t1e-4\t0.2\t900\t1\n"
        "2\t8\tGGGGG\t0.5\t-3\t\t\t\t\t\t\t\t\t\t\t900\t0\n";
    const auto m = parse_annotation(tsv, "a.tsv");
    REQUIRE(m.size() == 1);
    const auto& best = m.at(7);
    CHECK(best.motif_id == "MA0099.3");
    CHECK(best.motif_name == "FOS::JUN");
    CHECK(best.strand == '-');
    CHECK(best.offset == -1);
    CHECK(best.p_adjusted == Approx(0.02));
    CHECK_THROWS_WITH(parse_annotation("token\tscore\n", "a.tsv"),
                      Catch::Contains("a.tsv") && Catch::Contains("token_id"));
}

TEST_CASE("evaluate: TSV and JSON give the same rows", "[report]") {
    const auto tsv = parse_evaluate(
        "vocabulary\taxis\tmetric\tvalue\nvocab.json\texpressiveness\tauroc\t0.93\n"
        "kmer6\tcompression\tbp_per_token\tNA\n",
        "e.tsv");
    const auto json = parse_evaluate(
        R"({"format":"motiftok-evaluate","version":1,"rows":[
        {"vocabulary":"vocab.json","axis":"expressiveness","metric":"auroc","value":0.93},
        {"vocabulary":"kmer6","axis":"compression","metric":"bp_per_token","value":null}]})",
        "e.json");
    REQUIRE(tsv.size() == 2);
    REQUIRE(json.size() == 2);
    for (std::size_t i = 0; i < 2; ++i) {
        CHECK(tsv[i].vocabulary == json[i].vocabulary);
        CHECK(tsv[i].axis == json[i].axis);
        CHECK(tsv[i].metric == json[i].metric);
        CHECK(tsv[i].value == json[i].value);
    }
    CHECK_THROWS_WITH(parse_evaluate("{\"rows\": 3}", "e.json"), Catch::Contains("e.json"));
}

TEST_CASE("TSV readers: an empty file and a row of another width fail naming file and line",
          "[report]") {
    // Comments and empty lines count for the line number but are not rows.
    CHECK_THROWS_WITH(
        parse_predictions("# nothing\n\n", "p.tsv"),
        Catch::Contains("p.tsv: empty; expected") && Catch::Contains("motiftok predict"));
    CHECK_THROWS_WITH(parse_predictions("id\tpredicted\tp_a\tp_b\n# c\ns1\ta\t0.5\n", "p.tsv"),
                      Catch::Contains("p.tsv: line 3: 3 columns, the header has 4"));
    CHECK_THROWS_WITH(parse_annotation("", "a.tsv"), Catch::Contains("a.tsv: empty; expected") &&
                                                         Catch::Contains("motiftok annotate"));
    CHECK_THROWS_WITH(
        parse_annotation("token_id\tmatch_rank\tmotif_id\tmotif_name\tstrand\toffset\t"
                         "p_adjusted\n7\t1\tM\tN\t+\t0\t0.1\textra\n",
                         "a.tsv"),
        Catch::Contains("a.tsv: line 2: 8 columns, the header has 7"));
    CHECK_THROWS_WITH(parse_evaluate("\n", "e.tsv"), Catch::Contains("e.tsv: empty; expected") &&
                                                         Catch::Contains("motiftok evaluate"));
    CHECK_THROWS_WITH(parse_evaluate("vocabulary\taxis\tmetric\tvalue\n\nv\tx\tm\n", "e.tsv"),
                      Catch::Contains("e.tsv: line 3: 3 columns, the header has 4"));
}

TEST_CASE("explain JSONL: mean attention over heads, null delta as NaN", "[report]") {
    const auto e = parse_explain(
        R"({"id":"s1","predicted":"b","p":{"a":0.2,"b":0.8},"tokens":[)"
        R"({"start":0,"end":2,"token":"AC","score":0.1,"attention":[0.2,0.4],"delta":0.05},)"
        R"({"start":1,"end":2,"token":"C","score":0,"attention":[0.1,0.3],"delta":null}]})"
        "\n\n",
        "x.jsonl");
    REQUIRE(e.size() == 1);
    CHECK(e[0].p_predicted == 0.8);
    CHECK(e[0].tokens[0].attention == Approx(0.3));
    CHECK(std::isnan(e[0].tokens[1].delta));
    CHECK_THROWS_WITH(parse_explain("{\"id\":1}\n", "x.jsonl"), Catch::Contains("x.jsonl: line 1"));
    CHECK_THROWS_WITH(
        parse_explain(
            R"({"id":"s","predicted":"b","p":{"b":1},"tokens":[{"start":0,"end":3,"token":"AC","attention":[1],"delta":0}]})",
            "x.jsonl"),
        Catch::Contains("does not span"));
}

TEST_CASE("vocab.json: version 1 tokens, version 2 families, top tokens skip reverse complements",
          "[report]") {
    const auto text = motiftok::test::read_file(motiftok::test::test_data("vocab_small.json"));
    const auto v1 = parse_vocab_summary(text, "vocab_small.json");
    CHECK(v1.families.empty());
    CHECK(v1.tokens.size() > 5);
    const auto top = top_tokens(v1, 100, 2);
    for (const auto id : top) {
        const auto& s = v1.tokens[static_cast<std::size_t>(id)].token;
        CHECK(s.size() >= 2);
        for (const auto other : top) {  // never both a token and its reverse complement
            if (other != id)
                CHECK(v1.tokens[static_cast<std::size_t>(other)].token !=
                      motiftok::kmer::revcomp(s));
        }
    }
    const std::string v2 = R"({"format":"motiftok-vocab","version":2,"strand":"forward",
      "tokens":[{"id":0,"token":"A","info_gain":0,"score":-1},{"id":1,"token":"CAGT","info_gain":0.5,"score":-2,"family":0}],
      "families":[{"id":0,"name":"F0","seed":1,"members":[{"token":1,"offset":0,"strand":"+"}],
      "pwm":[[0.1,0.7,0.1,0.1],[1,0,0,0]]}]})";
    const auto fam = parse_vocab_summary(v2, "v2.json");
    REQUIRE(fam.families.size() == 1);
    CHECK(fam.families[0].seed == 1);
    CHECK(fam.families[0].members == 1);
    CHECK(fam.families[0].pwm[0][1] == 0.7);
    CHECK_THROWS_WITH(
        parse_vocab_summary(R"({"format":"motiftok-vocab","version":9,"tokens":[]})", "v9.json"),
        Catch::Contains("v9.json") && Catch::Contains("version 9"));
    CHECK_THROWS_AS(parse_vocab_summary("{", "bad.json"), InputError);
}
