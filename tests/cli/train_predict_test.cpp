// motiftok train / predict: the whole path on a planted-motif set, and the failures users hit.
#include <algorithm>
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <sstream>

#include "../unit/model/model_fixtures.hpp"
#include "option_checks.hpp"
#include "test_support.hpp"

using motiftok::test::run_motiftok;
using motiftok::test::TempDir;

namespace {

// Writes the records of class `label` of `data` as FASTA.
void write_class(const motiftok::io::Dataset& data, int label, const std::string& path) {
    std::string fa;
    for (std::size_t i = 0; i < data.records.size(); ++i) {
        if (data.labels[i] == label)
            fa += ">" + data.records[i].id + "\n" + data.records[i].seq + "\n";
    }
    motiftok::test::write_file(path, fa);
}

// A vocabulary, training and test FASTA per class in `dir`.
void make_inputs(const TempDir& dir) {
    motiftok::test::model_test_vocabulary().save(dir.file("vocab.json"));
    const auto train = motiftok::test::planted_dataset(1, 100, 50);
    const auto test = motiftok::test::planted_dataset(2, 40, 50);
    write_class(train, 0, dir.file("bg.fa"));
    write_class(train, 1, dir.file("bound.fa"));
    write_class(test, 0, dir.file("bg.test.fa"));
    write_class(test, 1, dir.file("bound.test.fa"));
}

std::vector<std::string> train_args(const TempDir& dir, const std::string& out,
                                    const std::string& threads) {
    return {"train",
            "--vocab",
            dir.file("vocab.json"),
            "--class",
            "background=" + dir.file("bg.fa"),
            "--class",
            "bound=" + dir.file("bound.fa"),
            "--dim",
            "8",
            "--heads",
            "2",
            "--hidden",
            "8",
            "--conv-width",
            "5",
            "--pos-bins",  // one network: the tests of the default (auto) remove it
            "8",
            "--epochs",
            "15",
            "--batch-size",
            "16",
            "-t",
            threads,
            "-o",
            out};
}

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) out.push_back(line);
    return out;
}

}  // namespace

TEST_CASE("train then predict: TSV, metrics JSON and explanations", "[model][cli]") {
    TempDir dir;
    make_inputs(dir);
    const auto t = run_motiftok(train_args(dir, dir.file("model.bin"), "2"));
    REQUIRE(t.exit_code == 0);
    CHECK(t.err.find("epoch 1: train loss") != std::string::npos);
    CHECK(t.err.find("valid AUROC") != std::string::npos);
    const auto p = run_motiftok({"predict", "--model", dir.file("model.bin"), "--class",
                                 "background=" + dir.file("bg.test.fa"), "--class",
                                 "bound=" + dir.file("bound.test.fa"), "--metrics",
                                 dir.file("metrics.json"), "--explain", dir.file("explain.jsonl")});
    REQUIRE(p.exit_code == 0);
    const auto rows = lines_of(p.out);
    REQUIRE(rows.size() == 81);
    CHECK(rows[0] == "id\tpredicted\tp_background\tp_bound");
    // Input order: the background file first, then the bound file (ids seq0, seq2, ... then seq1,
    // ...).
    CHECK(rows[1].rfind("seq0\t", 0) == 0);
    CHECK(rows[41].rfind("seq1\t", 0) == 0);
    for (std::size_t i = 1; i < rows.size(); ++i) {
        std::istringstream row(rows[i]);
        std::string id, predicted;
        double a = 0, b = 0;
        row >> id >> predicted >> a >> b;
        CHECK(a + b == Approx(1.0).margin(1e-5));
        CHECK(predicted == (a >= b ? "background" : "bound"));
    }
    const auto m = nlohmann::json::parse(motiftok::test::read_file(dir.file("metrics.json")));
    CHECK(m.at("auroc").get<double>() > 0.9);
    CHECK(m.at("n").get<int>() == 80);
    CHECK(p.err.find("AUROC") != std::string::npos);
    const auto explain = lines_of(motiftok::test::read_file(dir.file("explain.jsonl")));
    REQUIRE(explain.size() == 80);
    const auto test = motiftok::test::planted_dataset(2, 40, 50);
    const auto first = nlohmann::json::parse(explain[0]);
    CHECK(first.at("id") == "seq0");
    const std::string seq0 = test.records[0].seq;
    double attention = 0.0;
    for (const auto& tok : first.at("tokens")) {
        const auto start = tok.at("start").get<std::size_t>(),
                   end = tok.at("end").get<std::size_t>();
        CHECK(seq0.substr(start, end - start) == tok.at("token").get<std::string>());
        attention += tok.at("attention")[0].get<double>();
        CHECK(tok.at("delta").is_number());
    }
    CHECK(attention == Approx(1.0));
}

TEST_CASE("train: the model bytes do not depend on the thread count", "[model][cli]") {
    if (!motiftok::test::threads_available()) return;
    TempDir dir;
    make_inputs(dir);
    // Three epochs are enough to compare bytes (keeps the Debug+ASan run short).
    auto one = train_args(dir, dir.file("one.bin"), "1");
    auto two = train_args(dir, dir.file("two.bin"), "2");
    one[static_cast<std::size_t>(std::find(one.begin(), one.end(), "--epochs") - one.begin()) + 1] =
        "3";
    two[static_cast<std::size_t>(std::find(two.begin(), two.end(), "--epochs") - two.begin()) + 1] =
        "3";
    REQUIRE(run_motiftok(one).exit_code == 0);
    REQUIRE(run_motiftok(two).exit_code == 0);
    CHECK(motiftok::test::read_file(dir.file("one.bin")) ==
          motiftok::test::read_file(dir.file("two.bin")));
}

TEST_CASE("fail_train_inputs_and_options", "[model][cli]") {
    TempDir dir;
    make_inputs(dir);
    const auto one = run_motiftok({"train", "--vocab", dir.file("vocab.json"), "--class",
                                   "bound=" + dir.file("bound.fa"), "-o", dir.file("m.bin")});
    CHECK(one.exit_code == 1);
    CHECK(one.err.find("fewer than two non-empty classes") != std::string::npos);
    CHECK_FALSE(motiftok::test::file_exists(dir.file("m.bin")));
    auto args = train_args(dir, dir.file("m.bin"), "1");
    args[std::find(args.begin(), args.end(), "--dim") - args.begin() + 1] = "0";
    args.insert(args.end(), {"--lattice", "best", "--ensemble", "0"});
    const auto bad = run_motiftok(args);
    CHECK(bad.exit_code == 2);
    CHECK(bad.err.find("--dim must be") != std::string::npos);
    CHECK(bad.err.find("--lattice must be") != std::string::npos);
    CHECK(bad.err.find("--ensemble must be") != std::string::npos);
}

TEST_CASE("train --ensemble: one model.bin, progress per member, predict reads it",
          "[model][cli]") {
    TempDir dir;
    make_inputs(dir);
    auto args = train_args(dir, dir.file("pair.bin"), "2");
    args[static_cast<std::size_t>(std::find(args.begin(), args.end(), "--epochs") - args.begin()) +
         1] = "3";
    args.insert(args.end(), {"--ensemble", "2", "--gkm-stack", "off"});
    const auto t = run_motiftok(args);
    REQUIRE(t.exit_code == 0);
    CHECK(t.err.find("model 1/2, epoch 1: train loss") != std::string::npos);
    CHECK(t.err.find("model 2/2, epoch 3: train loss") != std::string::npos);
    CHECK(t.err.find("2 ensemble members") != std::string::npos);
    const auto p =
        run_motiftok({"predict", "--model", dir.file("pair.bin"), "-q", dir.file("bg.test.fa")});
    REQUIRE(p.exit_code == 0);
    CHECK(lines_of(p.out).size() == 41);
}

TEST_CASE("fail_predict_with_mismatched_model", "[model][cli]") {
    TempDir dir;
    make_inputs(dir);
    REQUIRE(run_motiftok(train_args(dir, dir.file("model.bin"), "1")).exit_code == 0);
    // Classes that the model does not know.
    const auto classes = run_motiftok({"predict", "--model", dir.file("model.bin"), "--class",
                                       "background=" + dir.file("bg.test.fa"), "--class",
                                       "enhancer=" + dir.file("bound.test.fa")});
    CHECK(classes.exit_code == 1);
    CHECK(classes.err.find("'enhancer' is not one of the model's classes") != std::string::npos);
    // Another vocabulary.
    auto other = motiftok::test::model_test_vocabulary();
    auto fewer = other.tokens();
    fewer.resize(fewer.size() - 2);
    other.set_tokens(std::move(fewer));
    other.validate();
    other.save(dir.file("other.json"));
    const auto vocab = run_motiftok({"predict", "--model", dir.file("model.bin"), "--vocab",
                                     dir.file("other.json"), dir.file("bg.test.fa")});
    CHECK(vocab.exit_code == 1);
    CHECK(vocab.err.find("another vocabulary") != std::string::npos);
    // A truncated model file.
    const std::string bytes = motiftok::test::read_file(dir.file("model.bin"));
    motiftok::test::write_file(dir.file("cut.bin"), bytes.substr(0, bytes.size() / 2));
    const auto cut =
        run_motiftok({"predict", "--model", dir.file("cut.bin"), dir.file("bg.test.fa")});
    CHECK(cut.exit_code == 1);
    CHECK(cut.err.find("corrupt or truncated") != std::string::npos);
    CHECK(cut.out.empty());
}

TEST_CASE("train: --gkm auto is the default and prints its choice, --gkm 0 and bad values",
          "[model][cli]") {
    TempDir dir;
    make_inputs(dir);
    auto args = train_args(dir, dir.file("auto.bin"), "2");
    args[static_cast<std::size_t>(std::find(args.begin(), args.end(), "--epochs") - args.begin()) +
         1] = "3";
    const auto by_default = run_motiftok(args);
    REQUIRE(by_default.exit_code == 0);
    CHECK(by_default.err.find("--gkm auto: validation loss ") != std::string::npos);
    CHECK(by_default.err.find(" without the term, ") != std::string::npos);
    CHECK(by_default.err.find("(term alone: l = 8, k = 5, ") != std::string::npos);
    args.back() = dir.file("explicit.bin");
    args.insert(args.end(), {"--gkm", "auto"});
    REQUIRE(run_motiftok(args).exit_code == 0);
    CHECK(motiftok::test::read_file(dir.file("auto.bin")) ==
          motiftok::test::read_file(dir.file("explicit.bin")));
    args.back() = "0";
    const auto off = run_motiftok(args);
    REQUIRE(off.exit_code == 0);
    CHECK(off.err.find("--gkm auto") == std::string::npos);
    args.back() = "eight";
    const auto bad = run_motiftok(args);
    CHECK(bad.exit_code == 2);
    CHECK(bad.err.find("'auto' or a number") != std::string::npos);
}

TEST_CASE("train: --conv-width auto prints both candidates and its choice, 9 is the default",
          "[model][cli]") {
    TempDir dir;
    make_inputs(dir);
    auto args = train_args(dir, dir.file("auto1.bin"), "1");
    const auto value = [&args](const std::string& flag) -> std::string& {
        return motiftok::test::flag_value(args, flag);
    };
    value("--epochs") = "2";
    value("--conv-width") = "auto";
    args.insert(args.end() - 2, {"--gkm-stack", "off"});  // the race of widths alone
    const auto one = run_motiftok(args);
    REQUIRE(one.exit_code == 0);
    CHECK(one.err.find("conv width 9, epoch 1: train loss") != std::string::npos);
    CHECK(one.err.find("conv width 0, epoch 1: train loss") != std::string::npos);
    CHECK(one.err.find("--conv-width auto: validation loss ") != std::string::npos);
    CHECK(one.err.find(" with the tokens alone (width 0) after 2 epochs") != std::string::npos);
    CHECK(one.err.find(": kept width ") != std::string::npos);
    value("-t") = "2";
    args.back() = dir.file("auto2.bin");
    REQUIRE(run_motiftok(args).exit_code == 0);
    CHECK(motiftok::test::read_file(dir.file("auto1.bin")) ==
          motiftok::test::read_file(dir.file("auto2.bin")));
    // An explicit width: no candidates, no choice; and it is the default.
    value("--conv-width") = "9";
    args.back() = dir.file("nine.bin");
    const auto nine =
        motiftok::test::run_checked_default(args, "--conv-width", dir.file("default.bin"));
    CHECK(nine.err.find("conv width 9, epoch") == std::string::npos);
    CHECK(nine.err.find("--conv-width auto") == std::string::npos);
    motiftok::test::check_count_or_auto_rejects(args, "--conv-width", "nine");
}

TEST_CASE("train: --pos-bins auto is the default, prints both candidates and its choice",
          "[model][cli]") {
    TempDir dir;
    make_inputs(dir);
    auto args = train_args(dir, dir.file("auto1.bin"), "1");
    const auto value = [&args](const std::string& flag) -> std::string& {
        return motiftok::test::flag_value(args, flag);
    };
    value("--epochs") = "2";
    const auto at = std::find(args.begin(), args.end(), "--pos-bins");
    args.erase(at, at + 2);                               // the default
    args.insert(args.end() - 2, {"--gkm-stack", "off"});  // the race of bins alone
    const auto one = run_motiftok(args);
    REQUIRE(one.exit_code == 0);
    CHECK(one.err.find("pos bins 8, epoch 1: train loss") != std::string::npos);
    CHECK(one.err.find("pos bins 32, epoch 1: train loss") != std::string::npos);
    CHECK(one.err.find("conv width") == std::string::npos);
    CHECK(one.err.find("--pos-bins auto: validation loss ") != std::string::npos);
    // --epochs 2: both candidates end within the race's probe.
    CHECK(one.err.find(" with 8 position bins after 2 epochs;") != std::string::npos);
    CHECK(one.err.find(" with 32 position bins after 2 epochs: kept ") != std::string::npos);
    const bool kept8 =
        one.err.find(": kept 8 position bins, trained to epoch 2") != std::string::npos;
    const bool kept32 =
        one.err.find(": kept 32 position bins, trained to epoch 2") != std::string::npos;
    CHECK(kept8 != kept32);
    // Recorded in model.bin: the option, the candidates and the kept bins.
    const auto model = motiftok::model::Classifier::load(dir.file("auto1.bin"));
    CHECK(model.options().pos_auto);
    CHECK(model.options().pos_bins == (kept32 ? 32 : 8));
    REQUIRE(model.network_choice().size() == 1);
    CHECK(model.network_choice()[0].bins == std::vector<int>{8, 32});
    CHECK(model.network_choice()[0].pos_bins == model.options().pos_bins);
    value("-t") = "2";
    args.back() = dir.file("auto2.bin");
    REQUIRE(run_motiftok(args).exit_code == 0);
    CHECK(motiftok::test::read_file(dir.file("auto1.bin")) ==
          motiftok::test::read_file(dir.file("auto2.bin")));
    // An explicit 'auto' is the default.
    args.insert(args.end() - 2, {"--pos-bins", "auto"});
    args.back() = dir.file("explicit.bin");
    REQUIRE(run_motiftok(args).exit_code == 0);
    CHECK(motiftok::test::read_file(dir.file("auto1.bin")) ==
          motiftok::test::read_file(dir.file("explicit.bin")));
    // With --conv-width auto: the four networks, each named by width and bins.
    value("--conv-width") = "auto";
    args.back() = dir.file("both.bin");
    const auto both = run_motiftok(args);
    REQUIRE(both.exit_code == 0);
    CHECK(both.err.find("conv width 0, pos bins 32, epoch 1") != std::string::npos);
    CHECK(both.err.find("--conv-width auto --pos-bins auto: validation loss ") !=
          std::string::npos);
    CHECK(both.err.find(" with the tokens alone (width 0), 32 position bins after 2 epochs") !=
          std::string::npos);
    // An explicit 8 forces it: no candidates, no choice, not auto in model.bin.
    value("--conv-width") = "9";
    value("--pos-bins") = "8";
    args.back() = dir.file("eight.bin");
    const auto eight = run_motiftok(args);
    REQUIRE(eight.exit_code == 0);
    CHECK(eight.err.find("pos bins 8, epoch") == std::string::npos);
    CHECK(eight.err.find("--pos-bins auto") == std::string::npos);
    const auto forced = motiftok::model::Classifier::load(dir.file("eight.bin"));
    CHECK_FALSE(forced.options().pos_auto);
    CHECK(forced.options().pos_bins == 8);
    CHECK(forced.network_choice().empty());
    motiftok::test::check_count_or_auto_rejects(args, "--pos-bins", "eight");
}

TEST_CASE("train: --gkm-stack auto trains the network alone and on the term, off by default",
          "[model][cli]") {
    TempDir dir;
    make_inputs(dir);
    auto args = train_args(dir, dir.file("stack.bin"), "1");
    motiftok::test::flag_value(args, "--epochs") = "2";
    args.insert(args.end() - 2, {"--gkm-stack", "auto"});
    const auto t = run_motiftok(args);
    REQUIRE(t.exit_code == 0);
    CHECK(t.err.find("alone, epoch 1: train loss") != std::string::npos);
    CHECK(t.err.find("on the gkm term, epoch 1: train loss") != std::string::npos);
    CHECK(t.err.find("--gkm-stack auto: validation loss ") != std::string::npos);
    CHECK(t.err.find(" with the network on the term: kept ") != std::string::npos);
    const auto model = motiftok::model::Classifier::load(dir.file("stack.bin"));
    CHECK(model.options().gkm_stack == motiftok::model::GkmStack::kAuto);
    REQUIRE(model.gkm_choices().size() == 1);
    CHECK(model.gkm_choices()[0].stack_losses.size() == 2);
    // 'on': no race, the choice says the network learned on top of the term.
    motiftok::test::flag_value(args, "--gkm-stack") = "on";
    const auto on = run_motiftok(args);
    REQUIRE(on.exit_code == 0);
    CHECK(on.err.find("--gkm auto: the network learned on top of the term") != std::string::npos);
    CHECK(on.err.find("--gkm-stack auto") == std::string::npos);
    // The default is off: the network alone, as before --gkm-stack existed.
    const auto at = std::find(args.begin(), args.end(), "--gkm-stack");
    args.erase(at, at + 2);
    const auto off = run_motiftok(args);
    REQUIRE(off.exit_code == 0);
    CHECK(off.err.find("on the gkm term") == std::string::npos);
    CHECK(motiftok::model::Classifier::load(dir.file("stack.bin")).options().gkm_stack ==
          motiftok::model::GkmStack::kOff);
    args.insert(args.end() - 2, {"--gkm-stack", "maybe"});
    const auto bad = run_motiftok(args);
    CHECK(bad.exit_code == 2);
    CHECK(bad.err.find("--gkm-stack must be 'auto', 'off' or 'on'") != std::string::npos);
    // Stacking needs the term of --gkm auto.
    motiftok::test::flag_value(args, "--gkm-stack") = "on";
    args.insert(args.end() - 2, {"--gkm", "8"});
    const auto joint = run_motiftok(args);
    CHECK(joint.exit_code == 2);
    CHECK(joint.err.find("use it with --gkm auto") != std::string::npos);
}
