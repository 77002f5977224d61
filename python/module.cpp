// The Python module `motiftok` (DESIGN.md §11). Library errors become Python exceptions carrying
// the C++ message: InputError (a file cannot be opened, read or parsed) is an OSError,
// ConfigError (invalid options) and DataError (unusable data) are ValueErrors.

#include <pybind11/pybind11.h>

#include "bindings.hpp"
#include "motiftok/error.hpp"
#include "motiftok/version.hpp"

PYBIND11_MODULE(motiftok, m) {
    namespace py = pybind11;
    m.doc() =
        "motiftok: task-driven DNA tokenization (vocabulary learning, best-path tokenizing, an "
        "attention classifier) over the motiftok C++ library.";
    py::register_exception<motiftok::InputError>(m, "InputError", PyExc_OSError);
    py::register_exception<motiftok::ConfigError>(m, "ConfigError", PyExc_ValueError);
    py::register_exception<motiftok::DataError>(m, "DataError", PyExc_ValueError);
    m.attr("__version__") = motiftok::kVersion;
    motiftok::python::bind_runtime(m);
    motiftok::python::bind_model(m);
}
