// motiftok predict: class probabilities from model.bin as TSV; metrics with labels; --explain.

#include <iomanip>
#include <memory>
#include <sstream>

#include "commands.hpp"
#include "common.hpp"
#include "motiftok/error.hpp"
#include "motiftok/io/output_file.hpp"
#include "motiftok/model/classifier.hpp"
#include "motiftok/model/metrics.hpp"
#include "motiftok/model/predictions.hpp"

namespace motiftok::cli {

namespace {

struct PredictCommand {
    CommonOptions common;
    InputOptions input;
    std::string model;
    std::string vocab;
    std::string metrics;
    std::string explain;
};

void run_predict(PredictCommand& cmd) {
    io::check_outputs_not_inputs(input_paths(cmd.input, {cmd.model, cmd.vocab}),
                                 {cmd.common.output, cmd.metrics, cmd.explain});
    const bool quiet = cmd.common.quiet;
    const auto m = model::Classifier::load(cmd.model);
    if (!cmd.vocab.empty()) m.check_vocabulary(vocab::Vocabulary::load(cmd.vocab));
    const io::Dataset data = load_inputs(cmd.input, quiet);
    if (!cmd.metrics.empty() && !data.labeled()) {
        throw ConfigError("--metrics needs labels: give --class NAME=FILE or --labels");
    }
    const auto labels = data.labeled() ? m.map_labels(data) : std::vector<std::int32_t>{};
    const auto probs = m.predict_all(data.records, cmd.common.threads);

    io::OutputFile out(cmd.common.output);
    model::write_predictions_tsv(out.stream(), m.classes(), data.records, probs);
    out.commit();
    if (!cmd.explain.empty()) {
        io::OutputFile explain(cmd.explain);
        model::write_explanations(explain.stream(), m, data.records, cmd.common.threads);
        explain.commit();
    }
    if (data.labeled()) {
        const auto metrics = model::evaluate(probs, labels, m.classes().size());
        std::ostringstream line;
        line << std::setprecision(4) << "n " << metrics.n << ": accuracy " << metrics.accuracy
             << ", AUROC " << metrics.auroc << ", AUPRC " << metrics.auprc << ", MCC "
             << metrics.mcc << ", macro-F1 " << metrics.macro_f1
             << (m.classes().size() > 2 ? " (one-vs-rest)" : "");
        info(quiet, line.str());
        if (!cmd.metrics.empty()) {
            io::write_file_atomic(cmd.metrics, model::metrics_json(metrics, m.classes()));
        }
    }
}

}  // namespace

void setup_predict(CLI::App& app) {
    auto cmd = std::make_shared<PredictCommand>();
    CLI::App* sub = app.add_subcommand(
        "predict",
        "Class probabilities of sequences from model.bin (TSV: id, predicted, p_<class>...); "
        "metrics when labels are given");
    add_input_options(*sub, cmd->input);
    add_common_options(*sub, cmd->common, false);
    sub->add_option("--model", cmd->model, "model.bin from 'motiftok train'")->required();
    sub->add_option("--vocab", cmd->vocab,
                    "Check that the model was trained with this vocab.json (error if not)");
    sub->add_option("--metrics", cmd->metrics,
                    "Write accuracy, AUROC, AUPRC, MCC, macro-F1 as JSON here (needs labels)");
    sub->add_option("--explain", cmd->explain,
                    "Write per-sequence token attention and mask-ablation deltas here (JSONL)");
    sub->callback([cmd] { run_predict(*cmd); });
}

}  // namespace motiftok::cli
