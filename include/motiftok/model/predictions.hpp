#pragma once
// The outputs of `motiftok predict`: class probabilities as TSV, and explanations as JSON lines
// (docs/formats.md).

#include <ostream>
#include <string>
#include <vector>

#include "motiftok/io/dataset.hpp"
#include "motiftok/model/classifier.hpp"

namespace motiftok::model {

/// The header "id<TAB>predicted<TAB>p_<class>..." and one line per record: its id, the class of
/// the highest probability (the first on ties) and the probabilities (6 significant digits).
/// `probs[i]` belongs to `records[i]`.
void write_predictions_tsv(std::ostream& out, const std::vector<std::string>& classes,
                           const std::vector<io::Record>& records,
                           const std::vector<std::vector<double>>& probs);

/// One JSON line (ending in '\n') explaining the prediction of `record`: id, predicted, p (per
/// class), and per token occurrence start, end, token, score, attention (per head), delta (null
/// when not finite) and the motif family's name for tokens in a family.
std::string explanation_line(const Classifier& model, const io::Record& record);

/// explanation_line() of every record, in input order, computed with `threads` OpenMP threads.
void write_explanations(std::ostream& out, const Classifier& model,
                        const std::vector<io::Record>& records, int threads);

}  // namespace motiftok::model
