// cli/cmd_run.cpp: `rtlduet run SPEC.txt`: the agent flow on one spec (docs/flow.md).
#include <memory>

#include <fmt/format.h>

#include "cli/commands.h"
#include "cli/endpoint_options.h"
#include "cli/eval_config.h"
#include "cli/exit_code.h"
#include "cli/flow_options.h"
#include "cli/live_progress.h"
#include "cli/recording.h"
#include "flow/run.h"
#include "sim/simulator.h"
#include "util/files.h"

namespace rtlduet::cli {
namespace {

struct RunOptions {
    std::string spec;
    std::string out = "rtlduet-out";
    FlowCliOptions flow;
    EndpointOptions endpoint;
};

// A spec must be readable text: not empty, not binary.
util::Result<std::string> read_spec(const std::string& path) {
    auto text = util::read_file(path);
    if (!text) {
        return text.error().with_context("spec");
    }
    if (text->find_first_not_of(" \t\r\n") == std::string::npos) {
        return util::make_error(util::ErrorKind::Input,
                                fmt::format("{}: the spec is empty; write what the module should "
                                            "do",
                                            path));
    }
    if (text->find('\0') != std::string::npos) {
        return util::make_error(util::ErrorKind::Input,
                                fmt::format("{}: the spec is a binary file, expected text", path));
    }
    return text;
}

// --record/--replay: the request-shaping settings eval records, for one sample.
util::Status check_run_recording(AppContext& ctx, const RunOptions& options,
                                 const flow::AgentPair& agents, sim::Backend simulator) {
    if (options.endpoint.record.empty() && options.endpoint.replay.empty()) {
        return {};
    }
    auto llm = make_llm_settings(options.endpoint);
    if (!llm) {
        return llm.error();
    }
    std::string interface_text;
    if (!options.flow.interface_file.empty()) {
        auto text = util::read_file(options.flow.interface_file);
        if (!text) {
            return text.error().with_context("--interface");
        }
        interface_text = std::move(*text);
    }
    const auto config = eval_config(options.flow, *llm, agents, interface_text, "");
    return check_recording(ctx, "run", options.endpoint,
                           recorded_options(config, 1, std::string(sim::to_string(simulator))));
}

void print_summary(const flow::FlowResult& result, const RunOptions& options) {
    const std::string& out = options.out;
    fmt::print("verdict: {}\n", flow::to_string(result.verdict));
    fmt::print("best match rate: {:.4f} after {} turn{}\n", result.match_rate, result.turns_used,
               result.turns_used == 1 ? "" : "s");
    const auto requests = [](const flow::AgentUsage& usage) {
        return usage.from_cache > 0
                   ? fmt::format("{} ({} from the cache)", usage.requests, usage.from_cache)
                   : std::to_string(usage.requests);
    };
    fmt::print("llm requests: {} rtl, {} model; tokens: {} prompt, {} completion\n",
               requests(result.rtl_usage), requests(result.model_usage),
               result.rtl_usage.prompt_tokens + result.model_usage.prompt_tokens,
               result.rtl_usage.completion_tokens + result.model_usage.completion_tokens);
    if (result.has_pair) {
        fmt::print(
            "wrote {0}/{1}, {0}/model.py, {0}/turns/, {0}/report.json, {0}/report.html, "
            "{0}/transcript.jsonl{2}\n",
            out, result.design_file,
            options.flow.write_waveform ? fmt::format(", {}/waveform.vcd", out) : "");
    } else {
        fmt::print(
            "no usable pair; wrote {0}/turns/, {0}/report.json, {0}/report.html, "
            "{0}/transcript.jsonl\n",
            out);
    }
    if (result.verdict != flow::FinalVerdict::Agreed) {
        fmt::print("why: {}\n", result.reason);
    }
    if (result.verdict == flow::FinalVerdict::BestEffort) {
        fmt::print("{}", result.first_mismatch);
        fmt::print("reproduce the best pair's mismatch:\n  {}\n", result.reproduce);
    }
}

int run_run(AppContext& ctx, const RunOptions& options) {
    auto spec = read_spec(options.spec);
    if (!spec) {
        return report_error(ctx.log, spec.error());
    }
    auto agents = load_agent_pair(ctx, options.flow);
    if (!agents) {
        return report_error(ctx.log, agents.error());
    }
    auto flow_options = make_flow_options(ctx, options.flow);
    if (!flow_options) {
        return report_error(ctx.log, flow_options.error());
    }
    flow_options->spec_name = options.spec;
    if (auto checked = check_run_recording(ctx, options, *agents, flow_options->sim.backend);
        !checked) {
        return report_error(ctx.log, checked.error());
    }
    auto progress = std::make_unique<LiveProgress>(
        ctx.log, LiveProgress::stderr_is_terminal(AppContext::env("TERM").value_or("") == "dumb"));
    auto llm = make_llm_clients(ctx, options.endpoint, progress.get());
    if (!llm) {
        if (auto written =
                flow::write_unstarted_report(options.out, *agents, *flow_options, llm.error());
            !written) {
            ctx.log.warn("{}", written.error().what());
        }
        return report_error(ctx.log, llm.error());
    }
    const flow::FlowServices services{
        .log = ctx.log,
        .sandbox = ctx.sandbox(),
        .rtl_client = *llm->rtl,
        .model_client = *llm->model,
        .cancel = &ctx.interrupted,
        .on_status = [&](const std::string& text) { progress->status(text); }};
    auto result = flow::run_flow(services, *spec, *agents, *flow_options, options.out);
    progress.reset();  // the status line goes before the summary
    log_pool_usage(ctx.log, *llm);
    if (!result) {
        return report_error(ctx.log, result.error());
    }
    print_summary(*result, options);
    return result->verdict == flow::FinalVerdict::Agreed ? kExitOk : kExitNegative;
}

}  // namespace

void add_run_command(CLI::App& app, CommandRegistry& registry) {
    auto options = std::make_shared<RunOptions>();
    CLI::App* command = app.add_subcommand(
        "run",
        "Write the Verilog top module a spec describes and check it against an "
        "independently written Python reference model (exit 0 agreed, 1 not converged)");
    command->add_option("spec", options->spec, "Specification text file")->required();
    command->add_option("-o,--out", options->out, "Output directory")->capture_default_str();
    add_flow_options(*command, options->flow);
    add_endpoint_options(*command, options->endpoint);
    registry.add(command, [options](AppContext& ctx) { return run_run(ctx, *options); });
}

}  // namespace rtlduet::cli
