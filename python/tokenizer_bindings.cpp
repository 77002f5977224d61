// motiftok.Vocabulary, motiftok.Tokenizer and motiftok.read_sequences: the runtime half
// (vocab/, tokenize/, io/), what `motiftok tokenize` does, with numpy arrays out.

#include <exception>

#include "bindings.hpp"
#include "convert.hpp"
#include "motiftok/io/sequence_reader.hpp"
#include "motiftok/tokenize/tokenizer.hpp"
#include "motiftok/vocab/vocabulary.hpp"

namespace motiftok::python {

namespace {

using tokenize::Span;
using tokenize::Tokenizer;
using vocab::Vocabulary;

/// Ids of every sequence of `views`, tokenized by `threads` threads (GIL released), in order.
/// Checks every sequence first, as `motiftok tokenize` reads a file before writing anything.
std::vector<std::vector<std::int32_t>> encode_all(const Tokenizer& tok,
                                                  const std::vector<std::string_view>& views,
                                                  int threads) {
    const auto n = static_cast<std::int64_t>(views.size());
    std::vector<std::vector<std::int32_t>> ids(views.size());
    std::vector<std::size_t> bad(views.size(), std::string_view::npos);
    std::exception_ptr error;
    {
        py::gil_scoped_release release;
#pragma omp parallel for num_threads(threads) schedule(dynamic, 64)
        for (std::int64_t i = 0; i < n; ++i) {
            const auto k = static_cast<std::size_t>(i);
            try {
                bad[k] = invalid_position(views[k]);
                if (bad[k] == std::string_view::npos) tok.encode(views[k], ids[k]);
            } catch (...) {
#pragma omp critical(motiftok_python_encode_error)
                if (!error) error = std::current_exception();
            }
        }
    }
    if (error) std::rethrow_exception(error);
    for (std::size_t i = 0; i < bad.size(); ++i) {
        if (bad[i] != std::string_view::npos) throw_invalid(views[i], i, bad[i]);
    }
    return ids;
}

std::string decode(const Tokenizer& tok,
                   const py::array_t<std::int64_t, py::array::forcecast>& ids) {
    if (ids.ndim() != 1) throw py::value_error("decode: ids must be one-dimensional");
    const auto* p = ids.data();
    std::string out;
    for (py::ssize_t i = 0; i < ids.size(); ++i) {
        if (p[i] < 0 || static_cast<std::size_t>(p[i]) >= tok.size()) {
            throw py::value_error("decode: id " + std::to_string(p[i]) + " at index " +
                                  std::to_string(i) + " is not in the vocabulary (0.." +
                                  std::to_string(tok.size() - 1) + ")");
        }
        out += tok.token(static_cast<std::int32_t>(p[i]));
    }
    return out;
}

py::tuple lattice(const Tokenizer& tok, py::handle seq) {
    py::object owner;
    const std::string_view s = sequence_view(seq, owner);
    check_sequence(s);
    std::vector<Span> spans;
    {
        py::gil_scoped_release release;
        spans = tok.lattice(s);
    }
    return py::make_tuple(
        field_array<std::int64_t>(spans, [](const Span& x) { return x.start; }),
        field_array<std::int32_t>(spans, [](const Span& x) { return x.end - x.start; }),
        field_array<std::int32_t>(spans, [](const Span& x) { return x.id; }));
}

void bind_vocabulary(py::module_& m) {
    py::class_<Vocabulary>(m, "Vocabulary",
                           "A learned vocabulary (vocab.json): ids 0..4 are the bases A, C, G, T, "
                           "N; the other tokens by decreasing information gain.")
        .def_static("load", &Vocabulary::load, py::arg("path"),
                    "Loads and validates a vocab.json file (OSError if it cannot be read or "
                    "is not a valid vocabulary).")
        .def("save", &Vocabulary::save, py::arg("path"), "Writes vocab.json atomically.")
        .def("__len__", &Vocabulary::size)
        .def("__contains__", [](const Vocabulary& v, const std::string& t) { return v.id(t) >= 0; })
        .def(
            "id",
            [](const Vocabulary& v, const std::string& t) {
                const std::int32_t id = v.id(t);
                if (id < 0) throw py::key_error("'" + t + "' is not in the vocabulary");
                return id;
            },
            py::arg("token"), "The id of a token string (KeyError if absent).")
        .def_property_readonly("tokens",
                               [](const Vocabulary& v) {
                                   std::vector<std::string> t;
                                   for (const auto& x : v.tokens()) t.push_back(x.token);
                                   return t;
                               })
        .def_property_readonly("info_gain",
                               [](const Vocabulary& v) {
                                   return field_array<double>(
                                       v.tokens(),
                                       [](const vocab::Token& t) { return t.info_gain; });
                               })
        .def_property_readonly("scores",
                               [](const Vocabulary& v) {
                                   return field_array<double>(
                                       v.tokens(), [](const vocab::Token& t) { return t.score; });
                               })
        .def_property_readonly("log_prob",
                               [](const Vocabulary& v) {
                                   return field_array<double>(
                                       v.tokens(),
                                       [](const vocab::Token& t) { return t.log_prob; });
                               })
        .def_property_readonly("p_value",
                               [](const Vocabulary& v) {
                                   return field_array<double>(
                                       v.tokens(), [](const vocab::Token& t) { return t.p_value; });
                               })
        .def_readonly("classes", &Vocabulary::classes)
        .def_property_readonly(
            "strand", [](const Vocabulary& v) { return std::string(kmer::strand_name(v.strand)); })
        .def_property_readonly("options",
                               [](const Vocabulary& v) {
                                   return py::module_::import("json").attr("loads")(v.options_json);
                               })
        .def("__repr__", [](const Vocabulary& v) {
            return "<motiftok.Vocabulary: " + std::to_string(v.size()) + " tokens, strand " +
                   kmer::strand_name(v.strand) + ", " + std::to_string(v.classes.size()) +
                   " classes>";
        });
}

void bind_tokenizer(py::module_& m) {
    py::class_<Tokenizer>(m, "Tokenizer",
                          "Best-path segmentation over a vocabulary: the same ids as `motiftok "
                          "tokenize`. Sequences are str or bytes, any case; U reads as T, IUPAC "
                          "codes as N; any other character is a ValueError.")
        .def(py::init<const Vocabulary&>(), py::arg("vocab"))
        .def_static(
            "load", [](const std::string& path) { return Tokenizer(Vocabulary::load(path)); },
            py::arg("path"), "The tokenizer of a vocab.json file.")
        .def("__len__", &Tokenizer::size)
        .def(
            "encode",
            [](const Tokenizer& tok, py::handle seq) {
                py::object owner;
                const std::string_view s = sequence_view(seq, owner);
                check_sequence(s);
                std::vector<std::string> out;
                for (std::int32_t id : tok.encode(s)) out.push_back(tok.token(id));
                return out;
            },
            py::arg("seq"), "The tokens (strings) of the best segmentation of `seq`.")
        .def(
            "encode_ids",
            [](const Tokenizer& tok, py::handle seq) {
                py::object owner;
                const std::string_view s = sequence_view(seq, owner);
                check_sequence(s);
                return to_array(tok.encode(s));
            },
            py::arg("seq"), "The token ids of `seq` as a numpy int32 array.")
        .def(
            "encode_batch",
            [](const Tokenizer& tok, py::handle seqs, int threads) {
                const SequenceViews v = sequence_views(seqs, "seqs");
                const auto ids = encode_all(tok, v.views, resolve_threads(threads));
                py::list out(ids.size());
                for (std::size_t i = 0; i < ids.size(); ++i) out[i] = to_array(ids[i]);
                return out;
            },
            py::arg("seqs"), py::arg("threads") = 0,
            "Token ids of every sequence (a list of numpy int32 arrays, input order), "
            "tokenized by `threads` threads (0 = every core, as the CLI's -t) with the GIL "
            "released. Every sequence is checked before any result is returned.")
        .def("lattice", &lattice, py::arg("seq"),
             "Every occurrence of every token in `seq`, ordered by start, then length: "
             "(starts int64, lengths int32, ids int32) numpy arrays.")
        .def("decode", &decode, py::arg("ids"),
             "The sequence spelled by token ids (the concatenation of their tokens).")
        .def(
            "id_to_token",
            [](const Tokenizer& tok, std::int32_t id) {
                if (id < 0 || static_cast<std::size_t>(id) >= tok.size())
                    throw py::value_error("id " + std::to_string(id) + " is not in the vocabulary");
                return tok.token(id);
            },
            py::arg("id"));
}

py::tuple read_sequences(const std::string& path, bool strict, bool allow_duplicate_ids) {
    io::ReaderOptions options;
    options.strict = strict;
    options.check_duplicate_ids = !allow_duplicate_ids;
    std::vector<io::Record> records;
    {
        py::gil_scoped_release release;
        records = io::read_sequences(path, options);
    }
    py::list ids(records.size()), seqs(records.size());
    for (std::size_t i = 0; i < records.size(); ++i) {
        ids[i] = py::str(records[i].id);
        seqs[i] = py::str(records[i].seq);
    }
    return py::make_tuple(ids, seqs);
}

}  // namespace

void bind_runtime(py::module_& m) {
    bind_vocabulary(m);
    bind_tokenizer(m);
    const io::ReaderOptions defaults;
    m.def("read_sequences", &read_sequences, py::arg("path"), py::kw_only(),
          py::arg("strict") = defaults.strict,
          py::arg("allow_duplicate_ids") = !defaults.check_duplicate_ids,
          "Reads a FASTA/FASTQ file (plain, gzip or bgzip) as `motiftok` does: returns (ids, "
          "seqs), the sequences normalized (upper case, IUPAC codes as N, U as T). Empty records "
          "are skipped unless strict=True.");
}

}  // namespace motiftok::python
