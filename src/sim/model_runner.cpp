// sim/model_runner.cpp: runs a Python reference model over all rows in one sandboxed
// `python -I` process (testbenches/model_runner.py) and reads the result file it writes;
// every way a model can fail becomes a ModelError with the row it failed on.
#include <map>
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

std::string request_text(const hdl::Interface& ifc, const stimulus::VectorSet& vectors,
                         const std::string& model_copy) {
    json request = {{"model", model_copy},         {"top", ifc.module_name},
                    {"parameters", json::array()}, {"sequential", ifc.is_sequential()},
                    {"inputs", json::array()},     {"outputs", json::array()},
                    {"rows", json::array()}};
    for (const hdl::Parameter& parameter : ifc.parameters) {
        request["parameters"].push_back(
            json::array({parameter.name, parameter.value, parameter.is_overridden}));
    }
    for (const hdl::Port& port : vectors.inputs) {
        request["inputs"].push_back(port.name);
    }
    for (const hdl::Port& port : ifc.outputs()) {
        request["outputs"].push_back({port.name, port.width});
    }
    for (const auto& row : vectors.rows) {
        json values = json::array();
        for (const hdl::Bits& value : row) {
            values.push_back(value.to_hex());
        }
        request["rows"].push_back(std::move(values));
    }
    return request.dump();
}

std::optional<std::vector<hdl::Bits>> parse_values(const json& values,
                                                   const std::vector<hdl::Port>& outputs) {
    if (!values.is_array() || values.size() != outputs.size()) {
        return std::nullopt;
    }
    std::vector<hdl::Bits> parsed;
    for (std::size_t i = 0; i < outputs.size(); ++i) {
        if (!values[i].is_string()) {
            return std::nullopt;
        }
        auto bits = hdl::Bits::from_hex(outputs[i].width, values[i].get<std::string>());
        if (!bits || bits->has_unknown()) {
            return std::nullopt;
        }
        parsed.push_back(std::move(*bits));
    }
    return parsed;
}

// Reads result.jsonl into `model`. Returns false when the file ended without "end" or
// "error" (the process died or left on its own).
bool read_results(std::string_view text, const std::vector<hdl::Port>& outputs, ModelRun& model) {
    std::size_t position = 0;
    while (position < text.size()) {
        const std::size_t end = std::min(text.find('\n', position), text.size());
        const json line = json::parse(text.substr(position, end - position), nullptr, false);
        position = end + 1;
        if (line.is_discarded() || !line.is_object()) {
            return false;
        }
        const std::string kind = line.value("kind", "");
        if (kind == "start") {
            model.has_outputs_method = line.value("has_outputs", false);
        } else if (kind == "end") {
            return true;
        } else if (kind == "error") {
            const auto found = runner_error_kinds().find(line.value("error", ""));
            model.error =
                ModelError{.kind = found == runner_error_kinds().end() ? ModelErrorKind::Exception
                                                                       : found->second,
                           .message = line.value("message", ""),
                           .traceback = line.value("traceback", "").substr(0, kMaxTracebackChars)};
            if (line.contains("row") && line["row"].is_number_unsigned()) {
                model.error->row = line["row"].get<std::size_t>();
            }
            return true;
        } else {
            auto post = parse_values(line.value("post", json()), outputs);
            if (!post) {
                return false;
            }
            model.trace.post.push_back(std::move(*post));
            if (model.has_outputs_method) {
                auto pre = parse_values(line.value("pre", json()), outputs);
                if (!pre) {
                    return false;
                }
                model.trace.pre.push_back(std::move(*pre));
            }
        }
    }
    return false;
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
          {"request.json", request_text(ifc, vectors, model_copy)}}) {
        if (auto written = util::write_file(options.work_dir / name, content); !written) {
            return written.error();
        }
    }
    util::SandboxRequest request{
        .argv = {*python, "-I", "-B", "model_runner.py", "request.json", "result.jsonl"},
        .cwd = options.work_dir};
    request.limits.deadline = options.deadline;
    auto run = detail::run_tool(sandbox, request, options.cancel);
    if (!run) {
        return run.error();
    }
    ModelRun model{.trace = {.is_sequential = ifc.is_sequential()}, .time = run->wall};
    const auto results = util::read_file(options.work_dir / "result.jsonl", util::ErrorKind::Io);
    const bool is_complete = results && read_results(*results, ifc.outputs(), model);
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
