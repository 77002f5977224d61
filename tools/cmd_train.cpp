// motiftok train: the attention classifier over the token lattice (module model); writes model.bin.

#include <cmath>
#include <cstdio>
#include <memory>

#include "commands.hpp"
#include "common.hpp"
#include "motiftok/error.hpp"
#include "motiftok/io/output_file.hpp"
#include "motiftok/model/classifier.hpp"

namespace motiftok::cli {

namespace {

struct TrainCommand {
    CommonOptions common;
    InputOptions input;
    std::string vocab;
    model::ClassifierOptions model;
};

std::string format_epoch(const model::EpochReport& r) {
    char member[48] = "";
    if (r.members > 1) std::snprintf(member, sizeof member, "model %d/%d, ", r.member, r.members);
    char line[240];
    if (std::isnan(r.valid_loss)) {
        std::snprintf(line, sizeof line, "%sepoch %d: train loss %.4f%s", member, r.epoch,
                      r.train_loss, r.best ? " (best)" : "");
    } else {
        std::snprintf(line, sizeof line,
                      "%sepoch %d: train loss %.4f, valid loss %.4f, valid AUROC %.4f%s", member,
                      r.epoch, r.train_loss, r.valid_loss, r.valid_auroc, r.best ? " (best)" : "");
    }
    return line;
}

void run_train(TrainCommand& cmd) {
    io::check_outputs_not_inputs(input_paths(cmd.input, {cmd.vocab}), {cmd.common.output});
    cmd.model.seed = cmd.common.seed;
    const auto problems = cmd.model.problems();  // before any I/O, all at once
    if (!problems.empty()) {
        std::string msg = "invalid options:";
        for (const auto& p : problems) msg += " " + p;
        throw ConfigError(msg);
    }
    set_threads(cmd.common.threads);
    const bool quiet = cmd.common.quiet;
    const vocab::Vocabulary vocabulary = vocab::Vocabulary::load(cmd.vocab);
    const io::Dataset data = load_inputs(cmd.input, quiet);
    io::require_two_classes(data, "training");
    if (vocabulary.strand == "both" && !cmd.model.both_strands) {
        info(quiet, "the vocabulary is strand 'both'; --both-strands usually helps on DNA");
    }
    const auto classifier = model::train_classifier(
        vocabulary, data, cmd.model,
        [quiet](const model::EpochReport& r) { info(quiet, format_epoch(r)); });
    classifier.save(cmd.common.output);
    info(quiet, "wrote a " + std::to_string(classifier.classes().size()) + "-class model (" +
                    std::to_string(classifier.parameters().size()) + " weights" +
                    (classifier.members() > 1
                         ? ", " + std::to_string(classifier.members()) + " ensemble members"
                         : std::string()) +
                    ") to " + cmd.common.output);
}

}  // namespace

void setup_train(CLI::App& app) {
    auto cmd = std::make_shared<TrainCommand>();
    CLI::App* sub = app.add_subcommand(
        "train",
        "Train the attention classifier over a vocabulary's token lattice on labeled sequences; "
        "writes model.bin");
    add_input_options(*sub, cmd->input);
    add_common_options(*sub, cmd->common, true);
    sub->add_option("--vocab", cmd->vocab, "vocab.json from 'motiftok learn'")->required();
    model::ClassifierOptions& o = cmd->model;
    sub->add_option("--dim", o.dim, "Embedding size d")->capture_default_str();
    sub->add_option("--heads", o.heads, "Latent attention queries H")->capture_default_str();
    sub->add_option("--conv-width", o.conv_width,
                    "Bases in the convolution window around each token (0 = none)")
        ->capture_default_str();
    sub->add_option("--hidden", o.hidden, "Units of the MLP hidden layer")->capture_default_str();
    sub->add_option("--epochs", o.epochs, "Most passes over the training split")
        ->capture_default_str();
    sub->add_option("--batch-size", o.batch_size, "Sequences per Adam step")->capture_default_str();
    sub->add_option("--learning-rate", o.learning_rate, "Adam step size")->capture_default_str();
    sub->add_option("--weight-decay", o.weight_decay, "Decoupled weight decay (AdamW)")
        ->capture_default_str();
    sub->add_option("--valid-frac", o.valid_frac,
                    "Share of each class held out for early stopping (0 = keep the last epoch)")
        ->capture_default_str();
    sub->add_option("--patience", o.patience,
                    "Stop after this many epochs without a lower validation loss")
        ->capture_default_str();
    sub->add_flag(
        "--both-strands", o.both_strands,
        "Train on both strands; predictions average a sequence and its reverse complement");
    sub->add_flag("!--no-motif-bias", o.motif_bias,
                  "Fix γ = 0: attention ignores the tokens' motif scores");
    sub->add_option("--pos-bins", o.pos_bins,
                    "Bins of relative position (token centre / length) with a learned embedding "
                    "added to each occurrence (0 = position-free)")
        ->capture_default_str();
    sub->add_option("--token-dropout", o.token_dropout,
                    "Share of token occurrences hidden from attention in each training example")
        ->capture_default_str();
    sub->add_option("--gkm", o.gkm_length,
                    "Add a linear term over gapped k-mers (gkm-SVM's features: k of every l "
                    "bases) to the logits: l, 0 = off")
        ->capture_default_str();
    sub->add_option("--gkm-k", o.gkm_k, "Informative positions k of the gapped k-mers")
        ->capture_default_str();
    sub->add_option("--ensemble", o.ensemble,
                    "Train K models (seeds seed … seed+K-1, each its own split) and average "
                    "their probabilities: steadier, K times the time")
        ->capture_default_str();
    sub->add_option("--lattice", o.lattice,
                    "Token occurrences fed to the model: all, or the longest per position")
        ->capture_default_str();
    sub->callback([cmd] { run_train(*cmd); });
}

}  // namespace motiftok::cli
