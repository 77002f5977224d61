// The training history in model.bin (version 4): what train_classifier reported after every epoch
// survives save and load, NaN included; a version 3 file written by the previous motiftok still
// loads (no history) and predicts as it did.
#include <catch2/catch.hpp>
#include <cmath>
#include <fstream>
#include <string>
#include <vector>

#include "model_fixtures.hpp"
#include "motiftok/model/classifier.hpp"
#include "test_support.hpp"

using motiftok::model::Classifier;
using motiftok::model::EpochReport;

namespace {

// Equal fields; NaN equals NaN (no validation split).
bool same(const EpochReport& a, const EpochReport& b) {
    auto eq = [](double x, double y) { return (std::isnan(x) && std::isnan(y)) || x == y; };
    return a.member == b.member && a.members == b.members && a.epoch == b.epoch &&
           eq(a.train_loss, b.train_loss) && eq(a.valid_loss, b.valid_loss) &&
           eq(a.valid_auroc, b.valid_auroc) && a.best == b.best;
}

void check_round_trip(const Classifier& model, const std::vector<EpochReport>& reported) {
    REQUIRE(model.history().size() == reported.size());
    for (std::size_t i = 0; i < reported.size(); ++i) CHECK(same(model.history()[i], reported[i]));
    motiftok::test::TempDir dir;
    model.save(dir.file("model.bin"));
    const auto loaded = Classifier::load(dir.file("model.bin"));
    REQUIRE(loaded.history().size() == reported.size());
    for (std::size_t i = 0; i < reported.size(); ++i) CHECK(same(loaded.history()[i], reported[i]));
    CHECK(loaded.to_bytes() == model.to_bytes());
}

}  // namespace

TEST_CASE("model.bin v4 keeps the training history: every epoch's report, in order", "[model]") {
    const auto vocab = motiftok::test::model_test_vocabulary();
    const auto data = motiftok::test::planted_dataset(5, 30, 40);
    auto options = motiftok::test::fast_options();
    options.epochs = 4;
    options.ensemble = 2;
    std::vector<EpochReport> reported;
    const auto model = motiftok::model::train_classifier(
        vocab, data, options, [&](const EpochReport& r) { reported.push_back(r); });
    REQUIRE(reported.size() >= 2);
    CHECK(reported.front().member == 1);
    CHECK(reported.back().member == 2);
    CHECK(std::isfinite(reported.front().valid_auroc));
    check_round_trip(model, reported);

    SECTION("without a validation split the validation figures are NaN and stay NaN") {
        options.valid_frac = 0.0;
        options.ensemble = 1;
        reported.clear();
        const auto plain = motiftok::model::train_classifier(
            vocab, data, options, [&](const EpochReport& r) { reported.push_back(r); });
        REQUIRE(reported.size() == 4);
        CHECK(std::isnan(reported[0].valid_loss));
        check_round_trip(plain, reported);
    }
}

namespace {

// The first n sequences of test_data/learn_pos.fa (one line each).
std::vector<std::string> first_learn_pos_sequences(std::size_t n) {
    std::ifstream fa(motiftok::test::test_data("learn_pos.fa"));
    std::string line;
    std::vector<std::string> seqs;
    while (seqs.size() < n && std::getline(fa, line)) {
        if (!line.empty() && line[0] != '>') seqs.push_back(line);
    }
    return seqs;
}

// p(first class) of learn_pos.fa's first sequences: what the motiftok that wrote `model` printed
// (6 significant digits).
void check_first_predictions(const Classifier& model, const std::vector<double>& expected) {
    const std::vector<std::string> seqs = first_learn_pos_sequences(expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i)
        CHECK(model.predict(seqs[i])[0] == Approx(expected[i]).margin(6e-7));
}

}  // namespace

TEST_CASE("a version 3 model.bin from the previous motiftok loads and predicts as it did",
          "[model]") {
    // test_data/report/model_v3.bin: motiftok 0.1.0 (format 3), `train --vocab vocab_small.json
    // -c pos=learn_pos.fa -c neg=learn_neg.fa --dim 2 --heads 1 --conv-width 0 --hidden 2
    // --pos-bins 0 --epochs 2 --seed 3`; its `predict` printed p_pos 0.495612, 0.496961,
    // 0.495425 for learn_pos.fa's first three records.
    const auto model = Classifier::load(motiftok::test::test_data("report/model_v3.bin"));
    CHECK(model.history().empty());
    check_first_predictions(model, {0.495612, 0.496961, 0.495425});
    const auto again = Classifier::from_bytes(model.to_bytes(), "v4.bin");  // written as v4
    CHECK(again.parameters() == model.parameters());
    CHECK(again.history().empty());
}

TEST_CASE("a version 5 model.bin with a gapped k-mer term loads as an explicit --gkm", "[model]") {
    // test_data/report/model_v5.bin: motiftok 0.1.0 (format 5, commit f1805f8), the v3 command
    // above with `--gkm 3 --gkm-k 2`; its `predict` printed p_pos 0.502811, 0.502347, 0.503274
    // for learn_pos.fa's first three records.
    const auto model = Classifier::load(motiftok::test::test_data("report/model_v5.bin"));
    CHECK_FALSE(model.options().gkm_auto);
    CHECK(model.options().gkm_length == 3);
    CHECK(model.gkm_choices().empty());
    CHECK(model.history().size() == 2);
    check_first_predictions(model, {0.502811, 0.502347, 0.503274});
    const auto again = Classifier::from_bytes(model.to_bytes(), "v6.bin");  // written as v6
    CHECK(again.parameters() == model.parameters());
    CHECK_FALSE(again.options().gkm_auto);
}

TEST_CASE("a version 6 model.bin with a --gkm auto record loads with an explicit width",
          "[model]") {
    // test_data/report/model_v6.bin: motiftok 0.1.0 (format 6, commit e786ef3), the v3 command
    // above with `--valid-frac 0` (so --gkm auto had nothing to decide on and left the term
    // out); its `predict` printed p_pos 0.5033, 0.504783, 0.503286 for learn_pos.fa's first
    // three records.
    const auto model = Classifier::load(motiftok::test::test_data("report/model_v6.bin"));
    CHECK(model.options().gkm_auto);
    CHECK_FALSE(model.options().conv_auto);
    CHECK(model.options().conv_width == 0);
    CHECK(model.network_choice().empty());
    REQUIRE(model.gkm_choices().size() == 1);
    CHECK(model.gkm_choices()[0].scale == 0.0);
    CHECK(model.history().size() == 2);
    check_first_predictions(model, {0.5033, 0.504783, 0.503286});
    const auto again = Classifier::from_bytes(model.to_bytes(), "v7.bin");  // written as v7
    CHECK(again.parameters() == model.parameters());
    CHECK_FALSE(again.options().conv_auto);
}

TEST_CASE("a version 7 model.bin with a --conv-width auto record loads with explicit bins",
          "[model]") {
    // test_data/report/model_v7.bin: motiftok 0.1.0 (format 7, commit a671297), the v3 command
    // above with `--conv-width auto --pos-bins 4 --gkm 0` (kept width 0); its `predict` printed
    // p_pos 0.495569, 0.496922, 0.495395 for learn_pos.fa's first three records.
    const auto model = Classifier::load(motiftok::test::test_data("report/model_v7.bin"));
    CHECK(model.options().conv_auto);
    CHECK_FALSE(model.options().pos_auto);
    CHECK(model.options().pos_bins == 4);
    REQUIRE(model.network_choice().size() == 1);
    const auto& c = model.network_choice()[0];
    CHECK(c.widths == std::vector<int>{9, 0});
    CHECK(c.bins == std::vector<int>{4, 4});  // the options' bins: v7 records have none
    CHECK(c.pos_bins == 4);
    CHECK(c.width == 0);
    check_first_predictions(model, {0.495569, 0.496922, 0.495395});
    const auto again = Classifier::from_bytes(model.to_bytes(), "v10.bin");  // written as v10
    CHECK(again.parameters() == model.parameters());
    CHECK(again.network_choice()[0].bins == c.bins);
    CHECK_FALSE(again.options().pos_auto);
}

TEST_CASE("a version 8 model.bin with a --pos-bins auto record loads as a full comparison",
          "[model]") {
    // test_data/report/model_v8.bin: motiftok 0.1.0 (format 8, commit b1552e0), the v3 command
    // above with `--pos-bins auto --gkm 0` (both candidates trained to the end; kept 32 bins);
    // its `predict` printed p_pos 0.49559, 0.496943, 0.495399 for learn_pos.fa's first three
    // records.
    const auto model = Classifier::load(motiftok::test::test_data("report/model_v8.bin"));
    CHECK(model.options().pos_auto);
    CHECK(model.options().pos_bins == 32);
    REQUIRE(model.network_choice().size() == 1);
    const auto& c = model.network_choice()[0];
    CHECK(c.bins == std::vector<int>{8, 32});
    CHECK(c.epochs == std::vector<int>{2, 2});
    CHECK(c.pos_bins == 32);
    CHECK(c.probe_epochs == 0);  // no race before version 9
    check_first_predictions(model, {0.49559, 0.496943, 0.495399});
    const auto again = Classifier::from_bytes(model.to_bytes(), "v10.bin");  // written as v10
    CHECK(again.parameters() == model.parameters());
    CHECK(again.network_choice()[0].probe_epochs == 0);
    CHECK(again.network_choice()[0].valid_losses == c.valid_losses);
}

TEST_CASE("a version 9 model.bin's race loads as judged after whole epochs", "[model]") {
    // test_data/report/model_v9.bin: motiftok 0.1.0 (format 9, commit 7791fe7), the v3 command
    // above with `--pos-bins auto --gkm 0 --epochs 7` (a 5-epoch probe: 8 bins stopped there,
    // 32 kept and trained to epoch 7); its `predict` printed p_pos 0.4987, 0.500135, 0.498014
    // for learn_pos.fa's first three records.
    const auto model = Classifier::load(motiftok::test::test_data("report/model_v9.bin"));
    REQUIRE(model.network_choice().size() == 1);
    const auto& c = model.network_choice()[0];
    CHECK(c.epochs == std::vector<int>{5, 7});
    CHECK(c.probe_epochs == 5);
    CHECK(c.probe_steps == 0);                                // no bound in steps before 10
    CHECK(c.judged_epochs == std::vector<double>{5.0, 5.0});  // the probe's, for both
    check_first_predictions(model, {0.4987, 0.500135, 0.498014});
    const auto again = Classifier::from_bytes(model.to_bytes(), "v10.bin");  // written as v10
    CHECK(again.parameters() == model.parameters());
    CHECK(again.network_choice()[0].judged_epochs == c.judged_epochs);
    CHECK(again.network_choice()[0].probe_steps == 0);
}

TEST_CASE("a version 10 model.bin loads as trained alone under --gkm auto", "[model]") {
    // test_data/report/model_v10.bin: motiftok 0.1.0 (format 10, commit e2e663a), the v3 command
    // above with `--valid-frac 0` and the default --gkm auto (nothing to decide on:
    // the term left out); its `predict` printed p_pos 0.5033, 0.504783, 0.503286 for
    // learn_pos.fa's first three records.
    const auto model = Classifier::load(motiftok::test::test_data("report/model_v10.bin"));
    CHECK(model.options().gkm_auto);
    CHECK(model.options().gkm_stack == motiftok::model::GkmStack::kOff);  // none before 11
    REQUIRE(model.gkm_choices().size() == 1);
    CHECK_FALSE(model.gkm_choices()[0].stacked);
    CHECK(model.gkm_choices()[0].scale == 0.0);
    check_first_predictions(model, {0.5033, 0.504783, 0.503286});
    const auto again = Classifier::from_bytes(model.to_bytes(), "v11.bin");  // written as v11
    CHECK(again.parameters() == model.parameters());
    CHECK(again.options().gkm_stack == motiftok::model::GkmStack::kOff);
}
