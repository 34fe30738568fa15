// flow/turn.cpp: one turn of the flow: every slot's request and candidate, the turn's pairs
// and their confirmation, and the turn's record (docs/flow.md).
#include <future>

#include <fmt/format.h>

#include "flow/detail/contract.h"
#include "flow/detail/run_outputs.h"
#include "flow/detail/run_state.h"
#include "util/hash.h"

namespace rtlduet::flow::detail {
namespace {

CandidateRecord candidate_record(int slot, bool is_usable, int repairs, const std::string& problem,
                          const std::string& code) {
    return {.slot = slot,
            .is_usable = is_usable,
            .repairs = repairs,
            .error = problem,
            .sha256 = code.empty() ? "" : util::sha256_hex(code)};
}

// Waits for every slot. A slot that failed keeps what it reached, with the error as its
// problem, so the report of a run that ends in this turn shows every slot.
template <typename T>
void collect(std::vector<std::future<util::Status>>& futures, std::vector<T>& candidates,
             std::optional<util::Error>& failure) {
    for (std::size_t i = 0; i < futures.size(); ++i) {
        const util::Status done = futures[i].get();
        if (!done) {
            failure = failure.value_or(done.error());
            candidates[i].is_usable = false;
            candidates[i].problem = done.error().what();
        }
    }
}

// --fanout native: slots that would send the same request go as one request with "n".
util::Status prefetch_native(RunState& state, const std::vector<NextMessage>& rtl_next,
                             const std::vector<NextMessage>& model_next) {
    if (state.services.rtl_client.config().fanout != llm::Fanout::Native) {
        return {};
    }
    const auto texts = [](const std::vector<NextMessage>& next) {
        std::vector<std::string> out;
        for (const NextMessage& message : next) {
            out.push_back(message.text);
        }
        return out;
    };
    auto rtl = std::async(std::launch::async,
                          [&] { return prefetch_together(state.rtl_sessions, texts(rtl_next)); });
    const util::Status model = prefetch_together(state.model_sessions, texts(model_next));
    if (util::Status done = rtl.get(); !done) {
        return done;
    }
    return model;
}

void fill_record(RunState& state, TurnResult& result, int turn) {
    TurnRecord& record = result.record;
    record.turn = turn;
    for (const RtlCandidate& c : result.rtl) {
        record.rtl.push_back(candidate_record(c.slot, c.is_usable, c.repairs, c.problem, c.code));
        record.sim_builds += c.sim_builds;
        if (c.simulation) {
            record.sim_seconds += seconds(c.simulation->build_time + c.simulation->run_time);
        }
    }
    for (const ModelCandidate& m : result.models) {
        record.models.push_back(candidate_record(m.slot, m.is_usable, m.repairs, m.problem, m.code));
    }
    for (const PairCheck& pair : result.pairs) {
        record.pairs.push_back(record_of(pair, turn));
    }
    for (AgentSession& session : state.rtl_sessions) {
        record.rtl_usage.add(session.usage());
        session.clear_usage();
    }
    for (AgentSession& session : state.model_sessions) {
        record.model_usage.add(session.usage());
        session.clear_usage();
    }
}

sim::CompareOptions compare_options(const RunState& state) {
    return {.max_mismatches = static_cast<std::size_t>(state.options.feedback_mismatches) * 2,
            .context_rows = static_cast<std::size_t>(state.options.feedback_context)};
}

}  // namespace

util::Result<std::string> render_prompt(const RunState& state, const std::string& file,
                                        const TemplateValues& values) {
    return render_template(*state.agents.prompts.find(file), values,
                           (state.agents.prompts.dir / file).string());
}

TemplateValues prompt_values(RunState& state, std::string feedback) {
    const auto ready = state.stimulus.peek();
    const std::optional<hdl::Interface> ifc =
        ready ? std::optional(ready->ifc) : std::optional<hdl::Interface>();
    auto contract = render_contract(state.agents.prompts, ifc);
    return {{"spec", state.spec},
            {"interface", describe_interface(ifc)},
            {"contract", contract ? *contract : std::string()},
            {"top_module", describe_top(state.top.name)},
            {"feedback", std::move(feedback)}};
}

void tell_status(const RunState& state, const std::string& text) {
    if (state.services.on_status) {
        state.services.on_status(text);
    }
}

TurnResult run_turn(RunState& state, int turn, const std::filesystem::path& dir,
                    const std::vector<NextMessage>& rtl_next,
                    const std::vector<NextMessage>& model_next) {
    const auto started = Clock::now();
    const auto values = prompt_values(state, "");
    const TurnContext ctx{.sandbox = state.services.sandbox,
                          .log = state.services.log,
                          .agents = state.agents,
                          .settings = state.options.sim,
                          .turn = turn,
                          .turn_dir = dir,
                          .top = state.top.name,
                          .parameters = state.options.parameters,
                          .hints = state.options.hints,
                          .spec = state.spec,
                          .contract = values.at("contract"),
                          .interface_text = values.at("interface")};
    const int n = state.options.candidates;
    TurnResult result;
    if (auto prefetched = prefetch_native(state, rtl_next, model_next); !prefetched) {
        result.failure = prefetched.error();
        fill_record(state, result, turn);
        return result;
    }
    state.stimulus.expect_producers(n);
    result.rtl.resize(static_cast<std::size_t>(n));
    result.models.resize(static_cast<std::size_t>(n));
    std::vector<std::future<util::Status>> rtl_jobs;
    std::vector<std::future<util::Status>> model_jobs;
    for (std::size_t i = 0; i < static_cast<std::size_t>(n); ++i) {
        rtl_jobs.push_back(std::async(std::launch::async, [&, i] {
            return prepare_rtl(ctx, state.rtl_sessions[i], rtl_next[i].text, rtl_next[i].kind,
                               state.stimulus, result.rtl[i]);
        }));
        model_jobs.push_back(std::async(std::launch::async, [&, i] {
            return prepare_model(ctx, state.model_sessions[i], model_next[i].text,
                                 model_next[i].kind, state.stimulus, result.models[i]);
        }));
    }
    collect(rtl_jobs, result.rtl, result.failure);
    collect(model_jobs, result.models, result.failure);
    const auto ready = state.stimulus.peek();
    if (ready && !result.failure) {
        tell_status(state, fmt::format("turn {}/{}: checking pairs", turn, state.options.turns));
        result.pairs = check_pairs(*ready, result.rtl, result.models,
                                   state.options.pairing == Pairing::All, compare_options(state));
    }
    ConfirmCost confirming;
    if (!result.pairs.empty()) {
        auto checked = check_agreements(ctx, *ready, result.rtl, result.models,
                                                compare_options(state), result.pairs);
        if (checked) {
            confirming = *checked;
        } else {
            result.failure = checked.error();
        }
    }
    fill_record(state, result, turn);
    result.record.sim_builds += confirming.builds;
    result.record.sim_seconds += confirming.seconds;
    if (auto saved =
            save_turn_code(state.out_dir, result.rtl, result.models, result.record);
        !saved && !result.failure) {
        result.failure = saved.error();
    }
    result.record.wall_seconds = seconds(Clock::now() - started);
    return result;
}

}  // namespace rtlduet::flow::detail
