// The vocabulary learner's options, shared by `learn` and `fit`.
#include "learn_options.hpp"

#include "common.hpp"

namespace motiftok::cli {

void add_learn_options(CLI::App& sub_app, learn::LearnOptions& o) {
    CLI::App* sub = &sub_app;
    sub->add_option("--vocab-size", o.vocab_size,
                    "Vocabulary entries (strings), the 5 bases included")
        ->capture_default_str();
    sub->add_option("--k-min", o.k_min, "Shortest multi-base token")->capture_default_str();
    sub->add_option("--k-max", o.k_max, "Longest token")->capture_default_str();
    sub->add_option(
           "--ig-weight", o.ig_weight,
           "β: path bonus in nats per base for the most informative token (0 = plain unigram)")
        ->capture_default_str();
    sub->add_option("--seed-size", o.seed_size, "Seed candidates (strings) before EM")
        ->capture_default_str();
    sub->add_option("--shrink", o.shrink, "Share of the vocabulary pruned per round")
        ->capture_default_str();
    sub->add_option("--min-seqs", o.min_seqs,
                    "Seed k-mers must occur in at least this many sequences")
        ->capture_default_str();
    add_enum_option(*sub, "--strand", o.strand, kmer::parse_strand, kmer::strand_name(o.strand),
                    "both (reverse-complement closed) or forward");
    sub->add_option("--tol", o.tol, "Stop when fewer than this share of token boundaries moved")
        ->capture_default_str();
    sub->add_option("--max-iter", o.max_iter, "Most EM iterations")->capture_default_str();
    sub->add_flag("!--no-families", o.families,
                  "Do not group tokens into motif families (reverse complements, shifts, one "
                  "mismatch; docs/algorithm.md)");
    sub->add_option("--family-min-length", o.family.min_length,
                    "Shortest token that joins or founds a family")
        ->capture_default_str();
    sub->add_option("--family-max-p", o.family.max_p_value,
                    "Labeled data: tokens with a G-test p-value above this stay out of families")
        ->capture_default_str();
    sub->add_option("--family-flank", o.family.flank, "Bases added on each side of a family's PWM")
        ->capture_default_str();
}

}  // namespace motiftok::cli
