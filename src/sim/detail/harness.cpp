// sim/detail/harness.cpp: the vector file, template filling and the strict trace parser that
// both simulator backends share.
#include "sim/detail/harness.h"

#include <algorithm>
#include <system_error>

#include <fmt/format.h>

#include "util/files.h"

namespace rtlduet::sim::detail {
namespace {

constexpr std::size_t kMaxLogChars = 8000;

util::Error trace_error(std::string message) {
    return util::make_error(util::ErrorKind::Input, std::move(message));
}

// The next space-separated word of `line` from `at` on (empty at the end).
std::string_view next_word(std::string_view line, std::size_t& at) {
    while (at < line.size() && line[at] == ' ') {
        ++at;
    }
    const std::size_t end = std::min(line.find(' ', at), line.size());
    const std::string_view word = line.substr(at, end - at);
    at = end;
    return word;
}

// One "<phase> <hex>..." line (row `row`'s sample) into `values`. Nothing is formatted
// unless it fails: a trace has a line per sample. The row is the line's place: printing its
// number was a fifth of an Icarus run's time at 1000 rows, and proved nothing that the phase
// letters and the closing count do not.
util::Status parse_sample(std::string_view line, std::size_t row, char phase,
                          const std::vector<hdl::Port>& outputs, std::vector<hdl::Bits>& values) {
    const char* edge = phase == 'b' ? "pre" : "post";
    const auto misplaced = [&] {
        return trace_error(fmt::format(
            "the trace has \"{:.60}\" where row {}'s {}-edge sample belongs", line, row, edge));
    };
    std::size_t at = 0;
    if (next_word(line, at) != std::string_view(&phase, 1)) {
        return misplaced();
    }
    values.clear();
    values.reserve(outputs.size());
    for (const hdl::Port& output : outputs) {
        const std::string_view word = next_word(line, at);
        if (word.empty()) {
            return misplaced();
        }
        auto value = hdl::Bits::from_hex(output.width, word);
        if (!value) {
            return trace_error(
                fmt::format("the trace has a bad value \"{:.40}\" for {} at row {} {}", word,
                            output.name, row, edge));
        }
        values.push_back(std::move(*value));
    }
    return next_word(line, at).empty() ? util::Status{} : misplaced();
}

Simulation read_trace(const std::filesystem::path& work_dir, const hdl::Interface& ifc,
                      std::size_t rows) {
    Simulation simulation;
    auto text = util::read_file(work_dir / "trace.txt", util::ErrorKind::Io);
    if (!text) {
        simulation.failure =
            RtlFailure{.stage = "trace", .message = "the simulation wrote no trace file"};
        return simulation;
    }
    auto trace = parse_trace(*text, ifc.outputs(), rows, ifc.is_sequential());
    if (!trace) {
        simulation.failure = RtlFailure{.stage = "trace", .message = trace.error().message};
        return simulation;
    }
    simulation.trace = std::move(*trace);
    return simulation;
}

}  // namespace

RowLayout layout_rows(const std::vector<hdl::Port>& inputs) {
    RowLayout layout;
    int total = 0;
    for (const hdl::Port& port : inputs) {
        total += port.width;
    }
    int lo = total;
    for (const hdl::Port& port : inputs) {
        lo -= port.width;
        layout.fields.push_back({.port = port, .lo = lo});
    }
    layout.row_bits = std::max(total, 1);
    return layout;
}

std::string render_vector_file(const RowLayout& layout, const stimulus::VectorSet& vectors) {
    std::string text;
    text.reserve(vectors.rows.size() * static_cast<std::size_t>((layout.row_bits + 3) / 4 + 1));
    std::vector<std::uint64_t> packed(static_cast<std::size_t>((layout.row_bits + 63) / 64));
    for (const auto& row : vectors.rows) {
        std::ranges::fill(packed, 0);
        for (std::size_t column = 0; column < layout.fields.size(); ++column) {
            // value_words() reads 0 for unknown bits: an unknown input is driven as 0
            const auto words = row[column].value_words();
            for (std::size_t i = 0; i < words.size(); ++i) {
                const auto at = static_cast<std::size_t>(layout.fields[column].lo) + 64 * i;
                const std::size_t shift = at % 64;
                packed[at / 64] |= words[i] << shift;
                if (shift != 0 && at / 64 + 1 < packed.size()) {
                    packed[at / 64 + 1] |= words[i] >> (64 - shift);
                }
            }
        }
        hdl::Bits::from_words(layout.row_bits, packed).append_hex(text);
        text += '\n';
    }
    return text;
}

util::Result<std::string> fill_template(std::string_view text,
                                        const std::map<std::string, std::string>& values) {
    std::string out;
    std::size_t position = 0;
    while (true) {
        const std::size_t open = text.find("{{", position);
        if (open == std::string_view::npos) {
            out.append(text.substr(position));
            return out;
        }
        const std::size_t close = text.find("}}", open);
        if (close == std::string_view::npos) {
            return util::make_error(util::ErrorKind::Internal, "unclosed {{ in a harness template");
        }
        const std::string key(text.substr(open + 2, close - open - 2));
        const auto found = values.find(key);
        if (found == values.end()) {
            return util::make_error(util::ErrorKind::Internal,
                                    fmt::format("harness template key {} has no value", key));
        }
        out.append(text.substr(position, open - position));
        out.append(found->second);
        position = close + 2;
    }
}

util::Result<std::string> render_template(const std::filesystem::path& path,
                                          const std::map<std::string, std::string>& values) {
    auto text = util::read_file(path, util::ErrorKind::Tool);
    if (!text) {
        return text.error().with_context("harness template");
    }
    auto filled = fill_template(*text, values);
    if (!filled) {
        return filled.error().with_context(path.filename().string());
    }
    return filled;
}

util::Result<Trace> parse_trace(std::string_view text, const std::vector<hdl::Port>& outputs,
                                std::size_t rows, bool is_sequential) {
    Trace trace{.is_sequential = is_sequential};
    trace.post.reserve(rows);
    trace.pre.reserve(is_sequential ? rows : 0);
    std::vector<hdl::Bits> values;
    std::size_t position = 0;
    auto next_line = [&]() -> std::optional<std::string_view> {
        if (position >= text.size()) {
            return std::nullopt;
        }
        const std::size_t end = std::min(text.find('\n', position), text.size());
        const std::string_view line = text.substr(position, end - position);
        position = end + 1;
        return line;
    };
    for (std::size_t row = 0; row < rows; ++row) {
        for (const char phase : is_sequential ? std::string_view("ba") : std::string_view("a")) {
            const auto line = next_line();
            if (!line) {
                return trace_error(fmt::format(
                    "the trace stops before row {} of {}: the simulation ended early (a $finish "
                    "or $stop in the design?)",
                    row, rows));
            }
            if (auto parsed = parse_sample(*line, row, phase, outputs, values); !parsed) {
                return parsed.error();
            }
            (phase == 'b' ? trace.pre : trace.post).push_back(std::move(values));
        }
    }
    const auto end_line = next_line();
    if (!end_line || *end_line != fmt::format("end {}", rows) || next_line()) {
        return trace_error(fmt::format(
            "the trace does not end after its {} rows: the simulation was stopped (a $finish in "
            "the design?) or something else wrote to it",
            rows));
    }
    return trace;
}

util::Status check_request(const hdl::Interface& ifc, const stimulus::VectorSet& vectors) {
    const auto inputs = ifc.driven_inputs();
    if (inputs.size() != vectors.inputs.size()) {
        return util::make_error(util::ErrorKind::Usage,
                                "the vectors do not drive the interface's inputs");
    }
    for (std::size_t i = 0; i < inputs.size(); ++i) {
        if (inputs[i].name != vectors.inputs[i].name ||
            inputs[i].width != vectors.inputs[i].width) {
            return util::make_error(util::ErrorKind::Usage,
                                    fmt::format("vector column {} is {}, the interface has {}", i,
                                                vectors.inputs[i].name, inputs[i].name));
        }
    }
    if (vectors.rows.empty()) {
        return util::make_error(util::ErrorKind::Usage, "no vectors to simulate");
    }
    for (const auto& row : vectors.rows) {
        if (row.size() != inputs.size()) {
            return util::make_error(util::ErrorKind::Usage, "a vector row has the wrong length");
        }
        for (std::size_t i = 0; i < inputs.size(); ++i) {
            if (row[i].width() != inputs[i].width) {
                return util::make_error(
                    util::ErrorKind::Usage,
                    fmt::format("a vector value for {} has the wrong width", inputs[i].name));
            }
        }
    }
    for (const hdl::Port& port : ifc.ports) {
        if (port.direction == hdl::PortDirection::Inout) {
            return util::make_error(
                util::ErrorKind::Input,
                fmt::format("inout port {} cannot be cross-checked", port.name));
        }
    }
    if (ifc.outputs().empty()) {
        return util::make_error(
            util::ErrorKind::Input,
            fmt::format("module {} has no outputs to compare", ifc.module_name));
    }
    return {};
}

util::Result<std::string> require_program(const util::Sandbox& sandbox, std::string_view name) {
    const auto path = util::find_program(name, sandbox.config().path_env);
    if (path.empty()) {
        return util::make_error(util::ErrorKind::Tool,
                                fmt::format("{} not found on PATH ({}): install it (see README, "
                                            "set-up) or check `rtlduet doctor`",
                                            name, sandbox.config().path_env));
    }
    return path.string();
}

util::Result<util::RunResult> run_tool(const util::Sandbox& sandbox, util::SandboxRequest request,
                                       const std::atomic<bool>* cancel) {
    auto run = run_tool(sandbox, std::move(request), cancel, util::ContentCache({}), {}, {});
    if (!run) {
        return run.error();
    }
    return std::move(run->run);
}

util::Result<util::CachedRun> run_tool(const util::Sandbox& sandbox, util::SandboxRequest request,
                                       const std::atomic<bool>* cancel,
                                       const util::ContentCache& cache, std::string_view key,
                                       const std::vector<std::string>& outputs) {
    request.cancel = cancel;
    auto run = util::run_cached(sandbox, request, cache, key, outputs);
    if (!run) {
        return run.error().with_context(fmt::format("running {}", request.argv.front()));
    }
    if (run->run.cancelled) {
        return util::make_error(util::ErrorKind::Interrupted, "interrupted");
    }
    return run;
}

std::string tidy_log(std::string_view log, const std::filesystem::path& work_dir,
                     std::string_view design_copy, std::string_view design_name) {
    std::string text(log.substr(0, kMaxLogChars));
    auto replace_all = [&text](const std::string& from, std::string_view to) {
        if (from.empty()) {
            return;
        }
        for (std::size_t at = text.find(from); at != std::string::npos;
             at = text.find(from, at + to.size())) {
            text.replace(at, from.size(), to);
        }
    };
    replace_all(work_dir.string() + "/", "");
    replace_all(std::string(design_copy), design_name);
    if (log.size() > kMaxLogChars) {
        text += "\n[...]";
    }
    return text;
}

util::Result<std::string> prepare_work_dir(const std::filesystem::path& work_dir,
                                           const std::filesystem::path& rtl,
                                           const RowLayout& layout,
                                           const stimulus::VectorSet& vectors) {
    auto design = util::read_file(rtl, util::ErrorKind::Input);
    if (!design) {
        return design.error();
    }
    const std::string copy = "src/" + rtl.filename().string();
    if (auto written = util::write_file(work_dir / copy, *design); !written) {
        return written.error();
    }
    if (auto written =
            util::write_file(work_dir / "vectors.hex", render_vector_file(layout, vectors));
        !written) {
        return written.error();
    }
    return copy;
}

util::Result<Simulation> run_simulation(const util::Sandbox& sandbox, std::vector<std::string> argv,
                                        const hdl::Interface& ifc, std::size_t rows,
                                        const SimulationOptions& options,
                                        std::string_view design_copy) {
    util::SandboxRequest request{.argv = std::move(argv), .cwd = options.work_dir};
    request.limits.deadline =
        options.run_deadline.count() > 0 ? options.run_deadline : scaled_deadline(rows);
    auto run = run_tool(sandbox, request, options.cancel);
    if (!run) {
        return run.error();
    }
    if (!run->succeeded()) {
        const std::string name = options.rtl.filename().string();
        return Simulation{
            .failure =
                RtlFailure{
                    .stage = "run",
                    .message = fmt::format("the simulation failed ({})", run->describe_end()),
                    .log = tidy_log(run->err + run->out, options.work_dir, design_copy, name),
                    .timed_out = run->timed_out},
            .run_time = run->wall};
    }
    Simulation simulation = read_trace(options.work_dir, ifc, rows);
    simulation.run_time = run->wall;
    return simulation;
}

}  // namespace rtlduet::sim::detail
