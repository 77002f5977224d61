#include "motiftok/report/curves.hpp"

#include <algorithm>
#include <numeric>

namespace motiftok::report {
namespace {

// Per distinct score, in decreasing order: positives and negatives with that score.
struct Group {
    double pos = 0.0;
    double neg = 0.0;
};

std::vector<Group> groups_by_score(const std::vector<double>& scores,
                                   const std::vector<std::uint8_t>& positive) {
    std::vector<std::size_t> idx(scores.size());
    std::iota(idx.begin(), idx.end(), std::size_t{0});
    std::stable_sort(idx.begin(), idx.end(),
                     [&](std::size_t a, std::size_t b) { return scores[a] > scores[b]; });
    std::vector<Group> groups;
    for (std::size_t k = 0; k < idx.size(); ++k) {
        if (k == 0 || scores[idx[k]] != scores[idx[k - 1]]) groups.emplace_back();
        (positive[idx[k]] ? groups.back().pos : groups.back().neg) += 1.0;
    }
    return groups;
}

}  // namespace

std::vector<CurvePoint> roc_points(const std::vector<double>& scores,
                                   const std::vector<std::uint8_t>& positive) {
    const auto groups = groups_by_score(scores, positive);
    double total_pos = 0.0, total_neg = 0.0;
    for (const auto& g : groups) total_pos += g.pos, total_neg += g.neg;
    if (total_pos == 0.0 || total_neg == 0.0) return {};
    std::vector<CurvePoint> points{{0.0, 0.0}};
    double tp = 0.0, fp = 0.0;
    for (const auto& g : groups) {
        tp += g.pos;
        fp += g.neg;
        points.push_back({fp / total_neg, tp / total_pos});
    }
    return points;
}

std::vector<CurvePoint> pr_points(const std::vector<double>& scores,
                                  const std::vector<std::uint8_t>& positive) {
    const auto groups = groups_by_score(scores, positive);
    double total_pos = 0.0;
    for (const auto& g : groups) total_pos += g.pos;
    if (total_pos == 0.0) return {};
    std::vector<CurvePoint> points;
    double tp = 0.0, seen = 0.0;
    for (const auto& g : groups) {
        tp += g.pos;
        seen += g.pos + g.neg;
        points.push_back({tp / total_pos, tp / seen});
    }
    return points;
}

double trapezoid_area(const std::vector<CurvePoint>& points) {
    double area = 0.0;
    for (std::size_t k = 1; k < points.size(); ++k) {
        area += (points[k].x - points[k - 1].x) * (points[k].y + points[k - 1].y) / 2.0;
    }
    return area;
}

double step_area(const std::vector<CurvePoint>& points) {
    double area = 0.0, prev_x = 0.0;
    for (const auto& p : points) {
        area += (p.x - prev_x) * p.y;
        prev_x = p.x;
    }
    return area;
}

std::vector<CurvePoint> pr_steps(const std::vector<CurvePoint>& points) {
    std::vector<CurvePoint> out;
    double prev_x = 0.0;
    for (const auto& p : points) {
        out.push_back({prev_x, p.y});
        out.push_back({p.x, p.y});
        prev_x = p.x;
    }
    return out;
}

}  // namespace motiftok::report
