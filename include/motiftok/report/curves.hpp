#pragma once
// ROC and precision–recall curves of scores against binary labels, as the points the report
// draws. Their areas equal model::auroc() and model::auprc() (tied scores form one step).

#include <cstdint>
#include <vector>

namespace motiftok::report {

struct CurvePoint {
    double x = 0.0;
    double y = 0.0;
};

/// ROC curve: (false positive rate, true positive rate) after each distinct score threshold in
/// decreasing order, starting at (0, 0) and ending at (1, 1). Tied scores make one point (a
/// diagonal segment). Empty if either class is empty. O(n log n).
std::vector<CurvePoint> roc_points(const std::vector<double>& scores,
                                   const std::vector<std::uint8_t>& positive);

/// Precision–recall points: (recall, precision) after each distinct score threshold in
/// decreasing order (tied scores one point). Empty without positives. O(n log n).
std::vector<CurvePoint> pr_points(const std::vector<double>& scores,
                                  const std::vector<std::uint8_t>& positive);

/// Area under straight segments between consecutive points (trapezoids): the AUROC for
/// roc_points().
double trapezoid_area(const std::vector<CurvePoint>& points);

/// Σ_k (x_k − x_{k−1}) · y_k with x_{−1} = 0: average precision for pr_points().
double step_area(const std::vector<CurvePoint>& points);

/// The polyline that draws pr_points() as steps whose area is step_area(): from (0, y_0), for
/// each k a horizontal run at y_k from x_{k−1} to x_k, then a vertical drop to y_{k+1}.
std::vector<CurvePoint> pr_steps(const std::vector<CurvePoint>& points);

}  // namespace motiftok::report
