// motiftok fit: the task-driven loop (module fit): vocabulary, classifier, task effects, repeat;
// writes DIR/vocab.json, DIR/model.bin and DIR/fit.tsv.

#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <utility>

#include "classifier_options.hpp"
#include "commands.hpp"
#include "common.hpp"
#include "learn_options.hpp"
#include "motiftok/error.hpp"
#include "motiftok/fit/fit.hpp"
#include "motiftok/io/output_file.hpp"

namespace motiftok::cli {

namespace {

struct FitCommand {
    CommonOptions common;
    InputOptions input;
    fit::FitOptions fit;
    std::vector<std::string> problems;  // found while parsing (--lattice)
};

std::string format_round(const fit::RoundReport& r) {
    char line[256];
    std::snprintf(line, sizeof line,
                  "round %d: vocab %zu, held-back loss %.4f, AUROC %.4f, added %zu, dropped %zu, "
                  "changed %zu, %.1f s%s",
                  r.round, r.vocab_size, r.valid_loss, r.valid_auroc, r.added, r.dropped, r.changed,
                  r.seconds, r.best ? " (best)" : "");
    return line;
}

/// The library names fit's options by their FitOptions fields; the user knows the flags.
void run_fit(FitCommand& cmd) {
    fit::FitOptions& o = cmd.fit;
    o.seed = cmd.common.seed;
    o.threads = cmd.common.threads;
    o.learn.threads = o.threads;
    o.learn.seed = o.seed;
    o.model.seed = o.seed;
    throw_if_problems(cmd.problems);
    o.validate();  // before any I/O
    if (cmd.common.output == "-") {
        throw ConfigError("fit writes a directory: give -o DIR");
    }
    const std::filesystem::path dir(cmd.common.output);
    io::check_outputs_not_inputs(input_paths(cmd.input),
                                 {dir.string(), (dir / "vocab.json").string(),
                                  (dir / "model.bin").string(), (dir / "fit.tsv").string()});
    std::error_code ec;
    if (std::filesystem::exists(dir, ec) && !std::filesystem::is_directory(dir, ec)) {
        throw ConfigError(cmd.common.output +
                          " exists and is not a directory: fit writes a directory, give -o DIR");
    }
    const bool quiet = cmd.common.quiet;
    const io::Dataset data = load_inputs(cmd.input, quiet);
    io::require_two_classes(data, "fit");
    const fit::FitResult result =
        fit::fit(data, o, [quiet](const fit::RoundReport& r) { info(quiet, format_round(r)); });
    std::filesystem::create_directories(dir, ec);
    if (ec) {
        throw InputError(cmd.common.output + ": cannot create the output directory (" +
                         ec.message() + ")");
    }
    result.vocabulary.save((dir / "vocab.json").string());
    result.model.save((dir / "model.bin").string());
    io::write_file_atomic((dir / "fit.tsv").string(), fit::rounds_tsv(result.rounds));
    info(quiet,
         "kept round " + std::to_string(result.best_round) + " (" +
             std::to_string(result.vocabulary.size()) + " tokens" +
             (o.refit ? "; vocabulary relearned and classifier retrained on all the data" : "") +
             "); wrote vocab.json, "
             "model.bin and fit.tsv to " +
             cmd.common.output);
}

}  // namespace

void setup_fit(CLI::App& app) {
    auto cmd = std::make_shared<FitCommand>();
    CLI::App* sub = app.add_subcommand(
        "fit",
        "Task-driven loop: learn a vocabulary, train the classifier, measure each token's effect "
        "on held-back loss, rescore and repeat; writes DIR/vocab.json, model.bin, fit.tsv");
    add_input_options(*sub, cmd->input);
    add_common_options(*sub, cmd->common, true);
    add_learn_options(*sub, cmd->fit.learn);
    add_classifier_options(*sub, cmd->fit.model, cmd->problems);
    fit::FitOptions& o = cmd->fit;
    sub->add_option("--rounds", o.rounds, "Most rounds (vocabulary + classifier + task effects)")
        ->capture_default_str();
    sub->add_option("--round-patience", o.round_patience,
                    "Stop after this many rounds without a clearly lower held-back loss")
        ->capture_default_str();
    sub->add_option("--holdout", o.holdout_frac,
                    "Share of each class held back: half for the task effects, half (never seen "
                    "by the task effects) for the round selection")
        ->capture_default_str();
    sub->add_option("--effect-weight", o.effect_weight,
                    "λ: token score = (1-λ)·IG/max IG + λ·effect/max effect (rounds >= 2; round 1 "
                    "is label-blind, --ig-weight 0)")
        ->capture_default_str();
    sub->add_option("--propose", o.propose,
                    "Highest-effect tokens extended by a base and joined into proposals per round")
        ->capture_default_str();
    sub->add_option("--edit", o.edit,
                    "A round edits the previous vocabulary: at most this many tokens without "
                    "effect dropped and this many proposals added")
        ->capture_default_str();
    sub->add_option("--effect-z", o.effect_z,
                    "z of the noise rule: drop a token only if effect + z·SE < 0, give it the "
                    "effect bonus only if effect - z·SE > 0 (0: drop every effect <= 0)")
        ->capture_default_str();
    sub->add_option("--select-z", o.select_z,
                    "z of the round selection: a round is kept only if its held-back loss is "
                    "lower than the best's by more than z standard errors (paired, per sequence)")
        ->capture_default_str();
    sub->add_option("--round-ensemble", o.round_ensemble,
                    "Each round's classifier is an ensemble of this many seeds (task effects and "
                    "round selection average out seed noise); the final model uses --ensemble")
        ->capture_default_str();
    sub->add_flag("!--no-refit", o.refit,
                  "Keep the kept round's classifier (trained without the held-back split; an "
                  "ensemble of --round-ensemble seeds) "
                  "instead of retraining it on all the data");
    sub->add_option("--effect-seqs", o.effect_seqs,
                    "Held-back sequences the task effects are measured on, at most")
        ->capture_default_str();
    sub->callback([cmd] { run_fit(*cmd); });
}

}  // namespace motiftok::cli
