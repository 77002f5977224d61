#include "motiftok/model/metrics.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>
#include <numeric>

#include "motiftok/error.hpp"

namespace motiftok::model {
namespace {

// Indices of `scores` in decreasing score order (stable, so ties keep input order).
std::vector<std::size_t> order_decreasing(const std::vector<double>& scores) {
    std::vector<std::size_t> idx(scores.size());
    std::iota(idx.begin(), idx.end(), std::size_t{0});
    std::stable_sort(idx.begin(), idx.end(),
                     [&](std::size_t a, std::size_t b) { return scores[a] > scores[b]; });
    return idx;
}

}  // namespace

double auroc(const std::vector<double>& scores, const std::vector<std::uint8_t>& positive) {
    const auto idx = order_decreasing(scores);
    double pos = 0.0, neg = 0.0, area = 0.0;
    std::size_t i = 0;
    while (i < idx.size()) {
        // A group of tied scores: each negative in it beats every positive ranked above
        // (counted in `pos` before the group) and ties with the group's positives (half).
        double group_pos = 0.0, group_neg = 0.0;
        std::size_t j = i;
        while (j < idx.size() && scores[idx[j]] == scores[idx[i]]) {
            (positive[idx[j]] ? group_pos : group_neg) += 1.0;
            ++j;
        }
        area += group_neg * (pos + 0.5 * group_pos);
        pos += group_pos;
        neg += group_neg;
        i = j;
    }
    if (pos == 0.0 || neg == 0.0) return std::numeric_limits<double>::quiet_NaN();
    return area / (pos * neg);
}

double auprc(const std::vector<double>& scores, const std::vector<std::uint8_t>& positive) {
    const auto idx = order_decreasing(scores);
    const double total_pos = static_cast<double>(
        std::count_if(positive.begin(), positive.end(), [](std::uint8_t p) { return p != 0; }));
    if (total_pos == 0.0) return std::numeric_limits<double>::quiet_NaN();
    double tp = 0.0, seen = 0.0, prev_recall = 0.0, ap = 0.0;
    std::size_t i = 0;
    while (i < idx.size()) {
        std::size_t j = i;
        while (j < idx.size() && scores[idx[j]] == scores[idx[i]]) {
            tp += positive[idx[j]] ? 1.0 : 0.0;
            seen += 1.0;
            ++j;
        }
        const double recall = tp / total_pos;
        ap += (recall - prev_recall) * (tp / seen);
        prev_recall = recall;
        i = j;
    }
    return ap;
}

double weighted_loss(const std::vector<std::vector<double>>& probs,
                     const std::vector<std::int32_t>& labels,
                     const std::vector<double>& class_weight) {
    if (probs.size() != labels.size() || probs.empty()) {
        throw DataError("weighted loss: need as many predictions as labels (got " +
                        std::to_string(probs.size()) + " and " + std::to_string(labels.size()) +
                        ")");
    }
    double sum = 0.0, total = 0.0;
    for (std::size_t i = 0; i < probs.size(); ++i) {
        const auto y = static_cast<std::size_t>(labels[i]);
        if (y >= class_weight.size() || y >= probs[i].size())
            throw DataError("weighted loss: label " + std::to_string(labels[i]) +
                            " has no weight or probability");
        sum -= class_weight[y] * std::log(std::max(probs[i][y], 1e-300));
        total += class_weight[y];
    }
    if (!(total > 0.0)) throw DataError("weighted loss: the class weights sum to 0");
    return sum / total;
}

Metrics evaluate(const std::vector<std::vector<double>>& probs,
                 const std::vector<std::int32_t>& labels, std::size_t num_classes) {
    if (probs.size() != labels.size() || probs.empty() || num_classes < 2) {
        throw DataError("metrics: need as many predictions as labels (got " +
                        std::to_string(probs.size()) + " and " + std::to_string(labels.size()) +
                        ") and at least two classes");
    }
    const std::size_t n = probs.size(), C = num_classes;
    Metrics m;
    m.n = n;
    std::vector<double> confusion(C * C, 0.0);  // [true][pred]
    for (std::size_t i = 0; i < n; ++i) {
        const auto& p = probs[i];
        const auto pred =
            static_cast<std::size_t>(std::max_element(p.begin(), p.end()) - p.begin());
        const auto y = static_cast<std::size_t>(labels[i]);
        confusion[y * C + pred] += 1.0;
        m.loss -= std::log(std::max(p[y], 1e-300));
    }
    m.loss /= static_cast<double>(n);
    double correct = 0.0, sum_pt = 0.0, sum_pp = 0.0, sum_tt = 0.0, f1_sum = 0.0;
    for (std::size_t k = 0; k < C; ++k) {
        double t = 0.0, p = 0.0;
        for (std::size_t j = 0; j < C; ++j) t += confusion[k * C + j], p += confusion[j * C + k];
        const double tp = confusion[k * C + k];
        correct += tp;
        sum_pt += p * t, sum_pp += p * p, sum_tt += t * t;
        f1_sum += (p + t) > 0.0 ? 2.0 * tp / (p + t) : 0.0;
    }
    const double s = static_cast<double>(n);
    m.accuracy = correct / s;
    const double denom = std::sqrt((s * s - sum_pp) * (s * s - sum_tt));
    m.mcc = denom > 0.0 ? (correct * s - sum_pt) / denom : 0.0;
    m.macro_f1 = f1_sum / static_cast<double>(C);
    auto one_vs_rest = [&](std::size_t k, double& roc, double& pr) {
        std::vector<double> score(n);
        std::vector<std::uint8_t> pos(n);
        for (std::size_t i = 0; i < n; ++i) {
            score[i] = probs[i][k];
            pos[i] = static_cast<std::size_t>(labels[i]) == k;
        }
        roc = auroc(score, pos);
        pr = auprc(score, pos);
    };
    if (C == 2) {
        one_vs_rest(1, m.auroc, m.auprc);
    } else {
        m.auroc = m.auprc = 0.0;
        for (std::size_t k = 0; k < C; ++k) {
            double roc = 0.0, pr = 0.0;
            one_vs_rest(k, roc, pr);
            m.auroc += roc / static_cast<double>(C);
            m.auprc += pr / static_cast<double>(C);
        }
    }
    return m;
}

std::string metrics_json(const Metrics& metrics, const std::vector<std::string>& classes) {
    auto num = [](double x) { return std::isfinite(x) ? nlohmann::json(x) : nlohmann::json(); };
    nlohmann::json j;
    j["n"] = metrics.n;
    j["classes"] = classes;
    j["accuracy"] = num(metrics.accuracy);
    j["auroc"] = num(metrics.auroc);
    j["auprc"] = num(metrics.auprc);
    j["mcc"] = num(metrics.mcc);
    j["macro_f1"] = num(metrics.macro_f1);
    j["loss"] = num(metrics.loss);
    j["averaging"] = classes.size() == 2 ? "binary (class " + classes[1] + " positive)"
                                         : std::string("macro one-vs-rest");
    return j.dump(2) + "\n";
}

}  // namespace motiftok::model
