"""The `cckg` command line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

app = typer.Typer(
    help="Build a knowledge graph of civilized-city campaigns from speeches and news reports.\n\n"
         "Example:  cckg load examples/corpus && cckg stats && cckg app",
    no_args_is_help=True, rich_markup_mode="rich", pretty_exceptions_show_locals=False,
)
console = Console()
err = Console(stderr=True)

StoreOpt = Annotated[Path, typer.Option("--store", "-s", envvar="CCKG_STORE",
                                        help="Embedded store directory (created if absent).")]
DEFAULT_STORE = Path("cckg-data")


def _fail(message: str) -> None:
    err.print(f"[red]error:[/red] {message}", soft_wrap=True, highlight=False)
    raise typer.Exit(1)


def _open_store(path: Path, read_only: bool):
    from graph.embedded import EmbeddedStore, StoreError

    try:
        return EmbeddedStore(path, read_only=read_only)
    except StoreError as exc:
        _fail(str(exc))


def _input_paths(paths: list[str]) -> list[Path]:
    from loaders.read import iter_paths

    items: list[str] = []
    for p in paths:
        if p == "-":
            items += [line.strip() for line in sys.stdin if line.strip()]
        else:
            items.append(p)
    missing = [p for p in items if not os.path.lexists(p)]
    if missing:
        _fail(f"no such file or directory: {', '.join(missing)}")
    return list(iter_paths(items))


@app.command()
def load(
    paths: Annotated[list[str], typer.Argument(help="Files or directories (recursive); '-' reads a list of paths from stdin.")],
    store: StoreOpt = DEFAULT_STORE,
    batch: Annotated[int, typer.Option(help="Files per write transaction.")] = 200,
    report: Annotated[Optional[Path], typer.Option(help="Write the per-file load report as JSON here.")] = None,
) -> None:
    """Read files, extract the graph and merge it into the store.

    Loading the same files again changes nothing; a load that was interrupted can simply be run again.

    Example:  cckg load examples/corpus --store cckg-data --report load.json
    """
    from graph.bundle import GraphBundle
    from loaders.extract.tactics import derive_uses
    from loaders.pipeline import process_files

    files = _input_paths(paths)
    if not files:
        _fail("no readable files found in the given paths")
    db = _open_store(store, read_only=False)
    results, pending, pending_files = [], GraphBundle(), 0
    columns = (TextColumn("[bold]loading"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
               TextColumn("{task.fields[current]}"))
    with db, Progress(*columns, console=err, transient=not err.is_terminal) as progress:
        task = progress.add_task("load", total=len(files), current="")
        for bundle, result in process_files(files):
            results.append(result)
            pending.update(bundle)
            pending_files += 1
            if result.status == "skipped":
                progress.console.print(f"[yellow]skipped[/yellow] {result.path}: {result.reason}", soft_wrap=True)
            progress.update(task, advance=1, current=Path(result.path).name[-40:])
            if pending_files >= batch:
                derive_uses(pending)
                db.write(pending)
                pending, pending_files = GraphBundle(), 0
        if pending_files:
            derive_uses(pending)
            db.write(pending)
        counts = db.counts()
    _print_load_summary(results, counts, store)
    if report:
        report.write_text(json.dumps({"store": str(store), "files": [r.as_dict() for r in results], "counts": counts},
                                     ensure_ascii=False, indent=2), encoding="utf-8")


def _print_load_summary(results, counts: dict[str, int], store: Path) -> None:
    loaded = [r for r in results if r.status == "loaded"]
    skipped = [r for r in results if r.status == "skipped"]
    table = Table(title=f"Loaded into {store}", show_lines=False)
    table.add_column("files loaded", justify="right")
    table.add_column("skipped", justify="right")
    table.add_column("documents", justify="right")
    table.add_column("nodes in store", justify="right")
    table.add_column("relationships in store", justify="right")
    from graph.model import NODES

    nodes = sum(v for k, v in counts.items() if k in NODES)
    table.add_row(str(len(loaded)), str(len(skipped)), str(sum(r.documents for r in loaded)),
                  str(nodes), str(sum(counts.values()) - nodes))
    console.print(table)
    for r in skipped:
        console.print(f"[yellow]skipped[/yellow] {r.path}: {r.reason}", soft_wrap=True)


@app.command()
def query(
    cypher: Annotated[str, typer.Argument(help="A Cypher statement (read-only).")],
    store: StoreOpt = DEFAULT_STORE,
    as_json: Annotated[bool, typer.Option("--json", help="Print rows as JSON instead of a table.")] = False,
    limit: Annotated[int, typer.Option(help="Show at most this many rows.")] = 1000,
) -> None:
    """Run a Cypher query on the store, read-only.

    Example:  cckg query "MATCH (c:City)<-[:MENTIONS]-(d:Document) RETURN c.name, count(d) AS docs ORDER BY docs DESC"
    """
    db = _open_store(store, read_only=True)
    with db:
        try:
            columns, rows = db.query(cypher)
        except RuntimeError as exc:
            _fail(f"query failed: {exc}")
    rows = rows[:limit]
    if as_json:
        print(json.dumps([dict(zip(columns, row)) for row in rows], ensure_ascii=False, default=str, indent=2))
        return
    table = Table(*columns)
    for row in rows:
        table.add_row(*(_cell(v) for v in row))
    console.print(table)
    console.print(f"{len(rows)} rows")


def _cell(value: object) -> str:
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False, default=str)
    return "" if value is None else str(value)


@app.command()
def stats(store: StoreOpt = DEFAULT_STORE,
          as_json: Annotated[bool, typer.Option("--json", help="Print the counts as JSON.")] = False) -> None:
    """Count nodes per label and relationships per type.

    Example:  cckg stats --store cckg-data
    """
    from graph.model import NODES

    db = _open_store(store, read_only=True)
    with db:
        counts = db.counts()
    if as_json:
        print(json.dumps(counts, ensure_ascii=False, indent=2))
        return
    table = Table("kind", "name", "count")
    for name, count in counts.items():
        table.add_row("node" if name in NODES else "relationship", name, str(count))
    console.print(table)


@app.command()
def tactics(
    candidates: Annotated[bool, typer.Option("--candidates", help="List candidate tactics (found by the genre's "
                                             "patterns, not in the taxonomy) with their documents and an example.")] = False,
    store: StoreOpt = DEFAULT_STORE,
    limit: Annotated[int, typer.Option(help="Show at most this many tactics, the most cited first.")] = 200,
    as_json: Annotated[bool, typer.Option("--json", help="Print rows as JSON.")] = False,
    as_yaml: Annotated[bool, typer.Option("--yaml", help="With --candidates: print entries to paste into "
                                          "loaders/data/tactics.yaml (fill in category and description).")] = False,
) -> None:
    """List the tactics in the store: curated ones with counts, or candidates to curate.

    Example:  cckg tactics --candidates --store cckg-data --limit 50
    """
    if as_yaml and not candidates:
        _fail("--yaml lists candidates: add --candidates")
    from graph.tactic_queries import tactic_rows

    if not store.exists():
        _fail(f"no store at {store}: run `cckg load FILES --store {store}` first")
    db = _open_store(store, read_only=True)
    with db:
        try:
            rows = tactic_rows(db, candidates=candidates, limit=limit)
        except RuntimeError as exc:
            _fail(f"query failed: {exc}")
    if as_json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if as_yaml:
        import yaml

        stubs = [{"name": r["tactic"], "category": "TODO", "description": f"TODO (seen in {r['documents']} "
                  f"documents, e.g. {r['example'][:60]})", "variants": []} for r in rows]
        print(yaml.safe_dump(stubs, allow_unicode=True, sort_keys=False, width=200))
        return
    if candidates:
        table = Table("candidate tactic", "documents", "titles", "example sentence", title="Candidate tactics")
        for r in rows:
            table.add_row(r["tactic"], str(r["documents"]), "; ".join(r["titles"][:3]), r["example"][:80])
    else:
        table = Table("tactic", "category", "documents", "citations", title="Curated tactics")
        for r in rows:
            table.add_row(r["tactic"], r["category"] or "", str(r["documents"]), str(r["citations"]))
    console.print(table)
    console.print(f"{len(rows)} tactics")


@app.command()
def extract(
    paths: Annotated[list[str], typer.Argument(help="Files or directories (recursive); '-' reads a list of paths from stdin.")],
    json_dir: Annotated[Path, typer.Option("--json", help="Directory to write one gold-shaped JSON file per input file.")],
) -> None:
    """Extract every input file into gold-shaped JSON (one file per input, named after it).

    The output has the fields and conventions of the hand annotations, so any annotated set can be
    scored with `cckg eval --pred`.

    Example:  cckg extract ../shared/corpus/seeds --json out/
    """
    from loaders.extract.gold import extract_file
    from loaders.read import UnreadableFile

    files = _input_paths(paths)
    if not files:
        _fail("no readable files found in the given paths")
    try:
        json_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        _fail(f"cannot create {json_dir}: {exc.strerror or exc}")
    written, skipped, used = 0, 0, set()
    columns = (TextColumn("[bold]extracting"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=err, transient=not err.is_terminal) as progress:
        task = progress.add_task("extract", total=len(files))
        for path in files:
            try:
                data = extract_file(path)
            except UnreadableFile as exc:
                progress.console.print(f"[yellow]skipped[/yellow] {path}: {exc.reason}", soft_wrap=True)
                skipped += 1
            except Exception as exc:  # one bad file never stops the batch
                progress.console.print(f"[yellow]skipped[/yellow] {path}: failed: {type(exc).__name__}: {exc}",
                                       soft_wrap=True)
                skipped += 1
            else:
                name = Path(path).stem + ".json"
                if name in used:  # two inputs with one stem (a.txt, a.html): keep both
                    name = Path(path).name + ".json"
                used.add(name)
                (json_dir / name).write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
                written += 1
            progress.update(task, advance=1)
    console.print(f"wrote {written} JSON files to {json_dir}" + (f", skipped {skipped}" if skipped else ""))


@app.command(name="eval")
def eval_command(
    gold: Annotated[Path, typer.Option("--gold", help="Directory of gold JSON files (the ../shared/gold schema).")],
    docs: Annotated[Optional[Path], typer.Option("--docs", help="Directory holding the annotated documents (by the gold files' `doc` names).")] = None,
    pred: Annotated[Optional[Path], typer.Option("--pred", help="Score JSON written by `cckg extract --json` instead of extracting.")] = None,
    fields: Annotated[Optional[str], typer.Option(help="Comma-separated fields to score (default: all).")] = None,
    skip_duplicates: Annotated[bool, typer.Option("--skip-duplicates", help="Ignore gold parts marked duplicate_of.")] = False,
    gold_split: Annotated[bool, typer.Option("--gold-split", help="Split files at the gold parts' char_spans (scores extraction apart from splitting).")] = False,
    errors: Annotated[int, typer.Option(help="List at most this many misses and false hits per field (0: none).")] = 20,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Score extraction against annotated documents: precision, recall and F1 per field, with the misses and false hits.

    Example:  cckg eval --gold ../shared/gold --docs ../shared/corpus/seeds
    """
    from rich.markup import escape

    from loaders.evaluate import ALL_FIELDS, evaluate, load_gold, predict_from_docs, predict_from_json

    if (docs is None) == (pred is None):
        _fail("give exactly one of --docs DIR (extract the documents) or --pred DIR (score extracted JSON)")
    for label, directory in (("--gold", gold), ("--docs", docs), ("--pred", pred)):
        if directory is not None and not directory.is_dir():
            _fail(f"{label}: no such directory: {directory}")
    chosen = tuple(f.strip() for f in fields.split(",")) if fields else ALL_FIELDS
    unknown = [f for f in chosen if f not in ALL_FIELDS]
    if unknown:
        _fail(f"unknown field(s) {', '.join(unknown)}; known: {', '.join(ALL_FIELDS)}")
    try:
        golds = load_gold(gold)
    except ValueError as exc:
        _fail(str(exc))
    if not golds:
        _fail(f"no gold JSON files in {gold}")
    predict = predict_from_docs(docs, golds if gold_split else None) if docs is not None else predict_from_json(pred)
    columns = (TextColumn("[bold]scoring"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=err, transient=not err.is_terminal) as progress:
        task = progress.add_task("eval", total=len(golds))
        report = evaluate(golds, predict, chosen, skip_duplicates, progress=lambda _: progress.update(task, advance=1))
    if as_json:
        print(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
        return
    table = Table("field", "precision", "recall", "F1", "gold", "predicted", title=f"cckg eval: {report.files} files")
    for name, s in report.fields.items():
        table.add_row(name, f"{s.precision:.3f}", f"{s.recall:.3f}", f"{s.f1:.3f}", str(s.gold), str(s.predicted))
    console.print(table)
    for failure in report.failed:
        console.print(f"[red]failed[/red] {escape(failure)}", soft_wrap=True)
    if report.unmatched:
        console.print(f"[yellow]no prediction for[/yellow] {escape(', '.join(report.unmatched))}", soft_wrap=True)
    if errors:
        for name in chosen:
            for kind, heading in (("miss", "misses"), ("false", "false hits")):
                items = [e for e in report.errors if e.field == name and e.kind == kind]
                if not items:
                    continue
                console.print(f"[bold]{name}[/bold] {heading} ({len(items)}):", highlight=False)
                for e in items[:errors]:
                    console.print(escape(f"  {e.doc} [{e.parts}] {e.item}"), highlight=False, soft_wrap=True)
                if len(items) > errors:
                    console.print(f"  … {len(items) - errors} more", highlight=False)


@app.command(name="app")
def run_app(store: StoreOpt = DEFAULT_STORE,
            port: Annotated[int, typer.Option(help="Port to serve on.")] = 8501,
            headless: Annotated[bool, typer.Option(help="Do not open a browser.")] = True) -> None:
    """Start the dashboard on a store.

    Example:  cckg app --store cckg-data --port 8501
    """
    if not store.exists():
        _fail(f"no store at {store}: run `cckg load FILES --store {store}` first")
    app_py = Path(__file__).resolve().parent.parent / "app.py"
    env = os.environ | {"CCKG_STORE": str(store.resolve())}
    console.print(f"cckg dashboard on [bold]http://localhost:{port}[/bold]  (store: {store})")
    cmd = [sys.executable, "-m", "streamlit", "run", str(app_py), "--server.port", str(port),
           "--server.headless", str(headless).lower(), "--browser.gatherUsageStats", "false"]
    raise typer.Exit(subprocess.call(cmd, env=env))


if __name__ == "__main__":
    app()
