// flow/settings.h: what a caller of the flow sets for its simulations (SimSettings) and gets
// back about each agent's requests (AgentUsage); run.h carries them to cli and bench.
#pragma once

#include <atomic>
#include <filesystem>
#include <memory>
#include <semaphore>

#include "llm/chat_client.h"
#include "sim/confirm.h"
#include "sim/simulator.h"
#include "stimulus/generate.h"

namespace rtlduet::flow {

struct SimSettings {
    sim::Backend backend = sim::Backend::Verilator;
    std::filesystem::path python = "/usr/bin/python3";
    std::filesystem::path templates_dir;
    std::filesystem::path cache_dir;  // runtime, builds, lint, netlists, Yosys; empty: none
    stimulus::StimulusOptions stimulus;
    /// An agreeing pair is confirmed on the other simulator before it counts (--confirm).
    sim::ConfirmMode confirm = sim::ConfirmMode::Other;
    /// --require-synth: an agreeing pair whose design Yosys finds an issue in does not count.
    bool require_synthesis = false;
    /// An agreeing, confirmed pair is cross-checked once more on coverage-guided rows, as its
    /// reproduce command does, before it counts (--guided; flow/detail/guided_pairs.h).
    bool guided = true;
    const std::atomic<bool>* cancel = nullptr;
    /// Simulations and model runs at once, shared by every slot and every job of a process
    /// (builds are CPU- and memory-heavy; LLM requests have their own cap). Null: no cap.
    std::shared_ptr<std::counting_semaphore<>> sim_slots;
};

/// Token and time totals of one agent's requests in a turn.
struct AgentUsage {
    int requests = 0;
    int from_cache = 0;  // served from the reply cache or a recording
    long long prompt_tokens = 0;
    long long completion_tokens = 0;
    double llm_seconds = 0.0;
    int truncated = 0;
    int shortened = 0;  // requests sent with a shortened history (flow/detail/budget.h)
    int restarted = 0;  // conversations started over because they no longer fit
    void add(const llm::ChatReply& reply);
    void add(const AgentUsage& other);
};

}  // namespace rtlduet::flow
