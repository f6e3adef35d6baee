"""The ``fupin`` command: argument parsing only; every command calls the API.

Rows go to standard output or ``-o``; progress and messages to standard error.
The exit status is 0 when every input was read, 1 when some failed (one line
each on stderr), 2 for a usage error.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from . import __version__

__all__ = ["main"]


def _date(value: str) -> str:
    from .time import parse_date

    if parse_date(value) is None:
        raise argparse.ArgumentTypeError(f"'{value}' is not YYYY, YYYY-MM or YYYY-MM-DD")
    return value


def _common(p: argparse.ArgumentParser, *, batch: bool = True) -> None:
    p.add_argument("paths", nargs="+", metavar="PATH", help="files, folders or archives (.zip, .jsonl, .csv)")
    p.add_argument("--date", type=_date, help="publication date of a single document (YYYY[-MM[-DD]])")
    p.add_argument("--format", choices=("jsonl", "csv", "parquet", "duckdb"), help="output format")
    p.add_argument("-o", "--output", type=Path, help="output file (default: standard output)")
    p.add_argument("--model", type=Path, help="a classifier saved by `fupin train` (default: the shipped one)")
    p.add_argument("--columns", help="archive column names, e.g. id=article_id,text=content")
    p.add_argument("--metadata", type=Path,
                   help="JSONL/CSV table with id and date, region, title … joined to documents by id")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    if batch:
        p.add_argument("--workers", type=int, default=0, help="worker processes (default: one per CPU core)")
        p.add_argument("--engine", choices=("local", "dask"), default="local")
        p.add_argument("--scheduler", help="address of a dask.distributed scheduler (with --engine dask)")
        p.add_argument("--manifest", type=Path, help="JSONL manifest: one row per input document")
        p.add_argument("--resume", action="store_true", help="skip documents the manifest records as done")
        p.add_argument("--batch-size", type=int, default=32, help="documents per batch (bounds memory)")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="fupin", description="Chinese poverty-alleviation text toolkit.")
    parser.add_argument("--version", action="version", version=f"fupin_nlp {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    _common(sub.add_parser("extract", help="one numeric claim per row"))
    _common(sub.add_parser("paragraphs", help="one paragraph per row, with categories"))
    _common(sub.add_parser("check", help="consistency findings (and cross-document comparison)"), batch=False)
    _common(sub.add_parser("summary", help="documents, paragraphs by kind, claims, time taken"))
    view = sub.add_parser("view", help="a standalone HTML page with claims highlighted")
    view.add_argument("paths", nargs="+", metavar="PATH")
    view.add_argument("-o", "--output", type=Path, required=True)
    view.add_argument("--date", type=_date)
    view.add_argument("--model", type=Path)
    train = sub.add_parser("train", help="train a classifier on labelled paragraphs (JSONL)")
    train.add_argument("labels", type=Path, nargs="+")
    train.add_argument("-o", "--output", type=Path, required=True)
    return parser


def _read_options(args: argparse.Namespace):
    from .io import ReadOptions

    columns = None
    if getattr(args, "columns", None):
        try:
            columns = dict(item.split("=", 1) for item in args.columns.split(","))
        except ValueError:
            raise SystemExit("fupin: --columns takes name=column pairs, e.g. id=article_id,text=content") from None
    return ReadOptions(columns=columns, date=args.date)


def _model(args: argparse.Namespace):
    return str(args.model) if getattr(args, "model", None) else None


def _report(row: dict) -> None:
    print(f"fupin: {row['error']}", file=sys.stderr)


def _run_options(args: argparse.Namespace, what: str):
    from .batch import RunOptions

    return RunOptions(
        what=what, date=args.date, model=_model(args), workers=args.workers or None, engine=args.engine,
        scheduler=args.scheduler, batch_size=max(1, args.batch_size), manifest=args.manifest,
        resume=args.resume, progress=not args.quiet and sys.stderr.isatty(), read_options=_read_options(args),
        metadata=_metadata(args),
    )


def _metadata(args: argparse.Namespace) -> dict | None:
    from .io.metadata import load_metadata

    return load_metadata(args.metadata) if getattr(args, "metadata", None) else None


def _batch(args: argparse.Namespace, what: str) -> int:
    from .batch import open_sink, run

    if args.scheduler and args.engine != "dask":
        raise ValueError("--scheduler goes with --engine dask")
    options = _run_options(args, what)
    table = "claims" if what == "claims" else "paragraphs"
    with open_sink(args.output, args.format, table=table, resume=args.resume) as sink:
        summary = run(args.paths, sink, options, on_failure=_report)
    if summary.interrupted:
        print(f"fupin: interrupted after {summary.documents} documents; the output and the manifest are "
              "consistent: run again with --resume to finish", file=sys.stderr)
        return 130
    if args.output and not args.quiet:
        print(f"fupin: {summary.documents} documents ({summary.failed} failed, {summary.skipped} skipped), "
              f"{summary.rows} rows → {args.output} in {summary.seconds:.1f}s", file=sys.stderr)
    return 1 if summary.failed else 0


def _summary(args: argparse.Namespace) -> int:
    from .batch import NullSink, run

    if args.resume:
        raise ValueError("summary reads every document: --resume does not apply")
    summary = run(args.paths, NullSink(), _run_options(args, "claims"), on_failure=_report)
    if summary.interrupted:
        print("fupin: interrupted", file=sys.stderr)
        return 130
    kinds = ", ".join(f"{k} {v}" for k, v in sorted(summary.kinds.items()))
    print(f"documents: {summary.documents} ({summary.failed} failed)")
    print(f"paragraphs: {summary.paragraphs} ({kinds})")
    print(f"claims: {summary.claims}")
    print(f"characters: {summary.characters}")
    print(f"time: {summary.seconds:.2f}s")
    return 1 if summary.failed else 0


def _check(args: argparse.Namespace) -> int:
    from .batch import open_sink
    from .checks import check_documents

    failures: list[str] = []
    findings = check_documents(args.paths, date=args.date, model=_model(args), read_options=_read_options(args),
                               on_failure=lambda message: failures.append(message), metadata=_metadata(args))
    for message in failures:
        print(f"fupin: {message}", file=sys.stderr)
    with open_sink(args.output, args.format, table="findings") as sink:
        sink.write([f.to_dict() for f in findings])
    return 1 if failures else 0


def _view(args: argparse.Namespace) -> int:
    from .views import save_html

    save_html(args.paths, args.output, date=args.date, model=_model(args), progress=sys.stderr.isatty())
    print(f"fupin: wrote {args.output}", file=sys.stderr)
    return 0


def _train(args: argparse.Namespace) -> int:
    from .classify import train

    model = train(args.labels, args.output)
    print(f"fupin: trained on {getattr(model, 'n_train_', '?')} paragraphs → {args.output}", file=sys.stderr)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``fupin`` console script."""
    from .errors import FupinError

    args = _parser().parse_args(argv)
    try:
        if args.command == "extract":
            return _batch(args, "claims")
        if args.command == "paragraphs":
            return _batch(args, "paragraphs")
        if args.command == "summary":
            return _summary(args)
        if args.command == "check":
            return _check(args)
        if args.command == "view":
            return _view(args)
        if args.command == "train":
            return _train(args)
    except FupinError as e:
        print(f"fupin: {e}", file=sys.stderr)
        return 1
    except (ValueError, RuntimeError, OSError) as e:
        print(f"fupin: {' '.join(str(e).split())}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("fupin: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # the reader of our stdout went away (`| head`): not an error of ours
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    return 2


if __name__ == "__main__":
    sys.exit(main())
