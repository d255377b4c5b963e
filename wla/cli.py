"""The ``wla`` command: ``wla report``, ``wla atlas``, ``wla snapshot``, ``wla fetch``, ``wla summary``.

Errors of wla (unknown region, malformed file, wrong parameter) end the command with exit code
2 and one clear line on stderr; no traceback for what the user can fix.
"""
from __future__ import annotations

import argparse
import sys

from .exceptions import WlaError


def _cmd_snapshot(args) -> int:
    from . import store
    from .paths import data_dir, raw_dir
    from .snapshot.build import build_snapshot

    raw = args.raw or raw_dir()
    out = args.out or data_dir()
    manifest = build_snapshot(raw, out, progress=lambda m: print(f"  {m}", file=sys.stderr))
    store.clear_cache()
    print(f"snapshot written to {out}: {len(manifest['files'])} files, {len(manifest['indicators'])} indicators")
    return 0


def _cmd_fetch(args) -> int:
    from . import store
    from .fetch import refresh

    result = refresh(
        args.tables, args.years, cache=args.raw_cache, raw=args.raw, out=args.out,
        progress=lambda m: print(f"  {m}", file=sys.stderr),
    )
    store.clear_cache()
    for path in result.files:
        print(f"  {path}")
    print(f"{len(result.files)} files fetched; snapshot rebuilt: {len(result.manifest['indicators'])} indicators")
    return 0


def _cmd_summary(args) -> int:
    from .summary import region_summary

    print(region_summary(args.region, args.vs, lang=args.sprache))
    return 0


def _cmd_report(args) -> int:
    from .report import build_reports

    run = build_reports(
        args.region, args.vs, jahr=args.jahr, sprache=args.sprache,
        selection=args.notebooks, with_code=args.with_code, workers=args.workers,
    )
    for r in run.results:
        state = "ok" if r.ok else f"FAILED ({r.error})"
        print(f"  {r.notebook}: {state}")
    if run.kept:
        print(f"  kept from the previous run (same notebook and data): {', '.join(run.kept)}")
    print(f"reports in {run.folder / 'index.html'}")
    failed = [r for r in run.results if not r.ok]
    if failed:
        told = "; ".join(
            f"{r.notebook} ({'its page shows the error cell' if r.on_page else 'no page written'})" for r in failed
        )
        print(f"wla: error: {len(failed)} notebook(s) failed: {told}", file=sys.stderr)
        return 1
    return 0


def _cmd_atlas(args) -> int:
    from .atlas import build_atlas

    res = build_atlas(
        kreise=args.kreise, land=args.land, vergleich=args.vs, jahr=args.jahr, sprache=args.sprache,
        selection=args.notebooks, workers=args.workers, scheduler=args.scheduler, warm=not args.cold,
    )
    print(f"  built: {len(res.built)} Kreise; unchanged, not rebuilt: {len(res.skipped)}")
    if res.memory_limit:
        print(f"  memory limit per worker: {res.memory_limit / 2**20:.0f} MB")
    for worker, mb in sorted(res.peak_mb.items()):
        print(f"  peak memory {worker}: {mb:.0f} MB (worker or its largest notebook process)")
    print(f"atlas in {res.folder / 'index.html'}")
    if res.failed:
        told = "; ".join(f"{k} ({e})" for k, e in res.failed.items())
        print(f"wla: error: {len(res.failed)} Kreis report set(s) failed: {told}", file=sys.stderr)
        return 1
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="wla", description="Wohnen · Lernen · Arbeiten: regional refugee statistics")
    sub = parser.add_subparsers(dest="command", required=True)

    rep = sub.add_parser("report", help="run the notebooks for a region pair and render HTML reports")
    rep.add_argument("--region", default="kielregion", help="name, code, or several separated by commas (default kielregion)")
    rep.add_argument("--vs", default="coburg", help="comparison region (default coburg)")
    rep.add_argument("--jahr", default=None,
                     help="reference year: per indicator the newest value up to that year (default: newest)")
    rep.add_argument("--sprache", default="de", help="report language: de or en")
    rep.add_argument("--notebooks", nargs="*", help="only these notebooks (e.g. 00 10)")
    rep.add_argument("--with-code", action="store_true", help="show the code cells (for researchers)")
    rep.add_argument("--workers", default=None, help="parallel notebooks, at least 1 (default: cores)")
    rep.set_defaults(func=_cmd_report)

    atl = sub.add_parser("atlas", help="report sets of many Kreise on a Dask cluster, with an overview page")
    which = atl.add_mutually_exclusive_group()
    which.add_argument("--kreise", nargs="*", help="Kreis codes (default: all Kreise of Germany)")
    which.add_argument("--land", help="all Kreise of one Land (2-digit code, e.g. 01)")
    atl.add_argument("--vs", default="coburg",
                     help="comparison: one region (default coburg) or twins (each Kreis's nearest twin)")
    atl.add_argument("--jahr", default=None, help="reference year (default: newest)")
    atl.add_argument("--sprache", default="de", help="report language: de or en")
    atl.add_argument("--notebooks", nargs="*", help="only these notebooks (e.g. 00 10)")
    atl.add_argument("--workers", default=None, help="Dask worker processes of the local cluster (default: cores)")
    atl.add_argument("--scheduler", default=None, help="address of an existing Dask scheduler (tcp://host:8786)")
    atl.add_argument("--cold", action="store_true",
                     help="a new kernel per notebook (papermill) instead of one warm kernel per worker")
    atl.set_defaults(func=_cmd_atlas)

    snap = sub.add_parser("snapshot", help="rebuild data/ from the raw official files")
    snap.add_argument("--raw", help="folder with the raw files (default ../shared/data or $WLA_RAW_DIR)")
    snap.add_argument("--out", help="snapshot folder (default data/ or $WLA_DATA_DIR)")
    snap.set_defaults(func=_cmd_snapshot)

    fetch = sub.add_parser("fetch", help="download fresh tables from the GENESIS web service and rebuild data/")
    fetch.add_argument("--tables", nargs="*", help="table codes (default: the tables the snapshot reads)")
    fetch.add_argument("--years", nargs="*", type=int, help="reference years (default: the newest)")
    fetch.add_argument("--raw-cache", help="download folder (default ~/.cache/wla/raw or $WLA_RAW_CACHE)")
    fetch.add_argument("--raw", help="bundled raw files (default ../shared/data or $WLA_RAW_DIR)")
    fetch.add_argument("--out", help="snapshot folder (default data/ or $WLA_DATA_DIR)")
    fetch.set_defaults(func=_cmd_fetch)

    summ = sub.add_parser("summary", help="check the snapshot and print a short profile of a region pair")
    summ.add_argument("--region", default="kielregion",
                      help="name, code, or several separated by commas (default kielregion)")
    summ.add_argument("--vs", default="coburg", help="comparison region (default coburg)")
    summ.add_argument("--sprache", default="de", choices=["de", "en"])
    summ.set_defaults(func=_cmd_summary)
    return parser


def main(argv=None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except WlaError as exc:
        print(f"wla: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("wla: interrupted; nothing half-written was left in place", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
