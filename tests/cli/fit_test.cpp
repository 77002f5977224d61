// motiftok fit: the output directory (vocab.json with task effects, model.bin usable by predict,
// fit.tsv), progress on stderr, and the failures users hit.
#include <algorithm>
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "test_support.hpp"

using motiftok::test::run_motiftok;
using motiftok::test::TempDir;

namespace {

std::vector<std::string> fit_args(const std::string& out) {
    return {"fit",
            "--class",
            "pos=" + motiftok::test::test_data("learn_pos.fa"),
            "--class",
            "neg=" + motiftok::test::test_data("learn_neg.fa"),
            "--vocab-size",
            "40",
            "--seed-size",
            "300",
            "--k-max",
            "8",
            "--dim",
            "8",
            "--heads",
            "2",
            "--hidden",
            "8",
            "--epochs",
            "4",
            "--pos-bins",  // one network per round (the default, auto, trains two)
            "8",
            "--rounds",
            "2",
            "-t",
            "2",
            "-o",
            out};
}

}  // namespace

TEST_CASE("cli fit: writes vocab.json with task effects, model.bin and fit.tsv", "[cli]") {
    TempDir dir;
    const auto r = run_motiftok(fit_args(dir.file("out")));
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(motiftok::test::contains(r.err, "round 1: vocab "));
    const auto vocab = nlohmann::json::parse(motiftok::test::read_file(dir.file("out/vocab.json")));
    CHECK(vocab["version"] == 2);
    // Tokens the kept round (training split) had carry its task effect; the refit on all the
    // data may add tokens without one.
    int with_effect = 0;
    for (const auto& t : vocab["tokens"]) with_effect += t.contains("task_effect") ? 1 : 0;
    CHECK(with_effect > 0);
    CHECK(motiftok::test::contains(r.err, "retrained on all the data"));
    CHECK(vocab["options"].contains("fit"));
    const std::string tsv = motiftok::test::read_file(dir.file("out/fit.tsv"));
    CHECK(tsv.rfind("round\tvocab_size\tvalid_loss\tvalid_auroc", 0) == 0);
    const auto p = run_motiftok({"predict", "--model", dir.file("out/model.bin"),
                                 motiftok::test::test_data("learn_pos.fa"), "-q"});
    CHECK(p.exit_code == 0);
    CHECK(motiftok::test::contains(p.out, "p_pos"));
}

TEST_CASE("cli fit: fail without -o DIR, with bad options, with unlabeled input", "[cli]") {
    TempDir dir;
    auto args = fit_args("-");
    auto r = run_motiftok(args);
    CHECK(r.exit_code != 0);
    CHECK(motiftok::test::contains(r.err, "give -o DIR"));
    args = fit_args(dir.file("out"));
    *(std::find(args.begin(), args.end(), "--rounds") + 1) = "0";
    args.insert(args.end(), {"--holdout", "1"});
    r = run_motiftok(args);
    CHECK(r.exit_code != 0);
    CHECK(r.exit_code == 2);
    CHECK(motiftok::test::contains(r.err, "--rounds must be at least 1"));
    CHECK(motiftok::test::contains(r.err, "--holdout must be between 0 and 1"));
    // -o naming an input file: the output-is-input usage error, nothing written.
    const std::string input = dir.file("in.fa");
    motiftok::test::write_file(
        input, motiftok::test::read_file(motiftok::test::test_data("learn_pos.fa")));
    const std::string before = motiftok::test::read_file(input);
    args = fit_args(input);
    *(std::find(args.begin(), args.end(), "--class") + 1) = "pos=" + input;
    r = run_motiftok(args);
    CHECK(r.exit_code == 2);
    CHECK(motiftok::test::contains(r.err, "is the same file as input"));
    CHECK(motiftok::test::read_file(input) == before);
    r = run_motiftok({"fit", motiftok::test::test_data("learn_unlabeled.fa"), "-o", dir.file("u")});
    CHECK(r.exit_code != 0);
    CHECK(!motiftok::test::file_exists(dir.file("u/vocab.json")));
}
