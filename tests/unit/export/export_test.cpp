// Export: the HF tokenizer.json carries every token with its score (as the exact decimal the
// tokenizer uses) at its motiftok id; TSV and JSON list every token; MEME picks the right tokens
// and writes valid matrices.

#include "motiftok/export/export.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "motiftok/error.hpp"
#include "motiftok/kmer/encode.hpp"
#include "motiftok/vocab/score_decimal.hpp"
#include "motiftok/vocab/vocabulary.hpp"
#include "test_support.hpp"

using motiftok::vocab::Vocabulary;
namespace ex = motiftok::exports;

namespace {
Vocabulary small() {
    return Vocabulary::load(motiftok::test::test_data("vocab_small.json"));
}
}  // namespace

TEST_CASE("export: HF tokenizer.json holds the vocabulary exactly", "[export]") {
    const Vocabulary v = small();
    const auto j = nlohmann::json::parse(ex::hf_tokenizer_json(v));
    CHECK(j["version"] == "1.0");
    CHECK(j["pre_tokenizer"].is_null());
    CHECK(j["decoder"]["type"] == "Fuse");
    CHECK(j["model"]["type"] == "Unigram");
    CHECK(j["model"]["byte_fallback"] == false);
    CHECK(j["model"]["unk_id"] == v.size());
    const auto& pieces = j["model"]["vocab"];
    REQUIRE(pieces.size() == v.size() + 5);
    for (std::size_t i = 0; i < v.size(); ++i) {
        CHECK(pieces[i][0] == v.tokens()[i].token);
        CHECK(pieces[i][1].get<double>() == motiftok::vocab::round_score(v.tokens()[i].score));
    }
    REQUIRE(j["added_tokens"].size() == 5);
    for (std::size_t k = 0; k < 5; ++k) {
        CHECK(j["added_tokens"][k]["content"] == ex::kSpecialTokens[k]);
        CHECK(j["added_tokens"][k]["id"] == v.size() + k);
        CHECK(j["added_tokens"][k]["special"] == true);
        CHECK(pieces[v.size() + k][0] == ex::kSpecialTokens[k]);
    }
    CHECK(j["post_processor"]["special_tokens"]["[CLS]"]["ids"][0] == v.size() + 1);
    CHECK(j["post_processor"]["special_tokens"]["[SEP]"]["ids"][0] == v.size() + 2);
    const auto cfg = nlohmann::json::parse(ex::hf_tokenizer_config_json({}));
    CHECK(cfg["tokenizer_class"] == "PreTrainedTokenizerFast");
    CHECK(cfg["pad_token"] == "[PAD]");
    CHECK(nlohmann::json::parse(ex::hf_special_tokens_map_json())["mask_token"] == "[MASK]");
}

TEST_CASE("export: write_hf to a folder and to a .json path", "[export]") {
    const Vocabulary v = small();
    motiftok::test::TempDir dir;
    ex::write_hf(v, dir.file("tok"), {});
    for (const char* f : {"tokenizer.json", "tokenizer_config.json", "special_tokens_map.json"}) {
        CHECK(motiftok::test::file_exists(dir.file("tok/") + f));
    }
    ex::write_hf(v, dir.file("my.json"), {});
    CHECK(motiftok::test::read_file(dir.file("my.json")) == ex::hf_tokenizer_json(v));
    CHECK(motiftok::test::file_exists(dir.file("tokenizer_config.json")));
    motiftok::test::write_file(dir.file("plain"), "x");
    CHECK_THROWS_WITH(ex::write_hf(v, dir.file("plain"), {}),
                      Catch::Contains("exists and is not a folder"));
}

TEST_CASE("export: TSV and JSON list every token", "[export]") {
    const Vocabulary v = small();
    std::istringstream tsv(ex::tsv(v));
    std::string line;
    REQUIRE(std::getline(tsv, line));
    CHECK(line ==
          "id\ttoken\tscore\tlog_prob\tinfo_gain\tp_value\tcount\tseqs_bound\tseqs_unbound");
    for (std::size_t i = 0; i < v.size(); ++i) {
        REQUIRE(std::getline(tsv, line));
        std::istringstream f(line);
        std::size_t id = 0;
        std::string token;
        double score = 0;
        f >> id >> token >> score;
        CHECK(id == i);
        CHECK(token == v.tokens()[i].token);
        CHECK(score == v.tokens()[i].score);
    }
    CHECK(!std::getline(tsv, line));
    const auto j = nlohmann::json::parse(ex::json_list(v));
    REQUIRE(j.size() == v.size());
    CHECK(j[6]["token"] == v.tokens()[6].token);
    CHECK(j[6]["info_gain"].get<double>() == v.tokens()[6].info_gain);
}

TEST_CASE("export: MEME motifs are the top tokens by IG, one per reverse-complement pair",
          "[export]") {
    const Vocabulary v = small();
    ex::ExportOptions opt;
    opt.meme_min_length = 4;
    opt.meme_top = 3;
    opt.meme_pseudocount = 0.1;
    // Reference: every token of length >= 4 whose reverse complement does not come earlier,
    // by decreasing IG (stable), first 3.
    std::vector<std::size_t> want;
    for (std::size_t i = 0; i < v.size(); ++i) {
        const auto& t = v.tokens()[i].token;
        if (t.size() >= 4 && v.id(motiftok::kmer::revcomp(t)) >= static_cast<int>(i))
            want.push_back(i);
    }
    std::stable_sort(want.begin(), want.end(), [&](auto a, auto b) {
        return v.tokens()[a].info_gain > v.tokens()[b].info_gain;
    });
    want.resize(3);
    const std::string text = ex::meme(v, opt);
    CHECK(text.rfind("MEME version 4\n\nALPHABET= ACGT\n\nstrands: + -\n", 0) == 0);
    std::istringstream in(text);
    std::string line;
    std::size_t motif = 0;
    while (std::getline(in, line)) {
        if (line.rfind("MOTIF ", 0) != 0) continue;
        REQUIRE(motif < want.size());
        const std::string& token = v.tokens()[want[motif]].token;
        CHECK(line.rfind("MOTIF " + token + " ", 0) == 0);
        REQUIRE(std::getline(in, line));
        CHECK(line.rfind("letter-probability matrix: alength= 4 w= " +
                             std::to_string(token.size()) + " nsites= ",
                         0) == 0);
        CHECK(line.find(" E= ") != std::string::npos);
        for (char c : token) {
            REQUIRE(std::getline(in, line));
            std::istringstream row(line);
            double p[4];
            row >> p[0] >> p[1] >> p[2] >> p[3];
            CHECK(p[0] + p[1] + p[2] + p[3] == Approx(1.0).margin(1e-5));
            CHECK("ACGT"[std::max_element(p, p + 4) - p] == c);
            CHECK(*std::max_element(p, p + 4) == Approx(1.1 / 1.4).margin(1e-6));
        }
        ++motif;
    }
    CHECK(motif == 3);
    opt.meme_pseudocount = -1;
    CHECK_THROWS_AS(ex::meme(v, opt), motiftok::ConfigError);
}
