// cli/cmd_crosscheck.cpp: `rtlduet crosscheck`: refuse forbidden constructs, extract the
// interface, generate seeded vectors, simulate the RTL and run the Python model on them, and
// print the verdict (a summary, or one JSON object with --json).
#include <algorithm>
#include <chrono>
#include <memory>
#include <string>
#include <variant>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "cli/exit_code.h"
#include "cli/flow_options.h"
#include "cli/option_checks.h"
#include "hdl/extract.h"
#include "hdl/lint.h"
#include "hdl/sources.h"
#include "sim/confirm.h"
#include "sim/crosscheck.h"
#include "sim/waveform.h"
#include "stimulus/generate.h"
#include "util/files.h"
#include "util/temp_dir.h"

namespace rtlduet::cli {
namespace {

struct CrosscheckFlags {
    std::vector<std::string> rtl;         // the design's files, in order
    std::vector<std::string> file_lists;  // -f: more of them
    std::string top;                      // --top; empty: the module nothing instantiates
    std::vector<std::string> parameters;  // --param NAME=VALUE
    std::vector<std::string> batch_rtl;   // more designs checked with it in one batch
    std::string model;
    std::string interface_file;
    std::size_t vectors = 1000;
    std::uint64_t seed = 1;
    std::string simulator = "verilator";
    std::string confirm = "other";  // other | none
    std::string guided = "on";      // on | off
    bool require_synth = false;
    bool as_json = false;
    std::string vcd;
    std::string clock;
    std::string reset;           // NAME or NAME:low
    double timeout_seconds = 0;  // per simulation run and per model run; unset: scaled to the rows
};

int print_result(const sim::CrosscheckResult& result, bool as_json) {
    fmt::print("{}", as_json ? sim::to_json(result) + "\n" : sim::summarize(result));
    return result.verdict == sim::Verdict::Agree ? kExitOk : kExitNegative;
}

// The design as one file: the only --rtl file, or every file joined into one compilation unit
// (hdl/sources.h) in a temporary directory that lives as long as this object.
struct Design {
    std::vector<std::filesystem::path> files;
    std::filesystem::path file;
    std::optional<util::TempDir> joined_dir;
};

util::Result<Design> stage_design(const CrosscheckFlags& flags) {
    Design design{.files = {flags.rtl.begin(), flags.rtl.end()}};
    for (const std::string& list : flags.file_lists) {
        auto files = hdl::read_file_list(list);
        if (!files) {
            return files.error();
        }
        design.files.insert(design.files.end(), files->begin(), files->end());
    }
    if (design.files.empty()) {
        return util::make_error(util::ErrorKind::Usage, "give the design with --rtl or -f");
    }
    if (design.files.size() == 1) {
        design.file = design.files.front();
        return design;
    }
    if (!flags.batch_rtl.empty()) {
        return util::make_error(util::ErrorKind::Usage,
                                "--batch-rtl checks single-file designs: give one --rtl");
    }
    auto joined = hdl::join_sources(design.files);
    auto dir = util::TempDir::create("rtlduet-design-");
    if (!joined || !dir) {
        return !joined ? joined.error() : dir.error();
    }
    design.file = dir->path() / "design.sv";
    if (auto written = util::write_file(design.file, *joined); !written) {
        return written.error();
    }
    design.joined_dir = std::move(*dir);
    return design;
}

// The policy check of every file, then whether any declares the --top module (or, without
// --top, any module at all).
util::Result<std::vector<hdl::Diagnostic>> refused_constructs(const CrosscheckFlags& flags,
                                                              const Design& design) {
    std::vector<hdl::Diagnostic> refused;
    bool declares = false;
    for (const std::filesystem::path& file : design.files) {
        auto text = util::read_file(file);
        if (!text) {
            return text.error();
        }
        auto found = hdl::find_forbidden_constructs(*text, file.filename().string(), "");
        if (!found.empty()) {
            refused.insert(refused.end(), found.begin(), found.end());
            continue;  // refused anyway; a huge file is not read twice
        }
        const auto modules = hdl::declared_modules(*text);
        declares = declares || (flags.top.empty() ? !modules.empty()
                                                  : std::find(modules.begin(), modules.end(),
                                                              flags.top) != modules.end());
    }
    if (refused.empty() && !declares) {
        refused.push_back({.file = design.files.front().filename().string(),
                           .line = 1,
                           .severity = "error",
                           .code = "FORBIDDEN",
                           .message = flags.top.empty()
                                          ? std::string("no module declaration")
                                          : fmt::format("no `module {}` declaration", flags.top)});
    }
    return refused;
}

util::Result<hdl::Elaboration> elaboration(const CrosscheckFlags& flags) {
    hdl::Elaboration wanted{.top = flags.top};
    for (const std::string& text : flags.parameters) {
        auto parameter = hdl::parse_parameter_override(text);
        if (!parameter) {
            return parameter.error();
        }
        wanted.parameters.push_back(std::move(*parameter));
    }
    return wanted;
}

// Without --interface the ports come from the design itself, so a design the front end
// cannot parse is a failed candidate (rtl_error, as a build failure would be), not bad input.
sim::CrosscheckResult unparsable_design(const CrosscheckFlags& flags, const util::Error& error) {
    sim::CrosscheckResult result{
        .verdict = sim::Verdict::RtlError,
        .reason = "the RTL failed: it does not parse: " + error.what(),
        .backend = sim::parse_backend(flags.simulator).value_or(sim::Backend::Verilator),
        .vectors = flags.vectors,
        .seed = flags.seed};
    result.rtl_failure =
        sim::RtlFailure{.stage = "build", .message = error.what(), .log = error.detail};
    return result;
}

// The request to run, or the verdict when the design already failed before it could be made.
using Prepared = std::variant<sim::CrosscheckRequest, sim::CrosscheckResult>;

util::Result<Prepared> prepare(AppContext& ctx, const CrosscheckFlags& flags,
                               const Design& design) {
    const auto backend = sim::parse_backend(flags.simulator);
    if (!backend) {
        return util::make_error(
            util::ErrorKind::Usage,
            fmt::format("--sim {}: use verilator, iverilog or auto", flags.simulator));
    }
    auto hints = parse_signal_hints(flags.clock, flags.reset);
    if (!hints) {
        return hints.error();
    }
    auto resources = ctx.resources();
    if (!resources) {
        return resources.error();
    }
    auto wanted = elaboration(flags);
    if (!wanted) {
        return wanted.error();
    }
    const std::filesystem::path source =
        flags.interface_file.empty() ? design.file : std::filesystem::path(flags.interface_file);
    auto ifc =
        hdl::extract_interface(ctx.sandbox(), source, *hints, *wanted, AppContext::cache_dir());
    if (!ifc) {
        if (flags.interface_file.empty() && ifc.error().kind == util::ErrorKind::Input) {
            return Prepared{unparsable_design(flags, ifc.error())};
        }
        return ifc.error();
    }
    ctx.log.info("top module: {} ({})", ifc->module_name,
                 flags.top.empty() ? "the only module no other module instantiates" : "--top");
    auto vectors = stimulus::generate_vectors(
        *ifc, stimulus::StimulusOptions{.count = flags.vectors, .seed = flags.seed});
    if (!vectors) {
        return vectors.error();
    }
    const auto run_deadline =
        std::chrono::milliseconds(static_cast<std::int64_t>(flags.timeout_seconds * 1000.0));
    return Prepared{sim::CrosscheckRequest{
        .interface = std::move(*ifc),
        .rtl = design.file,
        .model = flags.model,
        .vectors = std::move(*vectors),
        .options = {
            .backend = *backend,
            .confirm = sim::parse_confirm_mode(flags.confirm).value_or(sim::ConfirmMode::Other),
            .templates_dir = resources->path("testbenches"),
            .python = ctx.options.python,
            .keep_work = ctx.options.keep_work,
            .keeps_waveform = !flags.vcd.empty(),
            .cache_dir = AppContext::cache_dir(),
            .guided = {.is_enabled = flags.guided == "on"},
            .require_synthesis = flags.require_synth,
            .run_deadline = run_deadline,
            .model_deadline = run_deadline,
            .cancel = &ctx.interrupted}}};
}

// --vcd: the waveform of a design that produced a trace (docs/outputs.md, "Waveforms").
util::Status write_waveform(util::Logger& log, const sim::CrosscheckResult& result,
                            const std::filesystem::path& path) {
    if (!result.waveform) {
        log.warn("no waveform written to {}: the design produced no trace ({})", path.string(),
                 sim::to_string(result.verdict));
        return {};
    }
    if (auto written = sim::write_vcd(*result.waveform, path); !written) {
        return written;
    }
    log.info("waveform: {}", path.string());
    return {};
}

// With --batch-rtl, design i (from 1: --rtl first) gets OUT.<i>.vcd next to OUT.vcd.
std::filesystem::path batch_vcd_path(const std::string& vcd, std::size_t design) {
    std::filesystem::path path(vcd);
    const std::string stem =
        path.extension() == ".vcd" ? path.stem().string() : path.filename().string();
    return path.replace_filename(fmt::format("{}.{}.vcd", stem, design));
}

// --batch-rtl: every design against the one model; with --json one object per line.
int run_batch(AppContext& ctx, const CrosscheckFlags& flags, const sim::CrosscheckRequest& request,
              std::chrono::milliseconds extract_time) {
    std::vector<std::filesystem::path> files = {request.rtl};
    files.insert(files.end(), flags.batch_rtl.begin(), flags.batch_rtl.end());
    auto results = sim::crosscheck_batch(ctx.sandbox(), request, files);
    if (!results) {
        return report_error(ctx.log, results.error());
    }
    int code = kExitOk;
    for (std::size_t i = 0; i < results->size(); ++i) {
        sim::CrosscheckResult& result = (*results)[i];
        result.extract_time = extract_time;
        result.top_source = flags.top.empty() ? "design" : "option";
        if (flags.as_json) {
            auto object = nlohmann::json::parse(sim::to_json(result));
            object["rtl"] = files[i].string();
            fmt::print("{}\n", object.dump());
        } else {
            fmt::print("{}:\n{}", files[i].string(), sim::summarize(result));
        }
        code = result.verdict == sim::Verdict::Agree ? code : kExitNegative;
        if (flags.vcd.empty()) {
            continue;
        }
        if (auto written = write_waveform(ctx.log, result, batch_vcd_path(flags.vcd, i + 1));
            !written) {
            return report_error(ctx.log, written.error());
        }
    }
    return code;
}

int run_crosscheck(AppContext& ctx, const CrosscheckFlags& flags) {
    auto design = stage_design(flags);
    if (!design) {
        return report_error(ctx.log, design.error());
    }
    // The policy check comes first: interface extraction would already hand the file to a
    // tool (and fail on an `include it cannot resolve).
    auto refused_list = refused_constructs(flags, *design);
    if (!refused_list) {
        return report_error(ctx.log, refused_list.error());
    }
    if (auto refused = sim::refuse(std::move(*refused_list))) {
        // What the run was asked for: nothing was simulated.
        refused->seed = flags.seed;
        refused->vectors = flags.vectors;
        refused->backend = sim::parse_backend(flags.simulator).value_or(sim::Backend::Verilator);
        return print_result(*refused, flags.as_json);
    }
    const auto extract_start = std::chrono::steady_clock::now();
    auto prepared = prepare(ctx, flags, *design);
    if (!prepared) {
        return report_error(ctx.log, prepared.error());
    }
    if (auto* failed = std::get_if<sim::CrosscheckResult>(&*prepared)) {
        return print_result(*failed, flags.as_json);
    }
    auto* request = &std::get<sim::CrosscheckRequest>(*prepared);
    const std::string top_source = flags.top.empty() ? "design" : "option";
    const auto extract_time = std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::steady_clock::now() - extract_start);
    if (!flags.batch_rtl.empty()) {
        return run_batch(ctx, flags, *request, extract_time);
    }
    auto result = sim::crosscheck(ctx.sandbox(), *request);
    if (!result) {
        return report_error(ctx.log, result.error());
    }
    result->extract_time = extract_time;
    result->top_source = top_source;
    if (!result->work_dir.empty()) {
        ctx.log.info("work directory kept: {}", result->work_dir.string());
    }
    if (!flags.vcd.empty()) {
        if (auto written = write_waveform(ctx.log, *result, flags.vcd); !written) {
            return report_error(ctx.log, written.error());
        }
    }
    return print_result(*result, flags.as_json);
}

}  // namespace

void add_crosscheck_command(CLI::App& app, CommandRegistry& registry) {
    CLI::App* command = app.add_subcommand(
        "crosscheck",
        "Simulate RTL and a Python reference model on the same seeded vectors and "
        "compare them; exit 0 agree, 1 disagree/rtl_error/model_error");
    auto flags = std::make_shared<CrosscheckFlags>();
    command
        ->add_option("--rtl", flags->rtl,
                     "Verilog design file; repeat for a design in several files (read in order "
                     "as one compilation unit)")
        ->check(CLI::ExistingFile);
    command
        ->add_option("-f", flags->file_lists,
                     "File list: one design file per line, relative to the list; // and # "
                     "comments; -f OTHER nests")
        ->check(CLI::ExistingFile);
    command->add_option("--top", flags->top,
                        "Top module's name (default: the one module no other module instantiates)");
    command->add_option("--param", flags->parameters,
                        "NAME=VALUE: override a parameter of the top for simulation (repeatable; "
                        "widths follow; the model gets the values, docs/crosscheck.md)");
    command
        ->add_option("--batch-rtl", flags->batch_rtl,
                     "More designs with the same ports, checked with --rtl in one batch (one "
                     "Verilator build) against the same model; one result per design")
        ->check(CLI::ExistingFile);
    command
        ->add_option("--model", flags->model,
                     "Python reference model (class named after the top, or TopModule)")
        ->required()
        ->check(CLI::ExistingFile);
    command
        ->add_option("--interface", flags->interface_file,
                     "Interface-only Verilog file giving the ports (default: the RTL)")
        ->check(CLI::ExistingFile);
    command->add_option("--vectors", flags->vectors, "Stimulus rows (cycles)")
        ->capture_default_str()
        ->check(whole_number(1, kMaxVectors));
    command->add_option("--seed", flags->seed, "Stimulus seed")
        ->capture_default_str()
        ->check(whole_number(0));
    add_sim_option(*command, flags->simulator,
                   "default verilator: the same simulator on every run of the command (auto "
                   "picks the cheaper one, which depends on what the build cache holds)");
    command
        ->add_option("--confirm", flags->confirm,
                     "Confirm an agreement on the other simulator (other) or not (none); a "
                     "pair that only one simulator agrees on is simulator_dependent")
        ->capture_default_str()
        ->check(CLI::IsMember({"other", "none"}));
    command
        ->add_option("--guided", flags->guided,
                     "Coverage-guided rows: replace part of the uniform rows with rows aimed at "
                     "the coverage they missed (needs Verilator to run)")
        ->capture_default_str()
        ->check(CLI::IsMember({"on", "off"}));
    command
        ->add_option("--timeout", flags->timeout_seconds,
                     "Seconds the simulation and the model may each run before the run is a "
                     "timeout (default: 10 s plus 0.5 ms per vector; time spent waiting for a "
                     "CPU is not counted)")
        ->check(number_between(0.1, 86400));
    command->add_flag("--require-synth", flags->require_synth,
                      "Check the design with Yosys synthesis; not synthesizable, a latch, a "
                      "combinational loop or several drivers of a signal is an rtl_error");
    command->add_flag("--json", flags->as_json, "Print one JSON object");
    command->add_option("--vcd", flags->vcd,
                        "Write the run as a VCD: the design's ports, the model's outputs "
                        "(model_<output>) and a mismatch signal; with --batch-rtl one file per "
                        "design, OUT.1.vcd (--rtl), OUT.2.vcd, ...");
    command->add_option("--clock", flags->clock, "Clock input name (default: clk or clock)");
    command->add_option("--reset", flags->reset,
                        "Reset input as NAME or NAME:low for active low (default: by name)");
    registry.add(command, [flags](AppContext& ctx) { return run_crosscheck(ctx, *flags); });
}

}  // namespace rtlduet::cli
