#pragma once
// The attention classifier's options (--dim, --heads, …, --lattice), declared once for every
// subcommand that trains a classifier (train, evaluate).

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

#include "motiftok/model/classifier.hpp"

namespace motiftok::cli {

/// Adds the classifier options bound to `options` (defaults from its initializers); --seed is
/// not among them (add_common_options adds it). A --lattice that names no lattice is added to
/// `problems` (reported with ClassifierOptions::problems()).
void add_classifier_options(CLI::App& cmd, model::ClassifierOptions& options,
                            std::vector<std::string>& problems);

/// One line per training epoch (train, fit).
std::string format_epoch(const model::EpochReport& r);

}  // namespace motiftok::cli
