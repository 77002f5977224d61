// Metrics against values computed by hand (each also agrees with scikit-learn 1.x).
#include "motiftok/model/metrics.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <nlohmann/json.hpp>

#include "motiftok/error.hpp"

using namespace motiftok::model;

TEST_CASE("AUROC counts ties as one half", "[model]") {
    // positives 0.35, 0.8, 0.4 vs negatives 0.1, 0.4: pairs won 1+0+1+1+1 and one tie -> 4.5 / 6.
    CHECK(auroc({0.1, 0.4, 0.35, 0.8, 0.4}, {0, 0, 1, 1, 1}) == Approx(0.75));
    CHECK(auroc({0.1, 0.2}, {0, 1}) == Approx(1.0));
    CHECK(auroc({0.5, 0.5, 0.5}, {0, 1, 1}) == Approx(0.5));
    CHECK(std::isnan(auroc({0.1, 0.2}, {1, 1})));
}

TEST_CASE("AUPRC is average precision with tied scores as one step", "[model]") {
    // thresholds 0.8: R 1/3 P 1; 0.4 (one pos, one neg): R 2/3 P 2/3; 0.35: R 1 P 3/4.
    CHECK(auprc({0.1, 0.4, 0.35, 0.8, 0.4}, {0, 0, 1, 1, 1}) ==
          Approx(1.0 / 3 + 2.0 / 9 + 1.0 / 4));
    CHECK(std::isnan(auprc({0.1, 0.2}, {0, 0})));
}

TEST_CASE("binary accuracy, MCC and macro-F1", "[model]") {
    const std::vector<double> s = {0.1, 0.4, 0.35, 0.8, 0.6};
    std::vector<std::vector<double>> probs;
    for (double x : s) probs.push_back({1.0 - x, x});
    const Metrics m = evaluate(probs, {0, 0, 1, 1, 1}, 2);
    // predictions 0 0 0 1 1: TP 2, TN 2, FP 0, FN 1.
    CHECK(m.n == 5);
    CHECK(m.accuracy == Approx(0.8));
    CHECK(m.mcc == Approx(4.0 / 6.0));    // (2·2 − 0·1) / sqrt(2·3·2·3)
    CHECK(m.macro_f1 == Approx(0.8));     // both classes: 2·2 / (2 + 3)
    CHECK(m.auroc == Approx(5.0 / 6.0));  // positives 0.35, 0.8, 0.6 vs 0.1, 0.4: 0.35 < 0.4 only
    CHECK(m.loss ==
          Approx(-(std::log(0.9) + std::log(0.6) + std::log(0.35) + std::log(0.8) + std::log(0.6)) /
                 5));
}

TEST_CASE("multi-class metrics are one-vs-rest (AUROC, AUPRC) and R_K (MCC)", "[model]") {
    const std::vector<std::vector<double>> probs = {{0.7, 0.2, 0.1}, {0.3, 0.5, 0.2},
                                                    {0.2, 0.6, 0.2}, {0.1, 0.3, 0.6},
                                                    {0.1, 0.1, 0.8}, {0.4, 0.3, 0.3}};
    const Metrics m = evaluate(probs, {0, 0, 1, 1, 2, 2}, 3);
    CHECK(m.accuracy == Approx(0.5));
    CHECK(m.mcc == Approx(0.25));      // (3·6 − 12) / sqrt((36 − 12)(36 − 12))
    CHECK(m.macro_f1 == Approx(0.5));  // every class: tp 1, 2 predicted, 2 true
    CHECK(m.auroc == Approx((7.0 / 8 + 6.5 / 8 + 7.0 / 8) / 3));
    CHECK(m.auprc == Approx((5.0 / 6 + 3.0 / 4 + 5.0 / 6) / 3));
    const auto j = nlohmann::json::parse(metrics_json(m, {"x", "y", "z"}));
    CHECK(j.at("mcc").get<double>() == Approx(0.25));
    CHECK(j.at("classes").size() == 3);
}

TEST_CASE("fail_metrics_size_mismatch", "[model]") {
    CHECK_THROWS_AS(evaluate({{0.5, 0.5}}, {0, 1}, 2), motiftok::DataError);
}

TEST_CASE("the class-weighted loss weighs each sequence's cross-entropy by its class", "[model]") {
    const std::vector<std::vector<double>> probs = {{0.9, 0.1}, {0.6, 0.4}, {0.2, 0.8}};
    const std::vector<std::int32_t> y = {0, 0, 1};
    // class 0 weight 0.75, class 1 weight 1.5 (the balancing weights of 2 : 1).
    const double by_hand =
        -(0.75 * std::log(0.9) + 0.75 * std::log(0.6) + 1.5 * std::log(0.8)) / (0.75 + 0.75 + 1.5);
    CHECK(weighted_loss(probs, y, {0.75, 1.5}) == Approx(by_hand));
    // Equal weights give the plain mean, the same bits as evaluate()'s.
    CHECK(weighted_loss(probs, y, {1.0, 1.0}) == evaluate(probs, y, 2).loss);
    CHECK_THROWS_AS(weighted_loss(probs, {0, 1}, {1.0, 1.0}), motiftok::DataError);
    CHECK_THROWS_AS(weighted_loss(probs, {0, 0, 2}, {1.0, 1.0}), motiftok::DataError);
    CHECK_THROWS_AS(weighted_loss(probs, y, {0.0, 0.0}), motiftok::DataError);
}
