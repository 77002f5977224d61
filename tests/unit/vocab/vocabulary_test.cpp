// Vocabulary: vocab.json round trips exactly; every invalid file is rejected with a message that
// names the file and says what is wrong.

#include "motiftok/vocab/vocabulary.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <string>

#include "motiftok/error.hpp"
#include "test_support.hpp"

using motiftok::vocab::Token;
using motiftok::vocab::Vocabulary;

namespace {

Token make_token(const std::string& s, double score, std::size_t n_classes) {
    Token t;
    t.token = s;
    t.score = score;
    t.log_prob = score - 0.1;
    t.info_gain = 0.01 * static_cast<double>(s.size());
    t.p_value = 1.0 / 3.0;
    t.count = 17 * s.size();
    t.seqs_per_class.assign(n_classes, 0);
    for (std::size_t c = 0; c < n_classes; ++c) t.seqs_per_class[c] = c + s.size();
    return t;
}

Vocabulary make_vocab() {
    Vocabulary v;
    v.classes = {"pos", "neg"};
    v.options_json = R"({"vocab_size":9,"ig_weight":0.5})";
    for (const char* s : {"A", "C", "G", "T", "N", "ACG", "CGT", "AAT", "ATT"}) {
        // Scores that do not survive a decimal round trip unless printed exactly.
        v.add_token(make_token(s, -std::sqrt(2.0) * (1.0 + 0.1 * v.tokens().size()), 2));
    }
    v.validate();
    return v;
}

std::string load_error(const std::string& text) {
    try {
        Vocabulary::from_json(text, "bad.json");
    } catch (const motiftok::InputError& e) {
        return e.what();
    }
    return "no error";
}

/// The JSON of make_vocab() with `from` replaced by `to` (first occurrence).
std::string edited(const std::string& from, const std::string& to) {
    std::string text = make_vocab().to_json();
    const auto pos = text.find(from);
    REQUIRE(pos != std::string::npos);
    return text.replace(pos, from.size(), to);
}

}  // namespace

TEST_CASE("vocab: to_json -> from_json and save -> load are exact", "[vocab]") {
    const Vocabulary v = make_vocab();
    motiftok::test::TempDir dir;
    v.save(dir.file("vocab.json"));
    for (const Vocabulary& w :
         {Vocabulary::from_json(v.to_json()), Vocabulary::load(dir.file("vocab.json"))}) {
        CHECK(w.strand == v.strand);
        CHECK(w.classes == v.classes);
        CHECK(w.options_json == v.options_json);
        CHECK(!w.motiftok_version.empty());
        REQUIRE(w.tokens().size() == v.tokens().size());
        for (std::size_t i = 0; i < v.tokens().size(); ++i) {
            CHECK(w.tokens()[i].token == v.tokens()[i].token);
            CHECK(w.tokens()[i].score == v.tokens()[i].score);  // exact, not approximate
            CHECK(w.tokens()[i].log_prob == v.tokens()[i].log_prob);
            CHECK(w.tokens()[i].info_gain == v.tokens()[i].info_gain);
            CHECK(w.tokens()[i].p_value == v.tokens()[i].p_value);
            CHECK(w.tokens()[i].count == v.tokens()[i].count);
            CHECK(w.tokens()[i].seqs_per_class == v.tokens()[i].seqs_per_class);
        }
        CHECK(w.id("CGT") == 6);
        CHECK(w.id("CCC") == -1);
        CHECK(w.max_token_length() == 3);
    }
}

TEST_CASE("vocab: fail_ invalid files name the file and the problem", "[vocab]") {
    CHECK_THAT(load_error(edited("motiftok-vocab", "other-vocab")),
               Catch::StartsWith("bad.json: not a motiftok vocabulary"));
    CHECK_THAT(load_error(edited("\"version\": 2", "\"version\": 7")),
               Catch::Contains("bad.json: vocabulary format version 7; this build reads versions 1 "
                               "to 2; re-run motiftok learn or upgrade motiftok"));
    const std::string text = make_vocab().to_json();
    CHECK_THAT(load_error(text.substr(0, text.size() / 2)),
               Catch::StartsWith("bad.json: invalid or truncated JSON at byte"));
    CHECK_THAT(load_error(edited("\"ATT\"", "\"ACG\"")),
               Catch::Contains("token 8 ('ACG'): duplicate of token 5"));
    CHECK_THAT(load_error(edited("\"token\":\"C\"", "\"token\":\"CC\"")),
               Catch::Contains("ids 0..4 must be the bases A, C, G, T, N"));
    CHECK_THAT(load_error(edited("\"ATT\"", "\"AXT\"")), Catch::Contains("contains 'X'"));
    CHECK_THAT(load_error(edited("\"id\":6", "\"id\":9")),
               Catch::Contains("tokens[6]: id 9 out of order"));
    CHECK_THAT(load_error(edited("\"ATT\"", "\"AGT\"")),
               Catch::Contains("token 7 ('AAT'): its reverse complement 'ATT' is missing"));
    CHECK_THAT(load_error(edited("\"seqs_per_class\":[1,2]", "\"seqs_per_class\":[1]")),
               Catch::Contains("seqs_per_class has 1 entries but there are 2 classes"));
    CHECK_THAT(load_error(edited("\"score\":", "\"score\":1e999,\"x\":")),
               Catch::Contains("invalid or truncated JSON"));
    CHECK_THAT(load_error("[1, 2]"), Catch::Contains("not a motiftok vocabulary"));
}

TEST_CASE("vocab: fail_ load of a missing file", "[vocab]") {
    CHECK_THROWS_AS(Vocabulary::load("/nonexistent/vocab.json"), motiftok::InputError);
    CHECK_THROWS_WITH(Vocabulary::load("/nonexistent/vocab.json"),
                      Catch::Contains("/nonexistent/vocab.json: cannot open the vocabulary"));
}

TEST_CASE("vocab: forward strand needs no reverse complements, and validate throws DataError",
          "[vocab]") {
    Vocabulary v = make_vocab();
    v.edit_token(8, [&](auto& t) { t.token = "AGT"; });
    CHECK_THROWS_AS(v.validate(), motiftok::DataError);
    v.strand = motiftok::kmer::Strand::kForward;
    CHECK_NOTHROW(v.validate());
    CHECK(v.id("AGT") == 8);
    v.edit_token(6, [&](auto& t) { t.score = std::nan(""); });
    CHECK_THROWS_WITH(v.validate(),
                      Catch::Contains("token 6 ('CGT'): score is not a finite number"));
    CHECK_THROWS_AS(v.to_json(), motiftok::DataError);
}

TEST_CASE("vocab: version 2 keeps task_effect and motif_score, version 1 files still load",
          "[vocab]") {
    Vocabulary v = make_vocab();
    v.edit_token(5, [&](auto& t) { t.task_effect = -std::sqrt(3.0) * 1e-3; });
    v.edit_token(5, [&](auto& t) { t.motif_score = 1.0 / 3.0; });
    v.edit_token(6, [&](auto& t) { t.task_effect = 0.25; });
    const Vocabulary w = Vocabulary::from_json(v.to_json(), "v2.json");
    CHECK(*w.tokens()[5].task_effect == *v.tokens()[5].task_effect);
    CHECK(*w.tokens()[5].motif_score == *v.tokens()[5].motif_score);
    CHECK(*w.tokens()[6].task_effect == 0.25);
    CHECK(!w.tokens()[6].motif_score);
    CHECK(!w.tokens()[7].task_effect);
    CHECK(w.to_json() == v.to_json());
    // A version 1 file (no new fields) loads unchanged.
    std::string v1 = make_vocab().to_json();
    v1.replace(v1.find("\"version\": 2"), 12, "\"version\": 1");
    const Vocabulary old = Vocabulary::from_json(v1, "v1.json");
    CHECK(old.size() == 9);
    CHECK(!old.tokens()[5].task_effect);
    CHECK(!old.tokens()[5].motif_score);
    CHECK_THAT(load_error(edited("\"seqs_per_class\":[3,4]",
                                 "\"seqs_per_class\":[3,4],\"motif_score\":1.5")),
               Catch::Contains("motif_score must be in [0, 1]"));
}

TEST_CASE("vocab: id() follows add_token, edit_token and set_tokens without validate()",
          "[vocab]") {
    Vocabulary v;
    for (const char* b : {"A", "C", "G", "T", "N"}) {
        motiftok::vocab::Token t;
        t.token = b;
        v.add_token(t);
    }
    CHECK(v.id("G") == 2);
    motiftok::vocab::Token acg;
    acg.token = "ACG";
    v.add_token(acg);
    CHECK(v.id("ACG") == 5);
    v.edit_token(5, [](motiftok::vocab::Token& t) { t.token = "CGT"; });
    CHECK(v.id("ACG") == -1);
    CHECK(v.id("CGT") == 5);
    v.add_token(v.tokens()[5]);  // a repeat keeps the first id; validate() rejects it
    CHECK(v.id("CGT") == 5);
    CHECK_THROWS_WITH(v.validate(), Catch::Contains("token 6 ('CGT'): duplicate of token 5"));
    auto bases = v.tokens();
    bases.resize(5);
    v.set_tokens(bases);
    CHECK(v.id("CGT") == -1);
    CHECK(v.size() == 5);
}
