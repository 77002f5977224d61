#include "convert.hpp"

#include <cstdio>
#include <thread>

#include "motiftok/io/sequence_reader.hpp"

namespace motiftok::python {

std::string_view sequence_view(py::handle seq, py::object& owner) {
    owner = py::reinterpret_borrow<py::object>(seq);
    if (PyUnicode_Check(seq.ptr())) {
        Py_ssize_t size = 0;
        const char* data = PyUnicode_AsUTF8AndSize(seq.ptr(), &size);
        if (data == nullptr) throw py::error_already_set();
        return {data, static_cast<std::size_t>(size)};
    }
    if (PyBytes_Check(seq.ptr())) {
        return {PyBytes_AS_STRING(seq.ptr()),
                static_cast<std::size_t>(PyBytes_GET_SIZE(seq.ptr()))};
    }
    throw py::type_error("a sequence must be str or bytes, not " +
                         std::string(py::str(py::type::of(seq).attr("__name__"))));
}

SequenceViews sequence_views(py::handle seqs, const char* what) {
    if (PyUnicode_Check(seqs.ptr()) || PyBytes_Check(seqs.ptr())) {
        throw py::type_error(std::string(what) +
                             " must be a list of sequences, not one sequence (wrap it in [])");
    }
    SequenceViews out;
    if (py::hasattr(seqs, "__len__")) {
        const auto n = py::len(seqs);
        out.views.reserve(n);
        out.owners.reserve(n);
    }
    for (py::handle s : py::iter(seqs)) {
        out.owners.emplace_back();
        out.views.push_back(sequence_view(s, out.owners.back()));
    }
    return out;
}

std::size_t invalid_position(std::string_view seq) {
    const unsigned char* table = io::normalization_table();
    for (std::size_t i = 0; i < seq.size(); ++i) {
        if (table[static_cast<unsigned char>(seq[i])] == 0) return i;
    }
    return std::string_view::npos;
}

void throw_invalid(std::string_view seq, std::size_t index, std::size_t position) {
    const auto c = static_cast<unsigned char>(seq[position]);
    char byte[16];
    if (c >= 0x20 && c < 0x7f) {
        std::snprintf(byte, sizeof byte, "'%c'", c);
    } else {
        std::snprintf(byte, sizeof byte, "byte 0x%02x", c);
    }
    const std::string where =
        index == SIZE_MAX ? "sequence" : "sequences[" + std::to_string(index) + "]";
    throw py::value_error(where + ", position " + std::to_string(position + 1) + ": " + byte +
                          " is not a nucleotide code (A, C, G, T, U, N or an IUPAC code, any "
                          "case)");
}

void check_sequence(std::string_view seq, std::size_t index) {
    const std::size_t bad = invalid_position(seq);
    if (bad != std::string_view::npos) throw_invalid(seq, index, bad);
}

std::string normalize_sequence(std::string_view seq, std::size_t index) {
    const unsigned char* table = io::normalization_table();
    std::string out(seq.size(), '\0');
    for (std::size_t i = 0; i < seq.size(); ++i) {
        const unsigned char v = table[static_cast<unsigned char>(seq[i])];
        if (v == 0) throw_invalid(seq, index, i);
        out[i] = static_cast<char>(v);
    }
    return out;
}

int resolve_threads(int threads) {
    if (threads < 0) {
        throw py::value_error("threads must be 0 (every core) or a positive number, not " +
                              std::to_string(threads));
    }
    if (threads > 0) return threads;
    const unsigned n = std::thread::hardware_concurrency();
    return n == 0 ? 1 : static_cast<int>(n);
}

std::string fs_path(py::handle value) {
    return py::str(py::module_::import("os").attr("fspath")(value));
}

}  // namespace motiftok::python
