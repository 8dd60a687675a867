#!/usr/bin/python3
"""Executes Jupyter notebooks headless with one kernel client, and checks their outputs.

Used by notebooks/run (which sets up the Java kernel). Written for the rapaio Java kernel's
start-up bugs (see ../shared/notes in the project's workspace, or notebooks/README.md): the
kernel may be up but never answer, so each start waits for its ports, asks kernel_info with a
timeout and restarts the kernel on silence. Every cell runs in order; the first error stops the
notebook. A notebook lists what its outputs must contain in its metadata:

    "spark_activations": {"expect": ["text printed by a cell", ...], "images": 3}

Exit code 0 only if every notebook ran without error and met its expectations. The executed
notebooks are written to --out.
"""
import argparse
import os
import signal
import socket
import sys
import time

import nbformat
from jupyter_client.manager import KernelManager

START_TRIES = 6


def listening(port):
    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex(("127.0.0.1", port)) == 0


def kernel_pid(km):
    provisioner = getattr(km, "provisioner", None)
    process = getattr(provisioner, "process", None) or getattr(km, "kernel", None)
    return getattr(process, "pid", None)


def ready_client(km, log, kernel_log):
    """A client of a kernel that answered kernel_info, restarting the kernel on silence."""
    for attempt in range(1, START_TRIES + 1):
        if attempt == 1:
            km.start_kernel(stdout=kernel_log, stderr=kernel_log)
        else:
            log(f"kernel silent; restart {attempt - 1} of {START_TRIES - 1}")
            km.restart_kernel(now=True)
        info = km.get_connection_info()
        ports = [info[k] for k in ("shell_port", "iopub_port", "stdin_port", "control_port", "hb_port")]
        deadline = time.time() + 60
        while time.time() < deadline and not all(listening(p) for p in ports):
            time.sleep(0.25)
        # The kernel binds its sockets before it registers its handlers: give it a moment.
        time.sleep(1.5)
        kc = km.client()
        kc.start_channels()
        try:
            kc.kernel_info()
            reply = kc.get_shell_msg(timeout=10)
            if reply["msg_type"] == "kernel_info_reply":
                while True:  # drop the start-up status messages
                    try:
                        kc.get_iopub_msg(timeout=0.5)
                    except Exception:
                        break
                return kc
        except Exception:
            pass
        kc.stop_channels()
    raise RuntimeError(f"the kernel did not answer after {START_TRIES} starts")


def run_cell(kc, cell, timeout):
    """Runs one code cell; returns its outputs and whether it raised."""
    msg_id = kc.execute(cell.source, store_history=True, allow_stdin=False)
    outputs = []
    failed = False
    deadline = time.time() + timeout
    while True:
        remaining = deadline - time.time()
        if remaining <= 0:
            raise TimeoutError(f"cell did not finish in {timeout} s")
        try:
            msg = kc.get_iopub_msg(timeout=min(remaining, 5))
        except Exception:
            continue
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        kind = msg["msg_type"]
        if kind == "status" and msg["content"]["execution_state"] == "idle":
            break
        if kind == "stream" and outputs and outputs[-1].output_type == "stream" \
                and outputs[-1].name == msg["content"]["name"]:
            # The kernel sends print output in small pieces: keep one output per stream.
            outputs[-1].text += msg["content"]["text"]
        elif kind in ("stream", "display_data", "execute_result", "error"):
            outputs.append(nbformat.v4.output_from_msg(msg))
            failed = failed or kind == "error"
    reply = kc.get_shell_msg(timeout=timeout)
    failed = failed or reply["content"].get("status") == "error"
    return outputs, failed, reply["content"].get("execution_count")


def check(nb, log):
    """The expectations of the notebook's metadata that its outputs do not meet."""
    spec = nb.metadata.get("spark_activations", {})
    text = []
    images = 0
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            if out.output_type == "stream":
                text.append(out.text)
            elif out.output_type in ("display_data", "execute_result"):
                images += "image/png" in out.data
                text.append(out.data.get("text/plain", ""))
    text = "".join(text)
    problems = [f"missing output: {e!r}" for e in spec.get("expect", []) if e not in text]
    if images < spec.get("images", 0):
        problems.append(f"{images} inline images, {spec['images']} expected")
    log(f"{images} inline image(s)")
    return problems


def execute(path, out_dir, kernel, timeout):
    name = os.path.basename(path)

    def log(message):
        print(f"[{name}] {message}", flush=True)

    nb = nbformat.read(path, as_version=4)
    km = KernelManager(kernel_name=kernel)
    start = time.time()
    problems = []
    os.makedirs(out_dir, exist_ok=True)
    # The kernel's own (verbose) log goes to a file beside the executed notebook.
    kernel_log = open(os.path.join(out_dir, name + ".kernel.log"), "w")
    try:
        kc = ready_client(km, log, kernel_log)
        log(f"kernel up in {time.time() - start:.1f} s (pid {kernel_pid(km)})")
        for index, cell in enumerate(nb.cells):
            if cell.cell_type != "code":
                continue
            t = time.time()
            cell.outputs, failed, count = run_cell(kc, cell, timeout)
            cell.execution_count = count
            if failed:
                err = [o for o in cell.outputs if o.output_type == "error"]
                detail = (err[0].ename + ": " + err[0].evalue) if err else "error reply"
                problems.append(f"cell {index} failed: {detail}")
                for o in cell.outputs:
                    if o.output_type == "stream":
                        print(o.text, end="")
                break
            log(f"cell {index} done in {time.time() - t:.1f} s")
        kc.stop_channels()
    except Exception as e:  # a dead or silent kernel, a timeout
        problems.append(f"{type(e).__name__}: {e}")
    finally:
        pid = kernel_pid(km)
        try:
            km.shutdown_kernel(now=True)
        except Exception:
            pass
        if pid:
            try:
                os.kill(pid, signal.SIGKILL)  # an orphaned kernel JVM outlives a failed run
            except ProcessLookupError:
                pass
        kernel_log.close()
    if not problems:
        problems = check(nb, log)
    os.makedirs(out_dir, exist_ok=True)
    nbformat.write(nb, os.path.join(out_dir, name))
    log(f"{'passed' if not problems else 'FAILED'} in {time.time() - start:.1f} s")
    for p in problems:
        log(p)
    return not problems


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="+")
    parser.add_argument("--out", required=True, help="folder for the executed notebooks")
    parser.add_argument("--kernel", required=True, help="kernelspec name")
    parser.add_argument("--timeout", type=int, default=600, help="seconds per cell")
    args = parser.parse_args()
    results = [execute(p, args.out, args.kernel, args.timeout) for p in args.notebooks]
    failed = [p for p, ok in zip(args.notebooks, results) if not ok]
    if failed:
        print("failed notebooks: " + " ".join(failed))
        return 1
    print(f"all {len(results)} notebooks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
