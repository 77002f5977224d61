#pragma once
// The parts of the module, each bound in its own file (module.cpp puts them together).

#include <pybind11/pybind11.h>

namespace motiftok::python {

/// Vocabulary, Tokenizer, read_sequences (tokenizer_bindings.cpp).
void bind_runtime(pybind11::module_& m);
/// Classifier, learn, train (model_bindings.cpp).
void bind_model(pybind11::module_& m);

}  // namespace motiftok::python
