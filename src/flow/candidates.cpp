// flow/candidates.cpp: per-slot candidate pipelines (ask, extract, check, repair, simulate).
#include "flow/detail/candidates.h"

#include <algorithm>

#include <fmt/format.h>

#include "flow/detail/contract.h"
#include "flow/detail/sim_work.h"
#include "flow/detail/prompt_template.h"
#include "hdl/extract.h"
#include "hdl/lint.h"
#include "llm/extract.h"
#include "sim/confirm.h"
#include "util/files.h"

namespace rtlduet::flow {
namespace {

constexpr std::size_t kMaxProblemChars = 4000;

std::string clip(std::string text) {
    if (text.size() > kMaxProblemChars) {
        text.resize(kMaxProblemChars);
        text += "\n[... cut]";
    }
    return text;
}

// Tool messages name files by their path in the run's temporary directory; the agent knows only
// the file name, and a path that changes from run to run would make replies unreplayable.
std::string without_directory(std::string text, const std::filesystem::path& dir) {
    const std::string prefix = dir.string() + "/";
    for (auto at = text.find(prefix); at != std::string::npos; at = text.find(prefix, at)) {
        text.erase(at, prefix.size());
    }
    return text;
}

std::string render_diagnostics(const std::vector<hdl::Diagnostic>& diagnostics) {
    std::string text;
    for (const hdl::Diagnostic& d : diagnostics) {
        text += fmt::format("{}:{}: {}: {}\n", d.file, d.line, d.severity, d.message);
    }
    return text;
}

util::Result<std::string> repair_message(const TurnContext& ctx, const AgentDefinition& agent,
                                         const std::string& problem) {
    return render_template(*ctx.agents.prompts.find(agent.repair_prompt),
                           {{"errors", problem},
                            {"contract", ctx.contract},
                            {"spec", ctx.spec},
                            {"interface", ctx.interface_text},
                            {"top_module", describe_top(ctx.top)}},
                           agent.repair_prompt);
}

// A check of one RTL reply; the problem text goes back to the agent when it fails.
struct Checked {
    bool is_ok = false;
    std::string problem;
};

Checked no_code(const llm::ChatReply& reply, std::string_view what) {
    std::string problem = fmt::format("Your answer contains no {} code block.", what);
    if (reply.is_truncated) {
        problem += " It was cut off at the token limit: answer with the code only.";
    }
    return {.problem = problem};
}

// Simulates the candidate on the run's simulator; a build that fails for that simulator's own
// limitation is retried on the other one when confirmation is on, as crosscheck does: what one
// simulator cannot build is no verdict on the design.
util::Result<sim::Simulation> simulate_with_fallback(const TurnContext& ctx,
                                                     const hdl::Interface& ifc,
                                                     const stimulus::VectorSet& vectors,
                                                     sim::SimulationOptions options,
                                                     RtlCandidate& candidate) {
    const detail::SimSlot slot(ctx.settings);
    options.held_slot = ctx.settings.sim_slots.get();
    auto simulation = sim::simulate(ctx.sandbox, ifc, vectors, options);
    if (!simulation) {
        return simulation.error();
    }
    candidate.sim_builds += simulation->compiled ? 1 : 0;
    candidate.primary_limitation.reset();
    if (ctx.settings.confirm != sim::ConfirmMode::Other || !simulation->failure ||
        !sim::is_tool_limitation(*simulation->failure)) {
        return simulation;
    }
    options.backend = sim::other_backend(options.backend);
    options.work_dir += "-fallback";
    if (auto made = detail::fresh_directory(options.work_dir); !made) {
        return made.error();
    }
    auto other = sim::simulate(ctx.sandbox, ifc, vectors, options);
    if (!other) {
        return other.error();
    }
    candidate.sim_builds += other->compiled ? 1 : 0;
    if (other->failure && other->failure->stage == "build") {
        return simulation;  // neither builds it: the run's simulator's message goes back
    }
    ctx.log.info("turn {}: rtl slot {}: {} cannot build it ({}); {} simulates it", ctx.turn,
                 candidate.slot, sim::to_string(simulation->backend), simulation->failure->message,
                 sim::to_string(other->backend));
    candidate.primary_limitation = simulation->failure;
    return other;
}

util::Result<Checked> check_rtl(const TurnContext& ctx, RtlCandidate& candidate,
                                const llm::ChatReply& reply, SharedStimulus& stimulus) {
    auto code = llm::extract_code(reply.text, llm::CodeKind::Verilog, ctx.top);
    if (!code) {
        return no_code(reply, "```verilog");
    }
    candidate.code = *code;
    if (auto written = util::write_file(candidate.file, candidate.code); !written) {
        return written.error();
    }
    const auto refused =
        hdl::find_forbidden_constructs(candidate.code, candidate.file.filename().string(), ctx.top);
    if (!refused.empty()) {
        return Checked{.problem = "These constructs are not allowed in the design:\n" +
                                  render_diagnostics(refused)};
    }
    // One Verilator pass checks the design and reads its interface; what only its later
    // passes reject, the build reports (simulate_with_fallback).
    auto checked =
        hdl::check_design(ctx.sandbox, candidate.file, ctx.hints,
                          {.top = ctx.top, .parameters = ctx.parameters}, ctx.settings.cache_dir);
    if (!checked) {
        // Two unrelated modules, or a --param the design lacks: the candidate's to fix.
        const auto kind = checked.error().kind;
        if (kind == util::ErrorKind::Input || kind == util::ErrorKind::Usage) {
            return Checked{.problem = checked.error().what()};
        }
        return checked.error();
    }
    if (!checked->ifc) {
        return Checked{.problem = clip(render_diagnostics(checked->errors))};
    }
    const hdl::Interface& ifc = *checked->ifc;
    candidate.top = ifc.module_name;
    stimulus.offer(ifc);
    const auto ready = stimulus.peek();
    if (!ready) {
        return util::make_error(util::ErrorKind::Usage, "no stimulus rows for this interface");
    }
    const auto differences = interface_differences(ready->ifc, ifc);
    if (!differences.empty()) {
        return Checked{.problem = fmt::format("The ports differ from the required interface:\n{}",
                                              fmt::join(differences, "\n"))};
    }
    // The run's ports and clock, with this design's own top name and parameter values.
    hdl::Interface own = ready->ifc;
    own.module_name = ifc.module_name;
    own.parameters = ifc.parameters;
    candidate.ifc = own;
    const sim::SimulationOptions options{.backend = ctx.settings.backend,
                                         .rtl = candidate.file,
                                         .templates_dir = ctx.settings.templates_dir,
                                         .work_dir = candidate.file.parent_path() / "sim",
                                         .cache_dir = ctx.settings.cache_dir,
                                         .build_parent = candidate.file.parent_path(),
                                         .cancel = ctx.settings.cancel};
    if (auto made = detail::fresh_directory(options.work_dir); !made) {
        return made.error();
    }
    auto simulation = simulate_with_fallback(ctx, own, ready->vectors, options, candidate);
    if (!simulation) {
        return simulation.error();
    }
    if (simulation->failure && simulation->failure->stage == "build") {
        return Checked{.problem =
                           clip(simulation->failure->message + "\n" + simulation->failure->log)};
    }
    candidate.simulation = std::move(*simulation);
    return Checked{.is_ok = true};
}

util::Result<Checked> check_model(const TurnContext& ctx, ModelCandidate& candidate,
                                  const llm::ChatReply& reply, SharedStimulus& stimulus) {
    auto code = llm::extract_code(reply.text, llm::CodeKind::Python, ctx.top);
    if (!code) {
        return no_code(reply, "```python");
    }
    candidate.code = *code;
    if (auto written = util::write_file(candidate.file, candidate.code); !written) {
        return written.error();
    }
    const auto ready = stimulus.wait();
    if (!ready) {
        return Checked{.problem = "no Verilog candidate gave an interface to run the model on"};
    }
    const sim::ModelOptions options{.python = ctx.settings.python,
                                    .model = candidate.file,
                                    .templates_dir = ctx.settings.templates_dir,
                                    .work_dir = candidate.file.parent_path() / "run",
                                    .cancel = ctx.settings.cancel};
    if (auto made = detail::fresh_directory(options.work_dir); !made) {
        return made.error();
    }
    const detail::SimSlot slot(ctx.settings);
    auto run = sim::run_model(ctx.sandbox, ready->ifc, ready->vectors, options);
    if (!run) {
        return run.error();
    }
    if (run->error) {
        const sim::ModelError& error = *run->error;
        std::string problem = fmt::format("{} ({}){}", error.message, sim::to_string(error.kind),
                                          error.row ? fmt::format(" at row {}", *error.row) : "");
        if (!error.traceback.empty()) {
            problem += "\n" + error.traceback;
        }
        return Checked{.problem = clip(problem)};
    }
    candidate.run = std::move(*run);
    return Checked{.is_ok = true};
}

// The shared ask / check / repair loop of both agents.
template <typename Candidate, typename CheckFn>
util::Status prepare(const TurnContext& ctx, AgentSession& session, const AgentDefinition& agent,
                     const std::string& first_message, std::string_view kind, Candidate& candidate,
                     CheckFn check) {
    auto reply = session.ask(first_message, ctx.turn, kind);
    for (int attempt = 0;; ++attempt) {
        if (!reply) {
            return reply.error();
        }
        auto checked = check(candidate, *reply);
        if (!checked) {
            return checked.error();
        }
        if (checked->is_ok) {
            candidate.is_usable = true;
            return {};
        }
        candidate.problem = without_directory(checked->problem, candidate.file.parent_path());
        if (attempt >= agent.repair_budget) {
            ctx.log.info("turn {}: {} slot {} unusable after {} repairs", ctx.turn,
                         to_string(agent.role), session.slot(), attempt);
            return {};
        }
        candidate.repairs += 1;
        ctx.log.debug("turn {}: {} slot {} repair {}: {}", ctx.turn, to_string(agent.role),
                      session.slot(), attempt + 1, util::truncate_for_log(candidate.problem, 200));
        auto message = repair_message(ctx, agent, candidate.problem);
        if (!message) {
            return message.error();
        }
        reply = session.ask(*message, ctx.turn, "repair");
    }
}

}  // namespace

SharedStimulus::SharedStimulus(const SimSettings& settings, std::optional<hdl::Interface> known)
    : settings_(settings) {
    if (known) {
        offer(*known);
    }
}

void SharedStimulus::offer(const hdl::Interface& ifc) {
    const std::lock_guard lock(mutex_);
    if (ready_) {
        return;
    }
    auto vectors = stimulus::generate_vectors(ifc, settings_.stimulus);
    if (vectors) {
        ready_ = Ready{.ifc = ifc, .vectors = std::move(*vectors)};
        // A candidate's own parameters (an FSM's state encodings) are its choice, not the
        // spec's: the model is told only those the user overrode.
        std::erase_if(ready_->ifc.parameters,
                      [](const hdl::Parameter& p) { return !p.is_overridden; });
    }
    changed_.notify_all();
}

void SharedStimulus::expect_producers(int producers) {
    const std::lock_guard lock(mutex_);
    producers_ = producers;
}

void SharedStimulus::producer_done() {
    const std::lock_guard lock(mutex_);
    producers_ -= 1;
    changed_.notify_all();
}

std::optional<SharedStimulus::Ready> SharedStimulus::wait() {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return ready_.has_value() || producers_ <= 0; });
    return ready_;
}

std::optional<SharedStimulus::Ready> SharedStimulus::peek() {
    const std::lock_guard lock(mutex_);
    return ready_;
}

std::vector<std::string> interface_differences(const hdl::Interface& expected,
                                               const hdl::Interface& actual) {
    std::vector<std::string> lines;
    for (const hdl::Port& want : expected.ports) {
        const hdl::Port* have = actual.find(want.name);
        if (have == nullptr) {
            lines.push_back(fmt::format("- port `{}` is missing", want.name));
        } else if (have->direction != want.direction) {
            lines.push_back(fmt::format("- port `{}` has the wrong direction", want.name));
        } else if (have->width != want.width) {
            lines.push_back(fmt::format("- port `{}` is {} bits wide, expected {}", want.name,
                                        have->width, want.width));
        }
    }
    for (const hdl::Port& port : actual.ports) {
        if (expected.find(port.name) == nullptr) {
            lines.push_back(fmt::format("- port `{}` is not in the interface", port.name));
        }
    }
    return lines;
}

util::Status prepare_rtl(const TurnContext& ctx, AgentSession& session,
                         const std::string& first_message, std::string_view kind,
                         SharedStimulus& stimulus, RtlCandidate& candidate) {
    candidate =
        RtlCandidate{.slot = session.slot(),
                     .file = ctx.turn_dir / fmt::format("rtl{}", session.slot()) /
                             (ctx.top.empty() ? std::string("design.sv") : ctx.top + ".sv")};
    auto result = prepare(ctx, session, ctx.agents.rtl, first_message, kind, candidate,
                          [&](RtlCandidate& c, const llm::ChatReply& reply) {
                              return check_rtl(ctx, c, reply, stimulus);
                          });
    stimulus.producer_done();
    return result;
}

util::Status prepare_model(const TurnContext& ctx, AgentSession& session,
                           const std::string& first_message, std::string_view kind,
                           SharedStimulus& stimulus, ModelCandidate& candidate) {
    candidate =
        ModelCandidate{.slot = session.slot(),
                       .file = ctx.turn_dir / fmt::format("model{}", session.slot()) / "model.py"};
    return prepare(ctx, session, ctx.agents.model, first_message, kind, candidate,
                   [&](ModelCandidate& c, const llm::ChatReply& reply) {
                       return check_model(ctx, c, reply, stimulus);
                   });
}

}  // namespace rtlduet::flow
