"""rtlduet reference-model runner (testbenches/model_runner.py), run as
`python3 -I -B -S model_runner.py request.bin result.bin` in the sandbox.

Loads the model file named in the request, instantiates its class once (named after the top
module, or TopModule; the top's parameters as keyword arguments when __init__ takes them),
feeds every row of inputs in order (outputs() first when the model defines it, then eval())
and stores each row's outputs in the result file, a memory map that rtlduet reads even when
the process is killed: the row counter in its header says how far the model got. Anything
wrong with the model ends the run with an error record (kind, row, message, traceback) in
error.json. The model's own prints go to stderr and never reach the result file.

Binary layout (little-endian; a value takes 1, 2, 4 or 8 bytes up to 64 bits, else whole 8-byte
words; a text is a u32 length and UTF-8 bytes): request = "RDVQ", u32 version, u32 flags
(1: sequential), u32 inputs, u32 outputs, u64 rows, the model path, the top's name, u32
parameters and each as (name, value text, u32 1 when overridden by --param), each input then
output as (name, u32 width), then the rows of input values. result = "RDVR", u32 version, u64
rows done, u32 state (0 running, 1 ended, 2 error), u32 flags (1: pre-edge values present),
then per row the pre-edge values (when present) and the post-edge values.
"""

import mmap
import os
import struct
import sys

# Modules only a failing or parameterised model needs are imported where they are used: at
# 1000 rows, importing them up front took longer than the model's run.

HEADER = struct.Struct("<4sIQII")
ROWS_DONE = struct.Struct("<Q")
ENDED, FAILED = 1, 2


class ModelError(Exception):
    def __init__(self, kind, message, trace=""):
        super().__init__(message)
        self.kind = kind
        self.trace = trace
        self.row = None


def slot_bytes(width):
    for size in (1, 2, 4, 8):
        if width <= 8 * size:
            return size
    return 8 * ((width + 63) // 64)


def describe_exception(where):
    """The exception being handled as (one-line message, traceback text). The traceback shows
    the model's frames only: the runner's own change with its code, and say nothing to the
    model's author."""
    import traceback
    kind, value, trace = sys.exc_info()
    summary = "".join(traceback.format_exception_only(kind, value)).strip().splitlines()
    report = traceback.TracebackException(kind, value, trace)
    runner = os.path.abspath(__file__)
    report.stack = traceback.StackSummary.from_list(
        [frame for frame in report.stack if os.path.abspath(frame.filename) != runner])
    # Paths relative to the work directory, wherever the sandbox placed it.
    text = "".join(report.format()).replace(os.getcwd() + os.sep, "")
    return f"{where} raised {summary[-1] if summary else kind.__name__}", text


def load_model_class(path, top):
    """The class named after the top module, else TopModule (accepted for any top)."""
    with open(path, "rb") as model_file:
        code = compile(model_file.read(), path, "exec")
    module = type(sys)("rtlduet_model")
    module.__file__ = path
    exec(code, module.__dict__)
    for name in dict.fromkeys([top, "TopModule"]):  # an unnamed top ("") skips itself
        model_class = getattr(module, name, None) if name.isidentifier() else None
        if isinstance(model_class, type):
            return model_class
    names = "TopModule" if top in ("", "TopModule") else f"{top} (or TopModule)"
    raise ModelError("load", f"the model file defines no class {names}")


def verilog_int(text):
    """A parameter value as rtlduet passes it: decimal, or a sized literal such as 128'h1f;
    a value that is neither (a real number) stays the text Verilator printed."""
    try:
        if "'" not in text:
            return int(text)
        size, _, digits = text.partition("'")
        digits = digits.lstrip("sS")
        base = {"h": 16, "d": 10, "o": 8, "b": 2}[digits[0].lower()]
        value = int(digits[1:].replace("_", ""), base)
        return value if not size else value & ((1 << int(size)) - 1)
    except (ValueError, KeyError, IndexError):
        return text


def keyword_names(model_class):
    """The names the class takes as keyword arguments, and whether it takes **kwargs. A plain
    class is read from its __init__'s code object; anything else (a metaclass, __new__, a
    wrapped __init__) through inspect."""
    init = model_class.__init__
    if type(model_class) is type and model_class.__new__ is object.__new__:
        if init is object.__init__:
            return set(), False
        code = getattr(init, "__code__", None)
        if code is not None and not hasattr(init, "__wrapped__"):
            start = max(1, code.co_posonlyargcount)  # self, and names that cannot be keywords
            names = code.co_varnames[start:code.co_argcount + code.co_kwonlyargcount]
            return set(names), bool(code.co_flags & 0x08)  # CO_VARKEYWORDS
    import inspect
    try:
        accepted = inspect.signature(model_class).parameters.values()
    except (TypeError, ValueError):
        return set(), False
    names = {p.name for p in accepted
             if p.kind in (inspect.Parameter.POSITIONAL_OR_KEYWORD, inspect.Parameter.KEYWORD_ONLY)}
    return names, any(p.kind == inspect.Parameter.VAR_KEYWORD for p in accepted)


def accepted_parameters(model_class, parameters, overridden):
    """The parameters __init__ takes (all of them with **kwargs). A model written for the
    defaults may take none; one the user overrode with --param must be taken."""
    if not parameters:
        return {}
    names, takes_any = keyword_names(model_class)
    if takes_any:
        return dict(parameters)
    missing = [name for name in overridden if name not in names]
    if missing:
        example = ", ".join(f"{name}={value}" for name, value in parameters.items())
        raise ModelError("load", f"--param overrides {', '.join(missing)}, but "
                         f"{model_class.__name__}.__init__ does not take "
                         f"{'them' if len(missing) > 1 else 'it'}: take every parameter as a "
                         f"keyword argument, e.g. def __init__(self, {example})")
    return {name: value for name, value in parameters.items() if name in names}


def instantiate(path, top, parameters, overridden):
    try:
        model_class = load_model_class(path, top)
    except ModelError:
        raise
    except SystemExit as exit_request:
        raise ModelError("exit", f"loading the model called sys.exit({exit_request.code!r})")
    except BaseException:
        raise ModelError("load", *describe_exception("loading the model"))
    arguments = accepted_parameters(model_class, parameters, overridden)
    name = f"{model_class.__name__}()"
    try:
        return model_class(**arguments)
    except SystemExit as exit_request:
        raise ModelError("exit", f"{name} called sys.exit({exit_request.code!r})")
    except BaseException:
        raise ModelError("load", *describe_exception(name))


def explain_outputs(values, outputs, method):
    """Raises the ModelError that describes what is wrong with one returned value."""
    if not isinstance(values, dict):
        raise ModelError("bad_return",
                         f"{method}() returned {type(values).__name__}, not a dict")
    names = {name for name, _ in outputs}
    for key in values:
        if key not in names:
            raise ModelError("extra_output", f"{method}() returned unknown output {key!r}")
    for name, width in outputs:
        if name not in values:
            raise ModelError("missing_output", f"{method}() did not return output {name!r}")
        value = values[name]
        # bool is an int subclass; True/False are accepted as 1/0.
        if not isinstance(value, int):
            raise ModelError("not_int", f"{method}() returned {type(value).__name__} "
                             f"{value!r} for output {name!r}, not an int")
        if value < 0:
            raise ModelError("negative", f"{method}() returned {value} for output {name!r}: "
                             f"values are unsigned (mask with (1 << {width}) - 1)")
        if value >> width:
            raise ModelError("too_wide", f"{method}() returned {value:#x} for output {name!r}, "
                             f"wider than its {width} bits")
    raise ModelError("bad_return", f"{method}() returned values that cannot be stored")


class Layout:
    """Where each port's value sits in a packed row: one struct for the whole row, a port over
    64 bits as its 8-byte words."""

    def __init__(self, ports):
        self.names = [name for name, _ in ports]
        self.limits = [1 << width for _, width in ports]
        sizes = [slot_bytes(width) for _, width in ports]
        self.size = sum(sizes)
        codes = {1: "B", 2: "H", 4: "I", 8: "Q"}
        self.packer = struct.Struct("<" + "".join(codes[s] if s <= 8 else "Q" * (s // 8)
                                                  for s in sizes))
        self.words = [1 if size <= 8 else size // 8 for size in sizes]  # struct items a port

    def rows(self, data, rows):
        """Each row's struct items."""
        if self.size == 0:  # a design driven by its clock alone
            return (() for _ in range(rows))
        return self.packer.iter_unpack(data[:rows * self.size])

    def dict_display(self, items):
        """Python text of the inputs dict, from the row's struct items named `items`."""
        entries, item = [], 0
        for name, count in zip(self.names, self.words):
            value = " | ".join(f"{items}[{item + k}] << {64 * k}" if k else f"{items}[{item}]"
                               for k in range(count))
            entries.append(f"{name!r}: {value}")
            item += count
        return "{" + ", ".join(entries) + "}"

    def store(self, at, method, indent):
        """Python lines that check `returned` and pack it at offset `at`, or call explain() to
        raise the ModelError that says what is wrong with it."""
        pad = " " * indent
        lines = [f"{pad}try:",
                 f"{pad}    if returned.__class__ is not dict or len(returned) != "
                 f"{len(self.names)}:",
                 f"{pad}        raise ValueError"]
        items = []
        for i, (name, limit, count) in enumerate(zip(self.names, self.limits, self.words)):
            lines += [f"{pad}    v{i} = returned[{name!r}]",
                      f"{pad}    if not (v{i}.__class__ is int or isinstance(v{i}, int)) "
                      f"or not 0 <= v{i} < {limit}:",
                      f"{pad}        raise ValueError"]
            items += [f"v{i}"] if count == 1 else \
                [f"v{i} >> {64 * k} & 0xffffffffffffffff" for k in range(count)]
        lines += [f"{pad}    pack(out, {at}, {', '.join(items)})",
                  f"{pad}except (KeyError, ValueError, TypeError, StructError):",
                  f"{pad}    explain(returned, outputs, {method!r})"]
        return lines


# The row loop, written out for each request's layout (port names quoted with repr) so that a
# row costs no loop over its ports. It is compiled under this file's name, so a model's
# traceback leaves its frame out like the runner's own.
LOOP = """
def loop(model, rows, out, at):
    row = 0
    calling = None  # the model's method being called, for the error
    try:
        for row, w in enumerate(rows):
            inputs = {inputs}
{pre}
            calling = "eval"
            returned = model.eval(inputs)
            calling = None
{post}
            at += {row_size}
            done(out, 8, row + 1)
    except ModelError as error:
        error.row = row
        raise
    except SystemExit as exit_request:
        if calling is None:
            raise
        error = ModelError("exit", f"{{calling}}() called sys.exit({{exit_request.code!r}})")
        error.row = row
        raise error
    except BaseException:
        if calling is None:
            raise
        error = ModelError("exception", *describe_exception(f"{{calling}}()"))
        error.row = row
        raise error
"""

PRE = """            calling = "outputs"
            # A copy: outputs() must not change what eval() is given.
            returned = model.outputs(dict(inputs))
            calling = None
"""


def write_loop(ins, outs, wants_pre, outputs):
    """loop(model, rows, out, at): runs every row and stores its outputs from offset `at`."""
    row_size = outs.size * (2 if wants_pre else 1)
    pre = PRE + "\n".join(outs.store("at", "outputs", 12)) if wants_pre else ""
    post = "\n".join(outs.store(f"at + {row_size - outs.size}", "eval", 12))
    text = LOOP.format(inputs=ins.dict_display("w"), pre=pre, post=post, row_size=row_size)
    namespace = {"pack": outs.packer.pack_into, "done": ROWS_DONE.pack_into,
                 "StructError": struct.error, "explain": explain_outputs, "outputs": outputs,
                 "ModelError": ModelError, "describe_exception": describe_exception}
    exec(compile(text, os.path.abspath(__file__), "exec"), namespace)
    return namespace["loop"]


def read_request(path):
    with open(path, "rb") as request_file:
        data = request_file.read()
    magic, version, flags, n_in, n_out = struct.unpack_from("<4sIIII", data, 0)
    if magic != b"RDVQ" or version != 1:
        raise SystemExit("model_runner: not an rtlduet request")
    (rows,) = struct.unpack_from("<Q", data, 20)
    at = 28

    def text():
        nonlocal at
        (size,) = struct.unpack_from("<I", data, at)
        value = data[at + 4:at + 4 + size].decode()
        at += 4 + size
        return value

    def number():
        nonlocal at
        (value,) = struct.unpack_from("<I", data, at)
        at += 4
        return value

    def ports(count):
        return [(text(), number()) for _ in range(count)]

    model, top = text(), text()
    listed = [(text(), text(), number()) for _ in range(number())]
    inputs, outputs = ports(n_in), ports(n_out)
    return model, top, listed, bool(flags & 1), inputs, outputs, rows, memoryview(data)[at:]


def run(request, result):
    model_path, top, listed, sequential, inputs, outputs, rows, data = request
    parameters = {name: verilog_int(value) for name, value, _ in listed}
    overridden = [name for name, _, is_overridden in listed if is_overridden]
    model = instantiate(model_path, top, parameters, overridden)
    wants_pre = sequential and callable(getattr(model, "outputs", None))
    ins, outs = Layout(inputs), Layout(outputs)
    row_size = outs.size * (2 if wants_pre else 1)
    result.resize(HEADER.size + max(1, rows * row_size))
    HEADER.pack_into(result, 0, b"RDVR", 1, 0, 0, 1 if wants_pre else 0)
    loop = write_loop(ins, outs, wants_pre, outputs)
    loop(model, ins.rows(data, rows), result, HEADER.size)


def main():
    request_path, result_path = sys.argv[1], sys.argv[2]
    request = read_request(request_path)
    descriptor = os.open(result_path, os.O_RDWR | os.O_CREAT | os.O_TRUNC, 0o644)
    os.ftruncate(descriptor, HEADER.size)
    result = mmap.mmap(descriptor, HEADER.size)
    HEADER.pack_into(result, 0, b"RDVR", 1, 0, 0, 0)
    sys.stdout = sys.stderr
    try:
        run(request, result)
    except ModelError as error:
        import json
        with open("error.json", "w", encoding="utf-8") as error_file:
            json.dump({"error": error.kind, "row": error.row, "message": str(error),
                       "traceback": error.trace}, error_file)
        struct.pack_into("<I", result, 16, FAILED)
        return 0
    struct.pack_into("<I", result, 16, ENDED)
    return 0


if __name__ == "__main__":
    sys.exit(main())
