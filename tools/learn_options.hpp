#pragma once
// The vocabulary learner's options (--vocab-size, --k-min, ...), declared once for every
// subcommand that learns a vocabulary (learn, fit).

#include <CLI/CLI.hpp>

#include "motiftok/learn/learner.hpp"

namespace motiftok::cli {

/// Adds the learner's options bound to `options` (defaults from its initializers).
void add_learn_options(CLI::App& cmd, learn::LearnOptions& options);

}  // namespace motiftok::cli
