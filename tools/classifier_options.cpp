// The attention classifier's options (train, evaluate, fit) and its epoch line (train, fit).
#include "classifier_options.hpp"

#include <cmath>
#include <cstdio>
#include <cstring>

#include "common.hpp"

namespace motiftok::cli {

namespace {

// The number `value` of an option that also takes 'auto'.
int parse_count_option(const std::string& flag, const std::string& value) {
    try {
        std::size_t end = 0;
        const int n = std::stoi(value, &end);
        if (end == value.size()) return n;
    } catch (const std::exception&) {
    }
    throw CLI::ValidationError(flag, "must be 'auto' or a number, got '" + value + "'");
}

// `flag` takes a number (into `count`) or 'auto' (sets `is_auto`); --help shows the default.
void add_count_or_auto(CLI::App& cmd, const std::string& flag, int& count, bool& is_auto,
                       const std::string& help) {
    cmd.add_option_function<std::string>(
           flag,
           [&count, &is_auto, flag](const std::string& value) {
               is_auto = value == "auto";
               if (!is_auto) count = parse_count_option(flag, value);
           },
           help)
        ->default_str(is_auto ? std::string("auto") : std::to_string(count));
}

}  // namespace

void add_classifier_options(CLI::App& cmd, model::ClassifierOptions& o,
                            std::vector<std::string>& problems) {
    cmd.add_option("--dim", o.dim, "Embedding size d")->capture_default_str();
    cmd.add_option("--heads", o.heads, "Latent attention queries H")->capture_default_str();
    add_count_or_auto(cmd, "--conv-width", o.conv_width, o.conv_auto,
                      "Bases in the convolution window around each token (0 = none: the tokens "
                      "alone); 'auto' trains both 9 and 0 and keeps the one with the lower "
                      "validation loss (about 1.5x the time)");
    cmd.add_option("--hidden", o.hidden, "Units of the MLP hidden layer")->capture_default_str();
    cmd.add_option("--epochs", o.epochs, "Most passes over the training split")
        ->capture_default_str();
    cmd.add_option("--batch-size", o.batch_size, "Sequences per Adam step")->capture_default_str();
    cmd.add_option("--learning-rate", o.learning_rate, "Adam step size")->capture_default_str();
    cmd.add_option("--weight-decay", o.weight_decay, "Decoupled weight decay (AdamW)")
        ->capture_default_str();
    cmd.add_option("--valid-frac", o.valid_frac,
                   "Share of each class held out for early stopping (0 = all epochs run; the one "
                   "with the lowest train loss is kept)")
        ->capture_default_str();
    cmd.add_option("--patience", o.patience,
                   "Stop after this many epochs without a lower validation loss")
        ->capture_default_str();
    cmd.add_flag(
        "--both-strands", o.both_strands,
        "Train on both strands; predictions average a sequence and its reverse complement");
    cmd.add_flag("!--no-motif-bias", o.motif_bias,
                 "Fix γ = 0: attention ignores the tokens' motif scores");
    cmd.add_flag("!--no-family-embedding", o.family_embedding,
                 "No per-family embedding (by default each token of a motif family adds its "
                 "family's learned vector, so variants share strength)");
    add_count_or_auto(cmd, "--pos-bins", o.pos_bins, o.pos_auto,
                      "Bins of relative position (token centre / length) with a learned "
                      "embedding added to each occurrence (0 = position-free); 'auto' trains the "
                      "first model with both 8 and 32 for 5 epochs (at most 1000 steps), then only "
                      "the one with the "
                      "lower validation loss goes on (with --conv-width auto: every width with "
                      "every bin count)");
    cmd.add_option("--token-dropout", o.token_dropout,
                   "Share of token occurrences hidden from attention in each training example")
        ->capture_default_str();
    cmd.add_option_function<std::string>(
           "--gkm",
           [&o](const std::string& value) {
               if (value == "auto") {
                   o.gkm_auto = true;
                   o.gkm_length = 0;
                   return;
               }
               o.gkm_length = parse_count_option("--gkm", value);
               o.gkm_auto = false;
           },
           "Linear term over gapped k-mers (gkm-SVM's features: k of every l bases) added to the "
           "logits: 'auto' fits it alone (l = 8, k = 5) after the network and lets the "
           "validation split choose its weight (0 = leave it out); l trains it with the network "
           "(--gkm-k sets k); 0 = off")
        ->default_str(o.gkm_auto ? std::string("auto") : std::to_string(o.gkm_length));
    cmd.add_option("--gkm-k", o.gkm_k, "Informative positions k of the gapped k-mers")
        ->capture_default_str();
    add_enum_option(cmd, "--gkm-stack", o.gkm_stack, model::parse_gkm_stack,
                    model::gkm_stack_name(o.gkm_stack),
                    "With --gkm auto: 'on' trains the network on top of the term (its "
                    "out-of-fold logits added to the network's; the term kept with weight 1), "
                    "'off' trains it alone and adds the term with the weight the validation split "
                    "prefers, 'auto' trains both to the end and keeps the lower validation loss",
                    &problems);
    cmd.add_option("--ensemble", o.ensemble,
                   "Train K models (seeds seed … seed+K-1, each its own split) and average "
                   "their probabilities: steadier, K times the time")
        ->capture_default_str();
    add_enum_option(
        cmd, "--lattice", o.lattice, model::parse_lattice, model::lattice_name(o.lattice),
        "Token occurrences fed to the model: all, or the longest per position", &problems);
}

std::string format_epoch(const model::EpochReport& r) {
    char member[100] = "";
    if (r.members > 1) std::snprintf(member, sizeof member, "model %d/%d, ", r.member, r.members);
    if (r.candidate_width >= 0) {
        const std::size_t used = std::strlen(member);
        std::snprintf(member + used, sizeof member - used, "conv width %d, ", r.candidate_width);
    }
    if (r.candidate_bins >= 0) {
        const std::size_t used = std::strlen(member);
        std::snprintf(member + used, sizeof member - used, "pos bins %d, ", r.candidate_bins);
    }
    if (r.candidate_stacked >= 0) {
        const std::size_t used = std::strlen(member);
        std::snprintf(member + used, sizeof member - used, "%s, ",
                      r.candidate_stacked ? "on the gkm term" : "alone");
    }
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

}  // namespace motiftok::cli
