// CLI tests of `motiftok learn`: a labeled run writes a valid vocab.json with the options and a
// log line per iteration; unlabeled input is noted, not refused; bad options fail with exit 2
// (library ConfigError) or 2 (usage) and a message, and leave no output file.

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "motiftok/kmer/encode.hpp"
#include "test_support.hpp"

using motiftok::test::file_exists;
using motiftok::test::read_file;
using motiftok::test::run_motiftok;
using motiftok::test::TempDir;
using motiftok::test::test_data;

TEST_CASE("learn writes vocab.json from two classes and logs every iteration", "[learn][cli]") {
    TempDir dir;
    const std::string out = dir.file("vocab.json");
    const auto r = run_motiftok({"learn", "-c", "pos=" + test_data("learn_pos.fa"), "-c",
                                 "neg=" + test_data("learn_neg.fa"), "--vocab-size", "64",
                                 "--k-max", "12", "-t", "2", "-o", out});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(r.err.find("iter 1: vocab ") != std::string::npos);
    CHECK(r.err.find("loglik/bp") != std::string::npos);
    CHECK(r.err.find("boundaries moved") != std::string::npos);
    const auto j = nlohmann::json::parse(read_file(out));
    CHECK(j["format"] == "motiftok-vocab");
    CHECK(j["strand"] == "both");
    CHECK(j["classes"] == nlohmann::json({"pos", "neg"}));
    CHECK(j["options"]["vocab_size"] == 64);
    CHECK(j["options"]["k_max"] == 12);
    const auto& tokens = j["tokens"];
    REQUIRE(tokens.size() <= 64);
    REQUIRE(tokens.size() > 5);
    for (int b = 0; b < 5; ++b) CHECK(tokens[b]["token"] == std::string(1, "ACGTN"[b]));
    // The planted motif GTCACGCTTA (either orientation) is among the top 5 by IG.
    bool found = false;
    for (std::size_t i = 5; i < 10 && i < tokens.size(); ++i) {
        const std::string t = tokens[i]["token"];
        found = found || t == "GTCACGCTTA" || t == motiftok::kmer::revcomp("GTCACGCTTA");
        CHECK(tokens[i]["seqs_per_class"].size() == 2);
    }
    CHECK(found);
    // Ids after the bases are ordered by decreasing info_gain.
    for (std::size_t i = 6; i < tokens.size(); ++i) {
        CHECK(tokens[i - 1]["info_gain"].get<double>() >= tokens[i]["info_gain"].get<double>());
    }
}

TEST_CASE("learn -t 1 and -t 2 write the same bytes", "[learn][cli]") {
    if (!motiftok::test::threads_available()) return;
    TempDir dir;
    std::string bytes[2];
    for (int t = 1; t <= 2; ++t) {
        const std::string out = dir.file("v" + std::to_string(t) + ".json");
        const auto r = run_motiftok({"learn", "-q", "-c", "pos=" + test_data("learn_pos.fa"), "-c",
                                     "neg=" + test_data("learn_neg.fa"), "--vocab-size", "48", "-t",
                                     std::to_string(t), "-o", out});
        REQUIRE(r.exit_code == 0);
        bytes[t - 1] = read_file(out);
    }
    CHECK(bytes[0] == bytes[1]);
}

TEST_CASE("learn on unlabeled input says IG is undefined and succeeds", "[learn][cli]") {
    TempDir dir;
    const std::string out = dir.file("plain.json");
    const auto r = run_motiftok({"learn", test_data("learn_unlabeled.fa"), "--vocab-size", "30",
                                 "--strand", "forward", "-o", out});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(r.err.find("information gain is undefined") != std::string::npos);
    const auto j = nlohmann::json::parse(read_file(out));
    CHECK(j["classes"].empty());
    CHECK(j["strand"] == "forward");
}

TEST_CASE("fail_learn_bad_options exit 2 with every problem named, no output", "[learn][cli]") {
    TempDir dir;
    const std::string out = dir.file("bad.json");
    const auto r = run_motiftok({"learn", "-c", "pos=" + test_data("learn_pos.fa"), "-c",
                                 "neg=" + test_data("learn_neg.fa"), "--vocab-size", "3", "--k-min",
                                 "8", "--k-max", "4", "-o", out});
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("--vocab-size must be at least 5") != std::string::npos);
    CHECK(r.err.find("--k-min (8) must not exceed --k-max (4)") != std::string::npos);
    CHECK_FALSE(file_exists(out));
}

TEST_CASE("fail_learn_bad_input: missing file, empty input, unknown option", "[learn][cli]") {
    TempDir dir;
    const auto missing = run_motiftok({"learn", dir.file("nope.fa"), "-o", dir.file("v.json")});
    CHECK(missing.exit_code == 1);
    CHECK(missing.err.find("nope.fa") != std::string::npos);
    motiftok::test::write_file(dir.file("empty.fa"), "");
    const auto empty = run_motiftok({"learn", dir.file("empty.fa"), "-o", dir.file("v.json")});
    CHECK(empty.exit_code == 1);
    CHECK(empty.err.find("error:") != std::string::npos);
    CHECK_FALSE(file_exists(dir.file("v.json")));
    const auto usage = run_motiftok({"learn", "--vocab-size", "many"});
    CHECK(usage.exit_code == 2);
}
