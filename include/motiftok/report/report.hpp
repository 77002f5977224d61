#pragma once
// `motiftok report`: one self-contained HTML page (inline SVG and CSS, no network at view time)
// from the outputs a user already has. Each section appears when its input is given:
//   #logos     sequence logos of the top tokens (or motif families) with their best known motif
//   #curves    ROC and precision–recall curves (predictions with labels), #metrics table
//   #training  loss and validation AUROC per epoch (the history in model.bin, version 4)
//   #evaluate  the table of `motiftok evaluate`
//   #tracks    attention and mask-ablation tracks over a few explained sequences

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "motiftok/export/annotate.hpp"
#include "motiftok/model/classifier.hpp"
#include "motiftok/report/inputs.hpp"
#include "motiftok/report/svg.hpp"

namespace motiftok::report {

/// Everything the page shows; empty members leave their section out.
struct ReportData {
    std::vector<std::pair<std::string, std::string>> sources;  ///< (what, path), listed on top
    std::optional<VocabSummary> vocab;
    std::map<std::int64_t, MotifMatch> matches;  ///< token id → best known motif
    std::optional<exports::MotifDb> motifs;      ///< matrices of the matched motifs
    std::vector<std::pair<std::string, std::string>> metrics;
    Predictions predictions;
    std::vector<std::int32_t> labels;  ///< per prediction; empty: no curves
    std::vector<model::EpochReport> history;
    std::vector<EvaluateRow> evaluate;
    std::vector<Explained> explained;
};

/// Report options; member initializers are the CLI defaults.
struct ReportOptions {
    std::size_t top = 12;        ///< logos of this many tokens or families
    std::size_t min_length = 5;  ///< shortest token with a logo
    std::size_t tracks = 3;      ///< explained sequences drawn as tracks
    std::string title = "motiftok report";
    int threads = 1;  ///< OpenMP threads of the motif annotation (results do not depend on it)
};

/// The best known motif of each of the top tokens (`options.top`, `options.min_length`),
/// computed with exports::annotate (default options) when no annotate TSV is given.
std::map<std::int64_t, MotifMatch> best_matches(const VocabSummary& vocab,
                                                const exports::MotifDb& db,
                                                const ReportOptions& options);

/// The explained sequences to draw: per predicted class in turn, the most confident not yet
/// chosen, until `count` (deterministic; ties by file order).
std::vector<std::size_t> pick_tracks(const std::vector<Explained>& explained, std::size_t count);

/// The per-base track of one explanation: attention spread evenly over each occurrence's
/// bases (so it sums to 1 over the sequence), delta likewise; the three occurrences with the
/// largest delta highlighted.
Track explanation_track(const Explained& e);

/// The HTML page. Throws DataError if `data` has nothing to show.
std::string render_report(const ReportData& data, const ReportOptions& options);

}  // namespace motiftok::report
