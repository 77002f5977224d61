#pragma once
// The attention classifier over the token lattice (DESIGN.md §6, docs/classifier.md):
//   h_i = relu(E[t_i] + conv_w(bases around occurrence i) + b)   (h_i = E[t_i] when w = 0)
//   a_hi = q_hᵀ K h_i / √d + γ_h s_i,  α_h = softmax_i(a_h),  z_h = V Σ_i α_hi h_i
//   ŷ = softmax(W₂ relu(W₁ [z_1 … z_H] + b₁) + b₂ + W_g φ(x))   (φ: gapped k-mers, --gkm)
// trained with Adam on class-weighted cross-entropy, early stopping on a stratified split.

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "motiftok/error.hpp"
#include "motiftok/io/dataset.hpp"
#include "motiftok/model/gapped_kmers.hpp"
#include "motiftok/model/layers.hpp"
#include "motiftok/vocab/vocabulary.hpp"

namespace motiftok::tokenize {
class Tokenizer;
}

namespace motiftok::model {

inline constexpr const char* kModelMagic = "MTKMODEL";
/// Version 2 added ensembles (the "ensemble" option; K weight vectors), version 3 the gapped
/// k-mer term ("gkm_length", "gkm_k"), version 4 the training history (one EpochReport per
/// epoch), version 5 the family embedding ("family_embedding", group F), version 6 the choice
/// of `--gkm auto` ("gkm_auto", one GkmChoice per member), version 7 the choice of
/// `--conv-width auto` ("conv_auto", a NetworkChoice), version 8 the choice of `--pos-bins
/// auto` ("pos_auto"; NetworkChoice gains the candidates' bins), version 9 the race between
/// the candidate networks (NetworkChoice::probe_epochs), version 10 the race's probe in steps
/// (probe_steps, judged_epochs); versions 1 to 9 still load (1 to 3 with an empty history, 1 to
/// 5 with gkm_auto false and no choices, 1 to 6 with conv_auto false and no network choice, 1
/// to 7 with pos_auto false and the record's bins the options' pos_bins, 1 to 8 with
/// probe_epochs 0, 1 to 9 with probe_steps 0 and judged_epochs those the probe's epochs imply).
inline constexpr std::uint32_t kModelVersion = 11;

/// Under `--gkm auto`, how the network is trained with the gapped k-mer term (GkmChoice).
enum class GkmStack {
    kAuto,  ///< both below, each trained to its end (its own races included), and the lower
            ///< validation loss kept (GkmChoice::stack_losses)
    kOff,   ///< the network trained alone; the term added with the β the validation prefers
    kOn,    ///< the network trained on top of the term: the term's logits (out-of-fold on the
            ///< training split) added to the network's, the term kept with β = 1
};
/// "auto" / "off" / "on".
const char* gkm_stack_name(GkmStack stack);
/// Parses "auto" / "off" / "on"; throws ConfigError for anything else.
GkmStack parse_gkm_stack(const std::string& name);

/// Which token occurrences of the lattice the classifier sees.
enum class Lattice {
    kAll,      ///< every token occurrence
    kLongest,  ///< the longest token starting at each position
};
/// "all" / "longest".
const char* lattice_name(Lattice lattice);
/// Parses "all" / "longest"; throws ConfigError for anything else.
Lattice parse_lattice(const std::string& name);

/// Options of `motiftok train`; the member initializers are the CLI defaults.
struct ClassifierOptions {
    int dim = 32;        ///< d: embedding / hidden state size
    int heads = 4;       ///< H: latent attention queries
    int conv_width = 9;  ///< w: bases in the convolution window (0 = no convolution)
    /// `--conv-width auto`: training races the convolutional network (w = 9) and the
    /// tokens-only one (w = 0) for the first member as pos_auto races its bins, and keeps the
    /// one whose validation loss is lowest at the probe (NetworkChoice); conv_width is
    /// set by training and the other members use it. false (the default: auto cost 1.3-1.7x
    /// the time without a measured gain, before the race; docs/benchmarks.md): conv_width as given.
    bool conv_auto = false;
    int hidden = 64;               ///< units of the MLP hidden layer
    int epochs = 30;               ///< maximum passes over the training split
    int batch_size = 32;           ///< examples per Adam step
    double learning_rate = 0.003;  ///< Adam step size
    double weight_decay = 1e-4;    ///< decoupled (AdamW) decay of the weight matrices
    double valid_frac = 0.1;       ///< share of each class held out for early stopping (0 = none)
    int patience = 5;              ///< epochs without a better validation loss before stopping
    std::uint64_t seed = 1;        ///< initialization, split and shuffling
    bool both_strands = false;     ///< train on both strands; predict the mean of both
    bool motif_bias = true;        ///< learn γ (false: γ = 0, attention ignores the motif score)
    Lattice lattice = Lattice::kAll;  ///< all token occurrences, or the longest per position
    int ensemble = 1;  ///< K models from seeds seed … seed+K−1, probabilities averaged
    double token_dropout = 0.2;  ///< share of token occurrences hidden per training example
    int pos_bins = 8;            ///< relative-position bins with a learned embedding (0 = none)
    /// `--pos-bins auto`: training races the first member's network with 8 and with 32 bins
    /// (with conv_auto, every width with every bin count): each trains a few epochs (the
    /// probe, NetworkChoice::probe_epochs), then the lowest validation loss so far (each with
    /// its best gapped k-mer weight under gkm_auto; the first on ties: 8) trains on to its own
    /// early stop, exactly as its explicit run would, and the others stop (NetworkChoice).
    /// pos_bins is set by training and the other members use it. true is the default
    /// (docs/benchmarks.md, "Issue 12: the position-bins race"); false: pos_bins as given (the
    /// CLI's `--pos-bins N`).
    bool pos_auto = true;
    int gkm_length = 0;  ///< l of the gapped k-mer linear term (0 = none)
    int gkm_k = 5;       ///< k: informative positions of the gapped k-mers
    /// `--gkm auto`: training leaves the network without the term, then fits the term alone on
    /// the same training split (float32) and adds it with the weight β ∈ {0, ¼, ½, 1} of the
    /// lowest validation loss (GkmChoice); gkm_length and gkm_k are set by training (β = 0:
    /// length 0). false: gkm_length and gkm_k as given, the term trained with the network.
    bool gkm_auto = true;
    /// Under gkm_auto: whether the network learns on top of the term (GkmStack). kOff by
    /// default: kAuto is more accurate (NF-E2 0.9937, promoters +0.012) but trains in 2.2-2.9x
    /// the time (docs/benchmarks.md, "Issue 12: the network stacked on the gapped k-mer term").
    GkmStack gkm_stack = GkmStack::kOff;
    bool family_embedding = true;  ///< add a learned embedding per motif family (vocab.json)
    /// OpenMP threads of training (≥ 1); the result does not depend on it. Not saved in model.bin.
    int threads = 1;

    /// Every invalid option (empty if none), one clause each.
    std::vector<std::string> problems() const;
    /// Throws ConfigError listing problems() at once (throw_if_problems).
    void validate() const { throw_if_problems(problems()); }
    /// As a JSON object text (stored in model.bin).
    std::string to_json() const;
    /// Parses to_json() output; throws InputError naming `source` on bad or missing fields.
    static ClassifierOptions from_json(std::string_view text, const std::string& source);
};

/// Offsets of the parameter groups in the flat parameter vector: all sizes are set here.
struct ParamLayout {
    std::size_t E, Wc, bc, Q, K, gamma, V, W1, b1, W2, b2, Pp, Wg, Fe, total;
    std::size_t vocab_size, dim, heads, width, hidden, classes, bins, gkm_features, families;
    /// Computes the layout. Groups: E d×|V|, Wc d×4w, bc d, Q d×H, K d×d, γ H, V d×d,
    /// W1 hidden×Hd, b1 hidden, W2 C×hidden, b2 C, Pp d×B, Wg C×F (F gapped k-mer features),
    /// Fe d×nF (nF motif families; 0 when o.family_embedding is off).
    /// Groups added later come last, so switching them off leaves the earlier layout as is.
    static ParamLayout make(const ClassifierOptions& o, std::size_t vocab_size, std::size_t classes,
                            std::size_t families = 0);
};

/// One training epoch as reported to the caller (the library never prints).
struct EpochReport {
    int member = 1;            ///< 1-based ensemble member being trained
    int members = 1;           ///< ensemble size K
    int epoch = 0;             ///< 1-based
    double train_loss = 0.0;   ///< mean class-weighted cross-entropy over the epoch, nats
    double valid_loss = 0.0;   ///< NaN without a validation split
    double valid_auroc = 0.0;  ///< NaN without a validation split
    bool best = false;         ///< this epoch's weights are kept (so far)
    /// Under `--conv-width auto`, the convolution width of the candidate network this epoch
    /// belongs to (progress only: the history keeps the chosen network's epochs, with -1).
    int candidate_width = -1;
    /// Under `--pos-bins auto`, the position bins of the candidate network (progress only).
    int candidate_bins = -1;
    /// Under `--gkm-stack auto`, 1 while the model stacked on the gapped k-mer term trains, 0
    /// while the one alone does (progress only).
    int candidate_stacked = -1;
};

/// How `--gkm auto` decided for one ensemble member (train_classifier; saved in model.bin).
struct GkmChoice {
    int member = 1;                     ///< 1-based ensemble member
    int length = 0, informative = 0;    ///< l and k of the term fitted alone
    std::uint64_t train_sequences = 0;  ///< sequences it was fitted on (a subsample when large)
    std::uint64_t valid_sequences = 0;  ///< validation sequences that decided
    int epochs = 0;                     ///< epochs of the term alone (early stopping on validation)
    std::vector<double> scales;         ///< candidate weights β of the term (0 = no term)
    std::vector<double> valid_losses;   ///< validation loss of network + β · term per candidate
    double scale = 0.0;                 ///< the chosen β (lowest loss; the smaller on ties)
    /// The network was trained on top of the term (GkmStack::kOn): scales {1}, valid_losses
    /// that of the model as kept.
    bool stacked = false;
    /// Under GkmStack::kAuto: this member's validation loss (as judged above) trained alone,
    /// then stacked, each trained to its end; the lower sum over members decided. Empty
    /// otherwise.
    std::vector<double> stack_losses;
};

/// How `--conv-width auto` and/or `--pos-bins auto` chose the network (train_classifier, first
/// member; saved in model.bin). The candidates are the lists' entries at the same index. The
/// choice is a race: every candidate trains probe_epochs epochs or probe_steps Adam steps,
/// whichever is fewer (or to its early stop), the one with the lowest validation loss then goes
/// on to its own early stop, the others stop.
struct NetworkChoice {
    std::vector<int> widths;            ///< candidate convolution widths (0 = tokens only)
    std::vector<int> bins;              ///< candidate position bins (0 = position-free)
    std::vector<int> epochs;            ///< epochs each candidate trained in all (the kept one:
                                        ///< to its early stop; the others: probe_epochs at most)
    std::vector<double> valid_losses;   ///< per candidate: its lowest validation loss at the
                                        ///< probe, over the epochs' ends and the probe's point
                                        ///< (network alone, or with its best β under gkm_auto):
                                        ///< what decided
    std::vector<double> judged_epochs;  ///< per candidate: the epochs it had trained when
                                        ///< judged (a fraction when the probe's steps ran out
                                        ///< inside an epoch)
    int width = 0;                      ///< the chosen width (lowest loss; the first on ties)
    int pos_bins = 0;                   ///< the chosen candidate's position bins
    /// Epochs of the race's probe (0: every candidate trained to its early stop and was judged
    /// there, as files before version 9 were made).
    int probe_epochs = 0;
    /// Adam steps of the race's probe (0: no bound in steps, as files before version 10).
    std::uint64_t probe_steps = 0;
};

/// Per occurrence: what the model attended to and what masking it changes.
struct TokenAttribution {
    Occurrence occurrence;
    std::vector<double> attention;  ///< α per head (the ensemble's mean)
    double delta =
        0.0;  ///< p(predicted | all) − p(predicted | this occurrence masked); NaN if alone
};

/// Explanation of one sequence (forward strand).
struct Explanation {
    std::vector<double> probs;  ///< the prediction (both strands averaged when trained so)
    int predicted = 0;
    std::vector<TokenAttribution> tokens;
};

class Classifier {
  public:
    /// A freshly initialized model (weights drawn from options.seed). Throws ConfigError for
    /// invalid options, DataError for fewer than two classes or an empty vocabulary.
    Classifier(vocab::Vocabulary vocabulary, std::vector<std::string> classes,
               ClassifierOptions options);
    ~Classifier();
    Classifier(Classifier&&) noexcept;
    Classifier& operator=(Classifier&&) noexcept;

    const ClassifierOptions& options() const { return options_; }
    const vocab::Vocabulary& vocabulary() const { return vocabulary_; }
    const std::vector<std::string>& classes() const { return classes_; }
    const ParamLayout& layout() const { return layout_; }
    /// Ensemble members K (options().ensemble).
    std::size_t members() const { return static_cast<std::size_t>(options_.ensemble); }
    /// All weights: K member vectors of layout().total each, one after the other.
    std::vector<double>& parameters() { return params_; }
    const std::vector<double>& parameters() const { return params_; }
    /// parameters() rounded to float32: the weights training's passes and predict_all compute
    /// with (the master weights and the optimizer stay double).
    std::vector<float> parameters32() const;
    /// What training reported after every epoch of every member, in order (empty for a model
    /// that was not trained, or loaded from a version 1–3 file). Saved in model.bin.
    const std::vector<EpochReport>& history() const { return history_; }
    void set_history(std::vector<EpochReport> history) { history_ = std::move(history); }
    /// What `--gkm auto` chose, per member (empty for an explicit --gkm or a file before
    /// version 6). Saved in model.bin.
    const std::vector<GkmChoice>& gkm_choices() const { return gkm_choices_; }
    void set_gkm_choices(std::vector<GkmChoice> c) { gkm_choices_ = std::move(c); }
    /// What `--conv-width auto` chose (empty for an explicit --conv-width or a file before
    /// version 7). Saved in model.bin.
    const std::vector<NetworkChoice>& network_choice() const { return network_choice_; }
    void set_network_choice(std::vector<NetworkChoice> c) { network_choice_ = std::move(c); }

    /// The token lattice of `seq` (any case) with motif scores. Thread-safe.
    Example featurize(std::string_view seq) const;
    /// Class probabilities of one example (the mean over the ensemble members). Thread-safe.
    std::vector<double> forward(const Example& ex) const;
    /// forward() in float32 with `params32` (parameters32()). Thread-safe.
    std::vector<double> forward(const Example& ex, const std::vector<float>& params32) const;
    /// Class-weighted cross-entropy of `ex` under the first member's weights; adds its gradient
    /// into `grad` (layout().total entries). Training trains each member as its own model.
    /// `keep` (empty, or one flag per occurrence) hides the occurrences flagged 0 (dropout).
    double loss_and_gradient(const Example& ex, int label, double weight, std::vector<double>& grad,
                             const std::vector<std::uint8_t>& keep = {}) const;
    /// loss_and_gradient() in float32 with `params32` (parameters32(), first member), adding
    /// into the float32 `grad`; the returned loss is accumulated in double.
    double loss_and_gradient(const Example& ex, int label, double weight,
                             const std::vector<float>& params32, std::vector<float>& grad,
                             const std::vector<std::uint8_t>& keep = {}) const;
    /// Class probabilities of a sequence (mean of both strands with options().both_strands).
    std::vector<double> predict(std::string_view seq) const;
    /// predict() in float32 with `params32` (parameters32()). Thread-safe.
    std::vector<double> predict(std::string_view seq, const std::vector<float>& params32) const;
    /// predict() from the examples `strand_example(0)` (and, with options().both_strands,
    /// `strand_example(1)`, the reverse complement) of one sequence, e.g. from a feature cache;
    /// `params` as forward() takes them (none: double; parameters32(): float32).
    template <typename StrandExample, typename... Params>
    std::vector<double> predict_strands(const StrandExample& strand_example,
                                        const Params&... params) const {
        auto p = forward(strand_example(0), params...);
        if (options_.both_strands) {
            const auto q = forward(strand_example(1), params...);
            for (std::size_t c = 0; c < p.size(); ++c) p[c] = 0.5 * (p[c] + q[c]);
        }
        return p;
    }
    /// predict() in float32 (parameters32()) for many sequences with `threads` OpenMP threads,
    /// results in input order (the same for any thread count).
    std::vector<std::vector<double>> predict_all(const std::vector<io::Record>& records,
                                                 int threads) const;
    /// Attention weights and token-mask ablation deltas of every occurrence (forward strand),
    /// both averaged over the ensemble members.
    Explanation explain(std::string_view seq) const;

    /// Task effect of each token on one labeled sequence: for every token t with an occurrence
    /// in `seq` (on either strand with options().both_strands), the cross-entropy −log p(label)
    /// with every occurrence of t masked minus the unmasked one, p as predict() computes it.
    /// Exact: masking a set S renormalizes each head's softmax over the other occurrences,
    /// g_h' = Σ_{i∉S} α_hi h_i / Σ_{i∉S} α_hi, and only V, the MLP and the head are re-run. A
    /// token covering every occurrence of a strand leaves nothing to pool: its delta is 0.
    /// Returns (token id, delta) by increasing id; `loss` receives the unmasked loss. Thread-safe.
    std::vector<std::pair<std::int32_t, double>> mask_token_losses(std::string_view seq, int label,
                                                                   double* loss = nullptr) const;

    /// Throws DataError unless `other` has exactly this model's tokens (same strings, same ids):
    /// a model only reads the vocabulary it was trained with.
    void check_vocabulary(const vocab::Vocabulary& other) const;
    /// The model's class index of each of `data`'s labels (data.classes matched by name).
    /// Throws DataError naming a class the model does not know.
    std::vector<std::int32_t> map_labels(const io::Dataset& data) const;

    /// Serializes to the model.bin bytes (magic, version, motiftok version, options, classes,
    /// vocabulary JSON, weights, training history JSON, CRC-32).
    std::string to_bytes() const;
    /// Parses model.bin bytes. Throws InputError for a wrong magic, an unknown version, a
    /// checksum mismatch (corrupt or truncated) or inconsistent contents.
    static Classifier from_bytes(std::string_view bytes, const std::string& source);
    /// Writes model.bin atomically. Throws InputError.
    void save(const std::string& path) const;
    /// Reads model.bin. Throws InputError.
    static Classifier load(const std::string& path);

  private:
    /// Draws one member's initial weights (layout().total values at `w`) from `seed`.
    void initialize(double* w, std::uint64_t seed) const;

    ClassifierOptions options_;
    vocab::Vocabulary vocabulary_;
    std::vector<std::string> classes_;
    ParamLayout layout_{};
    std::vector<double> params_;
    std::vector<EpochReport> history_;
    std::vector<GkmChoice> gkm_choices_;
    std::vector<NetworkChoice> network_choice_;  // at most one
    std::vector<double> token_scores_;  // s(t): motif_score, else info_gain / max, in [0, 1]
    std::unique_ptr<tokenize::Tokenizer> tokenizer_;
    std::unique_ptr<GappedKmers> gkm_;  // null without --gkm
};

/// Trains a classifier on `data` (labeled, ≥ 2 non-empty classes, else DataError) with Adam
/// and early stopping, calling `progress` after every epoch (the reports are also kept as the
/// model's history()); with options.gkm_auto, then fits and chooses the gapped k-mer term per
/// member (ClassifierOptions::gkm_auto; the model's gkm_choices() and options() say what was
/// chosen). With options.ensemble = K, trains
/// K members one after the other (member k: seed + k, its own split and initialization). Uses
/// options.threads OpenMP threads; the result does not depend on their number (fixed-order
/// gradient reduction).
Classifier train_classifier(const vocab::Vocabulary& vocabulary, const io::Dataset& data,
                            const ClassifierOptions& options,
                            const std::function<void(const EpochReport&)>& progress = {});

/// CRC-32 (IEEE 802.3, as zlib's crc32) of `bytes`.
std::uint32_t crc32(std::string_view bytes);

}  // namespace motiftok::model
