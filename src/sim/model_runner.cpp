// sim/model_runner.cpp: runs a Python reference model over all rows in one sandboxed
// `python -I` process (testbenches/model_runner.py, a warm fork in a worker) and reads the
// binary result file it writes; every way a model can fail becomes a ModelError with the row
// it failed on.
#include <algorithm>
#include <array>
#include <bit>
#include <cstring>
#include <map>
#include <span>
#include <unistd.h>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "sim/detail/harness.h"
#include "sim/simulator.h"
#include "util/files.h"

namespace rtlduet::sim {
namespace {

using nlohmann::json;

constexpr std::size_t kMaxTracebackChars = 4000;

const std::map<std::string, ModelErrorKind>& runner_error_kinds() {
    static const std::map<std::string, ModelErrorKind> kinds = {
        {"load", ModelErrorKind::Load},
        {"exception", ModelErrorKind::Exception},
        {"bad_return", ModelErrorKind::BadReturn},
        {"missing_output", ModelErrorKind::MissingOutput},
        {"extra_output", ModelErrorKind::ExtraOutput},
        {"not_int", ModelErrorKind::NotInt},
        {"negative", ModelErrorKind::Negative},
        {"too_wide", ModelErrorKind::TooWide},
        {"exit", ModelErrorKind::Exit},
    };
    return kinds;
}

// The bytes one value takes in the binary files (testbenches/model_runner.py explains them).
std::size_t slot_bytes(int width) {
    for (const std::size_t size : {1u, 2u, 4u, 8u}) {
        if (static_cast<std::size_t>(width) <= 8 * size) {
            return size;
        }
    }
    return 8 * ((static_cast<std::size_t>(width) + 63) / 64);
}

void append_u32(std::string& out, std::uint32_t value) {
    out.append(reinterpret_cast<const char*>(&value), sizeof value);
}

// The files are little-endian, as the words of a Bits are on every machine rtlduet builds for.
static_assert(std::endian::native == std::endian::little);

void append_value(std::string& out, const hdl::Bits& value) {
    const std::size_t size = slot_bytes(value.width());
    const auto words = value.value_words();
    const std::size_t copied = std::min(size, 8 * words.size());
    out.append(reinterpret_cast<const char*>(words.data()), copied);
    out.append(size - copied, '\0');
}

hdl::Bits read_value(const unsigned char* at, int width) {
    const std::size_t size = slot_bytes(width);
    if (size <= 8) {
        std::uint64_t value = 0;
        std::memcpy(&value, at, size);
        return hdl::Bits::from_u64(width, value);
    }
    constexpr std::size_t kOnStack = 4;  // words: no allocation up to 256 bits
    std::array<std::uint64_t, kOnStack> few{};
    std::vector<std::uint64_t> many(size / 8 > kOnStack ? size / 8 : 0);
    const std::span<std::uint64_t> words =
        many.empty() ? std::span(few).first(size / 8) : std::span(many);
    std::memcpy(words.data(), at, size);
    return hdl::Bits::from_words(width, words);
}

// request.bin: header, the model's path, the top and its parameters, the ports, then every
// row packed.
std::string request_bytes(const hdl::Interface& ifc, const stimulus::VectorSet& vectors,
                          const std::string& model_copy) {
    std::string out = "RDVQ";
    append_u32(out, 1);
    append_u32(out, ifc.is_sequential() ? 1 : 0);
    append_u32(out, static_cast<std::uint32_t>(vectors.inputs.size()));
    append_u32(out, static_cast<std::uint32_t>(ifc.outputs().size()));
    const std::uint64_t rows = vectors.rows.size();
    out.append(reinterpret_cast<const char*>(&rows), sizeof rows);
    auto append_text = [&out](const std::string& text) {
        append_u32(out, static_cast<std::uint32_t>(text.size()));
        out += text;
    };
    append_text(model_copy);
    append_text(ifc.module_name);
    append_u32(out, static_cast<std::uint32_t>(ifc.parameters.size()));
    for (const hdl::Parameter& parameter : ifc.parameters) {
        append_text(parameter.name);
        append_text(parameter.value);
        append_u32(out, parameter.is_overridden ? 1 : 0);
    }
    for (const auto& ports : {vectors.inputs, ifc.outputs()}) {
        for (const hdl::Port& port : ports) {
            append_text(port.name);
            append_u32(out, static_cast<std::uint32_t>(port.width));
        }
    }
    for (const auto& row : vectors.rows) {
        for (const hdl::Bits& value : row) {
            append_value(out, value);
        }
    }
    return out;
}

struct ResultHeader {
    char magic[4];
    std::uint32_t version;
    std::uint64_t rows_done;
    std::uint32_t state;
    std::uint32_t flags;
};
constexpr std::uint32_t kEnded = 1;
constexpr std::uint32_t kFailed = 2;

ModelError error_record(const std::filesystem::path& work_dir) {
    auto text = util::read_file(work_dir / "error.json", util::ErrorKind::Io);
    const json line = text ? json::parse(*text, nullptr, false) : json();
    if (!line.is_object()) {
        return ModelError{.kind = ModelErrorKind::Exit,
                          .message = "the model's error record is unreadable"};
    }
    const auto found = runner_error_kinds().find(line.value("error", ""));
    ModelError error{
        .kind = found == runner_error_kinds().end() ? ModelErrorKind::Exception : found->second,
        .message = line.value("message", ""),
        .traceback = line.value("traceback", "").substr(0, kMaxTracebackChars)};
    if (line.contains("row") && line["row"].is_number_unsigned()) {
        error.row = line["row"].get<std::size_t>();
    }
    return error;
}

// Reads result.bin into `model`. Returns false when the run neither ended nor failed (the
// process died or left on its own); the rows it completed are kept either way.
bool read_results(std::string_view bytes, const std::vector<hdl::Port>& outputs,
                  const std::filesystem::path& work_dir, ModelRun& model) {
    ResultHeader header{};
    if (bytes.size() < sizeof header) {
        return false;
    }
    std::memcpy(&header, bytes.data(), sizeof header);
    if (std::string_view(header.magic, 4) != "RDVR" || header.version != 1) {
        return false;
    }
    model.has_outputs_method = (header.flags & 1) != 0;
    std::size_t row_size = 0;
    for (const hdl::Port& port : outputs) {
        row_size += slot_bytes(port.width);
    }
    const std::size_t phases = model.has_outputs_method ? 2 : 1;
    const auto* at = reinterpret_cast<const unsigned char*>(bytes.data()) + sizeof header;
    const std::size_t room =
        row_size == 0 ? header.rows_done : (bytes.size() - sizeof header) / (row_size * phases);
    const std::size_t rows = std::min<std::uint64_t>(header.rows_done, room);
    for (std::size_t row = 0; row < rows; ++row) {
        for (std::size_t phase = 0; phase < phases; ++phase) {
            std::vector<hdl::Bits> values;
            for (const hdl::Port& port : outputs) {
                values.push_back(read_value(at, port.width));
                at += slot_bytes(port.width);
            }
            (phase + 1 == phases ? model.trace.post : model.trace.pre).push_back(std::move(values));
        }
    }
    if (header.state == kFailed) {
        model.error = error_record(work_dir);
    }
    return header.state == kEnded || header.state == kFailed;
}

ModelError process_error(const util::RunResult& run, std::size_t rows_done) {
    ModelError error{.row = rows_done, .traceback = run.err.substr(0, kMaxTracebackChars)};
    if (run.timed_out) {
        error.kind = ModelErrorKind::Timeout;
        error.message = fmt::format("the model did not finish in {} ms (stuck at row {})",
                                    run.wall.count(), rows_done);
    } else if (run.signal != 0) {
        error.kind = ModelErrorKind::Crash;
        error.message = fmt::format(
            "the model process was {} at row {} (a memory or CPU "
            "limit?)",
            run.describe_end(), rows_done);
    } else {
        error.kind = ModelErrorKind::Exit;
        error.message = fmt::format(
            "the model process ended ({}) at row {} without finishing "
            "(os._exit or a closed result file?)",
            run.describe_end(), rows_done);
    }
    return error;
}

util::Result<std::string> find_python(const util::Sandbox& sandbox,
                                      const std::filesystem::path& python) {
    if (python.is_absolute()) {
        if (::access(python.c_str(), X_OK) != 0) {
            return util::make_error(
                util::ErrorKind::Tool,
                fmt::format("python interpreter {} not found (--python)", python.string()));
        }
        return python.string();
    }
    return detail::require_program(sandbox, python.string());
}

}  // namespace

std::string_view to_string(ModelErrorKind kind) {
    for (const auto& [name, value] : runner_error_kinds()) {
        if (value == kind) {
            return name;
        }
    }
    return kind == ModelErrorKind::Timeout ? "timeout" : "crash";
}

util::Result<ModelRun> run_model(const util::Sandbox& sandbox, const hdl::Interface& ifc,
                                 const stimulus::VectorSet& vectors, const ModelOptions& options) {
    if (auto checked = detail::check_request(ifc, vectors); !checked) {
        return checked.error();
    }
    auto python = find_python(sandbox, options.python);
    if (!python) {
        return python.error();
    }
    auto model_text = util::read_file(options.model, util::ErrorKind::Input);
    auto runner_text =
        util::read_file(options.templates_dir / "model_runner.py", util::ErrorKind::Tool);
    if (!model_text || !runner_text) {
        return !model_text ? model_text.error() : runner_text.error();
    }
    const std::string model_copy = "src/" + options.model.filename().string();
    for (const auto& [name, content] :
         {std::pair<std::string, std::string>{model_copy, *model_text},
          {"model_runner.py", *runner_text},
          {"request.bin", request_bytes(ifc, vectors, model_copy)}}) {
        if (auto written = util::write_file(options.work_dir / name, content); !written) {
            return written.error();
        }
    }
    util::SandboxRequest request{
        .argv = {*python, "-I", "-B", "-S", "model_runner.py", "request.bin", "result.bin"},
        .cwd = options.work_dir,
        .is_python_main = true};
    request.limits.deadline =
        options.deadline.count() > 0 ? options.deadline : scaled_deadline(vectors.rows.size());
    auto run = detail::run_tool(sandbox, request, options.cancel);
    if (!run) {
        return run.error();
    }
    ModelRun model{.trace = {.is_sequential = ifc.is_sequential()}, .time = run->wall};
    const auto results = util::read_file(options.work_dir / "result.bin", util::ErrorKind::Io);
    const bool is_complete =
        results && read_results(*results, ifc.outputs(), options.work_dir, model);
    if (!is_complete || (!model.error && !run->succeeded())) {
        model.error = process_error(*run, model.trace.post.size());
    } else if (!model.error && model.trace.post.size() != vectors.rows.size()) {
        model.error = ModelError{.kind = ModelErrorKind::Exit,
                                 .row = model.trace.post.size(),
                                 .message = "the model's result file is incomplete"};
    }
    if (model.error) {
        const std::string name = options.model.filename().string();
        model.error->traceback =
            detail::tidy_log(model.error->traceback, options.work_dir, model_copy, name);
    }
    return model;
}

}  // namespace rtlduet::sim
