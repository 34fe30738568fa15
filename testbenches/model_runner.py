"""rtlduet reference-model runner (testbenches/model_runner.py), run as
`python3 -I -B model_runner.py request.json result.jsonl` in the sandbox.

Loads the model file named in the request, instantiates its class once (named after the top
module, or TopModule; the top's parameters as keyword arguments when __init__ takes them),
feeds every row of inputs in order (outputs() first when the model defines it, then eval())
and writes one JSON line per row to the result file, flushed as it goes, then an "end" line. Anything wrong with
the model becomes one "error" line naming the kind, the row and the traceback. The model's
own prints go to stderr and never reach the result file.
"""

import importlib.util
import inspect
import json
import sys
import traceback


class ModelError(Exception):
    def __init__(self, kind, message, trace=""):
        super().__init__(message)
        self.kind = kind
        self.trace = trace
        self.row = None


def describe_exception(where):
    """The exception being handled as (one-line message, traceback text)."""
    kind, value, _ = sys.exc_info()
    summary = "".join(traceback.format_exception_only(kind, value)).strip().splitlines()
    return f"{where} raised {summary[-1] if summary else kind.__name__}", traceback.format_exc()


def load_model_class(path, top):
    """The class named after the top module, else TopModule (accepted for any top)."""
    spec = importlib.util.spec_from_file_location("rtlduet_model", path)
    if spec is None or spec.loader is None:
        raise ModelError("load", "cannot load the model file")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
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


def accepted_parameters(model_class, parameters, overridden):
    """The parameters __init__ takes (all of them with **kwargs). A model written for the
    defaults may take none; one the user overrode with --param must be taken."""
    try:
        accepted = inspect.signature(model_class).parameters.values()
    except (TypeError, ValueError):
        return {}
    if any(p.kind == inspect.Parameter.VAR_KEYWORD for p in accepted):
        return dict(parameters)
    names = {p.name for p in accepted
             if p.kind in (inspect.Parameter.POSITIONAL_OR_KEYWORD, inspect.Parameter.KEYWORD_ONLY)}
    missing = [name for name in overridden if name not in names]
    if missing:
        example = ", ".join(f"{name}={value}" for name, value in parameters.items())
        raise ModelError("load", f"--param overrides {', '.join(missing)}, but "
                         f"{model_class.__name__}.__init__ does not take "
                         f"{'them' if len(missing) > 1 else 'it'}: take every parameter as a "
                         f"keyword argument, e.g. def __init__(self, {example})")
    return {name: value for name, value in parameters.items() if name in names}


def check_outputs(values, outputs, method):
    """Validates one returned dict; returns the values as hex strings in port order."""
    if not isinstance(values, dict):
        raise ModelError("bad_return",
                         f"{method}() returned {type(values).__name__}, not a dict")
    names = {name for name, _ in outputs}
    for key in values:
        if key not in names:
            raise ModelError("extra_output", f"{method}() returned unknown output {key!r}")
    result = []
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
        result.append(format(int(value), "x"))
    return result


def call(method, name, inputs, outputs):
    try:
        values = method(dict(inputs))
    except ModelError:
        raise
    except SystemExit as exit_request:
        raise ModelError("exit", f"{name}() called sys.exit({exit_request.code!r})")
    except BaseException:
        raise ModelError("exception", *describe_exception(f"{name}()"))
    return check_outputs(values, outputs, name)


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


def run(request, emit):
    listed = request.get("parameters", [])
    parameters = {name: verilog_int(value) for name, value, _ in listed}
    overridden = [name for name, _, is_overridden in listed if is_overridden]
    model = instantiate(request["model"], request.get("top", "TopModule"), parameters, overridden)
    outputs = request["outputs"]
    names = request["inputs"]
    wants_pre = request["sequential"] and callable(getattr(model, "outputs", None))
    emit({"kind": "start", "has_outputs": wants_pre})
    for row, values in enumerate(request["rows"]):
        inputs = {name: int(value, 16) for name, value in zip(names, values)}
        line = {"row": row}
        try:
            if wants_pre:
                line["pre"] = call(model.outputs, "outputs", inputs, outputs)
            line["post"] = call(model.eval, "eval", inputs, outputs)
        except ModelError as error:
            error.row = row
            raise
        emit(line)


def main():
    request_path, result_path = sys.argv[1], sys.argv[2]
    with open(request_path, encoding="utf-8") as request_file:
        request = json.load(request_file)
    result = open(result_path, "w", encoding="utf-8", buffering=1)

    def emit(obj):
        result.write(json.dumps(obj) + "\n")

    sys.stdout = sys.stderr
    try:
        run(request, emit)
    except ModelError as error:
        emit({"kind": "error", "error": error.kind, "row": error.row, "message": str(error),
              "traceback": error.trace})
        result.close()
        return 0
    emit({"kind": "end"})
    result.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
