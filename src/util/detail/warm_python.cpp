// util/detail/warm_python.cpp: the warm interpreter of a worker and the fork of one run
// from it. The interpreter's program is part of the supervisor (it must not depend on files
// the sandbox may hide), so it is kept here as text and passed with -c.
#include "util/detail/warm_python.h"

#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

namespace rtlduet::util::detail {
namespace {

// Receives one run on descriptor 3 (NUL-separated fields and the run's stdio), forks twice
// and answers the run's pid. The run itself sets up its descriptors, directory, limits and
// environment, then executes the script as __main__, as `python [flags] script` would.
constexpr const char* kWarmProgram = R"PY(
import ctypes, os, resource, runpy, signal, socket, sys, traceback
import importlib.util, json, struct
import gc, inspect, mmap, pkgutil, stat, types  # what runpy and model_runner.py import: ~4 ms a run
libc = ctypes.CDLL(None)
libc.prctl(4, 0, 0, 0, 0)  # PR_SET_DUMPABLE 0: runs share this uid
signal.signal(signal.SIGINT, signal.SIG_DFL)
control = socket.socket(fileno=3)

def set_up(fields, stdio):
    cwd, script = fields[0], fields[1]
    at = 2
    args = fields[at + 1:at + 1 + int(fields[at])]
    at += 1 + len(args)
    env = fields[at + 1:at + 1 + int(fields[at])]
    at += 1 + len(env)
    limits = fields[at + 1:at + 1 + 2 * int(fields[at])]
    os.setpgid(0, 0)
    for target, fd in enumerate(stdio):
        os.dup2(fd, target)
    os.closerange(3, 1 << 16)
    os.chdir(cwd)
    libc.prctl(4, 1, 0, 0, 0)  # the run is dumpable, as an executed Python would be
    with open("/proc/self/oom_score_adj", "w") as adj:
        adj.write("1000")
    for i in range(0, len(limits), 2):
        value = int(limits[i + 1])
        resource.setrlimit(int(limits[i]), (value, value))
    os.environ.clear()
    for entry in env:
        key, _, value = entry.partition(b"=")
        os.environb[key] = value
    return script, args

compiled = {}  # (path, source) -> code: every model run runs the same runner at the same path

def code_of(cwd, script):
    """The script compiled here once (compiling is not running it), or None: the run then reads
    and compiles it itself, with Python's own errors."""
    try:
        path = os.path.join(cwd, script)
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW)
        with open(descriptor, "rb") as source_file:
            if not stat.S_ISREG(os.fstat(descriptor).st_mode):
                return None  # a FIFO or device is the run's to open, never this process's
            source = source_file.read(1 << 20)
        code = compiled.get((path, source))
        if code is None:
            code = compile(source, os.fsdecode(path), "exec", dont_inherit=True)
            if len(compiled) < 4:
                compiled[(path, source)] = code
        return code
    except BaseException:
        return None

def run_main(script, code):
    path = os.path.abspath(os.fsdecode(script))  # as `python script` gives it
    if code is None:
        runpy.run_path(path, run_name="__main__")
        return
    main = types.ModuleType("__main__")  # as runpy.run_path makes it
    main.__file__, main.__cached__, main.__loader__ = path, None, None
    main.__package__, main.__spec__ = None, None
    sys.modules["__main__"] = main
    exec(code, vars(main))

def run(fields, stdio, compiled_code):
    try:
        script, args = set_up(fields, stdio)
    except BaseException as error:
        os.write(2, f"sandbox: cannot set up the run: {error}\n".encode())
        os._exit(127)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    sys.argv = [os.fsdecode(arg) for arg in args]
    status = 0
    try:
        run_main(script, compiled_code)
    except SystemExit as request:
        status = request.code
        if status is not None and not isinstance(status, int):
            print(status, file=sys.stderr)
            status = 1
    except BaseException:
        traceback.print_exc()
        status = 1
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except BaseException:
            pass
    os._exit((status or 0) & 0xFF)

gc.freeze()  # a run's collections leave the inherited objects (and their pages) alone
while True:
    try:
        data, stdio, _, _ = socket.recv_fds(control, 1 << 20, 3)
    except OSError:
        break
    if not data or len(stdio) != 3:
        break
    fields = data.split(b"\0")
    code = code_of(fields[0], fields[1])
    readable, writable = os.pipe()
    first = os.fork()
    if first == 0:
        try:
            os.close(readable)
            second = os.fork()
            if second == 0:
                os.close(writable)
                run(fields, stdio, code)
            os.write(writable, str(second).encode())
        finally:
            os._exit(0)
    os.close(writable)
    for fd in stdio:
        os.close(fd)
    os.waitpid(first, 0)
    answer = os.read(readable, 32)
    os.close(readable)
    control.send(answer or b"-1")
)PY";

constexpr int kAnswerTimeoutMs = 2000;

std::size_t script_position(const RunPlan& plan) {
    std::size_t at = 1;
    while (at < plan.argv.size() && plan.argv[at].starts_with("-")) {
        ++at;
    }
    return at;
}

std::string run_message(const RunPlan& plan, std::size_t script_at) {
    std::vector<std::string> fields = {plan.cwd, plan.argv[script_at]};
    fields.push_back(std::to_string(plan.argv.size() - script_at));
    fields.insert(fields.end(), plan.argv.begin() + static_cast<long>(script_at), plan.argv.end());
    fields.push_back(std::to_string(plan.envp.size()));
    fields.insert(fields.end(), plan.envp.begin(), plan.envp.end());
    fields.push_back(std::to_string(plan.limits.size()));
    for (const LimitSetting& limit : plan.limits) {
        fields.push_back(std::to_string(limit.resource));
        fields.push_back(std::to_string(limit.value));
    }
    std::string message;
    for (const std::string& field : fields) {
        message.append(field).push_back('\0');
    }
    message.pop_back();
    return message;
}

}  // namespace

WarmPython::~WarmPython() {
    stop();
}

void WarmPython::start_pending() {
    if (pending_) {
        if (!start(*pending_, pending_->argv.size() - 1)) {
            stop();
        }
        pending_.reset();
    }
}

void WarmPython::stop() {
    if (pid_ > 0) {
        ::kill(pid_, SIGKILL);
        ::waitpid(pid_, nullptr, 0);
    }
    if (socket_ >= 0) {
        ::close(socket_);
    }
    pid_ = -1;
    socket_ = -1;
    supervisor_.spare(-1);
}

bool WarmPython::start(const RunPlan& plan, std::size_t script_at) {
    int pair[2];
    if (::socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, pair) != 0) {
        return false;
    }
    std::vector<std::string> args(plan.argv.begin(),
                                  plan.argv.begin() + static_cast<long>(script_at));
    interpreter_ = args;
    args.insert(args.end(), {"-c", kWarmProgram});
    std::vector<char*> argv;
    for (std::string& arg : args) {
        argv.push_back(arg.data());
    }
    argv.push_back(nullptr);
    char path_env[] = "PATH=/usr/bin:/bin";
    char* envp[] = {path_env, nullptr};
    pid_ = ::fork();
    if (pid_ == 0) {
        const int null_fd = ::open("/dev/null", O_RDWR);
        for (int fd = 0; fd < 3; ++fd) {
            ::dup2(null_fd, fd);
        }
        ::dup2(pair[1], kControlFd);
        ::close_range(kControlFd + 1, ~0U, 0);
        ::setpgid(0, 0);
        ::chdir("/");
        ::prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
        ::execve(plan.program.c_str(), argv.data(), envp);
        ::_exit(127);
    }
    ::close(pair[1]);
    socket_ = pair[0];
    supervisor_.spare(pid_);
    return pid_ > 0;
}

// Returns the run's pid, re-parented to this process; -1 when the interpreter failed.
pid_t WarmPython::fork_run(const RunPlan& plan, std::size_t script_at, const int (&stdio)[3]) {
    if (!send_with_stdio(socket_, run_message(plan, script_at), stdio)) {
        return -1;
    }
    pollfd answer_ready{socket_, POLLIN, 0};
    char answer[32] = {};
    if (::poll(&answer_ready, 1, kAnswerTimeoutMs) != 1 ||
        ::recv(socket_, answer, sizeof answer - 1, 0) <= 0) {
        return -1;
    }
    const long pid = std::strtol(answer, nullptr, 10);
    return pid > 0 ? static_cast<pid_t>(pid) : -1;
}

SupervisorReport WarmPython::run(const RunPlan& plan, const int (&stdio)[3]) {
    const std::size_t script_at = script_position(plan);
    if (script_at >= plan.argv.size()) {
        return supervisor_.run(plan, stdio);
    }
    const std::vector<std::string> wanted(plan.argv.begin(),
                                          plan.argv.begin() + static_cast<long>(script_at));
    if (supervisor_.is_spared_gone() || wanted != interpreter_) {
        stop();
    }
    if (pid_ < 0) {
        // This run executes Python as usual. From the second such run on, the warm one is
        // started once the run is over, while the worker waits for its next run: a single
        // cross-check never pays for an interpreter it does not use.
        if (cold_runs_++ > 0) {
            pending_ = plan;
            pending_->argv.resize(script_at + 1);
        }
        return supervisor_.run(plan, stdio);
    }
    const pid_t child = fork_run(plan, script_at, stdio);
    if (child < 0) {
        stop();  // dead, stopped or confused by an earlier run: the next run gets a new one
        return supervisor_.run(plan, stdio);
    }
    return supervisor_.supervise(child, plan.deadline_ms);
}

}  // namespace rtlduet::util::detail
