// cli/flow_options.cpp: flow option parsing and validation.
#include "cli/flow_options.h"

#include <algorithm>
#include <thread>

#include <fmt/format.h>

#include "cli/option_checks.h"
#include "hdl/extract.h"
#include "sim/batch.h"
#include "sim/confirm.h"

namespace rtlduet::cli {
namespace {

// The flow simulates each candidate on its own as soon as it arrives, and an LLM rarely writes
// the same design twice, so `auto` costs one uncached build per design (sim/batch.h's model):
// Icarus up to about 130k vectors, Verilator beyond. It is decided once per run, not per design,
// so every turn is simulated alike (Icarus shows X where Verilator's 2-state run shows 0).
sim::Backend run_backend(sim::Backend requested, std::size_t vectors, bool has_cache) {
    if (requested != sim::Backend::Auto) {
        return requested;
    }
    return sim::choose_backend(
        {.rows = vectors, .designs = 1, .is_sequential = true, .has_cache = has_cache});
}

}  // namespace

void add_flow_options(CLI::App& command, FlowCliOptions& options) {
    command
        .add_option("-n,--candidates", options.candidates,
                    "Verilog candidates and reference models per turn")
        ->capture_default_str()
        ->check(whole_number(1, 16));
    command.add_option("-t,--turns", options.turns, "Turns of mutual verification at most")
        ->capture_default_str()
        ->check(whole_number(1, 20));
    command.add_option("--vectors", options.vectors, "Test vectors (cycles) per cross-check")
        ->capture_default_str()
        ->check(whole_number(1, kMaxVectors));
    command.add_option("--seed", options.seed, "Seed of stimulus and LLM sampling")
        ->capture_default_str()
        ->check(whole_number(0));
    command
        .add_option("--pairing", options.pairing,
                    "matched: check (V_i, P_i); all: every candidate against every model")
        ->capture_default_str()
        ->check(CLI::IsMember({"matched", "all"}));
    command.add_flag("--revert", options.revert,
                     "Start each turn from the best pair's conversations, not the latest");
    command.add_flag("--waveform", options.write_waveform,
                     "Write the best pair's VCD as waveform.vcd next to report.json (design, "
                     "model_<output>, mismatch; docs/outputs.md)");
    command.add_option("--agents", options.agents_dir, "Directory of agent definitions")
        ->check(CLI::ExistingDirectory);
    command
        .add_option("--prompts", options.prompts_dir,
                    "Prompt set directory (default: prompts/rtlduet; prompts/chipmate is the "
                    "compatible set)")
        ->check(CLI::ExistingDirectory);
    add_sim_option(command, options.simulator,
                   "default auto: the cheaper one for a design built on its own at this vector "
                   "count (Icarus up to about 130k), fixed for the run");
    command
        .add_option("--confirm", options.confirm,
                    "Confirm an agreeing pair on the other simulator before it counts (other) "
                    "or not (none); a pair only one simulator agrees on is fed back as a "
                    "portability problem")
        ->capture_default_str()
        ->check(CLI::IsMember({"other", "none"}));
    command
        .add_option("--guided", options.guided,
                    "Before an agreeing, confirmed pair counts, cross-check it once more on "
                    "coverage-guided rows as `rtlduet crosscheck` does (on), or not (off)")
        ->capture_default_str()
        ->check(CLI::IsMember({"on", "off"}));
    command.add_flag("--require-synth", options.require_synth,
                     "An agreeing pair counts only when Yosys synthesizes its design without "
                     "issues (a latch, a combinational loop, several drivers)");
    command
        .add_option("--interface", options.interface_file,
                    "Verilog file giving the top module's ports (else taken from the spec or "
                    "the first candidate)")
        ->check(CLI::ExistingFile);
    command.add_option("--top", options.top,
                       "Top module's name (default: the name the spec gives, else each "
                       "design's module that no other module instantiates)");
    command.add_option("--param", options.parameters,
                       "NAME=VALUE: override a parameter of the top for simulation (repeatable); "
                       "the model's __init__ gets the values");
    command.add_option("--clock", options.clock, "Name of the clock input (default: clk/clock)");
    command.add_option("--reset", options.reset,
                       "Reset input as NAME or NAME:low (default: found by name)");
    command
        .add_option("--feedback-mismatches", options.feedback_mismatches,
                    "Mismatches listed in feedback")
        ->capture_default_str()
        ->check(whole_number(1, 50));
}

util::Result<hdl::SignalHints> parse_signal_hints(const std::string& clock,
                                                  const std::string& reset) {
    hdl::SignalHints hints;
    if (!clock.empty()) {
        hints.clock = clock;
    }
    if (!reset.empty()) {
        const auto colon = reset.find(':');
        hints.reset = reset.substr(0, colon);
        const std::string polarity = colon == std::string::npos ? "" : reset.substr(colon + 1);
        if (colon == 0 || (colon != std::string::npos && polarity != "low" && polarity != "high")) {
            return util::make_error(
                util::ErrorKind::Usage,
                fmt::format("--reset {}: use NAME, NAME:low or NAME:high", reset));
        }
        if (!polarity.empty()) {
            hints.reset_active_low = polarity == "low";
        }
    }
    return hints;
}

util::Result<std::vector<hdl::Parameter>> parse_parameters(const std::vector<std::string>& texts) {
    std::vector<hdl::Parameter> parameters;
    for (const std::string& text : texts) {
        auto parameter = hdl::parse_parameter_override(text);
        if (!parameter) {
            return parameter.error();
        }
        parameters.push_back(std::move(*parameter));
    }
    return parameters;
}

util::Result<flow::FlowOptions> make_flow_options(AppContext& ctx, const FlowCliOptions& options) {
    auto resources = ctx.resources();
    if (!resources) {
        return resources.error();
    }
    auto hints = parse_signal_hints(options.clock, options.reset);
    if (!hints) {
        return hints.error();
    }
    auto parameters = parse_parameters(options.parameters);
    if (!parameters) {
        return parameters.error();
    }
    flow::FlowOptions flow{
        .top = options.top.empty() ? std::nullopt : std::optional(options.top),
        .parameters = *parameters,
        .candidates = options.candidates,
        .turns = options.turns,
        .pairing = options.pairing == "all" ? flow::Pairing::All : flow::Pairing::Matched,
        .revert = options.revert,
        .hints = *hints,
        .feedback_mismatches = options.feedback_mismatches,
        .seed = options.seed,
        .keep_work = ctx.options.keep_work,
        .write_waveform = options.write_waveform};
    flow.sim.backend = run_backend(*sim::parse_backend(options.simulator), options.vectors,
                                   !AppContext::cache_dir().empty());
    flow.sim.python = ctx.options.python;
    flow.sim.templates_dir = resources->path("testbenches");
    flow.sim.cache_dir = AppContext::cache_dir();
    flow.sim.confirm = *sim::parse_confirm_mode(options.confirm);
    flow.sim.require_synthesis = options.require_synth;
    flow.sim.guided = options.guided == "on";
    flow.sim.stimulus.count = options.vectors;
    flow.sim.stimulus.seed = options.seed;
    flow.sim.cancel = &ctx.interrupted;
    flow.sim.sim_slots = std::make_shared<std::counting_semaphore<>>(
        std::max<std::ptrdiff_t>(1, std::thread::hardware_concurrency()));
    if (!options.interface_file.empty()) {
        auto ifc = hdl::extract_interface(ctx.sandbox(), options.interface_file, *hints,
                                          {.top = options.top, .parameters = *parameters});
        if (!ifc) {
            return ifc.error().with_context("--interface");
        }
        flow.interface = *ifc;
        flow.interface_file = options.interface_file;
    }
    return flow;
}

util::Result<flow::AgentPair> load_agent_pair(AppContext& ctx, const FlowCliOptions& options) {
    auto resources = ctx.resources();
    if (!resources) {
        return resources.error();
    }
    const std::filesystem::path agents = options.agents_dir.empty()
                                             ? resources->path("agents")
                                             : std::filesystem::path(options.agents_dir);
    const std::filesystem::path prompts = options.prompts_dir.empty()
                                              ? resources->path("prompts/rtlduet")
                                              : std::filesystem::path(options.prompts_dir);
    return flow::load_agents(agents, prompts);
}

}  // namespace rtlduet::cli
