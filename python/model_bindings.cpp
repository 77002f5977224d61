// motiftok.learn, motiftok.train and motiftok.Classifier: the training half (learn/, model/),
// what `motiftok learn`, `train` and `predict` do, with the CLI's options as keyword arguments.

#include <cmath>
#include <functional>

#include "bindings.hpp"
#include "convert.hpp"
#include "motiftok/error.hpp"
#include "motiftok/learn/learner.hpp"
#include "motiftok/model/classifier.hpp"
#include "options.hpp"

namespace motiftok::python {

namespace {

using learn::LearnOptions;
using model::Classifier;
using model::ClassifierOptions;

/// learn()'s options: the flags of `motiftok learn` (--vocab-size is vocab_size, ...).
const std::vector<OptionField<LearnOptions>>& learn_fields() {
    static const std::vector<OptionField<LearnOptions>> fields = {
        field("vocab_size", &LearnOptions::vocab_size),
        field("k_min", &LearnOptions::k_min),
        field("k_max", &LearnOptions::k_max),
        field("ig_weight", &LearnOptions::ig_weight),
        field("seed_size", &LearnOptions::seed_size),
        field("shrink", &LearnOptions::shrink),
        field("min_seqs", &LearnOptions::min_seqs),
        enum_field("strand", &LearnOptions::strand, kmer::parse_strand, kmer::strand_name),
        field("tol", &LearnOptions::tol),
        field("max_iter", &LearnOptions::max_iter),
        field("seed", &LearnOptions::seed)};
    return fields;
}

/// train()'s options: the flags of `motiftok train` (--gkm is gkm, an integer; without it, as
/// without --gkm, the term is chosen as by --gkm auto; conv_width and pos_bins take an int or
/// 'auto', as the CLI; --no-motif-bias is motif_bias=False).
const std::vector<OptionField<ClassifierOptions>>& train_fields() {
    using O = ClassifierOptions;
    static const std::vector<OptionField<O>> fields = {
        field("dim", &O::dim),
        field("heads", &O::heads),
        count_or_auto_field("conv_width", &O::conv_width, &O::conv_auto),
        field("hidden", &O::hidden),
        field("epochs", &O::epochs),
        field("batch_size", &O::batch_size),
        field("learning_rate", &O::learning_rate),
        field("weight_decay", &O::weight_decay),
        field("valid_frac", &O::valid_frac),
        field("patience", &O::patience),
        field("both_strands", &O::both_strands),
        field("motif_bias", &O::motif_bias),
        count_or_auto_field("pos_bins", &O::pos_bins, &O::pos_auto),
        field("token_dropout", &O::token_dropout),
        field("gkm", &O::gkm_length),
        field("gkm_k", &O::gkm_k),
        field("ensemble", &O::ensemble),
        enum_field("lattice", &O::lattice, model::parse_lattice, model::lattice_name),
        enum_field("gkm_stack", &O::gkm_stack, model::parse_gkm_stack, model::gkm_stack_name),
        field("seed", &O::seed)};
    return fields;
}

const char* const kCommonKwargsDoc =
    "threads=0 (every core, as the CLI's -t), progress=None (a callable receiving one dict per "
    "step), verbose=False (one line per step on stderr), output=None (a path to save to).";

// The dict progress= receives for one step of learn() / train().
py::dict report_dict(const learn::IterationReport& r) {
    py::dict d;
    d["iteration"] = r.iteration;
    d["vocab_size"] = r.vocab_size;
    d["log_likelihood_per_bp"] = r.log_likelihood_per_bp;
    d["mean_info_gain"] = r.mean_info_gain;
    d["tokens_per_bp"] = r.tokens_per_bp;
    d["boundaries_moved"] = r.boundaries_moved;
    d["seconds"] = r.seconds;
    d["pruned"] = r.pruned;
    return d;
}

py::dict report_dict(const model::EpochReport& r) {
    py::dict d;
    d["member"] = r.member;
    d["members"] = r.members;
    d["epoch"] = r.epoch;
    d["train_loss"] = r.train_loss;
    d["valid_loss"] = r.valid_loss;
    d["valid_auroc"] = r.valid_auroc;
    d["best"] = r.best;
    return d;
}

// The library's progress callback for reports of type `Report`: each one, as report_dict(),
// handed to `progress` as step `what` (called with the GIL released).
template <typename Report>
std::function<void(const Report&)> reporter(const Progress& progress, const char* what) {
    return [&progress, what](const Report& r) {
        progress.report(what, [&r] { return report_dict(r); });
    };
}

// The keyword arguments learn() and train() share, taken (in this order, after the options)
// from `kw`, which must then be empty.
struct CommonArgs {
    int threads = 0;
    Progress progress;
    py::object output;
    DataArgs data;
};

CommonArgs common_args(py::dict& kw, py::object sequences, py::object labels,
                       const char* function) {
    const int threads = resolve_threads(pop_kwarg(kw, "threads", py::int_(0)).cast<int>());
    Progress progress = Progress::from_kwargs(kw);
    py::object output = pop_kwarg(kw, "output");
    DataArgs data = data_args(std::move(sequences), std::move(labels), kw);
    reject_unknown(kw, function);
    return {threads, std::move(progress), std::move(output), std::move(data)};
}

py::object learn(py::object sequences, py::object labels, py::kwargs kwargs) {
    py::dict kw(kwargs);
    LearnOptions options;
    apply_fields(kw, options, learn_fields());
    const CommonArgs a = common_args(kw, std::move(sequences), std::move(labels), "learn");
    options.threads = a.threads;
    options.validate();  // before any I/O, as the CLI
    const io::Dataset data = load_data(a.data);
    learn::LearnSummary summary;
    vocab::Vocabulary v;
    {
        py::gil_scoped_release release;
        v = learn::learn_vocabulary(
            data, options, reporter<learn::IterationReport>(a.progress, "learn"), &summary);
    }
    if (summary.info_gain_undefined) {
        a.progress.note("fewer than two non-empty classes: a plain unigram vocabulary");
    }
    if (!summary.converged) a.progress.note("stopped at max_iter before the boundaries settled");
    if (!a.output.is_none()) v.save(fs_path(a.output));
    return py::cast(std::move(v));
}

py::object train(py::object vocab, py::object sequences, py::object labels, py::kwargs kwargs) {
    py::dict kw(kwargs);
    ClassifierOptions options;
    const bool gkm_given = kw.contains("gkm");  // an explicit l; without it, --gkm auto
    apply_fields(kw, options, train_fields());
    if (gkm_given) options.gkm_auto = false;
    const CommonArgs a = common_args(kw, std::move(sequences), std::move(labels), "train");
    options.threads = a.threads;
    options.validate();  // before any I/O, all at once, as the CLI
    const vocab::Vocabulary vocabulary = py::isinstance<vocab::Vocabulary>(vocab)
                                             ? vocab.cast<vocab::Vocabulary>()
                                             : vocab::Vocabulary::load(fs_path(vocab));
    const io::Dataset data = load_data(a.data);
    io::require_two_classes(data, "training");
    std::unique_ptr<Classifier> classifier;
    {
        py::gil_scoped_release release;
        classifier = std::make_unique<Classifier>(model::train_classifier(
            vocabulary, data, options, reporter<model::EpochReport>(a.progress, "train")));
    }
    if (!a.output.is_none()) classifier->save(fs_path(a.output));
    return py::cast(std::move(*classifier));
}

py::array_t<double> predict(const Classifier& m, py::handle seqs, int threads) {
    const SequenceViews v = sequence_views(seqs, "seqs");
    std::vector<io::Record> records(v.views.size());
    for (std::size_t i = 0; i < records.size(); ++i) {
        records[i].seq = normalize_sequence(v.views[i], i);
    }
    const int n_threads = resolve_threads(threads);
    std::vector<std::vector<double>> probs;
    {
        py::gil_scoped_release release;
        probs = m.predict_all(records, n_threads);
    }
    const std::size_t c = m.classes().size();
    py::array_t<double> out({static_cast<py::ssize_t>(probs.size()), static_cast<py::ssize_t>(c)});
    double* p = out.mutable_data();
    for (const auto& row : probs) p = std::copy(row.begin(), row.end(), p);
    return out;
}

py::dict explain(const Classifier& m, py::handle seq) {
    py::object owner;
    const std::string normalized = normalize_sequence(sequence_view(seq, owner));
    model::Explanation e;
    {
        py::gil_scoped_release release;
        e = m.explain(normalized);
    }
    const auto heads = static_cast<py::ssize_t>(m.options().heads);
    py::array_t<double> attention({static_cast<py::ssize_t>(e.tokens.size()), heads});
    double* a = attention.mutable_data();
    for (const auto& t : e.tokens) a = std::copy(t.attention.begin(), t.attention.end(), a);
    using T = model::TokenAttribution;
    py::dict d;
    d["probs"] = to_array(e.probs);
    d["predicted"] = e.predicted;
    d["starts"] =
        field_array<std::int64_t>(e.tokens, [](const T& t) { return t.occurrence.start; });
    d["lengths"] =
        field_array<std::int32_t>(e.tokens, [](const T& t) { return t.occurrence.length; });
    d["ids"] = field_array<std::int32_t>(e.tokens, [](const T& t) { return t.occurrence.token; });
    d["scores"] = field_array<double>(e.tokens, [](const T& t) { return t.occurrence.score; });
    d["attention"] = attention;
    d["delta"] = field_array<double>(e.tokens, [](const T& t) { return t.delta; });
    return d;
}

void bind_classifier(py::module_& m) {
    py::class_<Classifier>(m, "Classifier",
                           "The attention classifier of `motiftok train` (model.bin).")
        .def_static("load", &Classifier::load, py::arg("path"),
                    "Reads model.bin (OSError if it cannot be read or is corrupt).")
        .def("save", &Classifier::save, py::arg("path"), "Writes model.bin atomically.")
        .def_property_readonly("classes", &Classifier::classes)
        .def_property_readonly(
            "vocabulary", [](const Classifier& c) { return c.vocabulary(); },
            "A copy of the vocabulary the model was trained with.")
        .def_property_readonly(
            "options",
            [](const Classifier& c) {
                return py::module_::import("json").attr("loads")(c.options().to_json());
            })
        .def("predict", &predict, py::arg("seqs"), py::arg("threads") = 0,
             "Class probabilities of every sequence: a float64 array n × len(classes) (rows in "
             "input order; columns in the order of .classes), as `motiftok predict`. threads=0 "
             "uses every core; the GIL is released.")
        .def("explain", &explain, py::arg("seq"),
             "Per token occurrence (forward strand): a dict of numpy arrays 'starts', 'lengths', "
             "'ids', 'scores' (motif scores), 'attention' (occurrences × heads) and 'delta' "
             "(p(predicted) minus p(predicted) with the occurrence masked; NaN if alone), plus "
             "'probs' and 'predicted' (class index), as `motiftok predict --explain`.");
}

}  // namespace

void bind_model(py::module_& m) {
    bind_classifier(m);
    m.def("learn", &learn, py::arg("sequences") = py::none(), py::arg("labels") = py::none(),
          ("learn(sequences=None, labels=None, **options) -> Vocabulary\n\nLearns a vocabulary "
           "as `motiftok learn` does. " +
           std::string(kDataKwargsDoc) + "\nOptions (the CLI's defaults): " +
           describe_fields(learn_fields()) + ".\n" + kCommonKwargsDoc)
              .c_str());
    m.def("train", &train, py::arg("vocab"), py::arg("sequences") = py::none(),
          py::arg("labels") = py::none(),
          ("train(vocab, sequences=None, labels=None, **options) -> Classifier\n\nTrains the "
           "classifier as `motiftok train` does; vocab is a Vocabulary or a vocab.json path. " +
           std::string(kDataKwargsDoc) + "\nOptions (the CLI's defaults): " +
           describe_fields(train_fields()) + ".\n" + kCommonKwargsDoc)
              .c_str());
}

}  // namespace motiftok::python
