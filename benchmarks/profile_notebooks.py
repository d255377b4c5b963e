"""Where a report page's time goes: every notebook of a region pair run cell by cell in one
IPython shell in this process (like a warm kernel), with cProfile.

    .venv/bin/python benchmarks/profile_notebooks.py [--region 01001 01003] [--vergleich 09473]
        [--notebooks 40 50] [--top 25] [--render] [--twice] [--no-profile] [--steady]

The shell is warmed up like a warm kernel (:mod:`wla.atlas.warm`): the notebooks' imports, then
:func:`wla.atlas.warm.freeze`. Prints, per notebook, the wall and CPU seconds of its slowest code cells (by CPU time: less
sensitive to other jobs on the machine); then the
functions with the largest cumulative time over all notebooks (wla's own functions and the
libraries' entry points), and with ``--render`` the nbconvert time of each executed notebook.
The first region pays for the first reads of the snapshot and the national results (as the
first Kreis of a warm kernel does); ``--steady`` profiles only the regions after the first (the
state of an atlas worker after its first Kreis); ``--twice`` runs each region twice.
Timing only; nothing is written outside a temporary folder.
"""
from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import shutil
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))


def run(args) -> None:
    import nbformat
    from IPython.core.interactiveshell import InteractiveShell
    from papermill.parameterize import parameterize_notebook
    from papermill.iorw import load_notebook_node

    from wla.atlas.warm import freeze, notebook_imports
    from wla.report import notebooks

    t0 = time.perf_counter()
    shell = InteractiveShell.instance()
    paths = notebooks(args.notebooks or None)
    shell.run_cell("\n".join(notebook_imports(notebooks())), store_history=False)
    freeze()
    print(f"IPython shell and the notebooks' imports: {time.perf_counter() - t0:.2f} s")
    exports = tempfile.mkdtemp(prefix="wla-profile-")  # the pages' Excel/CSV exports, not notebooks/
    prof = cProfile.Profile()
    executed = []
    passes = [r for r in args.region for _ in range(2 if args.twice else 1)]
    for n, region in enumerate(passes):
        params = {"region": region, "vergleich": args.vergleich, "jahr": None, "sprache": args.sprache,
                  "output_dir": exports}
        for path in paths:
            node = parameterize_notebook(load_notebook_node(str(path)), params, kernel_name="python3",
                                         language="python")
            shell.run_line_magic("reset", "-f")
            os.chdir(path.parent)
            times = []
            for i, cell in enumerate(node.cells):
                if cell.cell_type != "code":
                    continue
                out = io.StringIO()
                real = sys.stdout
                sys.stdout = out
                start, cpu = time.perf_counter(), time.process_time()
                try:
                    if args.profile and not (args.steady and n == 0):
                        prof.enable()
                    result = shell.run_cell(cell.source, store_history=False)
                    prof.disable()
                finally:
                    sys.stdout = real
                times.append((i, time.perf_counter() - start, time.process_time() - cpu, _first_line(cell.source)))
                if not result.success:
                    print(f"  cell {i} failed: {result.error_in_exec or result.error_before_exec}")
            import matplotlib.pyplot as plt

            plt.close("all")
            total, total_cpu = sum(t[1] for t in times), sum(t[2] for t in times)
            print(f"[pass {n + 1}, {region}] {path.stem}: {total:.2f} s, {total_cpu:.2f} CPU s")
            for i, s, c, first in sorted(times, key=lambda x: -x[2])[: args.cells]:
                print(f"    cell {i:>2} {s:6.2f} s {c:6.2f} CPU s  {first}")
            executed.append((path, node))
    if args.profile:
        stream = io.StringIO()
        pstats.Stats(prof, stream=stream).sort_stats("cumulative").print_stats(args.top)
        print(stream.getvalue())
    if args.profile and args.wla_only:
        stream = io.StringIO()
        pstats.Stats(prof, stream=stream).sort_stats("cumulative").print_stats("wla/", args.top)
        print(stream.getvalue())
    if args.render:
        _render(executed)
    shutil.rmtree(exports, ignore_errors=True)


def _first_line(source: str) -> str:
    """The first line of a cell that says what it does (not a blank or ``try:``)."""
    lines = [s.strip() for s in source.splitlines() if s.strip() and s.strip() not in ("try:", "else:")]
    return lines[0][:70] if lines else ""


def _render(executed) -> None:
    """nbconvert time of each notebook (executed by a real kernel so that outputs exist)."""
    import papermill

    from wla.report.render import render_html

    with tempfile.TemporaryDirectory(prefix="wla-profile-") as tmp:
        for path, _ in executed[:2]:
            out = Path(tmp) / path.name
            papermill.execute_notebook(str(path), str(out), cwd=str(path.parent), progress_bar=False,
                                       kernel_name="python3")
            start = time.perf_counter()
            render_html(out, Path(tmp) / f"{path.stem}.html")
            print(f"render {path.stem}: {time.perf_counter() - start:.2f} s, "
                  f"{(Path(tmp) / f'{path.stem}.html').stat().st_size / 1e6:.1f} MB")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--region", nargs="+", default=["kielregion"],
                        help="one or more regions, run one after another in the same shell")
    parser.add_argument("--vergleich", default="coburg")
    parser.add_argument("--sprache", default="de")
    parser.add_argument("--notebooks", nargs="*")
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--cells", type=int, default=4, help="slowest cells listed per notebook")
    parser.add_argument("--twice", action="store_true", help="run the notebooks twice (second pass warm)")
    parser.add_argument("--no-profile", dest="profile", action="store_false",
                        help="cell times only, without cProfile's overhead")
    parser.add_argument("--steady", action="store_true",
                        help="profile only the regions after the first (an atlas worker's steady state)")
    parser.add_argument("--wla-only", action="store_true", help="also list wla's functions only")
    parser.add_argument("--render", action="store_true", help="time nbconvert of the first two notebooks")
    run(parser.parse_args(argv))
    return 0


if __name__ == "__main__":
    sys.exit(main())
